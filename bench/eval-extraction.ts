/**
 * Extraction quality on the development sets: ours beside Readability and trafilatura, in one run, on the
 * "tune" and "held-out" halves of each set side by side (see bench/extraction/datasets.ts for the split).
 *
 *   npm run eval:extraction -- [--data DIR] [--limit N] [--out DIR] [--diffs tune|all] [--worst N] [--baseline FILE]
 *
 * --data    development data (default ../shared/data from the repository root)
 * --limit   first N pages of each set (quick runs; peers are cached anyway)
 * --out     predictions, report and diffs (default bench/results/eval-extraction)
 * --diffs   which halves get per-page diff dumps and metadata misses (default tune: write rules looking at
 *           the tune half only, and confirm them on the held-out half)
 * --worst   diff dumps per set: the N pages where ours trails trafilatura most (default 30)
 * --baseline  ours' extractions of an earlier run to report changes against, per set and half (default: the
 *           previous run's, which each run keeps as ours-extractions.previous.json in --out)
 *
 * The first run creates .cache/trafilatura-venv (PYTHON, default python3, makes it) with the pinned
 * trafilatura; peer outputs are cached per page under .cache/eval-extraction/, so reruns take seconds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { choiceOption, numberOption, parseCliArgs } from './cli-args.js';
import { HALVES, SETS, loadSet, type EvalPage, type Half, type SetName } from './extraction/datasets.js';
import {
  EXTRACTORS,
  EXTRACTOR_LABEL,
  runOurs,
  runReadability,
  runTrafilatura,
  type Extraction,
  type ExtractorName,
} from './extraction/extractors.js';
import { writePageDiffs, type PageRow } from './extraction/page-diffs.js';
import { compareRuns, loadRun } from './extraction/run-changes.js';
import {
  loadScorers,
  metadataChecks,
  setScores,
  type Column,
  type SetScores,
  type Summary,
} from './extraction/scores.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A page counts as worse than a peer's when our F1 is lower by more than this (rounding noise). */
const WORSE_MARGIN = 0.01;
const SET_TITLE: Record<SetName, string> = {
  scrapinghub: 'scrapinghub — 4-word shingle F1 / P / R, macro over pages',
  wcxb: 'wcxb-dev-articles — word F1 / P / R, with-snippets found, boilerplate snippets leaked, title / date / author',
  fundus: 'fundus-dev — word F1 / P / R, title / date / authors exact / first author found (score-fundus.py)',
};
const SCORER_CLI: Partial<Record<SetName, string>> = {
  scrapinghub: 'score-shingles.mjs',
  wcxb: 'score-wcxb.mjs',
};

interface PRF {
  f1: number;
  precision: number;
  recall: number;
}

interface Args {
  data: string;
  limit: number;
  out: string;
  diffs: 'tune' | 'all';
  worst: number;
  baseline: string | undefined;
}

const USAGE =
  'usage: npm run eval:extraction -- [--data DIR] [--limit N] [--out DIR] [--diffs tune|all] [--worst N] [--baseline FILE]';

function readArgs(): Args {
  const { values } = parseCliArgs(
    {
      options: {
        data: { type: 'string', default: path.resolve(ROOT, '../shared/data') },
        limit: { type: 'string' },
        out: { type: 'string', default: path.join(ROOT, 'bench/results/eval-extraction') },
        diffs: { type: 'string', default: 'tune' },
        worst: { type: 'string', default: '30' },
        baseline: { type: 'string' },
      },
    },
    USAGE,
  );
  return {
    data: path.resolve(values.data),
    limit: values.limit === undefined ? Infinity : numberOption('limit', values.limit, USAGE),
    out: path.resolve(values.out),
    diffs: choiceOption('diffs', values.diffs, ['tune', 'all'], USAGE),
    worst: numberOption('worst', values.worst, USAGE, true),
    baseline: values.baseline === undefined ? undefined : path.resolve(values.baseline),
  };
}

const cell = (col: Column, x: number | undefined): string =>
  (x === undefined ? '-' : col.kind === 'score' ? x.toFixed(3) : `${(100 * x).toFixed(1)}%`).padStart(6);

function table(
  columns: readonly Column[],
  rows: readonly { label: string; byHalf: Record<Half | 'all', Summary> }[],
): string[] {
  const head1 = `   ${''.padEnd(28)}${columns.map((c) => ` ${c.name.padStart(13)}`).join('')}   ${'all pages'.padStart(9)}`;
  const head2 = `   ${''.padEnd(28)}${columns.map(() => `   tune   held`).join('')}   ${'F1'.padStart(9)}`;
  const lines = rows.map(
    (r) =>
      `   ${r.label.padEnd(28)}${columns.map((c) => ` ${cell(c, r.byHalf.tune[c.name])} ${cell(c, r.byHalf['held-out'][c.name])}`).join('')}   ${cell(columns[0]!, r.byHalf.all[columns[0]!.name]).padStart(9)}`,
  );
  return [head1, head2, ...lines];
}

function metadataMisses(pages: readonly EvalPage[], ours: ReadonlyMap<string, Extraction>): string[] {
  const out: string[] = [];
  for (const p of pages) {
    const e = ours.get(p.key)!;
    const t = p.truth;
    const ok = metadataChecks(p, e);
    if (ok.title === false)
      out.push(`title ${p.key}: want ${JSON.stringify(t.title)} got ${JSON.stringify(e.title)}`);
    if (ok.date === false) out.push(`date ${p.key}: want ${t.published} got ${e.published}`);
    if (ok.author === false)
      out.push(
        `author ${p.key}: want ${JSON.stringify(t.authors ?? t.author)} got ${JSON.stringify(e.authors)}`,
      );
  }
  return out;
}

async function main(): Promise<void> {
  const args = readArgs();
  const python = process.env.PYTHON ?? 'python3';
  mkdirSync(args.out, { recursive: true });
  const cacheDir = path.join(ROOT, '.cache/eval-extraction');
  const scorerInput = path.join(args.out, 'scorer-input');
  mkdirSync(scorerInput, { recursive: true });
  const scorers = await loadScorers(args.data, python, scorerInput);
  const bySet = new Map(SETS.map((s) => [s, loadSet(args.data, s, args.limit)] as const));
  const all = [...bySet.values()].flat();

  const ours = runOurs(all);
  const oursFile = path.join(args.out, 'ours-extractions.json');
  const previousFile = path.join(args.out, 'ours-extractions.previous.json');
  // Read before this run's file replaces it: --baseline may name the current ours-extractions.json.
  const baselineFile = args.baseline ?? (existsSync(oursFile) ? oursFile : previousFile);
  const baseline = loadRun(baselineFile);
  const baselineName = args.baseline ?? previousFile;
  if (existsSync(oursFile)) renameSync(oursFile, previousFile);
  writeFileSync(oursFile, JSON.stringify(Object.fromEntries(ours.out)));
  const rd = await runReadability(all, cacheDir);
  const tr = runTrafilatura(all, { cacheDir, venv: path.join(ROOT, '.cache/trafilatura-venv'), python });
  const ext: Record<ExtractorName, ReadonlyMap<string, Extraction>> = {
    ours: ours.out,
    readability: rd.out,
    trafilatura: tr.out,
  };

  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    console.log(s);
  };
  say(`\n# extraction eval — ${SETS.map((s) => `${bySet.get(s)!.length} ${s}`).join(' + ')} pages`);
  say(
    `  ours ${(ours.ms / all.length).toFixed(2)} ms/page incl. metadata, ${ours.errors} errors; Readability ran on ${rd.ran} pages, trafilatura on ${tr.ran} (the rest from .cache/eval-extraction)`,
  );
  say(
    `  trafilatura: default settings (fast=False so its fallbacks run, include_comments=True, include_tables=True, no favor_precision/recall), with_metadata=True, raw bytes in`,
  );
  say(
    `  halves by site (host; fundus: publisher): tune = rules are written looking at it, held = unseen sites, confirm only`,
  );

  const setScoresBySet = new Map<SetName, SetScores>();
  for (const set of SETS) {
    const pages = bySet.get(set)!;
    if (!pages.length) continue;
    const sc = setScores(set, scorers);
    setScoresBySet.set(set, sc);
    const halves = Object.fromEntries(HALVES.map((h) => [h, pages.filter((p) => p.half === h)])) as Record<
      Half,
      EvalPage[]
    >;
    const sites = (ps: readonly EvalPage[]): number => new Set(ps.map((p) => p.site)).size;
    say(`\n## ${SET_TITLE[set]}`);
    say(
      `   tune ${halves.tune.length} pages (${sites(halves.tune)} sites) · held-out ${halves['held-out'].length} pages (${sites(halves['held-out'])} sites)`,
    );
    const rows = EXTRACTORS.map((name) => ({
      label: EXTRACTOR_LABEL[name],
      byHalf: {
        tune: sc.summarize(halves.tune, ext[name], `${name}-tune`),
        'held-out': sc.summarize(halves['held-out'], ext[name], `${name}-held-out`),
        all: sc.summarize(pages, ext[name], `${name}-all`),
      },
    }));
    for (const l of table(sc.columns, rows)) say(l);

    const pageRows: PageRow[] = pages.map((p) => ({
      page: p,
      f1: Object.fromEntries(EXTRACTORS.map((n) => [n, sc.pageF1(p, ext[n].get(p.key)!)])) as Record<
        ExtractorName,
        number
      >,
    }));
    for (const peer of ['trafilatura', 'readability'] as const) {
      const worse = HALVES.map((h) => {
        const rs = pageRows.filter((r) => r.page.half === h);
        return `${h} ${rs.filter((r) => r.f1.ours < r.f1[peer] - WORSE_MARGIN).length}/${rs.length}`;
      });
      say(`   pages where ours is worse than ${peer} (> ${WORSE_MARGIN} F1): ${worse.join(', ')}`);
    }
    const shown = pageRows.filter((r) => args.diffs === 'all' || r.page.half === 'tune');
    writePageDiffs(path.join(args.out, 'diffs', set), shown, ext, args.worst);

    for (const name of EXTRACTORS) {
      writeFileSync(
        path.join(args.out, `${name}-${set}.json`),
        JSON.stringify(Object.fromEntries(pages.map((p) => [p.id, ext[name].get(p.key)!.text]))),
      );
    }
  }

  if (baseline) {
    const shown = baselineName.startsWith(`${ROOT}/`) ? path.relative(ROOT, baselineName) : baselineName;
    say(`\n## ours: changes against ${shown} (pages present in both runs)`);
    for (const l of compareRuns(all, baseline, ours.out, setScoresBySet)) say(l);
  }

  const shownPages = all.filter((p) => args.diffs === 'all' || p.half === 'tune');
  writeFileSync(
    path.join(args.out, 'metadata-misses.txt'),
    metadataMisses(shownPages, ours.out).join('\n') + '\n',
  );

  if (args.limit === Infinity) {
    // Cross-check: the shared scorers' own CLIs on all pages must give the "all pages" F1 above.
    say(`\n## shared scorers' CLIs on all pages (text F1 / P / R)`);
    for (const [set, cli] of Object.entries(SCORER_CLI)) {
      for (const name of EXTRACTORS) {
        const file = path.join(args.out, `${name}-${set}.json`);
        const res = execFileSync(
          'node',
          [
            path.join(args.data, 'scorers', cli),
            file,
            '--json',
            ...(cli === 'score-shingles.mjs' ? ['--n-bootstrap', '0'] : []),
          ],
          { encoding: 'utf8' },
        );
        // score-wcxb prints {file, overall, …}; score-shingles prints {<file name>: result}.
        const j = JSON.parse(res) as Record<string, PRF> & { overall?: PRF };
        const r = j.overall ?? Object.values(j)[0]!;
        say(
          `   ${cli.padEnd(19)} ${name.padEnd(12)} ${r.f1.toFixed(3)} ${r.precision.toFixed(3)} ${r.recall.toFixed(3)}`,
        );
      }
    }
  }
  writeFileSync(path.join(args.out, 'report.txt'), lines.join('\n') + '\n');
  console.log(
    `\npredictions, report, metadata misses (${args.diffs} half) and per-page diffs in ${path.relative(ROOT, args.out)}/`,
  );
}

await main();
