import { fileURLToPath } from 'node:url';
import { Topics, parseUrlRequested } from '@newsflow/contracts';
import { createPoliteClient, politeClientOptionsFrom } from '@newsflow/http-fetch';
import {
  createPageStore,
  runService,
  serviceNameFromPath,
  stageOptionsFrom,
  startStage,
} from '@newsflow/runtime';
import { handleUrlRequested, releaseDeadLettered, type FetcherDeps } from './handler.js';
import { fetcherJobId } from './job-id.js';
import { createFetcherMetrics } from './metrics.js';
import { fetcherSettings } from './settings.js';
import { createUrlDedupe } from './url-dedupe.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: fetcherSettings,
  async start(deps) {
    const { config, redis } = deps;
    // Saves of one page by several replicas (or jobs) take turns: docs/design.md.
    const pages = createPageStore(deps.mongo.db, { lock: { redis, keyPrefix: config.queuePrefix } });
    await pages.init();
    const handlerDeps: FetcherDeps = {
      // Keys under QUEUE_PREFIX, like discovery's: one politeness budget and robots cache per host for both.
      client: createPoliteClient({
        redis,
        keyPrefix: config.queuePrefix,
        ...politeClientOptionsFrom(config),
      }),
      pages,
      dedupe: createUrlDedupe(redis, `${config.queuePrefix}:fetcher`, config.dedupeWindowS),
      metrics: createFetcherMetrics(deps.metrics.registry),
      now: () => new Date(),
    };
    const stage = await startStage({
      ...stageOptionsFrom(deps),
      name: 'fetcher',
      inputTopic: Topics.urlRequested,
      parse: parseUrlRequested,
      jobId: fetcherJobId,
      priority: (request) => request.priority,
      handle: (request, ctx) => handleUrlRequested(request, ctx, handlerDeps),
      onDeadLetter: (event) => releaseDeadLettered(event, handlerDeps.dedupe),
    });
    return [stage];
  },
});
