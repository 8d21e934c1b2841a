/** Never wait longer than this between attempts, whatever a server asks for. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Delay before attempt `attemptsMade + 1`: the server's Retry-After when the error carries one
 * (`retryAfterMs`), else exponential backoff from `baseMs` with full jitter in its upper half, so replicas
 * retrying together spread out.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number, error?: unknown, random: () => number = Math.random): number {
  if (error !== null && typeof error === 'object' && 'retryAfterMs' in error && typeof error.retryAfterMs === 'number') {
    return Math.min(Math.max(0, error.retryAfterMs), MAX_RETRY_DELAY_MS);
  }
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.min(Math.round(exponential * (0.5 + random() / 2)), MAX_RETRY_DELAY_MS);
}
