import { fileURLToPath } from 'node:url';
import { ArticleEnrichedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { runService, serviceNameFromPath, stageOptionsFrom, startStage } from '@newsflow/runtime';
import { createRedisArticleLock, noArticleLock } from './article-lock.js';
import { createArticleRepository } from './article-repository.js';
import { handleArticle } from './handler.js';
import { storeJobId } from './job-id.js';
import { storeSettings } from './store-settings.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: storeSettings,
  async start(deps) {
    const { config } = deps;
    const repository = createArticleRepository({
      db: deps.mongo.db,
      logger: deps.logger,
      collectionName: config.articlesCollection,
      maxDocumentBytes: config.maxDocumentBytes,
      historyLimit: config.versionHistory,
      lock:
        config.articleLock === 'redis'
          ? createRedisArticleLock({ redis: deps.redis, prefix: config.queuePrefix })
          : noArticleLock,
    });
    await repository.init();
    const stage = await startStage({
      ...stageOptionsFrom(deps),
      name: 'store',
      inputTopic: Topics.articleEnriched,
      parse: (value) => parseMessage(ArticleEnrichedSchema, value),
      // One job per distinct message: a redelivery is deduplicated, a reprocessed article is a new job.
      jobId: storeJobId,
      handle: async (input, ctx) => {
        await handleArticle(input, ctx, { repository });
      },
    });
    return [stage];
  },
});
