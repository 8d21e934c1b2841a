/**
 * Dumps what extraction returns for every development page (scrapinghub, WCXB dev articles, fundus-dev) and
 * every page of the test corpus (test/fixtures/pages, which has the plain-text and multi-post pages):
 * each article's fields (text, html, title, authors, dates, language, provenance, …) and the diagnostics
 * but `nodeCount` and `extractorVersion`, or the error code. Compare two dumps to show that a refactor changed no output, or which
 * pages a rule changed:
 *
 *   npm run dump:extraction -- --out /tmp/before.json           # on the old code
 *   npm run dump:extraction -- --compare /tmp/before.json       # on the new code: identical, or per-page diffs
 *
 * --data DIR      the development data (default ../shared/data)
 * --out FILE      write the dump (default bench/results/extraction-dump.json)
 * --compare FILE  compare with an earlier dump instead of only writing one; exits 1 when any page differs
 * --show N        with --compare: how many differing pages to print (default 20)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticles, type ExtractionResult } from '@newsflow/extraction';
import { decodeBytes } from '@newsflow/normalize';
import { CORPUS_NOW } from '../scripts/page-corpus.js';
import { countOption, parseCliArgs } from './cli-args.js';
import { SETS, listSet } from './extraction/datasets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = 'usage: npm run dump:extraction -- [--data DIR] [--out FILE] [--compare FILE [--show N]]';
const { values } = parseCliArgs(
  {
    options: {
      data: { type: 'string', default: path.resolve(ROOT, '../shared/data') },
      out: { type: 'string', default: path.join(ROOT, 'bench/results/extraction-dump.json') },
      compare: { type: 'string' },
      show: { type: 'string', default: '20' },
    },
  },
  USAGE,
);
const show = countOption('show', values.show, USAGE);

interface Page {
  readonly key: string;
  readonly file: string;
  readonly url: string | undefined;
  readonly contentType?: 'text/html' | 'text/plain';
  readonly now?: Date;
}

/** Every development page with the URL `npm run eval:extraction` passes, keyed `<set>/<id>`. */
function developmentPages(data: string): Page[] {
  return SETS.flatMap((set) => listSet(data, set)).map(({ key, file, url }) => ({ key, file, url }));
}

const CORPUS = path.join(ROOT, 'test/fixtures/pages');

/** The test corpus's pages, with the URL their expectations name. */
function corpusPages(): Page[] {
  return readdirSync(CORPUS)
    .sort()
    .flatMap((slug): Page[] => {
      const dir = path.join(CORPUS, slug);
      if (!existsSync(path.join(dir, 'expected.json'))) return [];
      const { url } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { url?: string };
      const text = existsSync(path.join(dir, 'source.txt'));
      const file = path.join(dir, text ? 'source.txt' : 'source.html');
      return [
        { key: `corpus/${slug}`, file, url, contentType: text ? 'text/plain' : 'text/html', now: CORPUS_NOW },
      ];
    });
}

type Dumped =
  | { readonly result: Omit<ExtractionResult, 'diagnostics'> & { diagnostics: object } }
  | { readonly error: string };

function dumpPage(page: Page): Dumped {
  const raw = readFileSync(page.file);
  const body = page.file.endsWith('.gz') ? decodeBytes(gunzipSync(raw)).text : raw.toString('utf8');
  try {
    const { articles, diagnostics } = extractArticles({
      body,
      contentType: page.contentType ?? 'text/html',
      ...(page.url && { url: page.url }),
      ...(page.now && { now: page.now }),
    });
    // The node count is how much markup was parsed and the version a constant, not output.
    const { nodeCount: _nodeCount, extractorVersion: _version, ...rest } = diagnostics;
    return { result: { articles, diagnostics: rest } };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

/** The differing top-level fields of two dumped pages, with the first differing characters of each. */
function describeDiff(before: Dumped | undefined, after: Dumped): string[] {
  if (!before) return ['new page'];
  if ('error' in before || 'error' in after)
    return [`${JSON.stringify(before).slice(0, 80)} → ${JSON.stringify(after).slice(0, 80)}`];
  const lines: string[] = [];
  const a = before.result.articles;
  const b = after.result.articles;
  if (a.length !== b.length) lines.push(`articles: ${a.length} → ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const keys = new Set([...Object.keys(a[i]!), ...Object.keys(b[i]!)]);
    for (const k of keys) {
      const x = JSON.stringify((a[i] as unknown as Record<string, unknown>)[k]) ?? 'undefined';
      const y = JSON.stringify((b[i] as unknown as Record<string, unknown>)[k]) ?? 'undefined';
      if (x === y) continue;
      let at = 0;
      while (at < x.length && x[at] === y[at]) at++;
      const from = Math.max(0, at - 30);
      lines.push(`[${i}].${k}: …${x.slice(from, at + 50)}… → …${y.slice(from, at + 50)}…`);
    }
  }
  if (JSON.stringify(before.result.diagnostics) !== JSON.stringify(after.result.diagnostics)) {
    lines.push(
      `diagnostics: ${JSON.stringify(before.result.diagnostics)} → ${JSON.stringify(after.result.diagnostics)}`,
    );
  }
  return lines;
}

const pages = [...developmentPages(values.data), ...corpusPages()];
const dump: Record<string, Dumped> = {};
for (const page of pages) dump[page.key] = dumpPage(page);

if (values.compare) {
  const before = JSON.parse(readFileSync(values.compare, 'utf8')) as Record<string, Dumped>;
  const differing = pages.filter((p) => JSON.stringify(before[p.key]) !== JSON.stringify(dump[p.key]));
  const missing = Object.keys(before).filter((k) => !(k in dump));
  for (const p of differing.slice(0, show)) {
    console.log(`${p.key}`);
    for (const line of describeDiff(before[p.key], dump[p.key]!)) console.log(`  ${line}`);
  }
  console.log(
    `${pages.length - differing.length} of ${pages.length} pages identical; ${differing.length} differ${missing.length ? `; ${missing.length} missing` : ''}`,
  );
  if (differing.length > 0 || missing.length > 0) process.exitCode = 1;
} else {
  if (!existsSync(path.dirname(values.out))) mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(dump));
  console.log(`${pages.length} pages dumped to ${values.out}`);
}
