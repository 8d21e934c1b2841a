/**
 * Speed and memory of extraction: ours vs @mozilla/readability + jsdom vs a bare htmlparser2 parse,
 * over the same pages, each method in its own child process (so peak RSS is its own).
 *
 *   npm run bench:extraction -- [--data DIR] [--pages N] [--trafilatura] [--memory [--extractions N]]
 *
 * --pages N      pages sampled evenly from scrapinghub + wcxb (default 150; Readability is the slow part)
 * --trafilatura  also time trafilatura 2.3.1 (Python, the eval's venv and call) on the same pages, in its own
 *                process after the others: its ratio to ours compares separate runs, so load drift counts
 * --memory       memory-flatness mode: N extractions cycling the pages (default 10 000), RSS and heap
 *                after GC every 1 000
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseDocument } from 'htmlparser2';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticles } from '@newsflow/extraction';
import { decodeBytes } from '@newsflow/normalize';
import { choiceOption, countOption, parseCliArgs } from './cli-args.js';
import { TRAFILATURA_TIME_SCRIPT, ensureTrafilaturaVenv } from './extraction/extractors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
/**
 * Untimed runs before measuring, so JIT warm-up does not count: a service extracting pages all day runs
 * in steady state, and our code has many small functions that need a few hundred calls to be optimised.
 */
const WARMUP_PAGES = 150;
/** jsdom is slow to run and quick to warm; fewer warm-up pages keep the bench short. */
const READABILITY_WARMUP_PAGES = 10;
const METHODS = ['parse', 'ours', 'readability'] as const;
type Method = (typeof METHODS)[number];
type Pair = 'parse+ours' | 'ours+readability';

interface Args {
  data: string;
  pages: number;
  memory: boolean;
  extractions: number;
  trafilatura: boolean;
  child?: Method | Pair;
}

const USAGE =
  'usage: npm run bench:extraction -- [--data DIR] [--pages N] [--trafilatura] [--memory [--extractions N]]';

function readArgs(): Args {
  const { values } = parseCliArgs(
    {
      options: {
        data: { type: 'string', default: path.resolve(ROOT, '../shared/data') },
        pages: { type: 'string', default: '150' },
        memory: { type: 'boolean', default: false },
        extractions: { type: 'string', default: '10000' },
        trafilatura: { type: 'boolean', default: false },
        // Internal: the parent runs each method in a child process of this script.
        child: { type: 'string' },
      },
    },
    USAGE,
  );
  return {
    data: path.resolve(values.data),
    pages: countOption('pages', values.pages, USAGE),
    memory: values.memory,
    extractions: countOption('extractions', values.extractions, USAGE),
    trafilatura: values.trafilatura,
    ...(values.child !== undefined && {
      child: choiceOption('child', values.child, [...METHODS, 'parse+ours', 'ours+readability'], USAGE),
    }),
  };
}

/** N page files sampled evenly from scrapinghub + wcxb. */
function sampleFiles(data: string, n: number): string[] {
  const files = [
    ...readdirSync(path.join(data, 'scrapinghub/html')).map((f) => path.join(data, 'scrapinghub/html', f)),
    ...readdirSync(path.join(data, 'wcxb-dev-articles/html')).map((f) =>
      path.join(data, 'wcxb-dev-articles/html', f),
    ),
  ].sort();
  const step = Math.max(1, Math.floor(files.length / n));
  return files.filter((_, i) => i % step === 0).slice(0, n);
}

function loadPages(data: string, n: number): string[] {
  return sampleFiles(data, n).map((f) => decodeBytes(gunzipSync(readFileSync(f))).text);
}

const virtualConsole = new VirtualConsole();
const run: Record<Method, (html: string) => unknown> = {
  parse: (html) => parseDocument(html),
  ours: (html) => extractArticles({ body: html, contentType: 'text/html' }),
  readability: (html) => {
    const dom = new JSDOM(html, { url: 'https://example.com/', virtualConsole });
    const r = new Readability(dom.window.document).parse();
    dom.window.close();
    return r;
  },
};

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

/**
 * Two methods on each page back to back (order alternating), so machine load drift hits both alike.
 * Pairs keep jsdom's heap out of the parse-vs-ours comparison (its GC pauses would bill the other method).
 */
async function interleaved(pair: readonly [Method, Method], args: Args): Promise<void> {
  const pages = loadPages(args.data, args.pages);
  for (let w = 0; w < WARMUP_PAGES; w++)
    for (const m of pair)
      if (m !== 'readability' || w < READABILITY_WARMUP_PAGES) run[m](pages[w % pages.length]!);
  const times: Record<string, number[]> = { [pair[0]]: [], [pair[1]]: [] };
  for (const [i, h] of pages.entries()) {
    for (let k = 0; k < 2; k++) {
      const m = pair[(i + k) % 2]!;
      const t = performance.now();
      run[m](h);
      times[m]!.push(performance.now() - t);
      if (m === 'readability') await new Promise((r) => setImmediate(r));
    }
  }
  const out = Object.fromEntries(
    pair.map((m) => [m, { median: quantile(times[m]!, 0.5), p95: quantile(times[m]!, 0.95) }]),
  );
  process.stdout.write(JSON.stringify(out));
}

async function child(method: Method | Pair, args: Args): Promise<void> {
  if (method === 'parse+ours') return interleaved(['parse', 'ours'], args);
  if (method === 'ours+readability') return interleaved(['ours', 'readability'], args);
  const pages = loadPages(args.data, args.pages);
  const fn = run[method];
  for (let w = 0; w < (method === 'readability' ? READABILITY_WARMUP_PAGES : WARMUP_PAGES); w++)
    fn(pages[w % pages.length]!);
  if (args.memory) {
    const gc = (globalThis as { gc?: () => void }).gc;
    const samples: { n: number; rssMb: number; heapMb: number }[] = [];
    for (let i = 1; i <= args.extractions; i++) {
      fn(pages[i % pages.length]!);
      if (i % 1000 === 0) {
        gc?.();
        const m = process.memoryUsage();
        samples.push({ n: i, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
      }
    }
    process.stdout.write(JSON.stringify({ samples }));
    return;
  }
  const times: number[] = [];
  for (const h of pages) {
    const t = performance.now();
    fn(h);
    times.push(performance.now() - t);
    // Let jsdom release its window between pages (it holds memory until the loop turns).
    if (method === 'readability') await new Promise((r) => setImmediate(r));
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      median: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      mean: times.reduce((s, x) => s + x, 0) / times.length,
      maxRssMb,
    }),
  );
}

function spawn(method: Method | Pair, args: Args, extra: string[] = []): string {
  return execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      SELF,
      '--child',
      method,
      '--data',
      args.data,
      '--pages',
      String(args.pages),
      ...extra,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      cwd: ROOT,
    },
  );
}

async function main(): Promise<void> {
  const args = readArgs();
  if (args.child) return child(args.child, args);
  if (args.memory) {
    console.log(
      `# memory flatness: ${args.extractions} extractions cycling ${args.pages} pages (RSS / heap after GC)`,
    );
    const { samples } = JSON.parse(
      spawn('ours', args, ['--memory', '--extractions', String(args.extractions)]),
    ) as { samples: { n: number; rssMb: number; heapMb: number }[] };
    for (const s of samples)
      console.log(
        `  after ${String(s.n).padStart(6)}: rss ${s.rssMb.toFixed(1)} MB  heap ${s.heapMb.toFixed(1)} MB`,
      );
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (first && last)
      console.log(
        `  heap growth from ${first.n} to ${last.n}: ${(last.heapMb - first.heapMb).toFixed(1)} MB; rss growth ${(last.rssMb - first.rssMb).toFixed(1)} MB`,
      );
    return;
  }
  console.log(
    `# extraction speed: ${args.pages} pages (scrapinghub + wcxb, sampled evenly), ${WARMUP_PAGES} warm-up pages`,
  );
  console.log(
    '  timings: one process running the three methods back to back on each page (order rotated), so load drift hits all alike',
  );
  console.log('  peak RSS: each method alone in its own process over the same pages');
  const res = {} as Record<Method, { median: number; p95: number; mean: number; maxRssMb: number }>;
  for (const m of METHODS) {
    process.stderr.write(`running ${m} alone…\n`);
    res[m] = JSON.parse(spawn(m, args)) as (typeof res)[Method];
  }
  process.stderr.write('running interleaved timings…\n');
  const po = JSON.parse(spawn('parse+ours', args)) as Record<
    'parse' | 'ours',
    { median: number; p95: number }
  >;
  const or = JSON.parse(spawn('ours+readability', args)) as Record<
    'ours' | 'readability',
    { median: number; p95: number }
  >;
  const label: Record<Method, string> = {
    parse: 'bare htmlparser2 parse',
    ours: 'ours (extractArticles)',
    readability: 'Readability 0.6 + jsdom 27',
  };
  const row = (name: string, t: { median: number; p95: number }, rss: number): string =>
    `  ${name.padEnd(40)} ${t.median.toFixed(2).padStart(10)} ${t.p95.toFixed(2).padStart(9)} ${rss.toFixed(0).padStart(12)}`;
  console.log(
    `  ${'method (pair it was interleaved with)'.padEnd(40)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(9)} ${'peak RSS MB'.padStart(12)}`,
  );
  console.log(row(`${label.parse} (with ours)`, po.parse, res.parse.maxRssMb));
  console.log(row(`${label.ours} (with parse)`, po.ours, res.ours.maxRssMb));
  console.log(row(`${label.ours} (with Readability)`, or.ours, res.ours.maxRssMb));
  console.log(row(`${label.readability} (with ours)`, or.readability, res.readability.maxRssMb));
  console.log(
    `  each alone, sequential processes (load drifts between them): ${METHODS.map((m) => `${m} ${res[m].median.toFixed(2)}/${res[m].p95.toFixed(2)} ms`).join(', ')}`,
  );
  console.log(
    `  Readability+jsdom / ours (median): ${(or.readability.median / or.ours.median).toFixed(1)}x   (p95: ${(or.readability.p95 / or.ours.p95).toFixed(1)}x)`,
  );
  console.log(
    `  ours / bare parse (median):        ${(po.ours.median / po.parse.median).toFixed(2)}x   (p95: ${(po.ours.p95 / po.parse.p95).toFixed(2)}x)`,
  );
  if (args.trafilatura) {
    process.stderr.write('running trafilatura alone…\n');
    const py = ensureTrafilaturaVenv(
      path.join(ROOT, '.cache/trafilatura-venv'),
      process.env.PYTHON ?? 'python3',
    );
    const jobs = sampleFiles(args.data, args.pages).map((file) => ({ file, url: null }));
    const out = execFileSync(py, [TRAFILATURA_TIME_SCRIPT, String(WARMUP_PAGES)], {
      input: JSON.stringify(jobs),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const t = JSON.parse(out) as { median: number; p95: number; maxRssMb: number };
    console.log(row('trafilatura 2.3.1 (alone, Python)', t, t.maxRssMb));
    console.log(
      `  trafilatura / ours alone (median):  ${(t.median / res.ours.median).toFixed(1)}x   (p95: ${(t.p95 / res.ours.p95).toFixed(1)}x; separate processes)`,
    );
  }
}

await main();
