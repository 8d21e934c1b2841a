import { toDate } from './article-view.js';

type Doc = Record<string, unknown>;

export interface PassageView {
  readonly context: string;
  readonly removed: string;
  readonly added: string;
}

export interface EntityRefView {
  readonly name: string;
  readonly type: string;
}

/** What a version changed against the one before it (the store's `history[].changes`, docs/articles.md). */
export interface ChangesView {
  readonly fields: string[];
  readonly text?: {
    readonly wordsAdded: number;
    readonly wordsRemoved: number;
    readonly passageCount: number;
    /** False when the edit was too large to align word by word (counts compare bags of words). */
    readonly aligned: boolean;
    readonly passages: PassageView[];
  };
  readonly entities?: {
    readonly added: EntityRefView[];
    readonly removed: EntityRefView[];
    readonly addedCount: number;
    readonly removedCount: number;
  };
}

/** What one version was, as far as the document keeps it. */
export interface VersionSummary {
  readonly version: number;
  readonly extractor?: string;
  readonly entitiesModel?: string;
  readonly processedAt?: Date;
  readonly storedAt?: Date;
  readonly title?: string;
  readonly authors?: string[];
  readonly publishedAt?: Date;
  readonly language?: string;
  readonly wordCount?: number;
}

export interface VersionView extends VersionSummary {
  /** True for the document's own (current) version. */
  readonly current: boolean;
  /**
   * What this version changed against the one before, with that one's summary (`was`); undefined for the
   * first version, or when the one before is no longer kept.
   */
  readonly changes?: ChangesView;
  readonly was?: VersionSummary;
}

export interface ArticleVersions {
  /** Newest first: the current version, then the kept earlier ones. */
  readonly versions: VersionView[];
  /** Versions older than the oldest kept one, whose records the history no longer holds. */
  readonly dropped: number;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const docs = (value: unknown): Doc[] =>
  Array.isArray(value) ? value.filter((v): v is Doc => v !== null && typeof v === 'object') : [];
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

function nameVersion(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { name, version } = value as Doc;
  return [str(name), str(version)].filter((p) => p !== undefined).join(' ') || undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function summary(doc: Doc, storedAt: unknown): VersionSummary | undefined {
  const version = num(doc.version);
  if (version === undefined) return undefined;
  return {
    version,
    ...optional('extractor', nameVersion(doc.extractor)),
    ...optional('entitiesModel', nameVersion(doc.entitiesModel)),
    ...optional('processedAt', toDate(doc.processedAt)),
    ...optional('storedAt', toDate(storedAt)),
    ...optional('title', str(doc.title)),
    ...optional('authors', strings(doc.authors)),
    ...optional('publishedAt', toDate(doc.publishedAt)),
    ...optional('language', str(doc.language)),
    ...optional('wordCount', num(doc.wordCount)),
  };
}

function entityRefs(value: unknown): EntityRefView[] {
  return docs(value).map((e) => ({ name: str(e.name) ?? '?', type: str(e.type) ?? '?' }));
}

function changesOf(value: unknown): ChangesView | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const changes = value as Doc;
  const text = changes.text as Doc | undefined;
  const entities = changes.entities as Doc | undefined;
  return {
    fields: strings(changes.fields) ?? [],
    ...(text !== null && typeof text === 'object'
      ? {
          text: {
            wordsAdded: num(text.wordsAdded) ?? 0,
            wordsRemoved: num(text.wordsRemoved) ?? 0,
            passageCount: num(text.passageCount) ?? 0,
            aligned: text.aligned !== false,
            passages: docs(text.passages).map((p) => ({
              context: str(p.context) ?? '',
              removed: str(p.removed) ?? '',
              added: str(p.added) ?? '',
            })),
          },
        }
      : {}),
    ...(entities !== null && typeof entities === 'object'
      ? {
          entities: {
            added: entityRefs(entities.added),
            removed: entityRefs(entities.removed),
            addedCount: num(entities.addedCount) ?? 0,
            removedCount: num(entities.removedCount) ?? 0,
          },
        }
      : {}),
  };
}

/**
 * The versions of a stored article, newest first, each with what it changed against the one before: the
 * current version from the document itself, the earlier ones from its `history` (the store keeps the last
 * STORE_VERSION_HISTORY). Tolerates documents without `history` (never changed, or stored before it existed).
 */
export function articleVersions(doc: Doc): ArticleVersions {
  const current = summary(doc, doc.updatedAt);
  const history = docs(doc.history)
    .map((entry) => ({ entry, summary: summary(entry, entry.storedAt) }))
    .filter((e): e is { entry: Doc; summary: VersionSummary } => e.summary !== undefined)
    .sort((a, b) => a.summary.version - b.summary.version);
  const byVersion = new Map(history.map((e) => [e.summary.version, e]));
  const rows: VersionView[] = [];
  const row = (s: VersionSummary, current: boolean): VersionView => {
    const before = byVersion.get(s.version - 1);
    const changes = before ? changesOf(before.entry.changes) : undefined;
    return { ...s, current, ...(changes && before ? { changes, was: before.summary } : {}) };
  };
  if (current) rows.push(row(current, true));
  for (const e of [...history].reverse()) {
    if (current && e.summary.version >= current.version) continue;
    rows.push(row(e.summary, false));
  }
  const oldest = rows.at(-1)?.version ?? 1;
  return { versions: rows, dropped: Math.max(0, oldest - 1) };
}
