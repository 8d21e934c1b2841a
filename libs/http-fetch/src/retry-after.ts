/**
 * Reading a server's Retry-After. How long to back off is decided for every stage in one place:
 * libs/runtime `retryDelayMs`, which honours the `retryAfterMs` that fetch errors carry.
 */

/**
 * Parse a Retry-After header value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns the wait in ms
 * (never negative), or `undefined` for a missing or unparseable value.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only accept things that look like a date, so "soon" or "-5" do not become NaN or the epoch.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
