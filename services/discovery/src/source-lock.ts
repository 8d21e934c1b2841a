import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '@newsflow/runtime';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RETRY_MS = 200;

/**
 * One lock per source in Redis, taken by its polls (its feeds and sitemaps list the same articles, so they
 * never run at once, on any replica: each then sees what the other pushed) and by the requests that change
 * it (a poll under way would otherwise re-arm a schedule that `pause` just dropped).
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
  /** The lock expires this long after it was taken, should its holder die. */
  readonly ttlMs: number;
}

/** The source lock on `redis`: the one place its key is made. */
export function createSourceLock(redis: Redis, options: SourceLockOptions): SourceLock {
  return {
    async run(sourceId, waitMs, work) {
      const key = `${options.keyPrefix}:${sourceId}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      while ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
        if (Date.now() >= deadline) return undefined;
        await sleep(RETRY_MS);
      }
      try {
        return { value: await work() };
      } finally {
        await redis.eval(RELEASE, 1, key, token);
      }
    },
  };
}
