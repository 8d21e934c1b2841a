/** Never wait longer than this between attempts, whatever a server asks for. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Delay before attempt `attemptsMade + 1`: exponential backoff from `baseMs` with jitter in the upper half of
 * each step (replicas that failed together spread out, yet never retry at once), and at least the server's
 * Retry-After when the error carries one (`retryAfterMs`); capped at {@link MAX_RETRY_DELAY_MS}.
 */
export function retryDelayMs(
  attemptsMade: number,
  baseMs: number,
  error?: unknown,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const backoff = Math.round(exponential * (0.5 + random() / 2));
  const retryAfterMs =
    error !== null &&
    typeof error === 'object' &&
    'retryAfterMs' in error &&
    typeof error.retryAfterMs === 'number'
      ? error.retryAfterMs
      : 0;
  return Math.min(Math.max(backoff, retryAfterMs), MAX_RETRY_DELAY_MS);
}
