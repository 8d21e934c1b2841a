import { BSON } from 'mongodb';
import { stableJson } from './stable-json.js';
import { diffText, type TextChanges } from './text-diff.js';

/**
 * Fields compared between two versions, in the order they are listed. Together with `html` they are every
 * field the revision hash covers (article-document.ts `revisionHashOf`) that can differ for one article id.
 */
export const COMPARED_FIELDS = [
  'title',
  'description',
  'authors',
  'publishedAt',
  'modifiedAt',
  'siteName',
  'language',
  'section',
  'tags',
  'leadImage',
  'incomplete',
  'truncation',
  'text',
  'wordCount',
  'entities',
  'provenance',
  'extractor',
  'entitiesModel',
  'url',
  'finalUrl',
  'canonicalUrl',
  'pageId',
] as const;

/**
 * A field that changed. `html` is not read back (it can be as large as the text): it is named when nothing
 * else differs, the revision hash having changed all the same.
 */
export type ChangedField = (typeof COMPARED_FIELDS)[number] | 'html';

export interface EntityRef {
  readonly name: string;
  readonly type: string;
}

/** What the next version changed against this one. */
export interface VersionChanges {
  readonly fields: ChangedField[];
  /** Present when `text` changed. */
  readonly text?: TextChanges;
  /**
   * Present when the set of entities (name and type) changed: the first ENTITY_CHANGES_KEPT added and
   * removed, most salient first, and how many in all. Salience or mentions alone list `entities` in
   * `fields` without this.
   */
  readonly entities?: {
    readonly added: EntityRef[];
    readonly removed: EntityRef[];
    readonly addedCount: number;
    readonly removedCount: number;
  };
}

/** One earlier version of an article, as kept in its document's `history` (docs/articles.md). */
export interface ArticleVersion {
  readonly version: number;
  readonly extractor: { name: string; version: string };
  readonly entitiesModel: { name: string; version: string };
  readonly processedAt: Date;
  /** When the store wrote this version. */
  readonly storedAt: Date;
  readonly contentHash: string;
  readonly revisionHash: string;
  /** Cut to MAX_TITLE_CHARS. */
  readonly title: string;
  /** The first MAX_AUTHORS, each cut to MAX_NAME_CHARS. */
  readonly authors: string[];
  readonly publishedAt?: Date;
  readonly language?: string;
  readonly wordCount: number;
  readonly changes: VersionChanges;
}

/** What a version of an article holds that the history reads: the stored document or the next content. */
export interface VersionSource {
  readonly title: string;
  readonly description?: string;
  readonly authors: readonly string[];
  readonly publishedAt?: Date;
  readonly modifiedAt?: Date;
  readonly siteName?: string;
  readonly language?: string;
  readonly section?: string;
  readonly tags: readonly string[];
  readonly leadImage?: string;
  readonly incomplete?: { readonly kind: string; readonly reason: string };
  readonly truncation?: unknown;
  readonly text: string;
  readonly wordCount: number;
  readonly entities: readonly EntityRef[];
  readonly provenance: unknown;
  readonly extractor: { readonly name: string; readonly version: string };
  readonly entitiesModel: { readonly name: string; readonly version: string };
  readonly url: string;
  readonly finalUrl: string;
  readonly canonicalUrl: string;
  readonly pageId: string;
}

/** The stored version that is being replaced: its content plus what the store recorded about it. */
export interface StoredVersion extends VersionSource {
  readonly version: number;
  readonly processedAt: Date;
  readonly updatedAt: Date;
  readonly contentHash: string;
  readonly revisionHash: string;
}

/** Earlier versions kept per article unless STORE_VERSION_HISTORY says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 10;

/** Bounds on one history entry, so a document's history stays small (a few KiB per version at most). */
const MAX_TITLE_CHARS = 300;
const MAX_AUTHORS = 10;
const MAX_NAME_CHARS = 100;
const ENTITY_CHANGES_KEPT = 10;

function cut(value: string, maxChars: number): string {
  return value.length <= maxChars ? value : `${value.slice(0, maxChars - 1)}…`;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  return typeof a === 'object' && typeof b === 'object' && stableJson(a) === stableJson(b);
}

function entityChanges(
  before: readonly EntityRef[],
  after: readonly EntityRef[],
): VersionChanges['entities'] | undefined {
  const key = (e: EntityRef): string => `${e.type}\u0000${e.name}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const ref = (e: EntityRef): EntityRef => ({ name: cut(e.name, MAX_NAME_CHARS), type: e.type });
  const added = after.filter((e) => !beforeKeys.has(key(e)));
  const removed = before.filter((e) => !afterKeys.has(key(e)));
  if (added.length === 0 && removed.length === 0) return undefined;
  return {
    added: added.slice(0, ENTITY_CHANGES_KEPT).map(ref),
    removed: removed.slice(0, ENTITY_CHANGES_KEPT).map(ref),
    addedCount: added.length,
    removedCount: removed.length,
  };
}

/** Which fields differ between two versions, and for text and entities a short account of how. */
export function describeChanges(before: VersionSource, after: VersionSource): VersionChanges {
  const fields: ChangedField[] = COMPARED_FIELDS.filter((field) => !same(before[field], after[field]));
  const entities = fields.includes('entities') ? entityChanges(before.entities, after.entities) : undefined;
  return {
    fields: fields.length === 0 ? ['html'] : fields,
    ...(fields.includes('text') ? { text: diffText(before.text, after.text) } : {}),
    ...(entities ? { entities } : {}),
  };
}

/** The history entry of the stored version `previous`, which `next` is about to replace. */
export function versionEntry(previous: StoredVersion, next: VersionSource): ArticleVersion {
  return {
    version: previous.version,
    extractor: { name: previous.extractor.name, version: previous.extractor.version },
    entitiesModel: { name: previous.entitiesModel.name, version: previous.entitiesModel.version },
    processedAt: previous.processedAt,
    storedAt: previous.updatedAt,
    contentHash: previous.contentHash,
    revisionHash: previous.revisionHash,
    title: cut(previous.title, MAX_TITLE_CHARS),
    authors: previous.authors.slice(0, MAX_AUTHORS).map((a) => cut(a, MAX_NAME_CHARS)),
    ...(previous.publishedAt === undefined ? {} : { publishedAt: previous.publishedAt }),
    ...(previous.language === undefined ? {} : { language: previous.language }),
    wordCount: previous.wordCount,
    changes: describeChanges(previous, next),
  };
}

/**
 * `history` with `entry` appended (oldest first), keeping the last `limit`. An entry for a version already
 * there replaces it, so the history never lists a version twice.
 */
export function appendVersion(
  history: readonly ArticleVersion[] | undefined,
  entry: ArticleVersion,
  limit: number,
): ArticleVersion[] {
  if (limit <= 0) return [];
  return [...(history ?? []).filter((v) => v.version !== entry.version), entry].slice(-limit);
}

/** BSON bytes of a document's `history` element around its array: type byte, `history\0`, length, end byte. */
const HISTORY_FIELD_BYTES = 1 + 'history'.length + 1 + 4 + 1;

/**
 * How many of the oldest `history` entries `doc` must drop to be at most `maxBytes` of BSON (the article comes
 * first: all of them when even that is not enough). Measures the article once and each small entry once, so
 * a long history beside a 16 MiB text costs linear work, not a re-measure of the document per dropped entry.
 */
export function historyEntriesOver(
  doc: { readonly history?: readonly ArticleVersion[] },
  maxBytes: number,
): number {
  const { history, ...article } = doc;
  if (!history || history.length === 0) return 0;
  const base = BSON.calculateObjectSize(article);
  const entryBytes = history.map((entry) => BSON.calculateObjectSize(entry));
  // Kept entries are renumbered from 0; each array element is its type byte, its index as a C string, itself.
  let keptBytes = 0;
  let keep = 0;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const next = keptBytes + 2 + String(keep).length + entryBytes[i]!;
    if (base + HISTORY_FIELD_BYTES + next > maxBytes) break;
    keptBytes = next;
    keep += 1;
  }
  return history.length - keep;
}
