/** Entities shown per article in listings. */
const TOP_ENTITIES = 5;

export interface EntityView {
  readonly name: string;
  readonly type: string;
  readonly count: number;
  readonly salience: number;
}

/** What the CLI shows of a stored article (docs/articles.md has the whole document). */
export interface ArticleView {
  readonly id: string;
  readonly url: string;
  readonly canonicalUrl: string;
  readonly title: string;
  readonly siteName?: string;
  readonly publishedAt?: Date;
  readonly authors: string[];
  readonly wordCount?: number;
  /** The most salient entities, at most five. */
  readonly topEntities: EntityView[];
}

type Doc = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A BSON date or an ISO string as a Date; undefined for anything else. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/** Entities of a document, most salient first (then most mentioned). */
export function entitiesOf(doc: Doc): EntityView[] {
  const raw = Array.isArray(doc.entities) ? (doc.entities as unknown[]) : [];
  return raw
    .filter((e): e is Doc => e !== null && typeof e === 'object')
    .map((e) => ({
      name: text(e.name) ?? '?',
      type: text(e.type) ?? '?',
      count: typeof e.count === 'number' ? e.count : 0,
      salience: typeof e.salience === 'number' ? e.salience : 0,
    }))
    .sort((a, b) => b.salience - a.salience || b.count - a.count);
}

/** Reads the fields the CLI shows from an `articles` document, tolerating missing ones. */
export function describeArticle(doc: Doc): ArticleView {
  const publishedAt = toDate(doc.publishedAt);
  const siteName = text(doc.siteName);
  return {
    id: String(doc._id),
    url: text(doc.url) ?? '',
    canonicalUrl: text(doc.canonicalUrl) ?? text(doc.url) ?? '',
    title: text(doc.title) ?? '',
    ...(siteName === undefined ? {} : { siteName }),
    ...(publishedAt === undefined ? {} : { publishedAt }),
    authors: Array.isArray(doc.authors) ? doc.authors.filter((a): a is string => typeof a === 'string') : [],
    ...(typeof doc.wordCount === 'number' ? { wordCount: doc.wordCount } : {}),
    topEntities: entitiesOf(doc).slice(0, TOP_ENTITIES),
  };
}
