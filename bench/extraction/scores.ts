/**
 * Scores per page and per half with the shared scorers: the shingle and WCXB metrics through the functions
 * their modules export (the same code as their CLIs), fundus-dev through its Python scorer given a truth file
 * cut to the half (so every fundus figure is the official scorer's own output).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvalPage, SetName } from './datasets.js';
import type { Extraction } from './extractors.js';

type Triple = [number, number, number];
interface ShingleModule {
  shingleMatch(truth: string, pred: string): Triple;
  aggregate(triples: Triple[]): { f1: number; precision: number; recall: number };
}
interface WcxbModule {
  wordPRF(pred: string, ref: string): Triple;
}

export interface Scorers {
  shingles: ShingleModule;
  wcxb: WcxbModule;
  fundusScript: string;
  python: string;
  /** Where the per-half truth and prediction files for the fundus scorer go. */
  workDir: string;
}

export async function loadScorers(data: string, python: string, workDir: string): Promise<Scorers> {
  const dir = path.join(data, 'scorers');
  return {
    shingles: (await import(pathToFileURL(path.join(dir, 'score-shingles.mjs')).href)) as ShingleModule,
    wcxb: (await import(pathToFileURL(path.join(dir, 'score-wcxb.mjs')).href)) as WcxbModule,
    fundusScript: path.join(dir, 'score-fundus.py'),
    python,
    workDir,
  };
}

export interface Column {
  name: string;
  kind: 'score' | 'share';
}

/** Figures of one extractor over one group of pages, by column name; undefined where the column has no pages. */
export type Summary = Record<string, number | undefined>;

export interface SetScores {
  columns: Column[];
  /** Per-page text F1 (the set's main metric), for the diffs and the worse-than counts. */
  pageF1(page: EvalPage, ext: Extraction): number;
  summarize(pages: readonly EvalPage[], ext: ReadonlyMap<string, Extraction>, label: string): Summary;
}

const mean = (xs: readonly number[]): number | undefined =>
  xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined;
const share = (xs: readonly boolean[]): number | undefined => mean(xs.map((x) => (x ? 1 : 0)));
const triF1 = ([tp, fp, fn]: Triple): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'prof', 'sir', 'rev']);
const normTitle = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** WCXB author: every word of the truth's first name (without honorifics or "| outlet") is among ours. */
export function authorMatches(truth: string, ours: readonly string[]): boolean {
  if (ours.length === 0) return false;
  const first = (
    truth
      .split(/,|\||\band\b|&/)[0]!
      .toLowerCase()
      .match(/\p{L}+/gu) ?? []
  ).filter((t) => !HONORIFICS.has(t));
  const mine = new Set(
    ours
      .join(' ')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [],
  );
  return first.length > 0 && first.every((t) => mine.has(t));
}

export const wcxbTitleOk = (truth: string, ext: Extraction): boolean =>
  ext.title !== undefined && normTitle(ext.title) === normTitle(truth);
export const wcxbDateOk = (truth: string, ext: Extraction): boolean =>
  ext.published?.slice(0, 10) === truth.slice(0, 10);

/** score-fundus.py's title/author normalisation: NFKC, case-folded, one quote style, single spaces. */
const fundusNorm = (s: string | undefined): string =>
  (s ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** score-fundus.py's date key: the UTC day of a zoned date-time, else the date as written. */
function utcDay(s: string | undefined): string | undefined {
  if (!s) return undefined;
  if (/T|\s\d\d:/.test(s) && /(?:Z|[+-]\d\d:?\d\d)$/.test(s)) {
    const d = new Date(s.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  }
  return s.slice(0, 10);
}

export interface MetadataChecks {
  title?: boolean;
  date?: boolean;
  author?: boolean;
}

/**
 * Per page, whether each metadata field the truth has is right, by the set's own rule (WCXB as in the
 * summaries above, fundus-dev as score-fundus.py: title exact, same UTC day, exact author set).
 */
export function metadataChecks(page: EvalPage, ext: Extraction): MetadataChecks {
  const t = page.truth;
  if (page.set === 'wcxb')
    return {
      ...(t.title && { title: wcxbTitleOk(t.title, ext) }),
      ...(t.published && { date: wcxbDateOk(t.published, ext) }),
      ...(t.author && { author: authorMatches(t.author, ext.authors) }),
    };
  if (page.set === 'fundus') {
    const set = (xs: readonly string[]): string => [...new Set(xs.map(fundusNorm))].sort().join('\n');
    return {
      ...(t.title && { title: fundusNorm(t.title) === fundusNorm(ext.title) }),
      ...(t.published && { date: utcDay(t.published) === utcDay(ext.published) }),
      ...(t.authors?.length && { author: set(t.authors) === set(ext.authors) }),
    };
  }
  return {};
}

function scrapinghubScores(s: Scorers): SetScores {
  return {
    columns: [
      { name: 'F1', kind: 'score' },
      { name: 'P', kind: 'score' },
      { name: 'R', kind: 'score' },
    ],
    pageF1: (page, ext) => triF1(s.shingles.shingleMatch(page.truth.text, ext.text)),
    summarize(pages, ext) {
      const a = s.shingles.aggregate(
        pages.map((p) => s.shingles.shingleMatch(p.truth.text, ext.get(p.key)?.text ?? '')),
      );
      return { F1: a.f1, P: a.precision, R: a.recall };
    },
  };
}

function wcxbScores(s: Scorers): SetScores {
  // The official scorer counts a page without snippets as rate 1 for both lists; kept for comparable figures.
  const rate = (text: string, snippets: readonly string[] | undefined): number => {
    if (!snippets?.length) return 1;
    const lower = text.toLowerCase();
    return snippets.filter((x) => lower.includes(x.toLowerCase())).length / snippets.length;
  };
  return {
    columns: [
      { name: 'F1', kind: 'score' },
      { name: 'P', kind: 'score' },
      { name: 'R', kind: 'score' },
      { name: 'with', kind: 'share' },
      { name: 'leaked', kind: 'share' },
      { name: 'title', kind: 'share' },
      { name: 'date', kind: 'share' },
      { name: 'author', kind: 'share' },
    ],
    pageF1: (page, ext) => s.wcxb.wordPRF(ext.text, page.truth.text)[2],
    summarize(pages, ext) {
      const rows = pages.map((p) => {
        const e = ext.get(p.key) ?? { text: '', authors: [] };
        const [P, R, F1] = s.wcxb.wordPRF(e.text, p.truth.text);
        return { p, e, P, R, F1 };
      });
      return {
        F1: mean(rows.map((r) => r.F1)),
        P: mean(rows.map((r) => r.P)),
        R: mean(rows.map((r) => r.R)),
        with: mean(rows.map((r) => rate(r.e.text, r.p.truth.with))),
        leaked: mean(rows.map((r) => rate(r.e.text, r.p.truth.without))),
        title: share(rows.filter((r) => r.p.truth.title).map((r) => wcxbTitleOk(r.p.truth.title!, r.e))),
        date: share(
          rows.filter((r) => r.p.truth.published).map((r) => wcxbDateOk(r.p.truth.published!, r.e)),
        ),
        author: share(
          rows.filter((r) => r.p.truth.author).map((r) => authorMatches(r.p.truth.author!, r.e.authors)),
        ),
      };
    },
  };
}

interface FundusResult {
  f1: number;
  precision: number;
  recall: number;
  title: number;
  date: number;
  authors_exact: number;
  first_author: number;
  counts: { title: number; date: number; authors: number };
}

function fundusScores(s: Scorers): SetScores {
  const words = (t: string): Map<string, number> => {
    const m = new Map<string, number>();
    // Python's \w in Unicode mode, as score-fundus.py tokenises.
    for (const w of t.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  return {
    columns: [
      { name: 'F1', kind: 'score' },
      { name: 'P', kind: 'score' },
      { name: 'R', kind: 'score' },
      { name: 'title', kind: 'share' },
      { name: 'date', kind: 'share' },
      { name: 'authors', kind: 'share' },
      { name: '1st author', kind: 'share' },
    ],
    // Only for ranking pages in the diffs; the reported figures come from the scorer itself.
    pageF1(page, ext) {
      const gt = words(page.truth.text);
      const pr = words(ext.text);
      let tp = 0;
      for (const [w, c] of pr) tp += Math.min(c, gt.get(w) ?? 0);
      const np = [...pr.values()].reduce((a, b) => a + b, 0);
      const ng = [...gt.values()].reduce((a, b) => a + b, 0);
      const P = np ? tp / np : 0;
      const R = ng ? tp / ng : 0;
      return P + R ? (2 * P * R) / (P + R) : 0;
    },
    summarize(pages, ext, label) {
      if (!pages.length) return {};
      const truthFile = path.join(s.workDir, `fundus-truth-${label}.json`);
      const predFile = path.join(s.workDir, `fundus-pred-${label}.json`);
      const truth: Record<string, unknown> = {};
      const pred: Record<string, unknown> = {};
      for (const p of pages) {
        const e = ext.get(p.key);
        truth[p.id] = {
          url: p.url,
          country: p.id.split('-')[0],
          publisher: p.site,
          text: p.truth.text,
          title: p.truth.title,
          authors: p.truth.authors ?? [],
          published: p.truth.published,
        };
        pred[p.id] = {
          text: e?.text ?? '',
          title: e?.title ?? null,
          authors: e?.authors ?? [],
          published: e?.published ?? null,
        };
      }
      writeFileSync(truthFile, JSON.stringify(truth));
      writeFileSync(predFile, JSON.stringify(pred));
      const r = JSON.parse(
        execFileSync(s.python, [s.fundusScript, predFile, truthFile, '--json'], { encoding: 'utf8' }),
      ) as FundusResult;
      return {
        F1: r.f1,
        P: r.precision,
        R: r.recall,
        title: r.counts.title ? r.title : undefined,
        date: r.counts.date ? r.date : undefined,
        authors: r.counts.authors ? r.authors_exact : undefined,
        '1st author': r.counts.authors ? r.first_author : undefined,
      };
    },
  };
}

export function setScores(set: SetName, s: Scorers): SetScores {
  if (set === 'scrapinghub') return scrapinghubScores(s);
  if (set === 'wcxb') return wcxbScores(s);
  return fundusScores(s);
}
