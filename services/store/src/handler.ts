import { ArticleStoredSchema, SCHEMA_VERSION, Topics, type ArticleEnriched } from '@newsflow/contracts';
import type { JobContext } from '@newsflow/runtime';
import type { ArticleRepository, UpsertResult } from './article-repository.js';

export interface HandleArticleDeps {
  readonly repository: ArticleRepository;
}

/**
 * Stores one enriched article and announces it on `article.stored`. The event follows the committed write;
 * if sending fails the job is retried, the upsert then finds the content unchanged and the event goes out
 * with `outcome: 'unchanged'` (at least once, never before the write).
 */
export async function handleArticle(
  input: ArticleEnriched,
  ctx: JobContext,
  deps: HandleArticleDeps,
): Promise<UpsertResult> {
  const result = await deps.repository.upsert(input);
  await ctx.send(Topics.articleStored, input.articleId, ArticleStoredSchema, {
    schemaVersion: SCHEMA_VERSION,
    articleId: input.articleId,
    url: input.canonicalUrl,
    version: result.version,
    ...(result.duplicateOf === undefined ? {} : { duplicateOf: result.duplicateOf }),
    storedAt: result.storedAt.toISOString(),
    outcome: result.outcome,
  });
  ctx.log.info(
    {
      articleId: input.articleId,
      outcome: result.outcome,
      version: result.version,
      duplicateOf: result.duplicateOf,
      stale: result.stale || undefined,
      rounds: result.rounds > 1 ? result.rounds : undefined,
    },
    'article stored',
  );
  return result;
}
