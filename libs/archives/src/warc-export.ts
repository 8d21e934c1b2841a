import { isNewsflowError } from '@newsflow/errors';
import type { PageStore } from '@newsflow/runtime';
import { warcInfoRecord, warcResponseRecord } from './warc-writer.js';

export interface ExportOptions {
  /** Only pages fetched at or after this. */
  readonly since?: Date;
  /** Only pages whose final URL is on this host. */
  readonly site?: string;
  /** The name the warcinfo record gives the file. */
  readonly filename: string;
  /** The warcinfo `software` field. */
  readonly software: string;
  readonly now: () => Date;
  /** Told once per page written. */
  readonly onPage?: (pageId: string) => void;
  /** Told of a page that vanished between listing and reading (it is left out). */
  readonly onMissing?: (pageId: string) => void;
}

/**
 * Stored raw pages as a WARC/1.1 file gzipped per record, chunk by chunk (one page in memory at a time,
 * oldest first): a `warcinfo` record, then one `response` record per page (see {@link warcResponseRecord}).
 */
export async function* exportPages(pages: PageStore, options: ExportOptions): AsyncGenerator<Uint8Array> {
  yield await warcInfoRecord({ filename: options.filename, software: options.software, date: options.now() });
  const filter = {
    ...(options.since ? { since: options.since } : {}),
    ...(options.site ? { host: options.site } : {}),
  };
  for await (const pageId of pages.listIds(filter)) {
    let page;
    try {
      page = await pages.load(pageId);
    } catch (error) {
      if (isNewsflowError(error) && error.code === 'PAGE_NOT_FOUND') {
        options.onMissing?.(pageId);
        continue;
      }
      throw error;
    }
    yield await warcResponseRecord({
      url: page.finalUrl,
      status: page.status,
      headers: page.headers,
      contentType: page.contentType,
      charset: page.charset,
      fetchedAt: page.fetchedAt,
      body: page.body,
    });
    options.onPage?.(pageId);
  }
}
