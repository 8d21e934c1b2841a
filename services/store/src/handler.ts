import { ArticleStoredSchema, SCHEMA_VERSION, Topics, type ArticleEnriched } from '@newsflow/contracts';
import { sha256Hex } from '@newsflow/normalize';
import type { JobContext } from '@newsflow/runtime';
import type { ArticleRepository, UpsertResult } from './article-repository.js';

/**
 * The store's idempotency key: the article id plus a hash of the whole message, so a redelivered message is
 * not processed twice while a reprocessed (different) message is. BullMQ job ids may not contain ':'.
 */
export function storeJobId(input: ArticleEnriched): string {
  return `${input.articleId.replaceAll(':', '_')}-${sha256Hex(JSON.stringify(input)).slice(0, 16)}`;
}

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
