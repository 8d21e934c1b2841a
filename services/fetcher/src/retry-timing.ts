/**
 * When to try a failed fetch again: exponential backoff with jitter, and the server's Retry-After when it
 * sent one. Pure: the clock (`nowMs`) and randomness (`random`) are arguments.
 */

export interface RetryTimingOptions {
  /** Delay before the first retry, before jitter. @default 1000 */
  readonly baseDelayMs?: number;
  /** Growth per attempt. @default 2 */
  readonly factor?: number;
  /** Backoff never exceeds this (before Retry-After is considered). @default 300_000 (5 min) */
  readonly maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not honoured: {@link computeRetryDelayMs} returns `undefined`, meaning
   * "give up now" rather than parking the job for days. @default 3_600_000 (1 h)
   */
  readonly maxRetryAfterMs?: number;
  /** `[0, 1)` source for jitter. @default Math.random */
  readonly random?: () => number;
}

export const DEFAULT_RETRY_TIMING = {
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
} as const;

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

/**
 * The delay before retry number `attempt` (1 = the first retry): "equal jitter" exponential backoff —
 * half the exponential step fixed, half random — so replicas that failed together spread out but never
 * retry instantly. A server's `retryAfterMs` is a floor: we wait at least that long.
 *
 * @returns the delay in ms, or `undefined` when the server asks for more than `maxRetryAfterMs`
 *   (treat as "do not retry").
 */
export function computeRetryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: RetryTimingOptions = {},
): number | undefined {
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY_TIMING.baseDelayMs;
  const factor = options.factor ?? DEFAULT_RETRY_TIMING.factor;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY_TIMING.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_RETRY_TIMING.maxRetryAfterMs;
  const random = options.random ?? Math.random;
  if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return undefined;
  const step = Math.min(maxDelayMs, baseDelayMs * factor ** Math.max(0, attempt - 1));
  const backoff = Math.round(step / 2 + random() * (step / 2));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** What to do after a failure: retry after `delayMs`, or stop with a reason. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'permanent' | 'attempts-exhausted' | 'retry-after-too-long' };

/**
 * Decide from the error's `retriable` flag and `retryAfterMs` alone (kafkajs' retrier does the same), so any
 * error that says it is retriable gets backoff and nothing else does.
 *
 * @param attemptsMade attempts so far, including the one that just failed.
 */
export function decideRetry(
  error: { readonly retriable?: boolean; readonly retryAfterMs?: number | undefined },
  attemptsMade: number,
  maxAttempts: number,
  options: RetryTimingOptions = {},
): RetryDecision {
  if (error.retriable !== true) return { retry: false, reason: 'permanent' };
  if (attemptsMade >= maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  const delayMs = computeRetryDelayMs(attemptsMade, error.retryAfterMs, options);
  return delayMs === undefined ? { retry: false, reason: 'retry-after-too-long' } : { retry: true, delayMs };
}
