import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from './redis.js';

export interface RedisLockOptions {
  /**
   * The lock expires this long after its holder last renewed it, should the holder die. A live holder renews it
   * every third of this while its work runs, so work may outlast it (a long poll, a replay of many letters).
   */
  readonly ttlMs: number;
  /** How long to wait for a lock another holds; 0 tries once. */
  readonly waitMs: number;
  /** Pause between tries, with up to as much again at random so waiting holders do not wake in step. */
  readonly retryMs: number;
}

/** Deletes the key only while it is ours, so a lock that expired and was taken over is not released by us. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the lock only while it is ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Runs `work` while no other holder of `key` runs, in any process sharing the Redis (`SET NX PX` with a token,
 * renewed while the work runs, released by its holder only). `undefined` when the lock stayed taken for
 * `waitMs`: the caller says what busy means (a retriable error, a replay already running). There is no maximum
 * hold: ending the renewal while `work` still runs would let a second holder write beside it (docs/design.md,
 * "No maximum hold on a lock").
 */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  options: RedisLockOptions,
  work: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  const { ttlMs, waitMs, retryMs } = options;
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() >= deadline) return undefined;
    await sleep(retryMs + Math.random() * retryMs);
  }
  let renewal: NodeJS.Timeout | undefined;
  let done = false;
  const renewSoon = (): void => {
    renewal = setTimeout(
      () => {
        void redis.eval(RENEW, 1, key, token, ttlMs).then(
          // 0: the lock is gone (Redis flushed, or a renewal came later than the TTL): nothing left to renew.
          (renewed) => (renewed === 1 && !done ? renewSoon() : undefined),
          // Redis unreachable for now: try again; the lock expires on its own if that lasts.
          () => (done ? undefined : renewSoon()),
        );
      },
      Math.max(1, Math.floor(ttlMs / 3)),
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
}
