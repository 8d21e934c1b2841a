import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '@newsflow/runtime';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
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
      let renewal: NodeJS.Timeout | undefined;
      let done = false;
      const renewSoon = () => {
        renewal = setTimeout(
          () => {
            void redis.eval(RENEW, 1, key, token, options.ttlMs).then(
              // 0: the lock is gone (Redis flushed, or a renewal came later than the TTL): nothing left to renew.
              (renewed) => (renewed === 1 && !done ? renewSoon() : undefined),
              // Redis unreachable for now: try again; the lock expires on its own if that lasts.
              () => (done ? undefined : renewSoon()),
            );
          },
          Math.max(10, Math.floor(options.ttlMs / 3)),
        );
      };
      renewSoon();
      try {
        return { value: await work() };
      } finally {
        done = true;
        clearTimeout(renewal);
        await redis.eval(RELEASE, 1, key, token);
      }
    },
  };
}
