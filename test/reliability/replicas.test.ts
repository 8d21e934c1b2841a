import { describe, expect, inject, it } from 'vitest';
import { SERVICES, budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';

/** Scenario 2: two replicas of every service; one of each is killed and the survivor takes over its work. */
const N = scenarioSize(60);

describe('reliability: two replicas of each service, one killed', () => {
  const scenario = useScenario(
    () => ({ servers: inject('servers'), name: 'replicas, one of each killed', articles: N }),
    { replicas: 2 },
  );

  it(
    'the survivors take over partitions and jobs: every URL ends exactly once',
    async () => {
      const s = scenario();
      const urls = s.articleUrls(0, N);
      await s.pushUrls(urls);
      await s.waitProgress(urls, Math.ceil(urls.length / 5), budgetMs(urls.length));
      const killed = await Promise.all(
        SERVICES.map(async (service) => `${service}:${await s.signal(service, 'SIGKILL', 1)}`),
      );
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report('2 replicas, one of each killed', acc, {
        killed: killed.length,
        survivors: SERVICES.map((x) => s.running.get(x)?.length ?? 0).join('/'),
      });
      expect(killed).toEqual(SERVICES.map((service) => `${service}:SIGKILL`));
      for (const service of SERVICES) expect(s.running.get(service)?.length, service).toBe(1);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
    },
    budgetMs(N, 600_000, 3000),
  );
});
