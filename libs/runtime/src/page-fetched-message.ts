import { INLINE_BODY_MAX_BYTES, SCHEMA_VERSION, type PageFetched } from '@newsflow/contracts';
import type { SaveResult, StoredPage } from './page-store.js';

/** What `page.fetched` says beyond the stored page (how it was asked for and reached). */
export interface PageFetchedExtras {
  /** Redirects followed to reach `finalUrl`, in order. */
  readonly redirects?: readonly string[];
  readonly source?: string | undefined;
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
  readonly requestedAt?: string | undefined;
}

/**
 * The `page.fetched` message announcing a page just saved to `pages`, as every producer of fresh pages (the
 * fetcher, the WARC importer) sends it: the content hash of the saved bytes and, when this save wrote them and
 * they are small (INLINE_BODY_MAX_BYTES gzipped), the stored bytes inline, which spares the cleaner a read.
 */
export function pageFetchedMessage(
  page: StoredPage,
  saved: SaveResult,
  extras: PageFetchedExtras = {},
): PageFetched {
  return {
    schemaVersion: SCHEMA_VERSION,
    pageId: page.pageId,
    url: page.url,
    finalUrl: page.finalUrl,
    status: page.status,
    headers: { ...page.headers },
    contentType: page.contentType,
    ...(page.charset ? { charset: page.charset } : {}),
    fetchedAt: page.fetchedAt.toISOString(),
    bytes: page.body.byteLength,
    contentHash: saved.contentHash,
    redirects: [...(extras.redirects ?? [])],
    ...(page.etag ? { etag: page.etag } : {}),
    ...(page.lastModified ? { lastModified: page.lastModified } : {}),
    ...(extras.source ? { source: extras.source } : {}),
    ...(extras.meta ? { meta: { ...extras.meta } } : {}),
    ...(extras.requestedAt ? { requestedAt: extras.requestedAt } : {}),
    ...(saved.gzipped && saved.gzipped.byteLength <= INLINE_BODY_MAX_BYTES
      ? { inlineBody: Buffer.from(saved.gzipped).toString('base64') }
      : {}),
  };
}
