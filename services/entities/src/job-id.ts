import type { ArticleCleaned } from '@newsflow/contracts';

/**
 * The BullMQ job id (idempotency key) of an `article.cleaned` message: article id + the time it was cleaned,
 * so a redelivered message is not tagged twice while a new extraction of the same article (reprocess, a
 * changed page) carries a new `processedAt` and is tagged again. BullMQ forbids `:`.
 */
export function entitiesJobId(article: ArticleCleaned): string {
  return `${article.articleId}-${Date.parse(article.processedAt)}`.replaceAll(':', '_');
}
