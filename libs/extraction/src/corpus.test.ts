// The page corpus (test/fixtures/pages, scripts/page-corpus.ts): every page's full extraction output is
// checked in, and this test compares today's output with it. After a deliberate change, regenerate with
// `npm run fixtures:update -- <slug>` (or no slug: every page) and review the diff in the commit.
// eslint-disable-next-line no-restricted-imports -- the test reads its fixture index; the library itself does no I/O
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_DIR,
  corpusSlugs,
  expectationOf,
  leakedExcludes,
  readCorpusPage,
  writeExpectation,
} from '../../../scripts/page-corpus.js';

const slugs = corpusSlugs();

describe('page corpus', () => {
  it('lists every page in its README, and only those', () => {
    const readme = readFileSync(path.join(CORPUS_DIR, 'README.md'), 'utf8');
    const indexed = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(
      [...indexed].sort(),
      'test/fixtures/pages/README.md lists every page once, and only those',
    ).toEqual(slugs);
  });

  it('fixtures:update rewrites the output and keeps the hand-written fields', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
    try {
      cpSync(path.join(CORPUS_DIR, 'boilerplate-disqus', 'source.html'), path.join(dir, 'p', 'source.html'), {
        recursive: true,
      });
      const handWritten = {
        description: 'd',
        url: 'https://news.example/a',
        excludes: ['Comments', 'bicycle'],
      };
      writeFileSync(path.join(dir, 'p', 'expected.json'), JSON.stringify(handWritten));
      const page = readCorpusPage('p', dir);
      expect(page.expected).toBeUndefined();

      const first = writeExpectation(page);
      expect(first.changed).toBe(true);
      expect(leakedExcludes(page, first.expectation)).toEqual(['article 0: "bicycle"']);
      const written = readCorpusPage('p', dir);
      expect(written).toMatchObject({
        description: 'd',
        url: 'https://news.example/a',
        excludes: handWritten.excludes,
      });
      expect(written.expected).toEqual(first.expectation);
      expect(written.expected?.articles[0]?.title).toBe(
        'City council approves new bicycle lanes on Main Street',
      );
      expect(writeExpectation(written).changed).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const slug of slugs) {
    const page = readCorpusPage(slug);
    it(`${slug}: ${page.description}`, () => {
      expect(page.expected, `no expectation yet: run npm run fixtures:update -- ${slug}`).toBeDefined();
      const got = expectationOf(page);
      expect(leakedExcludes(page, got), 'boilerplate listed in "excludes" is back in the text').toEqual([]);
      expect(
        got,
        `extraction output differs from ${slug}/expected.json; if the change is intended: npm run fixtures:update -- ${slug}, and review the diff`,
      ).toEqual(page.expected);
    });
  }
});
