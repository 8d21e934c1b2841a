import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topics } from '@newsflow/contracts';
import { budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';
import { privateStackUnavailable, startPrivateStack, type PrivateStack } from './support/private-stack.js';

/**
 * Scenario 10: a 3-node KRaft cluster (replication factor 3, min.insync.replicas 2, producers acks=all) on a
 * private deploy/local stack loses the broker that leads the URL topic's first partition to SIGKILL while URLs
 * flow; more URLs are pushed while it is gone, then it is brought back. Every URL must end exactly once.
 */
const N = scenarioSize(30);
const unavailable = privateStackUnavailable();
if (unavailable) process.stderr.write(`[reliability] Kafka cluster scenario skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)(
  'reliability: a 3-node Kafka cluster loses a broker (private deploy/local stack)',
  () => {
    let stack: PrivateStack;
    beforeAll(async () => {
      stack = await startPrivateStack({ kafkaNodes: 3 });
    }, 600_000);
    afterAll(async () => {
      await stack?.close();
    }, 180_000);
    const scenario = useScenario(() => ({
      servers: stack.servers,
      name: 'kafka cluster',
      articles: N,
      // Services create topics with the cluster's replication, as on a managed cluster (docs/deploy.md).
      env: { ...stack.serviceEnv, JOB_BACKOFF_MS: '1000' },
    }));

    it(
      '10. one of three brokers killed with SIGKILL mid-stream, URLs pushed while it is gone, then brought back',
      async () => {
        const s = scenario();
        s.restartClock();
        expect(await s.replication(Topics.urlRequested)).toEqual({ replicas: 3, minInsyncReplicas: 2 });
        const urls = s.articleUrls(0, N);
        const half = Math.ceil(N / 2);
        await s.pushUrls(urls.slice(0, half));
        await s.waitProgress(urls, Math.ceil(N / 6), budgetMs(N));
        const victim = await s.leaderOf(Topics.urlRequested);
        await stack.kill(`kafka-${victim}`);
        // Two of three replicas are in sync: producers (acks=all) and consumers carry on without the lost node.
        await s.pushUrls(urls.slice(half));
        await s.waitProgress(urls, half, budgetMs(N));
        await stack.start(`kafka-${victim}`);
        const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(N) });
        s.report('10 broker killed', acc, { 'killed node': victim });
        expect(s.exits, s.logs()).toEqual([]);
        expect(acc.lost, describeFailure(s, acc)).toEqual([]);
        expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
        expect(acc.stored, describeFailure(s, acc)).toBe(N);
      },
      budgetMs(N, 600_000, 3000),
    );
  },
);
