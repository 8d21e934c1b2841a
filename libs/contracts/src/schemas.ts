import { z } from 'zod';

/** Bumped when a message changes incompatibly; consumers reject versions they do not know. */
export const SCHEMA_VERSION = 1;

const schemaVersion = z.literal(SCHEMA_VERSION);
const isoDate = z.iso.datetime({ offset: true });
/** Longest URL a message may carry: real article URLs are far shorter, and this bounds work on garbage. */
export const MAX_URL_LENGTH = 8192;
const httpUrl = z.url({ protocol: /^https?$/ }).max(MAX_URL_LENGTH);

/*
 * Longest arrays a message may carry. Real data stays far below each; the caps make a hostile 1 MB message of
 * hundreds of thousands of items fail on its length, before zod looks at one item (a leading `.max()` is
 * checked first). See codec.ts for the other half: validation stops at the first bad item.
 */
/** Authors of an article: bylines name a handful; 100 is a masthead. */
export const MAX_AUTHORS = 100;
/** Tags of an article: extraction keeps at most 50 (libs/extraction metadata.ts). */
export const MAX_TAGS = 100;
/** Redirect hops of a fetch: FETCH_MAX_REDIRECTS defaults to 5. */
export const MAX_REDIRECTS = 100;
/**
 * Entities of an article: an entity takes over 80 bytes of a 1 MB message, so no message holds more than
 * ~12 500; the entities service keeps the most salient that fit the message (services/entities fit-entities.ts),
 * whatever ENTITIES_MAX_TOKENS is.
 */
export const MAX_ENTITIES = 20_000;
/** Mentions of one entity: a mention takes 20 bytes or more, so a 1 MB message holds fewer than 50 000. */
export const MAX_MENTIONS = 50_000;
/** Aliases of one entity: the different spellings of one name met in one article. */
export const MAX_ALIASES = 1000;

/*
 * Most keys a record field may carry, for the same reason: a valid 1 MB message of ~90 000 keys in one record
 * cost 75-150 ms of CPU to parse and validate (about three times a 1 MB message of anything else), and was
 * checked again and copied on by each stage it reached. The keys are counted, stopping past the cap, before
 * any entry is validated; what is left is JSON.parse and V8 listing the keys, ~60 ms for 90 000.
 */
/** Response headers of a fetch: the fetcher and the WARC importer keep 11 (KEPT_RESPONSE_HEADERS). */
export const MAX_HEADERS = 100;
/** Provenance entries of an article: one per metadata field, 12 fields. */
export const MAX_PROVENANCE = 100;
/** Keys of `meta` on a request and its page: discovery puts at most 7 (FeedMetaSchema); a client its own few. */
export const MAX_META_KEYS = 1000;

/** Whether `value` has more than `max` own keys, counting no further than `max + 1`. */
function hasMoreKeysThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let count = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++count > max) return true;
  }
  return false;
}

/**
 * `record` (a `z.record`) of at most `maxKeys` keys: a record over it fails on its size (`path: more than N keys`)
 * before an entry is read; anything not an object is left to the record to refuse.
 */
function capKeys<Output, Input>(record: z.ZodType<Output, Input>, maxKeys: number) {
  return z
    .custom<Input>((input) => !hasMoreKeysThan(input, maxKeys), { message: `more than ${maxKeys} keys` })
    .pipe(record);
}

export const UrlRequestedSchema = z.object({
  schemaVersion: schemaVersion.default(SCHEMA_VERSION),
  url: httpUrl,
  source: z.string().max(200).optional(),
  priority: z.number().int().min(1).max(10).optional(),
  /** Refetch even when the same URL was fetched within the dedupe window. */
  force: z.boolean().optional(),
  requestedAt: isoDate.optional(),
  meta: capKeys(z.record(z.string(), z.unknown()), MAX_META_KEYS).optional(),
});
export type UrlRequested = z.infer<typeof UrlRequestedSchema>;

/**
 * What services/discovery puts in `UrlRequested.meta` for a URL found in a feed or sitemap: the feed's own
 * word on the article, which the cleaner keeps as metadata evidence (provenance `feed`) when the page says
 * nothing better. Every field is optional: a sitemap entry may carry only a date.
 */
export const FeedMetaSchema = z.object({
  /** Where the URL was found. */
  from: z.enum(['feed', 'sitemap', 'page']),
  /** The feed or sitemap URL that listed it. */
  feedUrl: httpUrl.optional(),
  title: z.string().max(1000).optional(),
  publishedAt: isoDate.optional(),
  modifiedAt: isoDate.optional(),
  authors: z.array(z.string().max(200)).max(20).optional(),
  /** The feed item's own id (RSS guid, Atom id, JSON Feed id). */
  id: z.string().max(2000).optional(),
});
export type FeedMeta = z.infer<typeof FeedMetaSchema>;

/** A duration: milliseconds, or a number with a unit (`500ms`, `30s`, `15m`, `2h`, `7d`). */
const duration = z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/i)]);

/**
 * A change to the followed sources, on `source.requested` (keyed by source id). `add` starts following a
 * site, feed or sitemap (discovering its feeds and sitemaps); `update` changes name, interval, feeds or
 * sitemaps; `pause`/`resume` stop and restart its polls; `remove` forgets it. A source is named by `url`
 * (its home page, feed or sitemap) or, for everything but `add`, by its `id`.
 */
export const SourceRequestedSchema = z
  .object({
    schemaVersion: schemaVersion.default(SCHEMA_VERSION),
    action: z.enum(['add', 'update', 'pause', 'resume', 'remove']),
    url: httpUrl.optional(),
    id: z
      .string()
      .regex(/^s_[0-9a-f]{24}$/)
      .optional(),
    name: z.string().min(1).max(200).optional(),
    /** Poll interval, pinned (never below the service's floor); without it the interval adapts. */
    every: duration.optional(),
    feeds: z.array(httpUrl).max(20).optional(),
    sitemaps: z.array(httpUrl).max(20).optional(),
    /** How far back the first poll reaches (`all`: everything listed). Default: the service's setting. */
    backfill: z.union([duration, z.literal('all')]).optional(),
    /** Echoed on the source once the request is applied, so a client can wait for it. */
    requestId: z.string().min(1).max(100).optional(),
    requestedAt: isoDate.optional(),
  })
  .refine((r) => r.url !== undefined || (r.id !== undefined && r.action !== 'add'), {
    message: 'a source request needs a url (or, except for add, an id)',
  });
export type SourceRequested = z.infer<typeof SourceRequestedSchema>;

/** Largest gzip body a `page.fetched` message carries inline (base64 adds a third; the broker takes 1 MB). */
export const INLINE_BODY_MAX_BYTES = 256 * 1024;

/** Why the fetcher left a request alone. */
export const SkipReason = {
  /** The URL was requested again within the dedupe window (`FETCH_DEDUPE_WINDOW_S`); the first request has it. */
  duplicate: 'duplicate',
  /** A conditional GET got 304 Not Modified: the stored page is current. */
  notModified: 'not-modified',
  /** The page was fetched and its bytes are those already stored. */
  unchanged: 'unchanged',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** `url.skipped`: a request the fetcher did not turn into a `page.fetched`, and why (a report, not an error). */
export const UrlSkippedSchema = z.object({
  schemaVersion,
  /** The URL as requested, normalised. */
  url: httpUrl,
  reason: z.enum([SkipReason.duplicate, SkipReason.notModified, SkipReason.unchanged]),
  /** For people: what happened and how to have it fetched anyway (`force`). */
  message: z.string().max(1000),
  skippedAt: isoDate,
  source: z.string().max(200).optional(),
  requestedAt: isoDate.optional(),
});
export type UrlSkipped = z.infer<typeof UrlSkippedSchema>;

export const PageFetchedSchema = z.object({
  schemaVersion,
  pageId: z.string().min(1).max(200),
  url: httpUrl,
  finalUrl: httpUrl,
  status: z.number().int(),
  headers: capKeys(z.record(z.string(), z.string()), MAX_HEADERS),
  contentType: z.string(),
  charset: z.string().optional(),
  fetchedAt: isoDate,
  bytes: z.number().int().nonnegative(),
  contentHash: z.string(),
  redirects: z.array(z.string()).max(MAX_REDIRECTS),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  source: z.string().optional(),
  requestedAt: isoDate.optional(),
  /** Set when a stored page is replayed by `newsflow reprocess` rather than fetched. */
  reprocess: z.boolean().optional(),
  /** `UrlRequested.meta`, passed on (a feed's title, date and authors: see {@link FeedMetaSchema}). */
  meta: capKeys(z.record(z.string(), z.unknown()), MAX_META_KEYS).optional(),
  /**
   * The stored bytes themselves (gzip, base64) when they are small (INLINE_BODY_MAX_BYTES), so the cleaner
   * need not read them back from `pages`; absent for larger pages and replays, which the cleaner loads.
   */
  inlineBody: z
    .string()
    .max(Math.ceil(INLINE_BODY_MAX_BYTES / 3) * 4)
    .optional(),
});
export type PageFetched = z.infer<typeof PageFetchedSchema>;

const provenance = z.object({ source: z.string(), confidence: z.number().min(0).max(1) });

/** Fields that may be shortened to fit a limit, in the order they give way: HTML is dropped first, then text is cut. */
export const TRUNCATABLE_FIELDS = ['html', 'text'] as const;
export type TruncatableField = (typeof TRUNCATABLE_FIELDS)[number];

const byteCount = z.number().int().nonnegative();
/** What was shortened and how large it was before (UTF-8 bytes). */
export const ArticleTruncationSchema = z.object({
  fields: z.array(z.enum(TRUNCATABLE_FIELDS)).max(TRUNCATABLE_FIELDS.length),
  originalBytes: z.object({ html: byteCount.optional(), text: byteCount.optional() }),
});
export type ArticleTruncation = z.infer<typeof ArticleTruncationSchema>;

export const ArticleFieldsSchema = z.object({
  articleId: z.string().min(1).max(200),
  pageId: z.string().min(1).max(200),
  /** Position of this article on its page (0 for single-article pages). */
  part: z.number().int().nonnegative(),
  url: httpUrl,
  finalUrl: httpUrl,
  canonicalUrl: httpUrl,
  siteName: z.string().optional(),
  language: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  authors: z.array(z.string()).max(MAX_AUTHORS),
  publishedAt: isoDate.optional(),
  modifiedAt: isoDate.optional(),
  section: z.string().optional(),
  tags: z.array(z.string()).max(MAX_TAGS),
  text: z.string(),
  html: z.string().optional(),
  wordCount: z.number().int().nonnegative(),
  /**
   * Present when the text is known to be incomplete: `empty` (a title, no text) or `truncated` (part of the
   * story, e.g. fewer words than the page declares behind a paywall), with a reason for people.
   */
  incomplete: z.object({ kind: z.enum(['empty', 'truncated']), reason: z.string() }).optional(),
  /**
   * Present when the cleaner shortened the article to fit its message (fit-article.ts `fitArticleCleaned`):
   * `html` dropped, then `text` cut, with each one's UTF-8 size before. The store records it on the article.
   */
  truncation: ArticleTruncationSchema.optional(),
  leadImage: z.string().optional(),
  provenance: capKeys(z.record(z.string(), provenance), MAX_PROVENANCE),
  extractor: z.object({ name: z.string(), version: z.string() }),
  fetchedAt: isoDate,
  processedAt: isoDate,
});

export const ArticleCleanedSchema = ArticleFieldsSchema.extend({ schemaVersion });
export type ArticleCleaned = z.infer<typeof ArticleCleanedSchema>;

export const EntityTypeSchema = z.enum(['PERSON', 'ORG', 'LOCATION', 'MISC']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const EntitySchema = z.object({
  name: z.string(),
  type: EntityTypeSchema,
  aliases: z.array(z.string()).max(MAX_ALIASES),
  count: z.number().int().positive(),
  salience: z.number().min(0).max(1),
  mentions: z
    .array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }))
    .max(MAX_MENTIONS),
});
export type Entity = z.infer<typeof EntitySchema>;

export const ArticleEnrichedSchema = ArticleCleanedSchema.extend({
  entities: z.array(EntitySchema).max(MAX_ENTITIES),
  /**
   * The model that found `entities`, or `name: 'none'` with a `reason` (`none: language de`) when the
   * article was not tagged because no model knows its language; `language` is the one the decision used.
   */
  entitiesModel: z.object({
    name: z.string(),
    version: z.string(),
    language: z.string().optional(),
    reason: z.string().optional(),
  }),
});
export type ArticleEnriched = z.infer<typeof ArticleEnrichedSchema>;

export const ArticleStoredSchema = z.object({
  schemaVersion,
  articleId: z.string(),
  url: httpUrl,
  version: z.number().int().positive(),
  duplicateOf: z.string().optional(),
  storedAt: isoDate,
  /** `unchanged` when the same content was processed again and the document was left as it was. */
  outcome: z.enum(['inserted', 'updated', 'unchanged']),
});
export type ArticleStored = z.infer<typeof ArticleStoredSchema>;

export const DeadLetterSchema = z.object({
  schemaVersion,
  topic: z.string(),
  partition: z.number().int().optional(),
  offset: z.string().optional(),
  key: z.string().nullable(),
  /** The original message bytes, base64. */
  value: z.string(),
  error: z.object({ name: z.string(), code: z.string(), message: z.string() }),
  attempts: z.number().int().nonnegative(),
  failedAt: isoDate,
  service: z.string(),
  traceId: z.string().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
