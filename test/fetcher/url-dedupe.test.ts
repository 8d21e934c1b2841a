import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from '@newsflow/runtime';
import { createUrlDedupe } from '../../services/fetcher/src/url-dedupe.js';

let redis: Redis;

beforeAll(async () => {
  redis = await createRedis({ url: inject('servers').redisUrl });
});

afterAll(async () => {
  await redis.quit();
});

describe('URL dedupe (real Redis)', () => {
  const url = 'https://news.example/a';

  it('tells a first claim, its own re-run and another owner apart', async () => {
    const dedupe = createUrlDedupe(redis, `test:fetch:${randomUUID()}`, 60);
    expect(await dedupe.claim(url, 'job-1', false)).toBe('first');
    expect(await dedupe.claim(url, 'job-1', false)).toBe('again');
    expect(await dedupe.claim(url, 'job-2', false)).toBe(false);
    expect(await dedupe.claim(url, 'job-2', true)).toBe('first');
  });

  it('treats the run after a park as a first attempt, once, and keeps the window', async () => {
    const keyPrefix = `test:fetch:${randomUUID()}`;
    const dedupe = createUrlDedupe(redis, keyPrefix, 60);
    expect(await dedupe.claim(url, 'job-1', false)).toBe('first');
    await dedupe.park(url, 'job-1');
    expect(await dedupe.claim(url, 'job-2', false)).toBe(false);
    expect(await dedupe.claim(url, 'job-1', false)).toBe('first');
    // Died after that: the next run may follow a stored page.
    expect(await dedupe.claim(url, 'job-1', false)).toBe('again');
    const [key] = await redis.keys(`${keyPrefix}:dedupe:*`);
    expect(await redis.ttl(key!)).toBeGreaterThan(50);
  });

  it('does not park a claim another owner holds', async () => {
    const dedupe = createUrlDedupe(redis, `test:fetch:${randomUUID()}`, 60);
    expect(await dedupe.claim(url, 'job-1', false)).toBe('first');
    await dedupe.park(url, 'job-2');
    expect(await dedupe.claim(url, 'job-1', false)).toBe('again');
  });

  it("releases its own claim, parked or not, and leaves another owner's alone", async () => {
    const dedupe = createUrlDedupe(redis, `test:fetch:${randomUUID()}`, 60);
    expect(await dedupe.claim(url, 'job-1', false)).toBe('first');
    await dedupe.release(url, 'job-2');
    expect(await dedupe.claim(url, 'job-2', false)).toBe(false);
    await dedupe.release(url, 'job-1');
    expect(await dedupe.claim(url, 'job-2', false)).toBe('first');
    await dedupe.park(url, 'job-2');
    await dedupe.release(url, 'job-2');
    expect(await dedupe.claim(url, 'job-3', false)).toBe('first');
  });
});
