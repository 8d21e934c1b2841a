/**
 * Per-page diff dumps for analysis: the pages where ours trails trafilatura most, each as a text file with
 * what we leaked (our paragraphs mostly absent from the truth) and what we missed (truth paragraphs mostly
 * absent from ours, marked where trafilatura has them), plus the metadata of all three extractors.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalPage } from './datasets.js';
import type { Extraction, ExtractorName } from './extractors.js';

/** A paragraph counts as present in another text when this share of its words is there. */
const PRESENT_SHARE = 0.5;

const wordsOf = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
const paragraphs = (t: string): string[] =>
  t
    .split(/\n+/)
    .map((s) => s.trim())
    .filter(Boolean);

function coverage(paragraph: string, bag: ReadonlySet<string>): number {
  const ws = wordsOf(paragraph);
  return ws.length ? ws.filter((w) => bag.has(w)).length / ws.length : 1;
}

export interface PageRow {
  page: EvalPage;
  f1: Record<ExtractorName, number>;
}

export function writePageDiffs(
  dir: string,
  rows: readonly PageRow[],
  ext: Record<ExtractorName, ReadonlyMap<string, Extraction>>,
  worst: number,
): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ranked = [...rows].sort((a, b) => a.f1.ours - a.f1.trafilatura - (b.f1.ours - b.f1.trafilatura));
  writeFileSync(
    path.join(dir, 'index.txt'),
    ranked
      .map(
        (r) =>
          `${(r.f1.ours - r.f1.trafilatura).toFixed(3).padStart(7)}  ours ${r.f1.ours.toFixed(3)}  trafilatura ${r.f1.trafilatura.toFixed(3)}  readability ${r.f1.readability.toFixed(3)}  ${r.page.key}  ${r.page.url ?? ''}`,
      )
      .join('\n') + '\n',
  );
  for (const [rank, r] of ranked.slice(0, worst).entries()) {
    if (r.f1.ours >= r.f1.trafilatura) break;
    const p = r.page;
    const ours = ext.ours.get(p.key)!;
    const traf = ext.trafilatura.get(p.key)!;
    const truthBag = new Set(wordsOf(p.truth.text));
    const oursBag = new Set(wordsOf(ours.text));
    const trafBag = new Set(wordsOf(traf.text));
    const leaked = paragraphs(ours.text).filter((x) => coverage(x, truthBag) < PRESENT_SHARE);
    const missed = paragraphs(p.truth.text).filter((x) => coverage(x, oursBag) < PRESENT_SHARE);
    const meta = (name: ExtractorName): string => {
      const e = ext[name].get(p.key)!;
      return `  ${name.padEnd(12)} title ${JSON.stringify(e.title ?? null)}  authors ${JSON.stringify(e.authors)}  published ${e.published ?? '-'}`;
    };
    const lines = [
      `${p.key}  (${p.half}, site ${p.site})`,
      `url ${p.url ?? '-'}`,
      `text F1: ours ${r.f1.ours.toFixed(3)}  trafilatura ${r.f1.trafilatura.toFixed(3)}  readability ${r.f1.readability.toFixed(3)}`,
      '',
      'metadata',
      `  truth        title ${JSON.stringify(p.truth.title ?? null)}  authors ${JSON.stringify(p.truth.authors ?? p.truth.author ?? null)}  published ${p.truth.published ?? '-'}`,
      meta('ours'),
      meta('trafilatura'),
      meta('readability'),
      '',
      `== leaked: ${leaked.length} of our paragraphs mostly absent from the truth ==`,
      ...leaked.map((x) => `+ ${x}`),
      '',
      `== missed: ${missed.length} truth paragraphs mostly absent from ours ([T] = trafilatura has it) ==`,
      ...missed.map((x) => `${coverage(x, trafBag) >= PRESENT_SHARE ? '[T]' : '   '} - ${x}`),
      '',
      '== ours ==',
      ours.text,
      '',
      '== truth ==',
      p.truth.text,
    ];
    writeFileSync(
      path.join(dir, `${String(rank + 1).padStart(3, '0')}-${p.id}.txt`),
      lines.join('\n') + '\n',
    );
  }
}
