/**
 * Extraction quality on the development sets, ours beside @mozilla/readability + jsdom in the same run.
 *
 *   npm run eval:extraction -- [--data DIR] [--limit N] [--out DIR] [--no-readability]
 *
 * --data defaults to ../shared/data (resolved from the repository root). --no-readability reuses the
 * Readability predictions of the last full run in --out (for quick iterations; the report says so).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticles, type Article } from '@newsflow/extraction';
import { decodeBytes } from '@newsflow/normalize';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A page counts as "worse than Readability" when our F1 is lower by more than this (rounding noise). */
const WORSE_MARGIN = 0.01;

interface Args {
  data: string;
  limit: number;
  out: string;
  readability: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { data: path.resolve(ROOT, '../shared/data'), limit: Infinity, out: path.join(ROOT, 'bench/results/eval-extraction'), readability: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--data') a.data = path.resolve(argv[++i] ?? '');
    else if (k === '--limit') a.limit = Number(argv[++i]);
    else if (k === '--out') a.out = path.resolve(argv[++i] ?? '');
    else if (k === '--no-readability') a.readability = false;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

interface Page {
  id: string;
  html: string;
  url: string | undefined;
}

function loadPages(dir: string, urls: Record<string, string | undefined>, limit: number): Page[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.html.gz') || f.endsWith('.html')).sort().slice(0, limit);
  return files.map((f) => {
    const raw = readFileSync(path.join(dir, f));
    const bytes = f.endsWith('.gz') ? gunzipSync(raw) : raw;
    const id = f.replace(/\.html(\.gz)?$/, '');
    return { id, html: decodeBytes(bytes).text, url: urls[id] };
  });
}

function runOurs(pages: readonly Page[]): { texts: Record<string, string>; meta: Record<string, Article | undefined>; errors: number } {
  const texts: Record<string, string> = {};
  const meta: Record<string, Article | undefined> = {};
  let errors = 0;
  for (const p of pages) {
    try {
      const r = extractArticles({ body: p.html, contentType: 'text/html', ...(p.url && { url: p.url }) });
      texts[p.id] = r.articles.map((a) => a.text).filter(Boolean).join('\n\n');
      meta[p.id] = r.articles[0];
    } catch {
      errors++;
      texts[p.id] = '';
    }
  }
  return { texts, meta, errors };
}

async function runReadability(pages: readonly Page[], label: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const virtualConsole = new VirtualConsole();
  for (const [i, p] of pages.entries()) {
    try {
      const dom = new JSDOM(p.html, { url: p.url ?? 'https://example.com/', virtualConsole });
      const parsed = new Readability(dom.window.document).parse();
      out[p.id] = parsed?.textContent ?? '';
      dom.window.close();
    } catch {
      out[p.id] = '';
    }
    if ((i + 1) % 100 === 0) process.stderr.write(`readability ${label}: ${i + 1}/${pages.length}\n`);
    // jsdom holds memory until the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

interface ScorerModules {
  shingleMatch(truth: string, pred: string): [number, number, number];
  aggregate(triples: [number, number, number][]): { f1: number; precision: number; recall: number };
  wordPRF(pred: string, ref: string): [number, number, number];
}

const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'prof', 'sir', 'rev']);
const normTitle = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

function authorMatches(truth: string, ours: readonly string[]): boolean {
  if (ours.length === 0) return false;
  // First name of the truth, without honorifics ("Dr.") or the outlet after "|".
  const first = (truth.split(/,|\||\band\b|&/)[0]!.toLowerCase().match(/\p{L}+/gu) ?? []).filter((t) => !HONORIFICS.has(t));
  const mine = new Set(ours.join(' ').toLowerCase().match(/\p{L}+/gu) ?? []);
  return first.length > 0 && first.every((t) => mine.has(t));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const scorersDir = path.join(args.data, 'scorers');
  const shingleMod = (await import(pathToFileURL(path.join(scorersDir, 'score-shingles.mjs')).href)) as Pick<ScorerModules, 'shingleMatch' | 'aggregate'>;
  const wcxbMod = (await import(pathToFileURL(path.join(scorersDir, 'score-wcxb.mjs')).href)) as Pick<ScorerModules, 'wordPRF'>;

  // scrapinghub
  const shTruth = JSON.parse(readFileSync(path.join(args.data, 'scrapinghub/ground-truth.json'), 'utf8')) as Record<string, { url?: string; articleBody: string }>;
  const shPages = loadPages(path.join(args.data, 'scrapinghub/html'), Object.fromEntries(Object.entries(shTruth).map(([k, v]) => [k, v.url])), args.limit);
  // wcxb
  const wcDir = path.join(args.data, 'wcxb-dev-articles');
  const wcTruth: Record<string, { url?: string; ground_truth: { title?: string; author?: string | null; publish_date?: string | null; main_content?: string; with?: string[]; without?: string[] } }> = {};
  for (const f of readdirSync(path.join(wcDir, 'ground-truth')).filter((f) => f.endsWith('.json'))) {
    wcTruth[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(wcDir, 'ground-truth', f), 'utf8')) as (typeof wcTruth)[string];
  }
  const wcPages = loadPages(path.join(wcDir, 'html'), Object.fromEntries(Object.entries(wcTruth).map(([k, v]) => [k, v.url])), args.limit);

  const t0 = performance.now();
  const oursSh = runOurs(shPages);
  const oursWc = runOurs(wcPages);
  const oursMs = performance.now() - t0;
  writeFileSync(path.join(args.out, 'ours-scrapinghub.json'), JSON.stringify(oursSh.texts));
  writeFileSync(path.join(args.out, 'ours-wcxb.json'), JSON.stringify(oursWc.texts));

  let rdSh: Record<string, string>;
  let rdWc: Record<string, string>;
  let rdNote = 'run now';
  const rdShFile = path.join(args.out, 'readability-scrapinghub.json');
  const rdWcFile = path.join(args.out, 'readability-wcxb.json');
  if (args.readability || !existsSync(rdShFile) || !existsSync(rdWcFile)) {
    rdSh = await runReadability(shPages, 'scrapinghub');
    rdWc = await runReadability(wcPages, 'wcxb');
    if (args.limit === Infinity) {
      writeFileSync(rdShFile, JSON.stringify(rdSh));
      writeFileSync(rdWcFile, JSON.stringify(rdWc));
    }
  } else {
    rdSh = JSON.parse(readFileSync(rdShFile, 'utf8')) as Record<string, string>;
    rdWc = JSON.parse(readFileSync(rdWcFile, 'utf8')) as Record<string, string>;
    rdNote = 'cached from the last full run';
  }

  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    console.log(s);
  };
  say(`\n# extraction eval — ${shPages.length} scrapinghub + ${wcPages.length} wcxb pages (Readability ${rdNote}); ours ${f3(oursMs / (shPages.length + wcPages.length))} ms/page incl. metadata, ${oursSh.errors + oursWc.errors} errors`);

  // scrapinghub: shingle F1 per page and macro.
  const shOursTri = shPages.map((p) => shingleMod.shingleMatch(shTruth[p.id]!.articleBody, oursSh.texts[p.id] ?? ''));
  const shRdTri = shPages.map((p) => shingleMod.shingleMatch(shTruth[p.id]!.articleBody, rdSh[p.id] ?? ''));
  const triF1 = ([tp, fp, fn]: [number, number, number]): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  const a = shingleMod.aggregate(shOursTri);
  const b = shingleMod.aggregate(shRdTri);
  const shWorse = shOursTri.filter((t, i) => triF1(t) < triF1(shRdTri[i]!) - WORSE_MARGIN).length;
  say(`\n## scrapinghub (4-word shingles, macro over pages)     F1     P      R`);
  say(`   ours                                              ${f3(a.f1)}  ${f3(a.precision)}  ${f3(a.recall)}`);
  say(`   readability 0.6 + jsdom                           ${f3(b.f1)}  ${f3(b.precision)}  ${f3(b.recall)}`);
  say(`   pages where ours is worse than Readability (>${WORSE_MARGIN} F1): ${shWorse}/${shPages.length} = ${pct(shWorse / shPages.length)}`);

  // wcxb: bag-of-words F1, with/without snippets, metadata.
  const wcRows = (pred: Record<string, string>) =>
    wcPages.map((p) => {
      const gt = wcTruth[p.id]!.ground_truth;
      const text = pred[p.id] ?? '';
      const [P, R, F1] = wcxbMod.wordPRF(text, gt.main_content ?? '');
      const lower = text.toLowerCase();
      const rate = (snips: string[] | undefined): number | undefined =>
        snips && snips.length ? snips.filter((s) => lower.includes(s.toLowerCase())).length / snips.length : undefined;
      return { id: p.id, P, R, F1, with: rate(gt.with), without: rate(gt.without) };
    });
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const summarize = (rows: ReturnType<typeof wcRows>) => ({
    f1: mean(rows.map((r) => r.F1)),
    p: mean(rows.map((r) => r.P)),
    r: mean(rows.map((r) => r.R)),
    with: mean(rows.map((r) => r.with ?? 1)),
    without: mean(rows.map((r) => r.without ?? 1)),
  });
  const oRows = wcRows(oursWc.texts);
  const rRows = wcRows(rdWc);
  const o = summarize(oRows);
  const r = summarize(rRows);
  const wcWorse = oRows.filter((row, i) => row.F1 < rRows[i]!.F1 - WORSE_MARGIN).length;
  say(`\n## wcxb-dev-articles (bag of words, mean over pages)  F1     P      R      with    without(leaked)`);
  say(`   ours                                              ${f3(o.f1)}  ${f3(o.p)}  ${f3(o.r)}  ${pct(o.with).padStart(6)}  ${pct(o.without).padStart(6)}`);
  say(`   readability 0.6 + jsdom                           ${f3(r.f1)}  ${f3(r.p)}  ${f3(r.r)}  ${pct(r.with).padStart(6)}  ${pct(r.without).padStart(6)}`);
  say(`   pages where ours is worse than Readability (>${WORSE_MARGIN} F1): ${wcWorse}/${wcPages.length} = ${pct(wcWorse / wcPages.length)}`);
  const allWorse = shWorse + wcWorse;
  say(`   both sets: worse on ${allWorse}/${shPages.length + wcPages.length} = ${pct(allWorse / (shPages.length + wcPages.length))}`);

  let tN = 0, tOk = 0, dN = 0, dOk = 0, aN = 0, aOk = 0;
  const misses: string[] = [];
  for (const p of wcPages) {
    const gt = wcTruth[p.id]!.ground_truth;
    const m = oursWc.meta[p.id];
    if (gt.title) {
      tN++;
      if (m && normTitle(m.title) === normTitle(gt.title)) tOk++;
      else misses.push(`title ${p.id}: want ${JSON.stringify(gt.title)} got ${JSON.stringify(m?.title)}`);
    }
    if (gt.publish_date) {
      dN++;
      if (m?.publishedAt?.slice(0, 10) === gt.publish_date.slice(0, 10)) dOk++;
      else misses.push(`date ${p.id}: want ${gt.publish_date} got ${m?.publishedAt} (${m?.provenance.publishedAt?.source})`);
    }
    if (gt.author) {
      aN++;
      if (m && authorMatches(gt.author, m.authors)) aOk++;
      else misses.push(`author ${p.id}: want ${JSON.stringify(gt.author)} got ${JSON.stringify(m?.authors)} (${m?.provenance.authors?.source})`);
    }
  }
  say(`\n## metadata vs wcxb truth (where truth exists)`);
  say(`   title (exact after whitespace/case normalisation) ${tOk}/${tN} = ${pct(tOk / (tN || 1))}`);
  say(`   publish date (same day)                           ${dOk}/${dN} = ${pct(dOk / (dN || 1))}`);
  say(`   author (first truth name's words all found)       ${aOk}/${aN} = ${pct(aOk / (aN || 1))}`);
  writeFileSync(path.join(args.out, 'metadata-misses.txt'), misses.join('\n'));
  writeFileSync(
    path.join(args.out, 'worst-pages.txt'),
    [
      ...shPages.map((p, i) => [`sh ${p.id}`, triF1(shOursTri[i]!), triF1(shRdTri[i]!)] as const),
      ...wcPages.map((p, i) => [`wc ${p.id}`, oRows[i]!.F1, rRows[i]!.F1] as const),
    ]
      .sort((x, y) => x[1] - y[1])
      .map(([id, ours, rd]) => `${id} ours ${f3(ours)} readability ${f3(rd)}`)
      .join('\n'),
  );

  if (args.limit === Infinity) {
    say(`\n## official scorers`);
    for (const [scorer, file] of [
      ['score-shingles.mjs', 'ours-scrapinghub.json'],
      ['score-shingles.mjs', 'readability-scrapinghub.json'],
      ['score-wcxb.mjs', 'ours-wcxb.json'],
      ['score-wcxb.mjs', 'readability-wcxb.json'],
    ] as const) {
      const res = execFileSync('node', [path.join(scorersDir, scorer), path.join(args.out, file), ...(scorer === 'score-shingles.mjs' ? ['--n-bootstrap', '200'] : [])], { encoding: 'utf8' });
      say(`$ node ${scorer} ${file}\n${res.trim()}`);
    }
  }
  writeFileSync(path.join(args.out, 'report.txt'), lines.join('\n'));
  console.log(`\npredictions, report, worst pages and metadata misses in ${path.relative(ROOT, args.out)}/`);
}

await main();
