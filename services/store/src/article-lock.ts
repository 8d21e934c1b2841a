import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '@newsflow/runtime';
import { WriteConflictError } from './store-errors.js';

/** Runs `fn` while no other holder of the same key (in any process sharing the Redis) runs. */
export interface ArticleLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface RedisArticleLockOptions {
  readonly redis: Redis;
  /** Prefix of the lock keys, e.g. the queue prefix. */
  readonly prefix: string;
  /** A holder that dies keeps the lock this long at most. @default 15000 */
  readonly ttlMs?: number;
  /**
   * How long to wait for a busy lock before giving up with a retriable error. Generous: writers of one
   * article queue behind each other, and a job may run for JOB_TIMEOUT_MS anyway. @default 60000
   */
  readonly waitMs?: number;
}

/** Deletes the key only if we still own it, so a lock that expired and was taken over is not released by us. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Poll interval while a lock is busy, randomised so waiting writers do not wake in step. */
const POLL_MIN_MS = 2;
const POLL_JITTER_MS = 10;

/**
 * A per-article mutex in Redis (`SET NX PX` + token-checked release). The store needs it because FerretDB,
 * the local MongoDB-wire server, does not apply a conditional update atomically: two `replaceOne({_id,
 * version})` racing on the same document both match and one update is lost (measured: 50 racing writers,
 * 50 "wins", final version 12). On MongoDB the version condition alone is enough; the lock costs two Redis
 * round trips per article and keeps both servers correct.
 */
export function createRedisArticleLock(options: RedisArticleLockOptions): ArticleLock {
  const { redis, prefix, ttlMs = 15_000, waitMs = 60_000 } = options;
  return {
    async withLock(key, fn) {
      const lockKey = `${prefix}:store-lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      let waits = 0;
      while ((await redis.set(lockKey, token, 'PX', ttlMs, 'NX')) !== 'OK') {
        if (Date.now() > deadline) {
          throw new WriteConflictError(key, `lock still busy after ${waitMs} ms`, { waits, waitMs });
        }
        waits += 1;
        await sleep(POLL_MIN_MS + Math.random() * POLL_JITTER_MS);
      }
      try {
        return await fn();
      } finally {
        await redis.eval(RELEASE_SCRIPT, 1, lockKey, token);
      }
    },
  };
}

/** No lock: for servers whose conditional updates are atomic (MongoDB), relying on the version check alone. */
export const noArticleLock: ArticleLock = {
  withLock: (_key, fn) => fn(),
};
