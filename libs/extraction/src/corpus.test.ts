// The page corpus: test/fixtures/pages/<slug>/{source.html|source.txt, expected.json}.
// To add a case: create the folder with the raw page and an expected.json (see an existing one), then
// run `npx vitest run --project unit libs/extraction` and review what the extractor gives.
// eslint-disable-next-line no-restricted-imports -- the test reads its fixture files; the library itself does no I/O
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

interface ExpectedArticle {
  title: string;
  authors?: string[];
  authorsInclude?: string[];
  publishedDay?: string;
  language?: string;
  includes: string[];
  excludes: string[];
  paragraphsAtLeast?: number;
  /** No single newlines inside paragraphs: hard-wrapped lines were rejoined. */
  noHardWraps?: boolean;
}
interface Expected {
  description: string;
  url?: string;
  articleCount?: number;
  articles: ExpectedArticle[];
}

const PAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/pages');
const slugs = readdirSync(PAGES).filter((d) => existsSync(path.join(PAGES, d, 'expected.json'))).sort();

describe('page corpus', () => {
  it('has the seed and boilerplate fixtures', () => {
    expect(slugs).toEqual(expect.arrayContaining(['seed-000-text', 'seed-000-wordpress', 'seed-001-text', 'seed-001-blogger']));
    expect(slugs.filter((s) => s.startsWith('boilerplate-')).length).toBeGreaterThanOrEqual(4);
  });

  for (const slug of slugs) {
    const dir = path.join(PAGES, slug);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    const isText = existsSync(path.join(dir, 'source.txt'));
    const body = readFileSync(path.join(dir, isText ? 'source.txt' : 'source.html'), 'utf8');

    it(`${slug}: ${expected.description}`, () => {
      const { articles } = extractArticles({
        body,
        contentType: isText ? 'text/plain' : 'text/html',
        ...(expected.url && { url: expected.url }),
        now: new Date('2026-01-01T00:00:00Z'),
      });
      expect(articles.map((a) => a.title)).toEqual(expected.articles.map((a) => a.title));
      if (expected.articleCount !== undefined) expect(articles).toHaveLength(expected.articleCount);
      expected.articles.forEach((want, i) => {
        const got = articles[i]!;
        for (const s of want.includes) expect(got.text, `article ${i} should contain`).toContain(s);
        for (const s of want.excludes) expect(got.text, `article ${i} should not contain`).not.toContain(s);
        if (want.authors) expect(got.authors).toEqual(want.authors);
        if (want.authorsInclude) expect(got.authors).toEqual(expect.arrayContaining(want.authorsInclude));
        if (want.publishedDay) expect(got.publishedAt?.slice(0, 10)).toBe(want.publishedDay);
        if (want.language) expect(got.language).toBe(want.language);
        if (want.paragraphsAtLeast) expect(got.text.split('\n\n').length).toBeGreaterThanOrEqual(want.paragraphsAtLeast);
        if (want.noHardWraps) expect(got.text).not.toMatch(/[^\n]\n[^\n]/);
        expect(got.text).not.toMatch(/^\s/);
        expect(got.wordCount).toBeGreaterThan(0);
      });
    });
  }
});
