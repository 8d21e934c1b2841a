import { BSON } from 'mongodb';
import {
  TRUNCATABLE_FIELDS,
  cutAtBoundary,
  type ArticleEnriched,
  type ArticleTruncation,
  type Entity,
  type TruncatableField,
} from '@newsflow/contracts';
import { fingerprintText, sha256Hex, simhashBands } from '@newsflow/normalize';
import { stableJson } from './stable-json.js';
import { ArticleTooLargeError } from './store-errors.js';
import type { ArticleVersion } from './version-history.js';

/** Version of the article document layout in MongoDB (not of the Kafka messages); docs/articles.md. */
export const ARTICLE_SCHEMA_VERSION = 1;

/** MongoDB's hard limit on one BSON document (16 MiB). */
export const MONGODB_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Room kept below the limit for the fields the repository adds after building (`version`, `firstSeenAt`,
 * `updatedAt`, `storedAt`, `duplicateOf`, `duplicateDistance`: well under 1 KiB) and for rounding.
 */
const RESERVED_BYTES = 4 * 1024;

/** Extra bytes cut from a field beyond the measured excess, so one pass almost always fits. */
const TRUNCATION_SLACK_BYTES = 1024;

/** What a document stores of an entity (the message's shape, kept as is). */
export type StoredEntity = Entity;

/**
 * The article as kept in MongoDB `articles`. Every field is documented in docs/articles.md; dates are BSON
 * dates (the messages carry ISO strings).
 */
export interface ArticleDocument {
  _id: string;
  schemaVersion: number;
  /** 1 on insert, +1 each time the content changes. */
  version: number;
  pageId: string;
  part: number;
  url: string;
  finalUrl: string;
  canonicalUrl: string;
  siteName?: string;
  language?: string;
  title: string;
  description?: string;
  authors: string[];
  publishedAt?: Date;
  modifiedAt?: Date;
  section?: string;
  tags: string[];
  text: string;
  html?: string;
  wordCount: number;
  leadImage?: string;
  /** Set by the cleaner when the text is known incomplete: a title without text, or part of the story (paywall). */
  incomplete?: { kind: 'empty' | 'truncated'; reason: string };
  /**
   * True when `text` was cut or `html` dropped: by the cleaner to fit the 1 MB message (the message's
   * `truncation`), or here to fit the 16 MiB document limit.
   */
  truncated: boolean;
  /**
   * Which fields were shortened, with their original size in UTF-8 bytes (the size before the first cut).
   * Present only when truncated.
   */
  truncation?: { fields: TruncatableField[]; originalBytes: Partial<Record<TruncatableField, number>> };
  entities: StoredEntity[];
  entitiesModel: { name: string; version: string };
  provenance: Record<string, { source: string; confidence: number }>;
  extractor: { name: string; version: string };
  /** SHA-256 of the normalised full text (before any truncation). */
  contentHash: string;
  /** 64-bit simhash of the full text as 16 hex digits. */
  simhash: string;
  /** Band keys of `simhash` (`"<band>:<4 hex>"`), indexed for the near-duplicate lookup. */
  simhashBands: string[];
  /** Words the simhash was built from, after normalisation. */
  hashWordCount: number;
  /** Id of the first-seen article this one copies (exact or near), when it is a duplicate. */
  duplicateOf?: string;
  /** Hamming distance of the simhashes when `duplicateOf` is set (0 for an exact `contentHash` match). */
  duplicateDistance?: number;
  /** SHA-256 over every content field (all but fetch/processing times); equal → nothing to write. */
  revisionHash: string;
  fetchedAt: Date;
  processedAt: Date;
  firstSeenAt: Date;
  updatedAt: Date;
  storedAt: Date;
  /**
   * Earlier versions, oldest first, at most STORE_VERSION_HISTORY of them: what each was and what the next
   * one changed (version-history.ts). Absent until the content first changes.
   */
  history?: ArticleVersion[];
}

/** The part of a document that comes from the message alone, before the repository adds version and times. */
export type ArticleContent = Omit<
  ArticleDocument,
  'version' | 'firstSeenAt' | 'updatedAt' | 'storedAt' | 'duplicateOf' | 'duplicateDistance' | 'history'
>;

export interface BuildArticleOptions {
  /** Largest BSON document to write; text and HTML are shortened to fit. @default MONGODB_MAX_DOCUMENT_BYTES */
  readonly maxDocumentBytes?: number;
}

/**
 * Hash of what a reader would see change: every field of the message except when it was fetched and
 * processed (a re-fetch of identical content is not a new version) and the message's own schemaVersion.
 * The extractor and model versions are included, so a reprocess with a new extractor is a new version.
 */
export function revisionHashOf(input: ArticleEnriched): string {
  const {
    fetchedAt: _fetchedAt,
    processedAt: _processedAt,
    schemaVersion: _schemaVersion,
    ...content
  } = input;
  return sha256Hex(stableJson(content));
}

/**
 * Cuts `text` to at most `maxBytes` of UTF-8, at a paragraph, sentence or word boundary when one is near the end
 * (libs/contracts `cutAtBoundary`, as the cleaner cuts a text too long for its message).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= maxBytes) return text;
  // A cut inside a multi-byte sequence decodes to U+FFFD at the end; drop it.
  const cut = bytes
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  // A clean boundary (paragraph, sentence, word) if it costs no more than 1% of what is kept.
  return cutAtBoundary(text, cut.length);
}

function copyTruncation(truncation: ArticleTruncation): NonNullable<ArticleDocument['truncation']> {
  const originalBytes: Partial<Record<TruncatableField, number>> = {};
  for (const field of truncation.fields) {
    const bytes = truncation.originalBytes[field];
    if (bytes !== undefined) originalBytes[field] = bytes;
  }
  return { fields: [...truncation.fields], originalBytes };
}

function toDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

/**
 * Builds the stored form of an enriched article: BSON dates, fingerprints of the full text, a revision hash,
 * and, when the document would pass `maxDocumentBytes`, HTML dropped then text cut, with `truncated: true`
 * and the original sizes recorded (never silently).
 * @throws ArticleTooLargeError when even that does not fit (a huge entity list, say).
 */
export function buildArticleDocument(
  input: ArticleEnriched,
  options: BuildArticleOptions = {},
): ArticleContent {
  const maxDocumentBytes = options.maxDocumentBytes ?? MONGODB_MAX_DOCUMENT_BYTES;
  const budget = maxDocumentBytes - RESERVED_BYTES;
  const fingerprint = fingerprintText(input.text);
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  const doc: ArticleContent = {
    _id: input.articleId,
    schemaVersion: ARTICLE_SCHEMA_VERSION,
    pageId: input.pageId,
    part: input.part,
    url: input.url,
    finalUrl: input.finalUrl,
    canonicalUrl: input.canonicalUrl,
    ...optional('siteName', input.siteName),
    ...optional('language', input.language),
    title: input.title,
    ...optional('description', input.description),
    authors: [...input.authors],
    ...optional('publishedAt', toDate(input.publishedAt)),
    ...optional('modifiedAt', toDate(input.modifiedAt)),
    ...optional('section', input.section),
    tags: [...input.tags],
    text: input.text,
    ...optional('html', input.html),
    wordCount: input.wordCount,
    ...optional('leadImage', input.leadImage),
    ...optional('incomplete', input.incomplete),
    // The cleaner's cut (to fit the message) is recorded as the store's own would be.
    truncated: input.truncation !== undefined,
    ...optional('truncation', input.truncation && copyTruncation(input.truncation)),
    entities: input.entities,
    entitiesModel: input.entitiesModel,
    provenance: input.provenance,
    extractor: input.extractor,
    contentHash: fingerprint.contentHash,
    simhash: fingerprint.simhash,
    simhashBands: simhashBands(fingerprint.simhash),
    hashWordCount: fingerprint.wordCount,
    revisionHash: revisionHashOf(input),
    fetchedAt: new Date(input.fetchedAt),
    processedAt: new Date(input.processedAt),
  };

  let size = BSON.calculateObjectSize(doc);
  if (size <= budget) return doc;
  const truncation: NonNullable<ArticleContent['truncation']> = doc.truncation ?? {
    fields: [],
    originalBytes: {},
  };
  for (const field of TRUNCATABLE_FIELDS) {
    const value = doc[field];
    if (value === undefined || value.length === 0) continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    // A field the cleaner already cut keeps the size it had before that first cut.
    if (!truncation.fields.includes(field)) {
      truncation.fields.push(field);
      truncation.originalBytes[field] = bytes;
    }
    // Half an HTML document is broken markup: drop it whole. Text is cut, keeping its beginning.
    if (field === 'html') delete doc.html;
    else doc.text = truncateUtf8(value, bytes - (size - budget) - TRUNCATION_SLACK_BYTES);
    size = BSON.calculateObjectSize({ ...doc, truncated: true, truncation });
    if (size <= budget) break;
  }
  doc.truncated = true;
  doc.truncation = truncation;
  if (size > budget) throw new ArticleTooLargeError(input.articleId, size, maxDocumentBytes);
  return doc;
}
