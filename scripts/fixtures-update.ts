/**
 * Rewrites the expected output of corpus pages (test/fixtures/pages, see scripts/page-corpus.ts) from what
 * extraction gives today, after a deliberate change; review the diff and commit it with the change.
 *
 *   npm run fixtures:update -- <slug> [<slug> …]   those pages
 *   npm run fixtures:update [-- --all]            every page
 */
import path from 'node:path';
import { parseCliArgs } from '../bench/cli-args.js';
import { corpusSlugs, CORPUS_DIR, leakedExcludes, readCorpusPage, writeExpectation } from './page-corpus.js';

const USAGE = `Usage: npm run fixtures:update -- [<slug> …] [--all]

Rewrites test/fixtures/pages/<slug>/expected.json from today's extraction output (description, url and excludes kept).
With no slug, or --all, every page. A new page: create its folder with source.html (or source.txt) and an
expected.json holding {"description": "…", "url": "…", "excludes": ["boilerplate that must stay out"]}
(url and excludes optional), run this with its slug, and add its row to test/fixtures/pages/README.md.
Exits 1 when a page's text holds one of its "excludes" (written anyway, for review).`;

// -h/--help prints USAGE; an unknown flag is a usage error (exit 2), not a stack trace.
const { values, positionals } = parseCliArgs(
  { allowPositionals: true, options: { all: { type: 'boolean', default: false } } },
  USAGE,
);

function main(): number {
  const known = corpusSlugs();
  // Accept a folder path too (tab completion gives test/fixtures/pages/<slug>/).
  const asked = positionals.map((p) => path.basename(path.resolve(p)));
  const unknown = asked.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    console.error(
      `fixtures:update: no page ${unknown.join(', ')} in ${CORPUS_DIR} (a page folder needs expected.json)`,
    );
    return 2;
  }
  const slugs = values.all || asked.length === 0 ? known : asked;
  const changed: string[] = [];
  let leaking = 0;
  for (const slug of slugs) {
    const page = readCorpusPage(slug);
    const { expectation, changed: written } = writeExpectation(page);
    if (written) {
      changed.push(slug);
      console.log(`${page.expected === undefined ? 'created' : 'updated'}  ${slug}`);
    }
    for (const leak of leakedExcludes(page, expectation)) {
      leaking++;
      console.error(
        `  ${slug}: ${leak} is in the text but listed in "excludes" (the test fails until one changes)`,
      );
    }
  }
  console.log(
    `${changed.length} of ${slugs.length} pages changed${changed.length ? ': review with git diff test/fixtures/pages' : ''}`,
  );
  return leaking > 0 ? 1 : 0;
}

process.exitCode = main();
