import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
  type ServerName,
} from './support/private-stack.js';

/**
 * Scenarios 3, 4 and 5: Redis, the Kafka broker and the MongoDB-wire server restarted mid-stream. They run on
 * a private deploy/local stack (free ports, own state folder) so restarting a server never disturbs other
 * test runs sharing the machine's servers; without a deploy/local installation (say, containers only) they
 * are skipped, saying why (an allowed skip only there: test/skips/allowed-skips.ts).
 */
const N = scenarioSize(60);
const MONGO_OUTAGE_MS = 20_000;
/**
 * Kafka stays down longer than kafkajs's own retries last (about 30 s with the runtime's settings), so sends
 * fail for real and the stages must retry them rather than dead-letter good work or drop it.
 */
const KAFKA_OUTAGE_MS = 35_000;
const unavailable = privateStackUnavailable();
if (unavailable) process.stderr.write(`[reliability] server restart scenarios skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)(
  'reliability: servers restarted mid-stream (private deploy/local stack)',
  () => {
    let stack: PrivateStack;
    // Registered before the scenario, so the stack starts before it and closes after it.
    beforeAll(async () => {
      stack = await startPrivateStack();
    }, 600_000);
    afterAll(async () => {
      await stack?.close();
    }, 180_000);
    // Default backoff (1 s, doubling over 8 attempts ≈ 4 min): a job must outlive a 20 s outage, not be
    // dead-lettered by it.
    const scenario = useScenario(() => ({
      servers: stack.servers,
      name: 'server restarts',
      articles: N * 3,
      env: { JOB_BACKOFF_MS: '1000' },
    }));

    async function restartMidStream(
      label: string,
      server: ServerName,
      from: number,
      downMs: number,
    ): Promise<void> {
      const s = scenario();
      s.restartClock();
      const urls = s.articleUrls(from, from + N);
      await s.pushUrls(urls);
      await s.waitProgress(urls, Math.ceil(urls.length / 5), budgetMs(urls.length));
      const t0 = Date.now();
      await stack.stop(server);
      if (downMs > 0) await sleep(downMs);
      await stack.start(server);
      const outage = Date.now() - t0;
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report(label, acc, { 'outage s': (outage / 1000).toFixed(1) });
      expect(s.exits, s.logs()).toEqual([]);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored, describeFailure(s, acc)).toBe(urls.length);
    }

    it(
      '3. Redis restarted (appendonly): queues survive, stalled jobs are recovered',
      async () => {
        await restartMidStream('3 redis restart', 'redis', 0, 0);
      },
      budgetMs(N, 600_000, 3000),
    );

    it(
      '4. Kafka broker restarted: producers and consumers reconnect by themselves',
      async () => {
        await restartMidStream('4 kafka down 35 s', 'kafka', N, KAFKA_OUTAGE_MS);
      },
      budgetMs(N, 600_000, 3000),
    );

    it(
      '5. MongoDB-wire server stopped for 20 s: the pipeline waits and nothing is lost or doubled',
      async () => {
        await restartMidStream('5 mongo 20 s outage', 'mongo', N * 2, MONGO_OUTAGE_MS);
      },
      budgetMs(N, 600_000, 3000),
    );
  },
);
