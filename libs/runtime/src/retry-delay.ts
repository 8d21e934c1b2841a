/** The default ceiling of {@link retryDelayMs} (`JOB_BACKOFF_MAX_MS`): five minutes. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 5 * 60_000;

/** How retries of a job are spaced. */
export interface RetryBackoff {
  /** First retry delay; doubled each attempt, with jitter. */
  readonly baseMs: number;
  /** Never wait longer than this between attempts, whatever a server asks for. @default 300000 */
  readonly maxMs?: number;
}

/**
 * Delay before attempt `attemptsMade + 1`: exponential backoff from `baseMs` with jitter in the upper half of
 * each step (replicas that failed together spread out, yet never retry at once), and at least the server's
 * Retry-After when the error carries one (`retryAfterMs`); capped at `maxMs`.
 */
export function retryDelayMs(
  attemptsMade: number,
  backoff: RetryBackoff,
  error?: unknown,
  random: () => number = Math.random,
): number {
  const { baseMs, maxMs = DEFAULT_MAX_RETRY_DELAY_MS } = backoff;
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  const retryAfterMs =
    error !== null &&
    typeof error === 'object' &&
    'retryAfterMs' in error &&
    typeof error.retryAfterMs === 'number'
      ? error.retryAfterMs
      : 0;
  return Math.min(Math.max(jittered, retryAfterMs), maxMs);
}
