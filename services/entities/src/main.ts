import { fileURLToPath } from 'node:url';
import { Counter } from 'prom-client';
import { ArticleCleanedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { createTagger } from '@newsflow/entities';
import { loadModelFiles } from '@newsflow/entities/load-model';
import { sha256Hex } from '@newsflow/normalize';
import { runService, serviceNameFromPath, stageOptionsFrom, startStage } from '@newsflow/runtime';
import { handleArticle } from './handler.js';
import { entitiesJobId } from './job-id.js';
import { entitiesSettings } from './settings.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: entitiesSettings,
  async start(deps) {
    const files = await loadModelFiles(deps.config.modelDir);
    const tagger = await createTagger(files, { threads: deps.config.threads });
    // The weights' hash names the model version, so stored articles say exactly which model tagged them
    // (both graphs where ALL-CAPS and lowercase sentences go to a case-robust one).
    const modelVersion = sha256Hex(
      files.caseRobust ? Buffer.concat([files.onnx, files.caseRobust.onnx]) : files.onnx,
    ).slice(0, 12);
    deps.logger.info({ model: tagger.info }, 'entity model loaded');
    const articles = new Counter({
      name: 'newsflow_entities_articles_total',
      help: 'Articles by outcome (tagged; skipped: no model for the language) and language',
      labelNames: ['outcome', 'language'],
      registers: [deps.metrics.registry],
    });
    const stage = await startStage({
      ...stageOptionsFrom(deps),
      name: 'entities',
      inputTopic: Topics.articleCleaned,
      parse: (value) => parseMessage(ArticleCleanedSchema, value),
      jobId: entitiesJobId,
      handle: (article, ctx) =>
        handleArticle(article, ctx, { tagger, maxTokens: deps.config.maxTokens, modelVersion, articles }),
    });
    return [stage];
  },
});
