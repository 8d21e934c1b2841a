import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { parseMessage } from '@newsflow/contracts';
import { startStage, type Stage } from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import { createHarness, type Harness } from '../support/runtime-harness.js';

const Ping = z.object({ n: z.number().int() });
const IN = 'url.requested';
const OUT = 'page.fetched';
/** A low QUEUE_MAX_WAITING_JOBS, so a few dozen messages reach it. */
const MAX_WAITING_JOBS = 5;
const MESSAGES = 40;

describe('backpressure against real Kafka and Redis', () => {
  let h: Harness;
  let stage: Stage | undefined;
  beforeEach(async () => {
    h = await createHarness(inject('servers'), 'backpressure-test');
  });
  afterEach(async () => {
    await stage?.close();
    await h.close();
  });

  /** Offsets the stage's consumer group committed on the input topic, summed over partitions. */
  const committed = async (group: string): Promise<number> => {
    const admin = h.kafka.kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({
        groupId: `${h.topicPrefix}${group}`,
        topics: [h.kafka.topic(IN)],
      });
      return (topic?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const paused = async (): Promise<boolean> =>
    (await h.metrics.backpressure.get()).values.some((v) => v.labels.topic === IN && v.value === 1);

  it('stops reading Kafka while more than QUEUE_MAX_WAITING_JOBS jobs wait, and reads on as they drain', async () => {
    const out = await h.collect(OUT);
    const name = `bp-${h.id}`;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    stage = await startStage({
      name,
      inputTopic: IN,
      parse: (value) => parseMessage(Ping, value),
      jobId: (input) => `n-${input.n}`,
      handle: async (input, ctx) => {
        await gate;
        await ctx.send(OUT, null, Ping, input);
      },
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'backpressure-test',
      queuePrefix: h.queuePrefix,
      concurrency: 1,
      maxWaitingJobs: MAX_WAITING_JOBS,
      shutdownGraceMs: 1000,
    });
    // One key, one partition: the messages come to the consumer as one batch.
    await h.kafka.producer.send({
      topic: h.kafka.topic(IN),
      messages: Array.from({ length: MESSAGES }, (_, n) => ({ key: 'k', value: JSON.stringify({ n }) })),
    });

    await waitFor(paused, { timeoutMs: 30_000, message: 'the consumer to pause' });
    // Paused: at most one chunk (no larger than the limit) past the limit was queued, and only what was
    // queued is committed; the rest waits in Kafka.
    expect(await stage.queue.getWaitingCount()).toBeLessThanOrEqual(2 * MAX_WAITING_JOBS);
    const committedWhilePaused = await committed(name);
    expect(committedWhilePaused).toBeLessThanOrEqual(2 * MAX_WAITING_JOBS + 1);
    expect(await stage.queue.count()).toBeLessThan(MESSAGES);

    open();
    const messages = await out.waitFor(MESSAGES, 60_000);
    expect(new Set(messages.map((m) => (JSON.parse(m.value!.toString()) as { n: number }).n)).size).toBe(
      MESSAGES,
    );
    await waitFor(async () => (await committed(name)) === MESSAGES, {
      timeoutMs: 30_000,
      message: 'every offset committed',
    });
    expect(await paused()).toBe(false);
  });
});
