/**
 * What changed since an earlier run of ours, per set and half: pages whose text changed, how many went up or
 * down in text F1 and the change of the half's mean page F1, and metadata fields won or lost. This is the figure a rule's
 * commit reports ("tune: 7 pages up, 1 down; held-out: 3 up, 0 down"), without opening held-out pages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { HALVES, SETS, type EvalPage } from './datasets.js';
import type { Extraction } from './extractors.js';
import { metadataChecks, type MetadataChecks, type SetScores } from './scores.js';

/** Text F1 changes smaller than this are rounding, not a change. */
const F1_EPSILON = 1e-6;
const FIELDS = ['title', 'date', 'author'] as const;

/** Ours' extractions of a run, by page key, as the eval saves them (ours-extractions.json). */
export function loadRun(file: string): Map<string, Extraction> | undefined {
  if (!existsSync(file)) return undefined;
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Extraction>));
}

interface Tally {
  pages: number;
  changed: number;
  up: number;
  down: number;
  deltaF1: number;
  won: Record<(typeof FIELDS)[number], number>;
  lost: Record<(typeof FIELDS)[number], number>;
}

export function compareRuns(
  pages: readonly EvalPage[],
  before: ReadonlyMap<string, Extraction>,
  after: ReadonlyMap<string, Extraction>,
  scores: ReadonlyMap<string, SetScores>,
): string[] {
  const lines = [
    `   ${'set'.padEnd(12)} ${'half'.padEnd(9)} ${'changed'.padStart(8)} ${'F1 up/down'.padStart(11)} ${'mean ΔF1'.padStart(10)}   ${FIELDS.map((f) => `${f} +/-`.padStart(12)).join('')}`,
  ];
  for (const set of SETS) {
    for (const half of HALVES) {
      const t: Tally = {
        pages: 0,
        changed: 0,
        up: 0,
        down: 0,
        deltaF1: 0,
        won: { title: 0, date: 0, author: 0 },
        lost: { title: 0, date: 0, author: 0 },
      };
      const sc = scores.get(set);
      for (const p of pages) {
        if (p.set !== set || p.half !== half || !sc) continue;
        const a = before.get(p.key);
        const b = after.get(p.key);
        if (!a || !b) continue;
        t.pages++;
        if (a.text !== b.text) {
          t.changed++;
          const d = sc.pageF1(p, b) - sc.pageF1(p, a);
          if (d > F1_EPSILON) t.up++;
          else if (d < -F1_EPSILON) t.down++;
          t.deltaF1 += d;
        }
        const ca: MetadataChecks = metadataChecks(p, a);
        const cb: MetadataChecks = metadataChecks(p, b);
        for (const f of FIELDS) {
          if (ca[f] === false && cb[f] === true) t.won[f]++;
          if (ca[f] === true && cb[f] === false) t.lost[f]++;
        }
      }
      if (t.pages === 0) continue;
      const meta = FIELDS.map((f) =>
        (set === 'scrapinghub' ? '-' : `+${t.won[f]}/-${t.lost[f]}`).padStart(12),
      ).join('');
      lines.push(
        `   ${set.padEnd(12)} ${half.padEnd(9)} ${`${t.changed}/${t.pages}`.padStart(8)} ${`${t.up}/${t.down}`.padStart(11)} ${(t.deltaF1 / t.pages).toFixed(4).padStart(10)}   ${meta}`,
      );
    }
  }
  return lines;
}
