import { SourcesError, SourcesErrorCode } from './sources-error.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration: a number of milliseconds, or a number with a unit (`500ms`, `2s`, `15m`, `1.5h`, `2d`).
 * @throws SourcesError `SOURCES_BAD_DURATION` for anything else, zero or negative.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return Math.round(value);
    throw new SourcesError(SourcesErrorCode.badDuration, `a duration must be positive, got ${value}`);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(value);
  const ms = match
    ? Math.round(Number(match[1]) * (UNIT_MS[match[2]!.toLowerCase()] ?? Number.NaN))
    : Number.NaN;
  if (!(ms > 0)) {
    throw new SourcesError(
      SourcesErrorCode.badDuration,
      `cannot read duration ${JSON.stringify(value.slice(0, 40))} (use e.g. 30s, 15m, 2h, 2d)`,
    );
  }
  return ms;
}

/** A duration as people write it: `2s`, `15m`, `1h30m`, `2d`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join('');
}
