import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from '@newsflow/runtime';
import { createHostPoliteness, type HostPoliteness, type HostSlot } from '@newsflow/http-fetch';

/** Two connections stand in for two fetcher replicas: they share nothing but Redis. */
let replicaA: Redis;
let replicaB: Redis;

beforeAll(async () => {
  const { redisUrl } = inject('servers');
  replicaA = await createRedis({ url: redisUrl });
  replicaB = await createRedis({ url: redisUrl });
});

afterAll(async () => {
  await Promise.all([replicaA.quit(), replicaB.quit()]);
});

function gates(
  options: { leaseMs?: number; maxConcurrency?: number } = {},
): [HostPoliteness, HostPoliteness] {
  const keyPrefix = `test:politeness:${randomUUID()}`;
  return [
    createHostPoliteness({ redis: replicaA, keyPrefix, ...options }),
    createHostPoliteness({ redis: replicaB, keyPrefix, ...options }),
  ];
}

/** Poll `tryAcquire`, sleeping exactly the wait it asks for, up to `timeoutMs`. */
async function acquireWithin(
  gate: HostPoliteness,
  host: string,
  delayMs: number,
  timeoutMs: number,
): Promise<HostSlot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await gate.tryAcquire(host, { delayMs });
    if (result.acquired) return result.slot;
    if (Date.now() + result.waitMs > deadline) throw new Error(`no slot for ${host} within ${timeoutMs} ms`);
    await sleep(result.waitMs);
  }
}

describe('host politeness across replicas (real Redis)', () => {
  it('gives one replica the host and tells the other how long to wait, while another host proceeds', async () => {
    const [a, b] = gates();
    const first = await a.tryAcquire('news.example', { delayMs: 500 });
    expect(first.acquired).toBe(true);
    const second = await b.tryAcquire('news.example', { delayMs: 500 });
    expect(second).toMatchObject({ acquired: false });
    expect(second.acquired === false && second.waitMs).toBeGreaterThan(0);
    expect(second.acquired === false && second.waitMs).toBeLessThanOrEqual(500);
    const otherHost = await b.tryAcquire('other.example', { delayMs: 500 });
    expect(otherHost.acquired).toBe(true);
  });

  it('holds the delay after a release, then lets the next fetch start', async () => {
    const [a, b] = gates();
    const first = await a.tryAcquire('news.example', { delayMs: 300 });
    if (!first.acquired) throw new Error('expected a slot');
    expect(await first.slot.release()).toBe(true);
    const released = Date.now();
    const blocked = await b.tryAcquire('news.example', { delayMs: 300 });
    expect(blocked.acquired).toBe(false);
    expect(blocked.acquired === false && blocked.waitMs).toBeGreaterThan(200);
    await acquireWithin(b, 'news.example', 300, 2000);
    expect(Date.now() - released).toBeGreaterThanOrEqual(280);
  });

  it('keeps one fetch at a time per host and the per-host delay with two replicas, without slowing another host', async () => {
    const [a, b] = gates();
    const delayMs = 150;
    const fetchMs = 30;
    const starts: Record<string, { start: number; end: number }[]> = { slow: [], fast: [] };
    let inFlight = 0;
    let maxInFlight = 0;
    const job = async (gate: HostPoliteness, host: string, hostDelayMs: number) => {
      const slot = await acquireWithin(gate, host, hostDelayMs, 10_000);
      inFlight += host === 'slow.example' ? 1 : 0;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const start = Date.now();
      await sleep(fetchMs);
      starts[host === 'slow.example' ? 'slow' : 'fast']?.push({ start, end: Date.now() });
      inFlight -= host === 'slow.example' ? 1 : 0;
      await slot.release();
    };
    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => job(i % 2 === 0 ? a : b, 'slow.example', delayMs)),
      ...Array.from({ length: 6 }, (_, i) => job(i % 2 === 0 ? b : a, 'fast.example', 0)),
    ]);
    const slow = (starts.slow ?? []).sort((x, y) => x.start - y.start);
    const fast = (starts.fast ?? []).sort((x, y) => x.start - y.start);
    expect(slow).toHaveLength(6);
    expect(maxInFlight).toBe(1);
    for (let i = 1; i < slow.length; i += 1) {
      // Each fetch starts at least delayMs after the previous one ended (a few ms of timer slack).
      expect((slow[i]?.start ?? 0) - (slow[i - 1]?.end ?? 0)).toBeGreaterThanOrEqual(delayMs - 15);
    }
    // The fast host finished all six while the slow one was still working through its queue.
    expect((fast.at(-1)?.end ?? Infinity) - started).toBeLessThan((slow.at(-1)?.end ?? 0) - started);
  });

  it('frees a slot whose holder died once its lease runs out', async () => {
    const [a, b] = gates({ leaseMs: 300 });
    expect((await a.tryAcquire('news.example', { delayMs: 0 })).acquired).toBe(true);
    const waiting = await b.tryAcquire('news.example', { delayMs: 0 });
    expect(waiting.acquired).toBe(false);
    const slot = await acquireWithin(b, 'news.example', 0, 2000);
    expect(await slot.release()).toBe(true);
  });

  it('lets the same token re-enter its slot (a retried job)', async () => {
    const [a, b] = gates();
    const token = `job-${randomUUID()}`;
    expect((await a.tryAcquire('news.example', { delayMs: 100, token })).acquired).toBe(true);
    expect((await b.tryAcquire('news.example', { delayMs: 100, token })).acquired).toBe(true);
    expect((await b.tryAcquire('news.example', { delayMs: 100 })).acquired).toBe(false);
  });

  it('allows more than one at a time when maxConcurrency says so', async () => {
    const [a, b] = gates({ maxConcurrency: 2 });
    expect((await a.tryAcquire('news.example', { delayMs: 0 })).acquired).toBe(true);
    expect((await b.tryAcquire('news.example', { delayMs: 0 })).acquired).toBe(true);
    expect((await a.tryAcquire('news.example', { delayMs: 0 })).acquired).toBe(false);
  });
});
