import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '@newsflow/runtime';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RETRY_MS = 200;

/**
 * Runs `work` while holding the source's lock in Redis, so the polls of one source (its feeds and sitemaps
 * list the same articles) never run at once, on any replica: each then sees what the other pushed. Waits up
 * to `waitMs` for the lock; returns `undefined` without running `work` if it stays taken. The lock expires
 * after `ttlMs` should its holder die.
 */
export async function withSourceLock<T>(
  redis: Redis,
  key: string,
  options: { ttlMs: number; waitMs: number },
  work: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  const token = randomUUID();
  const deadline = Date.now() + options.waitMs;
  while ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
    if (Date.now() >= deadline) return undefined;
    await sleep(RETRY_MS);
  }
  try {
    return { value: await work() };
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
