import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeWhenKnown } from '@newsflow/runtime';
import { createTopicsWithLeaders, waitFor } from '@newsflow/testing';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
} from '../reliability/support/private-stack.js';

// A single-node KRaft broker of deploy/local that was killed (SIGKILL: a session or the machine ending under
// it) recovers every partition's log at its next start. With the thousands of topics test runs leave behind
// that outlasted `up`'s fixed START_TIMEOUT_S on a loaded machine; `up` then stopped the broker mid-recovery,
// leaving it unclean again, so it never came back. `up` now says why such a start is slow and waits while
// the recovery progresses (deploy/local/up wait_ready, lib.sh kafka_start_progress).

const lib = join(resolve(import.meta.dirname, '..', '..'), 'deploy', 'local', 'lib.sh');
const UNCLEAN =
  /kafka: its last stop was not clean \(killed\?\): Kafka first recovers the logs of its \d+ partitions/;

describe('deploy/local: the start-up progress of a Kafka node (kafka_start_progress)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-kafka-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // KAFKA_PORT picks the node's folder: its server log is <dir>/kafka-49092/logs/server.log.
  const logs = join(dir, 'kafka-49092', 'logs');
  const progress = (): string =>
    execFileSync('bash', ['-c', 'source "$0"; kafka_start_progress kafka', lib], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, KAFKA_PORT: '49092', NEWSFLOW_LOCAL_DIR: dir },
    });
  const progressOf = (lines: string[]): string => {
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'server.log'), lines.map((line) => `${line}\n`).join(''));
    return progress();
  };
  // Lines as Kafka 3.9.1 writes them (deploy/local/kafka/log4j.properties layout), shortened inside Log(...).
  const loaded = (n: number) =>
    `[2026-12-06 20:41:57,295] INFO Completed load of Log(dir=/x/data/t1.page.fetched-2, topic=t1.page.fetched, partition=2) with 1 segments, local-log-start-offset 0 and log-end-offset 0 in 94ms (${n}/2967 completed in /x/data) (kafka.log.LogManager)`;
  const opened =
    '[2026-12-06 20:38:28,240] INFO [Partition t42fd35d5.article.stored.dlq-0 broker=1] Log loaded for partition t42fd35d5.article.stored.dlq-0 with initial high watermark 0 (kafka.cluster.Partition)';
  const other =
    '[2026-12-06 20:41:57,360] INFO [BrokerLifecycleManager id=1] Unable to register broker 1 because the controller returned error DUPLICATE_BROKER_REGISTRATION (kafka.server.BrokerLifecycleManager)';

  it('names the last partition log loaded, then the last partition opened', () => {
    expect(progressOf([loaded(1), other, loaded(315), other])).toBe('loading partition logs 315/2967\n');
    expect(progressOf([loaded(2967), opened, other])).toBe(
      'opening partition t42fd35d5.article.stored.dlq-0\n',
    );
  });

  it('says nothing before the broker works on its partitions, or without a log', () => {
    expect(progressOf([other, other])).toBe('');
    rmSync(logs, { recursive: true });
    expect(progress()).toBe('');
  });
});

const unavailable = privateStackUnavailable(['kafka']);
if (unavailable) process.stderr.write(`[deploy] Kafka restart after SIGKILL skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)(
  'deploy/local: a Kafka broker killed with SIGKILL (private broker)',
  () => {
    let stack: PrivateStack;
    let kafka: Kafka;
    const topic = `unclean-${randomUUID()}`;
    const before = Array.from({ length: 30 }, (_, i) => `before-${i}`);

    beforeAll(async () => {
      stack = await startPrivateStack({ only: ['kafka'] });
      kafka = new Kafka({
        clientId: 'unclean-restart-test',
        brokers: [...stack.servers.kafkaBrokers],
        logLevel: logLevel.NOTHING,
      });
    }, 300_000);
    afterAll(async () => {
      await stack?.close();
    }, 120_000);

    /**
     * The distinct values on `topic` from the start, once `count` distinct ones have arrived (bounded wait, no
     * sleep). Distinct: a send retried across the restart, or a consumer group that rebalances before it
     * commits, may hand a value over twice (at least once); what this test guards is that none is missing.
     */
    async function readAll(count: number): Promise<string[]> {
      const consumer = kafka.consumer({ groupId: `read-${randomUUID()}` });
      const seen = new Set<string>();
      try {
        await consumer.connect();
        await subscribeWhenKnown(consumer, { topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            seen.add(message.value?.toString() ?? '');
          },
        });
        await waitFor(() => seen.size >= count, {
          timeoutMs: 60_000,
          intervalMs: 100,
          message: `${count} messages on ${topic}`,
        });
        return [...seen].sort();
      } finally {
        await consumer.disconnect();
      }
    }

    it('comes back with its data from `up`, which says the last stop was not clean', async () => {
      const admin = kafka.admin();
      await admin.connect();
      await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3 }]);
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: before.map((value) => ({ key: value, value })) });
      await producer.disconnect();

      await stack.kill('kafka');
      const log = await stack.start('kafka');
      expect(log).toMatch(UNCLEAN);

      // What was acknowledged before the kill is still there, and the broker takes new writes.
      const after = kafka.producer();
      await after.connect();
      await after.send({ topic, acks: -1, messages: [{ key: 'after', value: 'after-0' }] });
      await after.disconnect();
      expect(await readAll(before.length + 1)).toEqual([...before, 'after-0'].sort());

      // A clean stop (SIGTERM) is not reported as unclean.
      await stack.stop('kafka');
      expect(await stack.start('kafka')).not.toMatch(UNCLEAN);
    }, 300_000);
  },
);
