import { withRedisLock, type Redis } from '@newsflow/runtime';

const RETRY_MS = 200;

/**
 * One lock per source in Redis, taken by its polls (its feeds and sitemaps list the same articles, so they
 * never run at once, on any replica: each then sees what the other pushed) and by the requests that change
 * it (a poll under way would otherwise re-arm a schedule that `pause` just dropped). It is also what keeps
 * their writes to the source's document whole: FerretDB 1.24 applies an update as read, change, write, so two
 * updates of one document at once keep one of them (`$inc`s of polls lost, another target's fields put back).
 */
export interface SourceLock {
  /**
   * Runs `work` while holding the lock of `sourceId`. Waits up to `waitMs` for it; returns `undefined`
   * without running `work` if it stays taken (what that means is the caller's: a poll is skipped, a request
   * retried).
   */
  run<T>(sourceId: string, waitMs: number, work: () => Promise<T>): Promise<{ value: T } | undefined>;
}

export interface SourceLockOptions {
  /** Keys are `<keyPrefix>:<sourceId>`. */
  readonly keyPrefix: string;
  /**
   * The lock expires this long after its holder last renewed it, should the holder die. A live holder renews
   * it every third of this while its work runs: a poll may well outlast it (a sitemap index read child by
   * child through a busy host's politeness budget), and the lock expiring under it let the source's other
   * polls in, whose writes then lost each other's counters.
   */
  readonly ttlMs: number;
}

/** The source lock on `redis` ({@link withRedisLock}): the one place its key is made. */
export function createSourceLock(redis: Redis, options: SourceLockOptions): SourceLock {
  return {
    run: (sourceId, waitMs, work) =>
      withRedisLock(
        redis,
        `${options.keyPrefix}:${sourceId}`,
        { ttlMs: options.ttlMs, waitMs, retryMs: RETRY_MS },
        work,
      ),
  };
}
