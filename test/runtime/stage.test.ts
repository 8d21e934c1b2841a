import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { DeadLetterSchema, dlqTopic, parseMessage, validateMessage } from '@newsflow/contracts';
import { NewsflowError } from '@newsflow/errors';
import {
  decodeHeaders,
  startStage,
  type Stage,
  type StageOptions,
  type StageStoppedError,
} from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import { createHarness, type Harness } from '../support/runtime-harness.js';

const Ping = z.object({ n: z.number().int() });
const IN = 'url.requested';
const OUT = 'page.fetched';

describe('startStage against real Kafka and Redis', () => {
  let h: Harness;
  const stages: Stage[] = [];
  beforeEach(async () => {
    h = await createHarness(inject('servers'), 'stage-test');
  });
  afterEach(async () => {
    await Promise.all(stages.splice(0).map((s) => s.close()));
    await h.close();
  });

  const start = (
    handle: StageOptions<{ n: number }>['handle'],
    extra: Partial<
      Pick<
        StageOptions<{ n: number }>,
        'backoffMs' | 'maxBackoffMs' | 'attempts' | 'shutdownGraceMs' | 'onDeadLetter' | 'onFatal' | 'jobId'
      >
    > = {},
  ) =>
    startStage({
      name: `stage-${h.id}`,
      inputTopic: IN,
      parse: (value) => parseMessage(Ping, value),
      jobId: extra.jobId ?? ((input) => `n-${input.n}`),
      handle,
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'stage-test',
      queuePrefix: h.queuePrefix,
      backoffMs: extra.backoffMs ?? 50,
      ...(extra.maxBackoffMs !== undefined && { maxBackoffMs: extra.maxBackoffMs }),
      attempts: extra.attempts ?? 3,
      shutdownGraceMs: extra.shutdownGraceMs ?? 5000,
      ...(extra.onDeadLetter && { onDeadLetter: extra.onDeadLetter }),
      ...(extra.onFatal && { onFatal: extra.onFatal }),
    }).then((stage) => {
      stages.push(stage);
      return stage;
    });

  it('hands a message on with its traceId and headers', async () => {
    const out = await h.collect(OUT);
    await start(async (input, ctx) => {
      await ctx.send(OUT, `k${input.n}`, Ping, { n: input.n * 10 });
    });
    await h.kafka.send(IN, 'k1', Ping, { n: 1 }, { traceId: 'trace-abc' });
    const [message] = await out.waitFor(1);
    expect(JSON.parse(message!.value!.toString())).toEqual({ n: 10 });
    const headers = decodeHeaders(message!);
    expect(headers.traceId).toBe('trace-abc');
    expect(headers.attempt).toBe(1);
    expect(Date.parse(headers.producedAt)).not.toBeNaN();
  });

  it('dead-letters a poison message with the reason and original bytes, and keeps flowing', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    const out = await h.collect(OUT);
    await start(async (input, ctx) => ctx.send(OUT, null, Ping, input));
    await h.kafka.producer.send({
      topic: h.kafka.topic(IN),
      messages: [{ value: 'not json {' }, { value: JSON.stringify({ n: 2 }) }],
    });
    const [dead] = await dlq.waitFor(1);
    const letter = parseMessage(DeadLetterSchema, dead!.value!);
    expect(letter.error.code).toBe('CONTRACT_INVALID_JSON');
    expect(Buffer.from(letter.value, 'base64').toString()).toBe('not json {');
    expect(letter.topic).toBe(h.kafka.topic(IN));
    await out.waitFor(1);
  });

  it('retries a failing job with backoff, then succeeds', async () => {
    const out = await h.collect(OUT);
    const attemptTimes: number[] = [];
    await start(
      async (input, ctx) => {
        attemptTimes.push(Date.now());
        if (ctx.attempt < 3) throw new NewsflowError('TEST_FLAKY', 'flaky dependency', { retriable: true });
        await ctx.send(OUT, null, Ping, input);
      },
      { backoffMs: 200, attempts: 5 },
    );
    await h.kafka.send(IN, null, Ping, { n: 3 });
    await out.waitFor(1);
    expect(attemptTimes).toHaveLength(3);
    // Second gap is at least the first backoff doubled, halved by jitter: 200 * 2 * 0.5.
    expect(attemptTimes[1]! - attemptTimes[0]!).toBeGreaterThanOrEqual(100);
    expect(attemptTimes[2]! - attemptTimes[1]!).toBeGreaterThanOrEqual(200);
  });

  it('spaces retries no further apart than maxBackoffMs, whatever the backoff or a Retry-After asks', async () => {
    const out = await h.collect(OUT);
    const delays: number[] = [];
    const stage = await start(
      async (input, ctx) => {
        if (ctx.attempt < 3) {
          throw Object.assign(new NewsflowError('TEST_BUSY', 'come back in an hour', { retriable: true }), {
            retryAfterMs: 3_600_000,
          });
        }
        await ctx.send(OUT, null, Ping, input);
      },
      // Uncapped, the first retry would wait 5 to 10 minutes (and the Retry-After an hour): far past the wait below.
      { backoffMs: 600_000, maxBackoffMs: 100, attempts: 5 },
    );
    stage.worker.on('failed', (job) => {
      if (job) delays.push(job.delay);
    });
    await h.kafka.send(IN, null, Ping, { n: 6 });
    await out.waitFor(1);
    expect(delays).toEqual([100, 100]);
  });

  it('dead-letters a permanent failure at once and a transient one after its attempts', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    let calls = 0;
    await start(
      async (input) => {
        calls += 1;
        throw new NewsflowError(input.n === 4 ? 'TEST_PERMANENT' : 'TEST_TRANSIENT', 'nope', {
          retriable: input.n !== 4,
        });
      },
      { attempts: 2 },
    );
    await h.kafka.send(IN, null, Ping, { n: 4 });
    await h.kafka.send(IN, null, Ping, { n: 5 });
    const letters = (await dlq.waitFor(2)).map((m) =>
      validateMessage(DeadLetterSchema, JSON.parse(m.value!.toString())),
    );
    const byCode = Object.fromEntries(letters.map((l) => [l.error.code, l.attempts]));
    expect(byCode).toEqual({ TEST_PERMANENT: 1, TEST_TRANSIENT: 2 });
    expect(calls).toBe(3);
  });

  it('dead-letters a programming error at once: the same input would fail the same way', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    let calls = 0;
    await start(
      async () => {
        calls += 1;
        throw new TypeError('cannot read properties of undefined');
      },
      { attempts: 3 },
    );
    await h.kafka.send(IN, null, Ping, { n: 11 });
    const [dead] = await dlq.waitFor(1);
    const letter = parseMessage(DeadLetterSchema, dead!.value!);
    expect(letter.error).toMatchObject({ name: 'TypeError', code: 'UNEXPECTED' });
    expect(letter.attempts).toBe(1);
    expect(calls).toBe(1);
  });

  it('tells onDeadLetter which message it gave up: job id and input, or neither when it did not parse', async () => {
    const events: { jobId: string | undefined; n: number | undefined; code: string }[] = [];
    await start(
      async () => {
        throw new NewsflowError('TEST_PERMANENT', 'never', { retriable: false });
      },
      {
        onDeadLetter: async (event) => {
          events.push({ jobId: event.jobId, n: event.input?.n, code: event.error.code });
        },
      },
    );
    await h.kafka.send(IN, null, Ping, { n: 12 });
    await h.kafka.producer.send({ topic: h.kafka.topic(IN), messages: [{ value: 'not json {' }] });
    await waitFor(() => events.length === 2, { timeoutMs: 30_000, message: 'two dead letters' });
    expect(events).toEqual(
      expect.arrayContaining([
        { jobId: 'n-12', n: 12, code: 'TEST_PERMANENT' },
        { jobId: undefined, n: undefined, code: 'CONTRACT_INVALID_JSON' },
      ]),
    );
  });

  it('dead-letters a job whose worker died more than 3 times instead of running it again', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    const name = `stage-${h.id}`;
    // A job as the stage's consumer queues it, whose worker died four times (BullMQ's stall counter).
    const queue = new Queue(name, { connection: h.redis, prefix: h.queuePrefix });
    await queue.add(
      name,
      {
        value: Buffer.from(JSON.stringify({ n: 13 })).toString('base64'),
        key: null,
        headers: { traceId: 'trace-stalled', attempt: 0, producedAt: new Date().toISOString() },
        topic: h.kafka.topic(IN),
        partition: 0,
        offset: '7',
      },
      { jobId: 'n-13' },
    );
    await h.redis.hset(`${h.queuePrefix}:${name}:n-13`, 'stc', '4');
    await queue.close();
    let calls = 0;
    await start(async () => {
      calls += 1;
    });
    const [dead] = await dlq.waitFor(1);
    const letter = parseMessage(DeadLetterSchema, dead!.value!);
    expect(letter.error).toMatchObject({ name: 'JobStalledError', code: 'JOB_STALLED' });
    expect(letter.offset).toBe('7');
    expect(calls).toBe(0);
  });

  it('processes a replayed dead letter again (its job id is forgotten)', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    const out = await h.collect(OUT);
    let broken = true;
    await start(async (input, ctx) => {
      if (broken) throw new NewsflowError('TEST_PERMANENT', 'not yet', { retriable: false });
      await ctx.send(OUT, null, Ping, input);
    });
    await h.kafka.send(IN, null, Ping, { n: 9 });
    const [dead] = await dlq.waitFor(1);
    broken = false;
    const letter = parseMessage(DeadLetterSchema, dead!.value!);
    await h.kafka.producer.send({
      topic: h.kafka.topic(IN),
      messages: [{ value: Buffer.from(letter.value, 'base64') }],
    });
    const [replayed] = await out.waitFor(1);
    expect(JSON.parse(replayed!.value!.toString())).toEqual({ n: 9 });
  });

  it('dead-letters a message whose output would exceed the broker limit, with a typed reason', async () => {
    const dlq = await h.collect(dlqTopic(IN));
    const Big = z.object({ text: z.string() });
    await start(async (_input, ctx) => ctx.send(OUT, null, Big, { text: 'x'.repeat(1_200_000) }));
    await h.kafka.send(IN, null, Ping, { n: 10 });
    const [dead] = await dlq.waitFor(1);
    expect(parseMessage(DeadLetterSchema, dead!.value!).error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('processes a redelivered message only once (job id = idempotency key)', async () => {
    const out = await h.collect(OUT);
    await start(async (input, ctx) => ctx.send(OUT, null, Ping, input));
    for (let i = 0; i < 5; i += 1) await h.kafka.send(IN, null, Ping, { n: 6 });
    await h.kafka.send(IN, null, Ping, { n: 7 });
    await out.waitFor(2);
    await sleep(500);
    expect(
      out.messages
        .map((m) => JSON.parse(m.value!.toString()) as { n: number })
        .map((m) => m.n)
        .sort(),
    ).toEqual([6, 7]);
  });

  it('finishes an in-flight job on graceful stop instead of losing it', async () => {
    const out = await h.collect(OUT);
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const stage = await start(async (input, ctx) => {
      started();
      await sleep(1000);
      await ctx.send(OUT, null, Ping, input);
    });
    await h.kafka.send(IN, null, Ping, { n: 8 });
    await inFlight;
    await stage.close();
    stages.splice(stages.indexOf(stage), 1);
    await out.waitFor(1);
    expect(JSON.parse(out.messages[0]!.value!.toString())).toEqual({ n: 8 });
  });

  it('calls onFatal when its consumer crashes for good (a bug in jobId), and not on close', async () => {
    const fatal: StageStoppedError[] = [];
    const stage = await start(async () => undefined, {
      jobId: (input) => {
        if (input.n === 13) throw new TypeError('a bug: cannot read properties of undefined');
        return `n-${input.n}`;
      },
      onFatal: (error) => fatal.push(error),
    });
    await h.kafka.send(IN, null, Ping, { n: 13 });
    await waitFor(() => fatal.length > 0, { timeoutMs: 60_000, message: 'onFatal' });
    expect(fatal[0]).toMatchObject({ code: 'STAGE_STOPPED', context: { part: 'consumer' } });
    expect(fatal[0]!.message).toContain('a bug: cannot read properties of undefined');
    await stage.close();
    stages.splice(stages.indexOf(stage), 1);
    expect(fatal).toHaveLength(1);
  });

  it('calls onFatal when its worker stops taking jobs on its own', async () => {
    const fatal: StageStoppedError[] = [];
    const stage = await start(async () => undefined, { onFatal: (error) => fatal.push(error) });
    await stage.worker.close();
    await waitFor(() => fatal.length > 0, { timeoutMs: 30_000, message: 'onFatal' });
    expect(fatal[0]).toMatchObject({ code: 'STAGE_STOPPED', context: { part: 'worker' } });
  });
});
