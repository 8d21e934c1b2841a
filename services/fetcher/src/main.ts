import { fileURLToPath } from 'node:url';
import { Counter, Histogram } from 'prom-client';
import { Topics, parseUrlRequested } from '@newsflow/contracts';
import { createPageStore, runService, serviceNameFromPath, stageDeps, startStage } from '@newsflow/runtime';
import { parseAllowList } from './address-guard.js';
import { handleUrlRequested } from './handler.js';
import { createHostPoliteness } from './host-politeness.js';
import { createRobotsCache } from './robots-cache.js';
import { fetcherSettings } from './settings.js';
import { createUrlDedupe } from './url-dedupe.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: fetcherSettings,
  async start(deps) {
    const { config, redis, metrics } = deps;
    const pages = createPageStore(deps.mongo.db);
    await pages.init();
    const keyPrefix = `${config.queuePrefix}:fetcher`;
    const fetcherMetrics = {
      fetched: new Counter({
        name: 'newsflow_fetch_pages_total',
        help: 'Fetch outcomes: fetched, duplicate, not_modified, unchanged',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      }),
      bytes: new Counter({
        name: 'newsflow_fetch_bytes_total',
        help: 'Bytes received (as sent on the wire)',
        registers: [metrics.registry],
      }),
      hostWait: new Histogram({
        name: 'newsflow_fetch_host_wait_seconds',
        help: 'How long a job was parked waiting for its host (politeness)',
        buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60],
        registers: [metrics.registry],
      }),
    };
    const stage = await startStage({
      ...stageDeps(deps),
      name: 'fetcher',
      inputTopic: Topics.urlRequested,
      parse: parseUrlRequested,
      // Each message is its own job (redeliveries of it dedupe); the same URL in several messages is deduped
      // by the URL window instead, which `force` can bypass.
      jobId: (_request, at) => `m-${at.timestamp}-${at.partition}-${at.offset}`,
      priority: (request) => request.priority,
      handle: (request, ctx) =>
        handleUrlRequested(request, ctx, {
          fetchOptions: {
            userAgent: `${config.userAgent} (+${config.contactUrl})`,
            allowList: parseAllowList(config.allowedHosts),
            connectTimeoutMs: config.connectTimeoutMs,
            headersTimeoutMs: config.headersTimeoutMs,
            totalTimeoutMs: config.totalTimeoutMs,
            maxRedirects: config.maxRedirects,
            maxBodyBytes: config.maxBodyBytes,
          },
          respectRobots: config.respectRobots,
          hostDelayMs: config.hostDelayMs,
          pages,
          robots: createRobotsCache({ redis, keyPrefix: `${keyPrefix}:robots` }),
          politeness: createHostPoliteness({
            redis,
            keyPrefix: `${keyPrefix}:politeness`,
            maxConcurrency: config.hostConcurrency,
          }),
          dedupe: createUrlDedupe(redis, keyPrefix, config.dedupeWindowS),
          metrics: fetcherMetrics,
        }),
    });
    return [stage];
  },
});
