import { setTimeout as sleep } from 'node:timers/promises';
import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,
  type Db,
  type IndexSpecification,
  type CreateIndexesOptions,
} from 'mongodb';
import type { ArticleEnriched } from '@newsflow/contracts';
import { NEAR_DUPLICATE_MAX_DISTANCE, hammingDistance } from '@newsflow/normalize';
import { NewsflowError } from '@newsflow/errors';
import { DependencyUnavailableError, type Logger } from '@newsflow/runtime';
import {
  MONGODB_MAX_DOCUMENT_BYTES,
  buildArticleDocument,
  type ArticleContent,
  type ArticleDocument,
} from './article-document.js';
import { noArticleLock, type ArticleLock } from './article-lock.js';
import { articleJsonSchema } from './article-validator.js';
import { ArticleRejectedError, WriteConflictError } from './store-errors.js';
import {
  DEFAULT_HISTORY_LIMIT,
  appendVersion,
  historyEntriesOver,
  versionEntry,
  type ArticleVersion,
} from './version-history.js';

/** What happened to the document: the `outcome` of `article.stored`. */
export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

export interface UpsertResult {
  readonly outcome: UpsertOutcome;
  /** The document's version after the call. */
  readonly version: number;
  readonly duplicateOf?: string;
  /** When the current version was written. */
  readonly storedAt: Date;
  /** True when `unchanged` because the stored version was processed later than this message. */
  readonly stale: boolean;
  /** Read-write rounds it took (more than 1 only when another writer raced). */
  readonly rounds: number;
}

/** What `init()` managed to set up; the local server lacks some features. */
export interface InitReport {
  readonly indexes: { readonly name: string; readonly created: boolean; readonly error?: string }[];
  readonly validator: 'applied' | 'unsupported';
  readonly validatorError?: string;
  /** The server identifies itself as FerretDB (no atomic conditional updates, no validators). */
  readonly ferretdb: boolean;
}

export interface ArticleRepositoryOptions {
  readonly db: Db;
  readonly logger: Logger;
  /** @default 'articles' */
  readonly collectionName?: string;
  /**
   * Serialises writers of one article across processes. Needed on FerretDB (see article-lock.ts).
   * @default noArticleLock
   */
  readonly lock?: ArticleLock;
  /** Read-write rounds before giving up with a retriable WriteConflictError. @default 100 */
  readonly maxWriteRounds?: number;
  /** @default MONGODB_MAX_DOCUMENT_BYTES */
  readonly maxDocumentBytes?: number;
  /** Largest simhash Hamming distance counted as a near-duplicate (at most 3 with 4 bands). @default 3 */
  readonly nearDuplicateMaxDistance?: number;
  /**
   * Earlier versions kept in each document's `history` (what each was and what the next one changed);
   * 0 keeps none. @default DEFAULT_HISTORY_LIMIT
   */
  readonly historyLimit?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export interface ArticleRepository {
  readonly collection: Collection<ArticleDocument>;
  /** Creates the indexes and the collection validator where the server supports them. Idempotent. */
  init(): Promise<InitReport>;
  /**
   * Inserts or updates the article keyed on its id. The same content again leaves the document as it is;
   * changed content replaces it with `version + 1`, keeping `firstSeenAt` and recording the replaced version
   * in `history` in the same write. A message processed earlier than the stored version does not overwrite it.
   * @throws DependencyUnavailableError (retriable) when MongoDB does not answer
   * @throws WriteConflictError (retriable) when other writers win `maxWriteRounds` times in a row
   * @throws ArticleTooLargeError | ArticleRejectedError (permanent)
   */
  upsert(input: ArticleEnriched): Promise<UpsertResult>;
}

/**
 * Articles with fewer normalised words than this are never marked duplicates: short teasers and empty
 * bodies ("Subscribe to read more") match each other without being the same story.
 */
export const MIN_WORDS_FOR_DUPLICATE_CHECK = 20;

/** Bound on near-duplicate candidates read per lookup; random band collisions are ~4/65536 of the collection. */
const MAX_DUPLICATE_CANDIDATES = 200;
/** Most recent articles read per fingerprint key: a key shared by very many articles says little. */
const MAX_IDS_PER_KEY = 50;

/** One key (`h:<contentHash>` or `b:<simhash band>`) and the articles that have it. */
interface FingerprintDocument {
  _id: string;
  ids: string[];
}

/** Backoff between rounds lost to another writer: random up to this many ms per round, capped. */
const CONFLICT_BACKOFF_STEP_MS = 2;
const CONFLICT_BACKOFF_MAX_MS = 100;

/** MongoDB error codes that mean "the server cannot do this", not "this is wrong". */
// 59 CommandNotFound: mongo-java-server has no collMod.
const NOT_IMPLEMENTED_CODES = new Set([59, 115, 238]);
const NAMESPACE_EXISTS = 48;
const DOCUMENT_VALIDATION_FAILURE = 121;
const DUPLICATE_KEY = 11000;

/** Indexes consumers' queries need (docs/articles.md). `_id` is unique by itself. */
const INDEXES: readonly { key: IndexSpecification; options: CreateIndexesOptions }[] = [
  { key: { canonicalUrl: 1, part: 1 }, options: { name: 'canonicalUrl_part', unique: true } },
  { key: { publishedAt: -1 }, options: { name: 'publishedAt' } },
  { key: { siteName: 1, publishedAt: -1 }, options: { name: 'siteName_publishedAt' } },
  { key: { 'entities.name': 1 }, options: { name: 'entities_name' } },
  { key: { simhashBands: 1 }, options: { name: 'simhashBands' } },
  { key: { contentHash: 1 }, options: { name: 'contentHash' } },
  { key: { duplicateOf: 1 }, options: { name: 'duplicateOf', sparse: true } },
  { key: { storedAt: 1 }, options: { name: 'storedAt' } },
];

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** Turns driver errors into our error classes: server unreachable → retriable, validator refusal → permanent. */
export function classifyMongoError(error: unknown, articleId: string): unknown {
  if (error instanceof NewsflowError) return error;
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    (error instanceof MongoError &&
      (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool')))
  ) {
    return new DependencyUnavailableError('MongoDB', error.message, { cause: error, context: { articleId } });
  }
  if (error instanceof MongoServerError && error.code === DOCUMENT_VALIDATION_FAILURE) {
    return new ArticleRejectedError(articleId, error.message, { cause: error });
  }
  return error;
}

/** The `articles` collection behind the store: idempotent, versioned upserts with duplicate marking. */
export function createArticleRepository(options: ArticleRepositoryOptions): ArticleRepository {
  const { db, logger } = options;
  const collectionName = options.collectionName ?? 'articles';
  const collection = db.collection<ArticleDocument>(collectionName);
  const lock = options.lock ?? noArticleLock;
  const maxWriteRounds = options.maxWriteRounds ?? 100;
  const maxDistance = Math.min(
    options.nearDuplicateMaxDistance ?? NEAR_DUPLICATE_MAX_DISTANCE,
    NEAR_DUPLICATE_MAX_DISTANCE,
  );
  const now = options.now ?? (() => new Date());
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const maxDocumentBytes = options.maxDocumentBytes ?? MONGODB_MAX_DOCUMENT_BYTES;
  const log = logger.child({ component: 'article-repository', collection: collectionName });

  /** The first-seen article (other URL) this content copies, following its own `duplicateOf` to the original. */
  // Near-duplicate candidates are found by key (`_id` reads of a small index collection), never by a query
  // over `articles`: a MongoDB-wire server without usable secondary indexes (FerretDB on SQLite) scans the
  // whole collection for such a query, which made every store O(articles).
  const fingerprints = db.collection<FingerprintDocument>(`${collectionName}_fingerprints`);
  const fingerprintKeys = (content: ArticleContent): string[] => [
    `h:${content.contentHash}`,
    ...content.simhashBands.map((band) => `b:${band}`),
  ];

  /**
   * Adds the article to one key's list, creating the key; a lost race to create it is retried as an update.
   * Under the lock, keyed on the fingerprint key: FerretDB 1.24 applies `$addToSet` as read, change, write,
   * so writers adding different articles to one key at once each wrote back the list they had read and lost
   * the others' ids (measured: 16 copies of a story stored at once, 20 times, lost 803-857 of 1,600 key
   * entries, and 17-20 rounds got several originals or copies naming the wrong one). Writers of one article
   * hold its lock while they take a key's lock and never the other way round, and a key's holder takes no
   * other lock, so the two cannot wait on each other. On MongoDB the update alone is atomic (`none` lock).
   */
  const indexFingerprint = (key: string, articleId: string): Promise<void> =>
    lock.withLock(`${fingerprints.collectionName}:${key}`, async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await fingerprints.updateOne({ _id: key }, { $addToSet: { ids: articleId } }, { upsert: true });
          return;
        } catch (error) {
          // Two writers upserting a new key at once: one insert wins; the other's upsert now finds the key.
          const raced =
            error instanceof MongoServerError &&
            (error.code === DUPLICATE_KEY || String(error.message).includes('E11000'));
          if (!raced || attempt >= 3) throw error;
        }
      }
    });

  /** Records the article under its keys; idempotent, and done before the article write so a crash between
   * the two leaves at most a key pointing at a document that does not exist yet (skipped on lookup).
   * One key per command, one command at a time: FerretDB 1.24 (SQLite) keeps one pooled connection per matched
   * statement of an update command until the command ends and takes one more for each write, from 100 per
   * database. Writers sending all five keys in one bulkWrite held up to five each and, about twenty at once,
   * took all 100 and waited on each other for good (the driver gave up after its 60 s socket timeout). One
   * statement per command holds at most one and writes with a second, so writers cannot block each other
   * until about 100 update commands run at once in one database. */
  const indexFingerprints = async (content: ArticleContent): Promise<void> => {
    if (content.hashWordCount < MIN_WORDS_FOR_DUPLICATE_CHECK) return;
    for (const key of fingerprintKeys(content)) await indexFingerprint(key, content._id);
  };

  const findDuplicate = async (
    content: ArticleContent,
    firstSeenBefore: Date | undefined,
  ): Promise<{ duplicateOf: string; duplicateDistance: number } | undefined> => {
    if (content.hashWordCount < MIN_WORDS_FOR_DUPLICATE_CHECK) return undefined;
    const keyed = await Promise.all(
      fingerprintKeys(content).map((key) => fingerprints.findOne({ _id: key })),
    );
    // The exact-content key lists its articles in the order they were indexed ($addToSet appends). An article
    // indexed before its lookup finds there every copy indexed before it, even one whose document is not
    // written yet (two copies stored at once): the first listed is the original, and the ones listed after
    // this article are its copies, never its original.
    const exactOrder = keyed[0]?.ids ?? [];
    const selfAt = exactOrder.indexOf(content._id);
    const firstCopy = selfAt > 0 ? exactOrder[0] : undefined;
    const laterCopies = new Set(selfAt >= 0 ? exactOrder.slice(selfAt + 1) : []);
    const ids = [
      ...new Set([
        ...(firstCopy === undefined ? [] : [firstCopy]),
        ...keyed.flatMap((doc) => doc?.ids.slice(-MAX_IDS_PER_KEY) ?? []),
      ]),
    ]
      .filter((id) => id !== content._id && !laterCopies.has(id))
      .slice(0, MAX_DUPLICATE_CANDIDATES);
    const found = await Promise.all(
      ids.map((id) =>
        collection.findOne(
          { _id: id },
          {
            projection: {
              contentHash: 1,
              simhash: 1,
              duplicateOf: 1,
              firstSeenAt: 1,
              canonicalUrl: 1,
              hashWordCount: 1,
            },
          },
        ),
      ),
    );
    if (firstCopy !== undefined) {
      const first = found[0];
      // Not written yet: its writer is still at work (or will be redelivered), so the reference will resolve.
      if (first === null || first === undefined) return { duplicateOf: firstCopy, duplicateDistance: 0 };
      if (first.canonicalUrl !== content.canonicalUrl)
        return { duplicateOf: first.duplicateOf ?? first._id, duplicateDistance: 0 };
    }
    const candidates = found.filter(
      (doc): doc is NonNullable<typeof doc> =>
        doc !== null &&
        doc.canonicalUrl !== content.canonicalUrl &&
        doc.hashWordCount >= MIN_WORDS_FOR_DUPLICATE_CHECK &&
        (firstSeenBefore === undefined || doc.firstSeenAt.getTime() < firstSeenBefore.getTime()),
    );
    let best: { doc: (typeof candidates)[number]; distance: number } | undefined;
    for (const doc of candidates) {
      const distance =
        doc.contentHash === content.contentHash ? 0 : hammingDistance(doc.simhash, content.simhash);
      if (distance > maxDistance) continue;
      const earlier =
        !best ||
        doc.firstSeenAt.getTime() < best.doc.firstSeenAt.getTime() ||
        (doc.firstSeenAt.getTime() === best.doc.firstSeenAt.getTime() && doc._id < best.doc._id);
      if (earlier) best = { doc, distance };
    }
    if (!best) return undefined;
    return { duplicateOf: best.doc.duplicateOf ?? best.doc._id, duplicateDistance: best.distance };
  };

  /**
   * Whether a replace names the version it read. Off on FerretDB (set by `init`): it does not apply such a
   * condition atomically anyway (the store's Redis lock serialises writers there), and it uses the `_id`
   * index only for a filter of `_id` alone, so every versioned replace scanned the collection, decoding each
   * stored article (5 s per update at 800 articles in the pipeline bench).
   */
  let versionedReplace = true;

  /**
   * The history the replacing document carries: the stored one plus an entry for the version being replaced.
   * Written with the replace itself (one document), so a crash never loses an entry and a redelivery, which
   * finds its content already stored, never adds one. Read only on the way to an update.
   */
  const historyAfter = async (
    content: ArticleContent,
    replacing: number,
  ): Promise<ArticleVersion[] | 'conflict'> => {
    if (historyLimit <= 0) return [];
    const previous = await collection.findOne(
      { _id: content._id },
      { projection: { html: 0, simhashBands: 0, simhash: 0 } },
    );
    // Another writer replaced it since the first read (only without the lock): read again.
    if (previous?.version !== replacing) return 'conflict';
    return appendVersion(previous.history, versionEntry(previous, content), historyLimit);
  };

  /** Drops the oldest history entries the document has no room for under its size limit (the article comes first). */
  const fitHistory = (doc: ArticleDocument): void => {
    const over = historyEntriesOver(doc, maxDocumentBytes);
    if (over === 0 || !doc.history) return;
    if (over >= doc.history.length) delete doc.history;
    else doc.history = doc.history.slice(over);
  };

  const writeOnce = async (content: ArticleContent): Promise<Omit<UpsertResult, 'rounds'> | 'conflict'> => {
    const existing = await collection.findOne(
      { _id: content._id },
      {
        projection: {
          version: 1,
          revisionHash: 1,
          firstSeenAt: 1,
          processedAt: 1,
          duplicateOf: 1,
          storedAt: 1,
        },
      },
    );
    const at = now();
    if (!existing) {
      // Indexed before the lookup, so that of two copies stored at once the second sees the first (above).
      await indexFingerprints(content);
      const duplicate = await findDuplicate(content, undefined);
      const doc: ArticleDocument = {
        ...content,
        ...duplicate,
        version: 1,
        firstSeenAt: at,
        updatedAt: at,
        storedAt: at,
      };
      try {
        await collection.insertOne(doc);
      } catch (error) {
        // Another writer inserted first: read its version and go again.
        if (isDuplicateKey(error)) return 'conflict';
        throw error;
      }
      return {
        outcome: 'inserted',
        version: 1,
        storedAt: at,
        stale: false,
        ...(duplicate ? { duplicateOf: duplicate.duplicateOf } : {}),
      };
    }
    const kept = {
      version: existing.version,
      storedAt: existing.storedAt,
      ...(existing.duplicateOf === undefined ? {} : { duplicateOf: existing.duplicateOf }),
    };
    if (existing.revisionHash === content.revisionHash)
      return { outcome: 'unchanged', stale: false, ...kept };
    if (existing.processedAt.getTime() > content.processedAt.getTime())
      return { outcome: 'unchanged', stale: true, ...kept };
    const history = await historyAfter(content, existing.version);
    if (history === 'conflict') return 'conflict';
    const duplicate = await findDuplicate(content, existing.firstSeenAt);
    await indexFingerprints(content);
    const version = existing.version + 1;
    const doc: ArticleDocument = {
      ...content,
      ...duplicate,
      version,
      firstSeenAt: existing.firstSeenAt,
      updatedAt: at,
      storedAt: at,
      ...(history.length === 0 ? {} : { history }),
    };
    fitHistory(doc);
    // The version condition makes the write conditional on nobody having written since our read.
    const filter = versionedReplace ? { _id: content._id, version: existing.version } : { _id: content._id };
    const result = await collection.replaceOne(filter, doc);
    if (result.matchedCount !== 1) return 'conflict';
    return {
      outcome: 'updated',
      version,
      storedAt: at,
      stale: false,
      ...(duplicate ? { duplicateOf: duplicate.duplicateOf } : {}),
    };
  };

  return {
    collection,

    async init() {
      const buildInfo = await db.command({ buildInfo: 1 }).catch(() => ({}));
      const ferretdb = Object.keys(buildInfo).some((key) => key.toLowerCase().startsWith('ferretdb'));
      let validator: InitReport['validator'] = 'applied';
      let validatorError: string | undefined;
      const exists =
        (await db.listCollections({ name: collectionName }, { nameOnly: true }).toArray()).length > 0;
      try {
        if (exists)
          await db.command({
            collMod: collectionName,
            validator: { $jsonSchema: articleJsonSchema },
            validationLevel: 'moderate',
          });
        else
          await db.createCollection(collectionName, {
            validator: { $jsonSchema: articleJsonSchema },
            validationLevel: 'moderate',
          });
      } catch (error) {
        if (error instanceof MongoServerError && error.code === NAMESPACE_EXISTS) {
          // Another replica created it between our check and our create; its validator is the same one.
        } else if (error instanceof MongoServerError && NOT_IMPLEMENTED_CODES.has(error.code as number)) {
          validator = 'unsupported';
          validatorError = error.message;
          log.warn(
            { err: error, ferretdb },
            'collection validators are not supported by this server; the store validates each document itself (zod contract + document builder)',
          );
          if (!exists)
            await db.createCollection(collectionName).catch((err: unknown) => {
              if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
            });
        } else {
          throw error;
        }
      }
      const indexes: InitReport['indexes'] = [];
      for (const index of INDEXES) {
        const name = index.options.name ?? JSON.stringify(index.key);
        try {
          await collection.createIndex(index.key, index.options);
          indexes.push({ name, created: true });
        } catch (error) {
          if (!(error instanceof MongoServerError)) throw error;
          // An index is an optimisation: a server that cannot build one still stores correctly, only slower.
          indexes.push({ name, created: false, error: error.message });
          log.warn({ err: error, index: name }, 'index not created; queries on it will scan');
        }
      }
      log.info(
        { indexes: indexes.map((i) => `${i.name}:${i.created ? 'ok' : 'missing'}`), validator, ferretdb },
        'articles collection ready',
      );
      versionedReplace = !ferretdb;
      return { indexes, validator, ferretdb, ...(validatorError === undefined ? {} : { validatorError }) };
    },

    async upsert(input) {
      const content = buildArticleDocument(
        input,
        options.maxDocumentBytes === undefined ? {} : { maxDocumentBytes: options.maxDocumentBytes },
      );
      // Logged when the store cut something; a cut the cleaner made (`input.truncation`) was logged there.
      if (
        content.text.length < input.text.length ||
        (input.html !== undefined && content.html === undefined)
      ) {
        log.warn(
          { articleId: content._id, truncation: content.truncation },
          'article too large for one document; truncated',
        );
      }
      try {
        return await lock.withLock(content._id, async () => {
          for (let round = 1; round <= maxWriteRounds; round += 1) {
            const result = await writeOnce(content);
            if (result !== 'conflict') return { ...result, rounds: round };
            await sleep(Math.random() * Math.min(CONFLICT_BACKOFF_MAX_MS, CONFLICT_BACKOFF_STEP_MS * round));
          }
          throw new WriteConflictError(content._id, `changed under us ${maxWriteRounds} times in a row`, {
            rounds: maxWriteRounds,
          });
        });
      } catch (error) {
        throw classifyMongoError(error, content._id);
      }
    },
  };
}
