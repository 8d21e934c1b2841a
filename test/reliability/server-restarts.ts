import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@newsflow/testing';
import { TAKEOVER_ENV, budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';
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
/**
 * Kafka and the MongoDB-wire server each stay down until a stage job failed on them (kafkajs's own retries run
 * out after about 2 s with KAFKA_RETRIES 3, below; a MongoDB operation gives up after 10 s) and waits in
 * BullMQ's backoff: work fails for real and the stages must retry it rather than dead-letter good work or drop
 * it. Waiting for that event, not a fixed time, makes each outage as long as needed on a loaded machine and no
 * longer on a quiet one.
 */
const KAFKA_FAILED_JOB = /Kafka is unavailable/;
// The store names the server (DependencyUnavailableError); the fetcher's page store passes the driver's own error on.
const MONGO_FAILED_JOB =
  /MongoDB is unavailable|Server selection timed out|MongoNetwork|MongoNotConnected|Topology is closed|ECONNREFUSED/;
/** Bound on waiting for that failure. */
const OUTAGE_MAX_MS = 180_000;
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
    // Default backoff (1 s, doubling over 8 attempts ≈ 4 min): a job must outlive each outage, not be
    // dead-lettered by it. Jobs cut off by a Redis restart (3) are taken over after JOB_LOCK_MS; after the
    // broker restart (4) the consumers rejoin as new group members and the group waits out the old members'
    // sessions (TAKEOVER_ENV). KAFKA_RETRIES 3 (about 1.4 s of waits, default 8: about 21 s) makes the first job
    // fail on the stopped broker (4) that much sooner; what 4 checks is the same, a send that failed for good and
    // its job retried by BullMQ, and 8 attempts of 1 s doubling (about 2 minutes) outlast the broker's restart.
    const scenario = useScenario(() => ({
      servers: stack.servers,
      name: 'server restarts',
      articles: N * 3,
      env: { JOB_BACKOFF_MS: '1000', KAFKA_RETRIES: '3', ...TAKEOVER_ENV },
    }));

    async function restartMidStream(
      label: string,
      server: ServerName,
      from: number,
      down: RegExp | undefined,
      { pushDuringOutage = false } = {},
    ): Promise<void> {
      const s = scenario();
      s.restartClock();
      const urls = s.articleUrls(from, from + N);
      // With the rest pushed while the server is down, work meets the outage however fast the first half went.
      const before = pushDuringOutage ? urls.slice(0, Math.ceil(urls.length / 2)) : urls;
      await s.pushUrls(before);
      await s.waitProgress(before, Math.ceil(urls.length / 5), budgetMs(urls.length));
      const t0 = Date.now();
      await stack.stop(server);
      const stopped = Date.now();
      if (pushDuringOutage) await s.pushUrls(urls.slice(before.length));
      let retrying = 0;
      if (down !== undefined) {
        await waitFor(async () => (retrying = await s.retryingJobs(down)) > 0, {
          timeoutMs: OUTAGE_MAX_MS,
          intervalMs: 500,
          message: `a job failed with ${down} and waiting to be retried`,
        });
      }
      const failed = Date.now();
      await stack.start(server);
      const seconds = (from: number, to = Date.now()): string => ((to - from) / 1000).toFixed(1);
      // The outage's parts: stopping the server, until a job failed on it (KAFKA_RETRIES for 4), starting it.
      const outage = `${seconds(t0)} (stop ${seconds(t0, stopped)} + ${seconds(stopped, failed)} + start ${seconds(failed)})`;
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report(label, acc, {
        'outage s': outage,
        ...(down === undefined ? {} : { 'jobs retrying when restarted': retrying }),
      });
      expect(s.exits, s.logs()).toEqual([]);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored, describeFailure(s, acc)).toBe(urls.length);
    }

    it(
      '3. Redis restarted (appendonly): queues survive, stalled jobs are recovered',
      async () => {
        await restartMidStream('3 redis restart', 'redis', 0, undefined);
      },
      budgetMs(N, 600_000, 3000),
    );

    it(
      '4. Kafka broker restarted: producers and consumers reconnect by themselves',
      async () => {
        await restartMidStream('4 kafka down until a job fails on it', 'kafka', N, KAFKA_FAILED_JOB);
      },
      budgetMs(N, 600_000, 3000),
    );

    it(
      '5. MongoDB-wire server stopped until a job fails on it: the pipeline waits and nothing is lost or doubled',
      async () => {
        await restartMidStream('5 mongo down until a job fails on it', 'mongo', N * 2, MONGO_FAILED_JOB, {
          pushDuringOutage: true,
        });
      },
      budgetMs(N, 600_000, 3000),
    );
  },
);
