import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';
import { startPrivateStack, type PrivateStack, type ServerName } from './support/private-stack.js';

/**
 * The soak (`npm run soak`, not part of `npm test`): SOAK_N URLs (default 2 000) through one pipeline on a
 * private deploy/local stack while every service is killed with SIGKILL in turn and restarted, then Redis,
 * the Kafka broker and the MongoDB-wire server are each restarted. Reports lost, duplicated and peak RSS per
 * service; every URL must end exactly once.
 */
const N = scenarioSize(2000, 'SOAK_N');
/** Each server stays down this long: past kafkajs's own retries for Kafka, long enough for jobs to back off. */
const SERVER_OUTAGE_MS = 20_000;

type Fault = { kind: 'kill'; service: (typeof SERVICES)[number] } | { kind: 'restart'; server: ServerName };
const FAULTS: readonly Fault[] = [
  ...SERVICES.map((service) => ({ kind: 'kill', service }) as const),
  ...(['redis', 'kafka', 'mongo'] as const).map((server) => ({ kind: 'restart', server }) as const),
];

describe('soak: SIGKILL of every service and a restart of every server under a long stream', () => {
  let stack: PrivateStack;
  beforeAll(async () => {
    stack = await startPrivateStack();
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  }, 180_000);
  const scenario = useScenario(() => ({
    servers: stack.servers,
    name: 'soak',
    articles: N,
    // Default backoff (1 s doubling over 8 attempts ≈ 4 min): jobs outlive a server outage.
    env: { ...stack.serviceEnv, JOB_BACKOFF_MS: '1000' },
  }));

  it(
    `${N} URLs: each service killed with SIGKILL in turn, then each server restarted; every URL ends exactly once`,
    async () => {
      const s = scenario();
      s.restartClock();
      const urls = s.articleUrls(0, N);
      // Pushed in slices between the faults, so every fault meets a stream still being fed.
      const slices = FAULTS.length + 1;
      const slice = (i: number): string[] =>
        urls.slice(Math.floor((N * i) / slices), Math.floor((N * (i + 1)) / slices));
      const done: string[] = [];
      for (const [i, fault] of FAULTS.entries()) {
        await s.pushUrls(slice(i));
        // Each fault lands once part of this slice is through, so work is in flight.
        await s.waitProgress(
          urls,
          Math.floor((N * i) / slices) + Math.ceil(slice(i).length / 3),
          budgetMs(N),
        );
        if (fault.kind === 'kill') {
          done.push(`kill -9 ${fault.service}: ${await s.signal(fault.service, 'SIGKILL')}`);
          await s.startService(fault.service);
        } else {
          const t0 = Date.now();
          await stack.stop(fault.server);
          await sleep(SERVER_OUTAGE_MS);
          await stack.start(fault.server);
          done.push(`restart ${fault.server}: ${((Date.now() - t0) / 1000).toFixed(0)} s down`);
        }
      }
      await s.pushUrls(slice(FAULTS.length));
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(N, 600_000, 1000) });
      s.report('soak', acc, { faults: done.length, 'peak RSS': s.rssLine() });
      process.stdout.write(`[reliability] soak faults: ${done.join('; ')}\n`);
      expect(done).toHaveLength(FAULTS.length);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored, describeFailure(s, acc)).toBe(N);
    },
    budgetMs(N, 1_800_000, 3000),
  );
});
