import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { DeadLetterSchema, dlqTopic, parseMessage } from '@newsflow/contracts';
import { NewsflowError } from '@newsflow/errors';
import { startStage, type Stage } from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
} from '../reliability/support/private-stack.js';
import { createHarness, type Harness } from '../support/runtime-harness.js';

const Ping = z.object({ n: z.number().int() });
const IN = 'url.requested';
const POISON = 5;

/**
 * Kafka is stopped while poison messages are given up, so their dead letters cannot be written: they must be
 * kept (in Redis) and written exactly once when Kafka is back. Stopping a broker needs one of our own: a private
 * deploy/local Kafka on free ports (Redis and MongoDB stay the shared ones). Without a deploy/local
 * installation this is skipped, saying why (an allowed skip only there: test/skips/allowed-skips.ts).
 */
const unavailable = privateStackUnavailable(['kafka']);
if (unavailable) process.stderr.write(`[runtime] dead letters while Kafka is down skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)('dead letters while Kafka is down (private broker)', () => {
  let stack: PrivateStack;
  let h: Harness | undefined;
  let stage: Stage | undefined;
  beforeAll(async () => {
    stack = await startPrivateStack({ only: ['kafka'] });
  }, 300_000);
  afterEach(async () => {
    await stage?.close();
    await h?.close();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  it('keeps the letters of messages given up while Kafka is down and writes each once when it is back', async () => {
    h = await createHarness(
      { ...inject('servers'), kafkaBrokers: stack.servers.kafkaBrokers },
      'outbox-test',
    );
    const harness = h;
    let entered = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    stage = await startStage({
      name: `outbox-${harness.id}`,
      inputTopic: IN,
      parse: (value) => parseMessage(Ping, value),
      jobId: (input) => `n-${input.n}`,
      handle: async () => {
        entered += 1;
        await gate;
        throw new NewsflowError('TEST_POISON', 'this message can never be processed');
      },
      kafka: harness.kafka,
      redis: harness.redis,
      logger: harness.logger,
      metrics: harness.metrics,
      service: 'outbox-test',
      queuePrefix: harness.queuePrefix,
      concurrency: POISON,
      backoffMs: 50,
      shutdownGraceMs: 5000,
    });
    await harness.kafka.producer.send({
      topic: harness.kafka.topic(IN),
      messages: Array.from({ length: POISON }, (_, n) => ({ value: JSON.stringify({ n }) })),
    });
    await waitFor(() => entered === POISON, { timeoutMs: 60_000, message: 'every message in its handler' });

    await stack.stop('kafka');
    release();
    // Given up with Kafka down: every job is done with, and every letter waits in Redis.
    const deadLetters = stage.deadLetters;
    await waitFor(
      async () => (await deadLetters.getJobCountByTypes('waiting', 'active', 'delayed')) === POISON,
      {
        timeoutMs: 60_000,
        message: `${POISON} letters kept in Redis`,
      },
    );
    await waitFor(async () => (await stage!.queue.count()) === 0, {
      timeoutMs: 30_000,
      message: 'the stage queue empty',
    });
    expect((await harness.metrics.deadLettered.get()).values.reduce((sum, v) => sum + v.value, 0)).toBe(0);

    await stack.start('kafka');
    const dlq = await harness.collect(dlqTopic(IN));
    const letters = (await dlq.waitFor(POISON, 120_000)).map((m) => parseMessage(DeadLetterSchema, m.value!));
    await waitFor(async () => (await deadLetters.getJobCountByTypes('waiting', 'active', 'delayed')) === 0, {
      timeoutMs: 60_000,
      message: 'no letter left in Redis',
    });
    // Exactly once: the topic holds as many records as messages given up, one per original offset.
    const admin = harness.kafka.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(harness.kafka.topic(dlqTopic(IN)));
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)).toBe(POISON);
    expect(new Set(letters.map((l) => `${l.partition}-${l.offset}`)).size).toBe(POISON);
    for (const letter of letters) expect(letter.error.code).toBe('TEST_POISON');
  }, 400_000);
});
