import type { ArticleEnriched } from '@newsflow/contracts';
import { sha256Hex } from '@newsflow/normalize';

/** Hex digits of the message hash in the job id: 64 bits, plenty to tell versions of one article apart. */
const HASH_CHARS = 16;

/**
 * The BullMQ job id (idempotency key) of an `article.enriched` message: the article id plus a hash of the
 * whole message, so a redelivered message is not stored twice while a reprocessed (different) message is.
 * BullMQ forbids `:`.
 */
export function storeJobId(input: ArticleEnriched): string {
  return `${input.articleId.replaceAll(':', '_')}-${sha256Hex(JSON.stringify(input)).slice(0, HASH_CHARS)}`;
}
