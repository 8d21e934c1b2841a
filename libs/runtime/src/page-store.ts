import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary, type Collection, type Db } from 'mongodb';
import { sha256Hex } from '@newsflow/normalize';
import { NewsflowError } from '@newsflow/errors';
import type { Redis } from './redis.js';
import { withRedisLock } from './redis-lock.js';

/**
 * Fastest zlib level: on the development pages it compresses HTML to 23 % instead of 20 % (level 6) in
 * less than half the time (1.8 vs 3.8 ms a page), and compressing was the fetcher's largest CPU cost.
 */
const GZIP_LEVEL = 1;

/** A page lock's holder that died keeps it this long at most; a live one renews it (a save takes milliseconds). */
const PAGE_LOCK_TTL_MS = 15_000;
/**
 * How long a save waits for another save of the same page: saves queue behind each other, and this stays well
 * inside the default JOB_TIMEOUT_MS (120 s) of the fetch job that saves.
 */
const PAGE_LOCK_WAIT_MS = 30_000;
/** Pause between tries while a page's lock is busy (and up to as much again at random). */
const PAGE_LOCK_RETRY_MS = 5;

/** A fetched page as kept in MongoDB `pages`: the raw bytes (gzip) plus what the fetch learned. */
export interface StoredPage {
  readonly pageId: string;
  readonly url: string;
  readonly finalUrl: string;
  readonly status: number;
  readonly contentType: string;
  readonly charset?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  readonly fetchedAt: Date;
  readonly body: Uint8Array;
  /**
   * Where the bytes came from when not from a fetch of `url`: the WARC importer names the archive and the
   * record's offset (`warc:<file>#<offset>`). Absent for fetched pages.
   */
  readonly source?: string | undefined;
}

interface PageDocument {
  _id: string;
  url: string;
  finalUrl: string;
  host: string;
  status: number;
  contentType: string;
  charset?: string | undefined;
  headers: Record<string, string>;
  etag?: string | undefined;
  lastModified?: string | undefined;
  source?: string | undefined;
  contentHash: string;
  bytes: number;
  body: Binary;
  firstFetchedAt: Date;
  fetchedAt: Date;
  changedAt: Date;
}

export interface SaveResult {
  readonly contentHash: string;
  /** False when the same bytes were already stored for this page (only the fetch time moved). */
  readonly changed: boolean;
  /** The body as stored (gzip) when this save wrote it. */
  readonly gzipped?: Uint8Array;
}

/** What a page's last fetch left: its conditional-GET validators and the hash of the bytes stored. */
export interface LastFetch {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly contentHash: string;
}

/** Another save of the same page held its lock for as long as a save waits: the save is tried again later. */
export class PageSaveBusyError extends NewsflowError {
  override name = 'PageSaveBusyError';
  constructor(pageId: string, waitMs: number) {
    super('PAGE_SAVE_BUSY', `page ${pageId} was being saved by another writer for ${waitMs} ms`, {
      retriable: true,
      context: { pageId, waitMs },
    });
  }
}

/** The page is not in `pages` (deleted, or the reference is wrong): reprocessing cannot go on. */
export class PageNotFoundError extends NewsflowError {
  override name = 'PageNotFoundError';
  constructor(pageId: string) {
    super('PAGE_NOT_FOUND', `page ${pageId} is not stored`, { context: { pageId } });
  }
}

export interface PageStore {
  readonly collection: Collection<PageDocument>;
  /** Creates indexes; idempotent. */
  init(): Promise<void>;
  /**
   * Stores the raw page; unchanged content (same hash) is not written again, only the fetch's fields.
   * @throws PageSaveBusyError (retriable) when another save of the page held its lock for 30 s.
   */
  save(page: StoredPage): Promise<SaveResult>;
  /** @throws PageNotFoundError */
  load(pageId: string): Promise<StoredPage & { contentHash: string }>;
  /** What the last fetch of a page left (conditional-GET validators, content hash); null if never fetched. */
  lastFetch(pageId: string): Promise<LastFetch | null>;
  /** Page ids fetched since `since`, optionally of one host, oldest first. */
  listIds(filter: { since?: Date; host?: string }): AsyncIterable<string>;
}

export interface PageStoreOptions {
  /** @default 'pages' */
  readonly collectionName?: string;
  /**
   * Saves of one page take turns under a Redis lock (keys `<keyPrefix>:page-lock:<pageId>`, {@link withRedisLock})
   * in every process that passes the same Redis and prefix. A save reads the stored hash, then writes either the
   * fetch's fields alone or the whole page; two saves of one page at once (a re-fetch of the same bytes and a
   * fetch of new ones) otherwise mix: the read goes stale (new bytes kept under the old fetch's validators), and
   * FerretDB 1.24 applies even the fields-only update as read, change, write of the whole document, putting the
   * old body back over the new one; two first saves of a new page both insert and one fails with E11000
   * (measured without it, 30 rounds each: 5-9 mixed pages, 12-19 duplicate-key failures). Writers that save while
   * others may (the fetcher's replicas, `newsflow import-warc`) pass it; without it a save is safe only with no other writer of the page.
   */
  readonly lock?: { readonly redis: Redis; readonly keyPrefix: string };
}

/** The claim-check store of raw pages (DESIGN.md): the fetcher writes, the cleaner and `reprocess` read. */
export function createPageStore(db: Db, options: PageStoreOptions = {}): PageStore {
  const collection = db.collection<PageDocument>(options.collectionName ?? 'pages');
  const { lock } = options;
  const inTurn = async <T>(pageId: string, work: () => Promise<T>): Promise<T> => {
    if (!lock) return work();
    const held = await withRedisLock(
      lock.redis,
      `${lock.keyPrefix}:page-lock:${pageId}`,
      { ttlMs: PAGE_LOCK_TTL_MS, waitMs: PAGE_LOCK_WAIT_MS, retryMs: PAGE_LOCK_RETRY_MS },
      work,
    );
    if (!held) throw new PageSaveBusyError(pageId, PAGE_LOCK_WAIT_MS);
    return held.value;
  };
  return {
    collection,
    async init() {
      await collection.createIndex({ fetchedAt: 1 });
      await collection.createIndex({ host: 1, fetchedAt: 1 });
    },
    async save(page) {
      const contentHash = sha256Hex(page.body);
      const meta = {
        url: page.url,
        finalUrl: page.finalUrl,
        host: new URL(page.finalUrl).hostname,
        status: page.status,
        contentType: page.contentType,
        charset: page.charset,
        headers: { ...page.headers },
        etag: page.etag,
        lastModified: page.lastModified,
        source: page.source,
        fetchedAt: page.fetchedAt,
      };
      return inTurn(page.pageId, async () => {
        // Read in turn, then write once: a hash read before the turn (say, before the fetch) may be stale, and a
        // conditional update that matches nothing cost a whole write per new page.
        const stored = await collection.findOne({ _id: page.pageId }, { projection: { contentHash: 1 } });
        if (stored?.contentHash === contentHash) {
          await collection.updateOne({ _id: page.pageId }, { $set: meta });
          return { contentHash, changed: false };
        }
        const gzipped = gzipSync(page.body, { level: GZIP_LEVEL });
        await collection.updateOne(
          { _id: page.pageId },
          {
            $set: {
              ...meta,
              contentHash,
              bytes: page.body.byteLength,
              body: new Binary(gzipped),
              changedAt: page.fetchedAt,
            },
            $setOnInsert: { firstFetchedAt: page.fetchedAt },
          },
          { upsert: true },
        );
        return { contentHash, changed: true, gzipped };
      });
    },
    async load(pageId) {
      const doc = await collection.findOne({ _id: pageId });
      if (!doc) throw new PageNotFoundError(pageId);
      return {
        pageId,
        url: doc.url,
        finalUrl: doc.finalUrl,
        status: doc.status,
        contentType: doc.contentType,
        charset: doc.charset ?? undefined,
        headers: doc.headers,
        etag: doc.etag ?? undefined,
        lastModified: doc.lastModified ?? undefined,
        source: doc.source ?? undefined,
        fetchedAt: doc.fetchedAt,
        contentHash: doc.contentHash,
        body: new Uint8Array(gunzipSync(doc.body.buffer)),
      };
    },
    async lastFetch(pageId) {
      const doc = await collection.findOne(
        { _id: pageId },
        { projection: { etag: 1, lastModified: 1, contentHash: 1 } },
      );
      if (!doc) return null;
      return {
        contentHash: doc.contentHash,
        ...(doc.etag ? { etag: doc.etag } : {}),
        ...(doc.lastModified ? { lastModified: doc.lastModified } : {}),
      };
    },
    async *listIds(filter) {
      const query: Record<string, unknown> = {};
      if (filter.since) query.fetchedAt = { $gte: filter.since };
      if (filter.host) query.host = filter.host;
      for await (const doc of collection.find(query, { projection: { _id: 1 }, sort: { fetchedAt: 1 } }))
        yield doc._id;
    },
  };
}
