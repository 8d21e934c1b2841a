import { afterEach, describe, expect, inject, it } from 'vitest';
import { createKafka, createKafkaProbe, createLogger, type KafkaHandle } from '@newsflow/runtime';
import { startClosingServer, type ClosingServer } from '../cli/closing-server.js';
import { startCountingProxy } from '../support/counting-proxy.js';

const logger = createLogger({ service: 'kafka-probe-test', level: 'silent' });

describe('Kafka health probe', () => {
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const handle of opened.splice(0).reverse()) await handle.close();
  });

  it('answers true on a live broker, asking on one kept connection', async () => {
    // Through a proxy that counts connections, as the broker's address to dial first: each probe opened a fresh
    // admin client and connected it (measured before: 5 connections for 5 probes), slow under load.
    const proxy = await startCountingProxy(inject('servers').kafkaBrokers[0]!);
    opened.push(proxy);
    const kafka: KafkaHandle = await createKafka({
      brokers: [proxy.address],
      clientId: 'probe-test',
      logger,
    });
    opened.push(kafka);
    const before = proxy.connections();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await kafka.ping());
    expect(answers).toEqual([true, true, true, true, true]);
    expect(proxy.connections() - before).toBeLessThanOrEqual(1);
  });

  it('answers false on a dead broker after one attempt per probe, and not at all once closed', async () => {
    // A port where something accepts and closes each connection at once: every attempt is counted. kafkajs's
    // own retries (KAFKA_RETRIES, 8 by default) went on dialling after the probe's 2 s bound answered false.
    const dead: ClosingServer = await startClosingServer();
    opened.push(dead);
    const probe = createKafkaProbe({ brokers: [dead.address], clientId: 'probe-test', logger });
    opened.push(probe);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await probe.ping());
    expect(answers).toEqual([false, false, false]);
    const attempts = dead.connections();
    expect(attempts).toBeLessThanOrEqual(3);
    await probe.close();
    expect(await probe.ping()).toBe(false);
    expect(dead.connections()).toBe(attempts);
  });
});
