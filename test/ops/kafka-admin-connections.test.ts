import { describe, expect, inject, it } from 'vitest';
import { readDeadLetters, readPipelineStatus } from '@newsflow/ops';
import { createKafka, createLogger } from '@newsflow/runtime';
import { testNamespace } from '@newsflow/testing';
import { startCountingProxy } from '../support/counting-proxy.js';

const logger = createLogger({ service: 'ops-admin-test', level: 'silent' });
const READINGS = 5;

describe('console readings on one kept Kafka admin', () => {
  it('reads the pipeline status and dead letters again and again without connecting again, and closes it', async () => {
    // Through a proxy that counts connections, as the broker's address to dial first: every admin client dials
    // it once. Each reading connected a fresh admin (measured before: 6 more connections for 4 more status
    // readings and 2 dead-letter readings). The namespace's topics are never created: nothing to remove.
    const proxy = await startCountingProxy(inject('servers').kafkaBrokers[0]!);
    const { topicPrefix } = testNamespace('harness');
    const kafka = await createKafka({
      brokers: [proxy.address],
      clientId: 'ops-admin-test',
      topicPrefix,
      logger,
    });
    try {
      // Only Kafka's part is asked; the others fail on purpose and leave their figures null.
      const notAsked = (): Promise<never> => Promise.reject(new Error('not asked by this test'));
      const read = () =>
        readPipelineStatus(
          { withKafka: (use) => use(kafka), withRedis: notAsked, withMongo: notAsked },
          { queuePrefix: 'unused', articlesCollection: 'articles' },
        );
      const failed = (status: Awaited<ReturnType<typeof read>>) => status.failures.map((f) => f.server);
      expect(failed(await read())).toEqual(['Redis', 'MongoDB']);
      const before = proxy.connections();
      for (let i = 1; i < READINGS; i += 1) expect(failed(await read())).toEqual(['Redis', 'MongoDB']);
      for (let i = 0; i < 2; i += 1) {
        const { totals, letters } = await readDeadLetters(kafka, {
          topics: ['url.requested.dlq'],
          limit: 10,
        });
        expect([totals.size, letters.length]).toEqual([0, 0]);
      }
      expect(proxy.connections() - before).toBe(0);
    } finally {
      await kafka.close();
    }
    // Closing the handle closes the kept admin too: nothing stays connected.
    await proxy.drained();
    await proxy.close();
  });

  it('lets uses under way finish when another fails, and connects afresh for the next', async () => {
    const proxy = await startCountingProxy(inject('servers').kafkaBrokers[0]!);
    const kafka = await createKafka({ brokers: [proxy.address], clientId: 'ops-admin-test', logger });
    try {
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const underWay = kafka.withAdmin(async (admin) => {
        await gate;
        return admin.listTopics();
      });
      await expect(
        kafka.withAdmin(async () => {
          throw new Error('this use failed');
        }),
      ).rejects.toThrow('this use failed');
      release();
      // The failed use dropped the admin; the one under way on it still gets its answer.
      expect(Array.isArray(await underWay)).toBe(true);
      const before = proxy.connections();
      expect(Array.isArray(await kafka.withAdmin((admin) => admin.listTopics()))).toBe(true);
      expect(proxy.connections() - before).toBe(1);
    } finally {
      await kafka.close();
    }
    await proxy.drained();
    await proxy.close();
  });
});
