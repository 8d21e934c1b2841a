import { DependencyUnavailableError } from './runtime-errors.js';

/**
 * Races `promise` against a timer so no call to a server can hang a service or a test.
 * @throws DependencyUnavailableError naming `what` when the timer wins.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DependencyUnavailableError(what, `no answer within ${timeoutMs} ms`, {
            context: { timeoutMs },
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
