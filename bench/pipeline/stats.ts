/** Percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: mean(values),
    count: values.length,
  };
}

/** Counts of `timesMs` per `binMs` from `startMs` (completions per bin → a throughput series). */
export function binCounts(timesMs: readonly number[], startMs: number, binMs: number): number[] {
  const bins: number[] = [];
  for (const t of timesMs) {
    const i = Math.max(0, Math.floor((t - startMs) / binMs));
    while (bins.length <= i) bins.push(0);
    bins[i]!++;
  }
  return bins;
}
