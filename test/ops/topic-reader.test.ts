import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { createKafka, type KafkaHandle } from '@newsflow/runtime';
import { followTopics, type TopicStream } from '@newsflow/ops';
import { waitFor } from '@newsflow/testing';
import { createHarness, type Harness } from '../support/runtime-harness.js';

const TOPIC = 'url.requested';

describe('following topics: a consumer kafkajs restarts goes on where the stream was', () => {
  let h: Harness;
  let kafka: KafkaHandle;
  let admin: Admin;
  let stream: TopicStream | undefined;

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'ops-follow');
    // No retries: the handler's one failure crashes the consumer at once, and kafkajs restarts it with a new group
    // object (the path a join failing on a broker started a moment ago takes too).
    kafka = await createKafka({
      brokers: inject('servers').kafkaBrokers,
      clientId: `ops-follow-${h.id}`,
      topicPrefix: h.topicPrefix,
      logger: h.logger,
      retries: 0,
    });
    admin = kafka.kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await stream?.stop();
    await admin?.disconnect();
    await kafka?.close();
    await h?.close();
  });

  it('hands on the message it crashed on after the restart, then the next, each once', async () => {
    const seen: string[] = [];
    let failures = 0;
    stream = await followTopics(kafka, admin, [TOPIC], (record) => {
      const value = record.message.value?.toString() ?? '';
      if (value === 'first' && failures === 0) {
        failures += 1;
        throw new Error('the handler fails once');
      }
      seen.push(value);
    });
    await h.kafka.producer.send({ topic: h.kafka.topic(TOPIC), messages: [{ value: 'first' }] });
    await waitFor(() => seen.length >= 1, {
      timeoutMs: 60_000,
      message: 'the first message handed on after the restart',
    });
    await h.kafka.producer.send({ topic: h.kafka.topic(TOPIC), messages: [{ value: 'second' }] });
    await waitFor(() => seen.length >= 2, { timeoutMs: 60_000, message: 'the second message handed on' });
    await sleep(500);
    expect(failures).toBe(1);
    expect(seen).toEqual(['first', 'second']);
  });
});
