import { describe, expect, inject, it } from 'vitest';
import { SERVICES, budgetMs, describeFailure, scenarioSize, useScenario } from './support/scenario.js';

/**
 * Scenario 9: many URLs pushed at once against a slowed fixture site, on a pipeline and database of its own.
 * Every service's memory must stay bounded while the queues are deep, and the consumer lag must drain. The
 * default size keeps the whole suite near 6 minutes on a 2-core machine; `RELIABILITY_BACKPRESSURE_N=10000` makes
 * it a long run.
 */
const BACKPRESSURE_N = scenarioSize(150, 'RELIABILITY_BACKPRESSURE_N');
/** Delay of each page: the site, not only the machine, holds the fetcher back. */
const SLOW_PAGE_MS = 20;
/** A service's resident memory may not exceed this. */
const MAX_RSS_BYTES = 1024 * 2 ** 20;

describe('reliability: backpressure', () => {
  const scenario = useScenario(() => ({
    servers: inject('servers'),
    name: 'backpressure',
    articles: BACKPRESSURE_N,
    slowPageMs: SLOW_PAGE_MS,
  }));

  it(
    '9. backpressure: many URLs at once against a slow site; memory stays bounded and lag drains',
    async () => {
      const s = scenario();
      const urls = s.slowUrls(0, BACKPRESSURE_N);
      await s.pushUrls(urls);
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      const lag = await s.consumerLag();
      s.report('9 backpressure', acc, {
        'peak RSS': s.rssLine(),
        lag: Object.values(lag).reduce((a, b) => a + b, 0),
      });
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
      expect(lag).toEqual({ fetcher: 0, cleaner: 0, entities: 0, store: 0 });
      expect(await s.queuedJobs()).toBe(0);
      for (const service of SERVICES)
        expect(s.peakRss.get(service) ?? 0, service).toBeLessThan(MAX_RSS_BYTES);
    },
    budgetMs(BACKPRESSURE_N, 600_000, 2000),
  );
});
