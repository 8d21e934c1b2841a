// The page corpus (test/fixtures/pages, scripts/page-corpus.ts): every page's full extraction output is
// checked in, and this test compares today's output with it. After a deliberate change, regenerate with
// `npm run fixtures:update -- <slug>` (or no slug: every page) and review the diff in the commit.
// eslint-disable-next-line no-restricted-imports -- the test reads its fixture index; the library itself does no I/O
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_DIR,
  corpusSlugs,
  expectationOf,
  leakedExcludes,
  readCorpusPage,
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
