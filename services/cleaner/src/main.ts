import { fileURLToPath } from 'node:url';
import { PageFetchedSchema, Topics, parseMessage } from '@newsflow/contracts';
import {
  createPageStore,
  runService,
  serviceNameFromPath,
  stageOptionsFrom,
  startStage,
} from '@newsflow/runtime';
import { handlePage } from './handler.js';
import { cleanerJobId } from './job-id.js';
import { createCleanerMetrics } from './metrics.js';
import { cleanerSettings } from './settings.js';
import { createSiteTemplates } from './site-templates.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: cleanerSettings,
  async start(deps) {
    const { config } = deps;
    const pages = createPageStore(deps.mongo.db);
    const templates = config.siteTemplates
      ? createSiteTemplates({
          redis: deps.redis,
          keyPrefix: `${config.queuePrefix}:tpl`,
          ttlS: config.siteProfileTtlS,
          maxBlocks: config.siteProfileMaxBlocks,
          maxPages: config.siteProfileMaxPages,
          decayPages: config.siteProfileDecayPages,
        })
      : undefined;
    const handlerDeps = {
      pages,
      ...(templates && { templates }),
      minProfilePages: config.siteProfileMinPages,
      maxPageBytes: config.maxPageBytes,
      limits: { maxInputChars: config.maxPageBytes, maxNodes: config.maxNodes, maxDepth: config.maxDepth },
      metrics: createCleanerMetrics(deps.metrics.registry),
    };
    const stage = await startStage({
      ...stageOptionsFrom(deps),
      name: 'cleaner',
      inputTopic: Topics.pageFetched,
      parse: (value) => parseMessage(PageFetchedSchema, value),
      jobId: cleanerJobId,
      handle: (input, ctx) => handlePage(input, ctx, handlerDeps),
    });
    return [stage];
  },
});
