import { withRedisLock, type Redis } from '@newsflow/runtime';
import { WriteConflictError } from './store-errors.js';

/** Runs `fn` while no other holder of the same key (in any process sharing the Redis) runs. */
export interface ArticleLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface RedisArticleLockOptions {
  readonly redis: Redis;
  /** Prefix of the lock keys, e.g. the queue prefix. */
  readonly prefix: string;
  /** A holder that dies keeps the lock this long at most (a live one renews it). @default 15000 */
  readonly ttlMs?: number;
  /**
   * How long to wait for a busy lock before giving up with a retriable error. Generous: writers of one
   * article queue behind each other, and a job may run for JOB_TIMEOUT_MS anyway. @default 60000
   */
  readonly waitMs?: number;
}

/** Pause between tries while a lock is busy (and up to as much again at random). */
const RETRY_MS = 5;

/**
 * A per-article mutex in Redis ({@link withRedisLock}). The store needs it because FerretDB, the local
 * MongoDB-wire server, does not apply a conditional update atomically: two `replaceOne({_id, version})` racing
 * on the same document both match and one update is lost (measured: 50 racing writers, 50 "wins", final
 * version 12). On MongoDB the version condition alone is enough; the lock costs two Redis round trips per
 * article and keeps both servers correct.
 */
export function createRedisArticleLock(options: RedisArticleLockOptions): ArticleLock {
  const { redis, prefix, ttlMs = 15_000, waitMs = 60_000 } = options;
  return {
    async withLock(key, fn) {
      const held = await withRedisLock(
        redis,
        `${prefix}:store-lock:${key}`,
        { ttlMs, waitMs, retryMs: RETRY_MS },
        fn,
      );
      if (!held) throw new WriteConflictError(key, `lock still busy after ${waitMs} ms`, { waitMs });
      return held.value;
    },
  };
}

/** No lock: for servers whose conditional updates are atomic (MongoDB), relying on the version check alone. */
export const noArticleLock: ArticleLock = {
  withLock: (_key, fn) => fn(),
};
