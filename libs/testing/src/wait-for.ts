import { setTimeout as sleep } from 'node:timers/promises';
import { TestingError, TestingErrorCode } from './testing-error.js';

export interface WaitForOptions {
  /** Give up after this long. @default 10_000 */
  readonly timeoutMs?: number;
  /** Pause between attempts. @default 50 */
  readonly intervalMs?: number;
  /** What was awaited, for the error: `"article stored"` → `timed out after 10000 ms waiting for article stored`. */
  readonly message?: string;
}

/**
 * Calls `predicate` until it returns a truthy value (or a promise of one) and returns that value.
 * A predicate that throws counts as "not yet"; its last error becomes the timeout error's `cause`.
 * Each call of an async predicate is itself bounded by the remaining time, so a hung call cannot outlive
 * the timeout.
 * @throws TestingError `TESTING_WAIT_TIMEOUT` after `timeoutMs`.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 50, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts++;
    const remainingMs = deadline - Date.now();
    try {
      const value = await withTimeout(Promise.resolve(predicate()), Math.max(remainingMs, 1), message);
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + intervalMs > deadline) break;
    await sleep(intervalMs);
  }
  const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new TestingError(
    TestingErrorCode.waitTimeout,
    `timed out after ${timeoutMs} ms waiting for ${message} (${attempts} attempts${reason})`,
    lastError === undefined ? {} : { cause: lastError },
  );
}

/**
 * Resolves like `promise`, or rejects with `TESTING_WAIT_TIMEOUT` after `timeoutMs`. The timer never keeps
 * the process alive. Use it around any client call that has no timeout of its own.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TestingError(TestingErrorCode.waitTimeout, `${what} did not finish within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
