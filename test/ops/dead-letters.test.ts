import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DeadLetterSchema, SCHEMA_VERSION, serializeMessage } from '@newsflow/contracts';
import { createRedis } from '@newsflow/runtime';
import { uniqueName, waitFor } from '@newsflow/testing';
import {
  createReplayLedger,
  readDeadLetters,
  replayDeadLetters,
  type ReplayEvent,
  type ReplayLedger,
} from '@newsflow/ops';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';

const DLQ = 'url.requested.dlq';

function letter(url: string, code: string): Buffer {
  return serializeMessage(DeadLetterSchema, {
    schemaVersion: SCHEMA_VERSION,
    topic: 'url.requested',
    key: new URL(url).host,
    value: Buffer.from(url).toString('base64'),
    error: { name: 'TestError', code, message: `failed with ${code}` },
    attempts: 3,
    failedAt: '2026-01-02T03:04:05.000Z',
    service: 'fetcher',
  });
}

describe('dead letters: reading and replaying one, a code, or everything, each letter once', () => {
  let h: Harness;
  let ledger: ReplayLedger;
  let requests: Collector;

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'ops-dlq');
    ledger = createReplayLedger({ redis: h.redis, prefix: h.queuePrefix });
    requests = await h.collect('url.requested');
    const letters = [
      ['https://a.example/1', 'FETCH_TIMEOUT'],
      ['https://b.example/2', 'FETCH_HTTP_STATUS'],
      ['https://c.example/3', 'FETCH_TIMEOUT'],
      ['https://d.example/4', 'FETCH_HTTP_STATUS'],
      ['https://e.example/5', 'FETCH_TIMEOUT'],
    ];
    await h.kafka.producer.send({
      topic: h.kafka.topic(DLQ),
      messages: letters.map(([url, code]) => ({ value: letter(url!, code!) })),
    });
  });
  afterAll(async () => {
    await requests?.stop();
    await h?.close();
  });

  const replayedUrls = (): string[] => requests.messages.map((m) => m.value?.toString() ?? '').sort();

  it('lists the letters decoded, each saying whether a replay dealt with it', async () => {
    const { totals, letters } = await readDeadLetters(h.kafka, { topics: [DLQ], limit: 10, ledger });
    expect(totals.get(DLQ)).toBe(5);
    expect(letters.map((l) => [l.offset, l.letter?.error.code, l.original.toString(), l.replayed])).toEqual([
      ['0', 'FETCH_TIMEOUT', 'https://a.example/1', false],
      ['1', 'FETCH_HTTP_STATUS', 'https://b.example/2', false],
      ['2', 'FETCH_TIMEOUT', 'https://c.example/3', false],
      ['3', 'FETCH_HTTP_STATUS', 'https://d.example/4', false],
      ['4', 'FETCH_TIMEOUT', 'https://e.example/5', false],
    ]);
  });

  it('replays one letter, then one code, then the rest, never a letter twice', async () => {
    const events: ReplayEvent[] = [];
    const one = await replayDeadLetters(h.kafka, {
      topics: [DLQ],
      ledger,
      letter: { topic: DLQ, partition: 0, offset: '2' },
      onEvent: (e) => events.push(e),
    });
    expect(one).toEqual({ replayed: 1, skipped: 0 });
    expect(events).toEqual([
      { topic: DLQ, partition: 0, offset: '2', outcome: 'replayed', target: h.kafka.topic('url.requested') },
    ]);
    await requests.waitFor(1);

    const byCode = await replayDeadLetters(h.kafka, { topics: [DLQ], ledger, code: 'FETCH_TIMEOUT' });
    expect(byCode).toEqual({ replayed: 2, skipped: 0 });
    await requests.waitFor(3);
    expect(replayedUrls()).toEqual(['https://a.example/1', 'https://c.example/3', 'https://e.example/5']);

    const { letters } = await readDeadLetters(h.kafka, { topics: [DLQ], limit: 10, ledger });
    expect(letters.map((l) => l.replayed)).toEqual([true, false, true, false, true]);

    const rest = await replayDeadLetters(h.kafka, { topics: [DLQ], ledger });
    expect(rest).toEqual({ replayed: 2, skipped: 0 });
    await requests.waitFor(5);
    expect(await replayDeadLetters(h.kafka, { topics: [DLQ], ledger })).toEqual({ replayed: 0, skipped: 0 });
    expect(replayedUrls()).toHaveLength(5);
    // Everything is done, so the ledger holds only the watermark, not an offset per letter.
    expect(await h.redis.zcard(`${h.queuePrefix}:dlq-replays:${h.kafka.topic(DLQ)}:0:offsets`)).toBe(0);
    expect(await h.redis.get(`${h.queuePrefix}:dlq-replays:${h.kafka.topic(DLQ)}:0:watermark`)).toBe('5');
  });

  it('refuses a letter that is not on its topic, and a second replay while one runs', async () => {
    await expect(
      replayDeadLetters(h.kafka, {
        topics: [DLQ],
        ledger,
        letter: { topic: DLQ, partition: 0, offset: '99' },
      }),
    ).rejects.toMatchObject({ code: 'DLQ_LETTER_NOT_FOUND' });
    await expect(
      ledger.exclusive(() => replayDeadLetters(h.kafka, { topics: [DLQ], ledger })),
    ).rejects.toMatchObject({ code: 'DLQ_REPLAY_BUSY', retriable: true });
  });
});

describe('dead letters: a replay stopped half-way', () => {
  let h: Harness;
  let ledger: ReplayLedger;
  let requests: Collector;
  const urls = ['https://a.example/1', 'https://b.example/2', 'https://c.example/3', 'https://d.example/4'];

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'ops-dlq-stop');
    ledger = createReplayLedger({ redis: h.redis, prefix: h.queuePrefix });
    requests = await h.collect('url.requested');
    await h.kafka.producer.send({
      topic: h.kafka.topic(DLQ),
      messages: urls.map((url) => ({ value: letter(url, 'FETCH_TIMEOUT') })),
    });
  });
  afterAll(async () => {
    await requests?.stop();
    await h?.close();
  });

  it('sends nothing after its signal aborts, keeps what it sent recorded, and releases its lock', async () => {
    const controller = new AbortController();
    const reason = new Error('broker gone');
    const events: ReplayEvent[] = [];
    await expect(
      replayDeadLetters(h.kafka, {
        topics: [DLQ],
        ledger,
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          // Told of the second letter (sent and recorded), the caller stops the replay.
          if (events.length === 2) controller.abort(reason);
        },
      }),
    ).rejects.toBe(reason);
    expect(events.map((e) => [e.offset, e.outcome])).toEqual([
      ['0', 'replayed'],
      ['1', 'replayed'],
    ]);
    const { letters } = await readDeadLetters(h.kafka, { topics: [DLQ], limit: 10, ledger });
    expect(letters.map((l) => l.replayed)).toEqual([true, true, false, false]);

    // Not refused (the lock is free), and only the two letters left are sent.
    expect(await replayDeadLetters(h.kafka, { topics: [DLQ], ledger })).toEqual({ replayed: 2, skipped: 0 });
    await requests.waitFor(4);
    expect(requests.messages.map((m) => m.value?.toString()).sort()).toEqual(urls);
  });

  it('refuses to start once its signal has aborted, taking no lock', async () => {
    const reason = new Error('stopped before it began');
    await expect(
      replayDeadLetters(h.kafka, { topics: [DLQ], ledger, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(await h.redis.exists(`${h.queuePrefix}:dlq-replays:lock`)).toBe(0);
  });
});

describe('the replay lock', () => {
  it('is renewed while a replay runs, so a long replay keeps it past its TTL; freed when the replay ends', async () => {
    const redis = await createRedis({ url: inject('servers').redisUrl });
    const prefix = uniqueName('ops-replay-lock');
    const lockTtlMs = 3000;
    const ledger = createReplayLedger({ redis, prefix, lockTtlMs });
    const lock = `${prefix}:dlq-replays:lock`;
    try {
      const result = await ledger.exclusive(async () => {
        // Renewals show as the lock's remaining time going up; without them it only runs down and the lock is
        // gone one TTL after it was taken. Watched until that moment has passed (or the lock is gone).
        const expiredWithoutRenewal = Date.now() + lockTtlMs;
        let last = await redis.pttl(lock);
        let renewals = 0;
        await waitFor(
          async () => {
            const ttl = await redis.pttl(lock);
            if (ttl > last) renewals += 1;
            last = ttl;
            return ttl <= 0 || Date.now() > expiredWithoutRenewal + 500;
          },
          { timeoutMs: 4 * lockTtlMs, intervalMs: 100, message: 'the replay lock past its TTL' },
        );
        expect(last, 'the lock expired while its replay ran').toBeGreaterThan(0);
        expect(renewals).toBeGreaterThanOrEqual(2);
        await expect(ledger.exclusive(() => Promise.resolve('second'))).rejects.toMatchObject({
          code: 'DLQ_REPLAY_BUSY',
        });
        return 'first';
      });
      expect(result).toBe('first');
      expect(await redis.exists(lock)).toBe(0);
      expect(await ledger.exclusive(() => Promise.resolve('next'))).toBe('next');
    } finally {
      await redis.del(lock);
      await redis.quit();
    }
  });
});
