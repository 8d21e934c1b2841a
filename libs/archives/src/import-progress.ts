import { plural } from '@newsflow/normalize';
import type { SkipReason } from './skip-reasons.js';

/** Figures of an import (one archive, or all of a run): what progress lines and the summary show. */
export interface ImportCounts {
  recordsRead: number;
  /** Pages saved with new bytes and announced on page.fetched. */
  imported: number;
  /** Pages whose bytes were already stored (an overlapping archive): saved, not announced again. */
  unchanged: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export function emptyCounts(): ImportCounts {
  return { recordsRead: 0, imported: 0, unchanged: 0, skipped: {} };
}

export function addCounts(into: ImportCounts, more: ImportCounts): void {
  into.recordsRead += more.recordsRead;
  into.imported += more.imported;
  into.unchanged += more.unchanged;
  for (const [reason, n] of Object.entries(more.skipped) as [SkipReason, number][]) {
    into.skipped[reason] = (into.skipped[reason] ?? 0) + n;
  }
}

export function skippedTotal(counts: ImportCounts): number {
  return Object.values(counts.skipped).reduce((sum, n) => sum + n, 0);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Where one archive's import stands, for a progress line. */
export interface ArchiveProgress {
  readonly archive: string;
  readonly counts: ImportCounts;
  /** Raw bytes of the archive read so far (from the start of the file, a resumed run included). */
  readonly bytesRead: number;
  /** Raw bytes read by this run (the rate counts these). */
  readonly bytesThisRun: number;
  readonly sizeBytes: number | undefined;
  readonly elapsedMs: number;
}

/**
 * One progress line: records read, imported, skipped by reason, record rate and, when the archive's size is
 * known, the share read and the time left at this run's byte rate.
 */
export function progressLine(p: ArchiveProgress): string {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  const reasons = Object.entries(p.counts.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const parts = [
    `${plural(p.counts.recordsRead, 'record')} read`,
    `${p.counts.imported} imported`,
    ...(p.counts.unchanged > 0 ? [`${p.counts.unchanged} already stored`] : []),
    `${skippedTotal(p.counts)} skipped${reasons ? ` (${reasons})` : ''}`,
    `${Math.round(p.counts.recordsRead / seconds)} records/s`,
  ];
  if (p.sizeBytes !== undefined && p.sizeBytes > 0) {
    const share = Math.min(1, p.bytesRead / p.sizeBytes);
    const rate = p.bytesThisRun / seconds;
    parts.unshift(`${(share * 100).toFixed(1)}%`);
    parts.push(`ETA ${rate > 0 ? duration((p.sizeBytes - p.bytesRead) / rate) : '?'}`);
  }
  return `import-warc: ${p.archive} · ${parts.join(' · ')}`;
}
