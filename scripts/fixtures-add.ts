/**
 * Adds a page to the corpus (test/fixtures/pages, see scripts/page-corpus.ts): decodes the file as the
 * cleaner does, makes it smaller where that leaves extraction's output unchanged, and writes the page's
 * folder and expected.json. Then add its row to test/fixtures/pages/README.md and review expected.json.
 *
 *   npm run fixtures:add -- <slug> <file.html|file.html.gz|file.txt> --description "…" [--url URL] [--exclude S]…
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '@newsflow/normalize';
import { parseCliArgs, usageExit } from '../bench/cli-args.js';
import {
  CORPUS_DIR,
  expectationOf,
  leakedExcludes,
  readCorpusPage,
  writeExpectation,
} from './page-corpus.js';

const USAGE = `Usage: npm run fixtures:add -- <slug> <file> --description "what the page shows" [--url URL] [--exclude S]…

<file> is .html, .html.gz (raw bytes: decoded as the cleaner does) or .txt (a plain-text page).
Scripts (but JSON-LD), styles, comments, inline SVG and data: URIs are removed, each only when extraction's
output stays the same. --exclude: text that must never be in the output (boilerplate), repeatable.`;

// -h/--help prints USAGE; an unknown flag or a missing value is a usage error (exit 2), not a stack trace.
const { values, positionals } = parseCliArgs(
  {
    allowPositionals: true,
    options: {
      description: { type: 'string' },
      url: { type: 'string' },
      exclude: { type: 'string', multiple: true, default: [] },
    },
  },
  USAGE,
);

/**
 * Size reductions, each kept only if the page's extraction output does not change. The parts they remove
 * make most of a page's bytes and none of its text.
 */
const TRIMS: readonly [name: string, trim: (html: string) => string][] = [
  ['comments', (h) => h.replace(/<!--[\s\S]*?-->/g, '')],
  [
    'scripts',
    (h) =>
      h.replace(/<script\b([^>]*)>[\s\S]*?<\/script\s*>/gi, (whole, attrs: string) =>
        /ld\+json/i.test(attrs) ? whole : '',
      ),
  ],
  ['styles', (h) => h.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '')],
  ['svg', (h) => h.replace(/<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi, '<svg></svg>')],
  [
    'stylesheet links',
    (h) =>
      h.replace(
        /<link\b[^>]*rel=["']?(?:stylesheet|preload|prefetch|preconnect|dns-prefetch|modulepreload)\b[^>]*>/gi,
        '',
      ),
  ],
  ['data URIs', (h) => h.replace(/(["'])data:[^"']{200,}\1/g, '$1$1')],
  ['style attributes', (h) => h.replace(/\sstyle=(["'])[^"']*\1/gi, '')],
  ['srcset attributes', (h) => h.replace(/\s(?:srcset|sizes)=(["'])[^"']*\1/gi, '')],
  // Tracking and front-end state (data-gtm, data-evt-val, …); extraction reads no data-* attribute.
  ['data attributes', (h) => h.replace(/\sdata-[\w-]+=(?:"[^"]*"|'[^']*'|[^\s>]*)/gi, '')],
  ['alternate links', (h) => h.replace(/<link\b[^>]*rel=["']?alternate\b[^>]*>/gi, '')],
  ['blank runs', (h) => h.replace(/[ \t]*\n[\s]*\n/g, '\n').replace(/[ \t]{2,}/g, ' ')],
];

/** The page with its declared charset (meta charset, http-equiv Content-Type) set to utf-8. */
function declareUtf8(html: string): string {
  return html.replace(/(<meta\b[^>]*?charset=["']?)[\w-]+/gi, '$1utf-8');
}

function main(): number {
  const [slug, file, ...extra] = positionals;
  if (!slug || !file) usageExit('fixtures:add needs a <slug> and a <file>', USAGE);
  if (extra.length > 0) usageExit(`unexpected argument: ${extra.join(' ')}`, USAGE);
  if (!values.description) usageExit('--description is required', USAGE);
  const dir = path.join(CORPUS_DIR, slug);
  if (existsSync(dir)) {
    console.error(
      `fixtures:add: ${dir} exists (regenerate its expectation with npm run fixtures:update -- ${slug})`,
    );
    return 2;
  }
  const raw = readFileSync(file);
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  const isText = /\.txt(\.gz)?$/.test(file);
  const contentType = isText ? 'text/plain' : 'text/html';
  // The page is stored as UTF-8 whatever it was sent in, so it says so: served as bytes (the e2e test,
  // the demo) it then decodes to the same text.
  let body = declareUtf8(decodeBytes(bytes).text);
  const page = { contentType, url: values.url } as const;
  const want = JSON.stringify(expectationOf({ ...page, body }));
  const kept: string[] = [];
  if (!isText) {
    for (const [name, trim] of TRIMS) {
      const trimmed = trim(body);
      if (trimmed !== body && JSON.stringify(expectationOf({ ...page, body: trimmed })) === want) {
        body = trimmed;
        kept.push(name);
      }
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, isText ? 'source.txt' : 'source.html'), body);
  const handWritten = {
    description: values.description,
    ...(values.url && { url: values.url }),
    ...(values.exclude.length > 0 && { excludes: values.exclude }),
  };
  writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(handWritten, null, 2)}\n`);
  const added = readCorpusPage(slug);
  const leaks = leakedExcludes(added, writeExpectation(added).expectation);
  for (const leak of leaks)
    console.error(`  ${leak} is in the text but listed in --exclude (the test fails until one changes)`);
  console.log(
    `added ${slug}: ${bytes.length} → ${Buffer.byteLength(body)} bytes (removed: ${kept.join(', ') || 'nothing'}); ` +
      `add its row to test/fixtures/pages/README.md and review ${slug}/expected.json`,
  );
  return leaks.length > 0 ? 1 : 0;
}

process.exitCode = main();
