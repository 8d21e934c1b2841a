import type { PageFetched } from '@newsflow/contracts';

/** Hex digits of the content hash in the job id: 64 bits, plenty to tell versions of one page apart. */
const HASH_CHARS = 16;

/**
 * The BullMQ job id (idempotency key) of a `page.fetched` message: page id + content hash, so a redelivered
 * message is not cleaned twice while a changed page is. A `reprocess` message adds the time it was requested,
 * so replaying the same stored bytes (say, after an extractor upgrade) is a new job. BullMQ forbids `:`.
 */
export function cleanerJobId(message: PageFetched): string {
  const base = `${message.pageId}-${message.contentHash.slice(0, HASH_CHARS)}`;
  const id = message.reprocess ? `${base}-r${Date.parse(message.requestedAt ?? message.fetchedAt)}` : base;
  return id.replaceAll(':', '_');
}
