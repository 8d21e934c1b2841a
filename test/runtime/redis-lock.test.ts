import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createRedis, withRedisLock, type Redis } from '@newsflow/runtime';
import { uniqueName } from '@newsflow/testing';

describe('withRedisLock (real Redis)', () => {
  let redis: Redis;
  let other: Redis;
  beforeAll(async () => {
    redis = await createRedis({ url: inject('servers').redisUrl });
    other = await createRedis({ url: inject('servers').redisUrl });
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('lets one holder in at a time across clients, each of them in turn', async () => {
    const key = uniqueName('lock');
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withRedisLock(
          i % 2 === 0 ? redis : other,
          key,
          { ttlMs: 5_000, waitMs: 30_000, retryMs: 5 },
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(20);
            inside -= 1;
            order.push(i);
            return i;
          },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(results.map((r) => r?.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(order).toHaveLength(8);
    expect(await redis.exists(key)).toBe(0);
  });

  it('keeps the lock past its TTL while the work runs, and frees it when the work ends', async () => {
    const key = uniqueName('lock');
    // The work outlives the TTL 2.5 times; a second holder trying all the while never gets in. The TTL leaves
    // the renewal (every third of it) over a second of slack: at 300 ms a loaded CI machine's event loop
    // stalled past it and the lock expired under its holder.
    let secondGotIn = false;
    const first = withRedisLock(redis, key, { ttlMs: 2_000, waitMs: 0, retryMs: 0 }, () => sleep(5_000));
    await sleep(100);
    const second = withRedisLock(other, key, { ttlMs: 2_000, waitMs: 4_000, retryMs: 50 }, async () => {
      secondGotIn = true;
    });
    expect(await second).toBeUndefined();
    expect(secondGotIn).toBe(false);
    expect(await first).toEqual({ value: undefined });
    expect(
      await withRedisLock(other, key, { ttlMs: 2_000, waitMs: 0, retryMs: 0 }, async () => 'free'),
    ).toEqual({
      value: 'free',
    });
  });

  it('releases the lock when the work throws, and does not release one another holder took over', async () => {
    const key = uniqueName('lock');
    await expect(
      withRedisLock(redis, key, { ttlMs: 5_000, waitMs: 0, retryMs: 0 }, () =>
        Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    expect(await redis.exists(key)).toBe(0);
    // A holder whose lock was taken from it (flushed, expired) leaves the new holder's lock alone.
    await withRedisLock(redis, key, { ttlMs: 5_000, waitMs: 0, retryMs: 0 }, async () => {
      await redis.set(key, 'someone-else');
    });
    expect(await redis.get(key)).toBe('someone-else');
    await redis.del(key);
  });
});
