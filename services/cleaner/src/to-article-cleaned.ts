import { ArticleCleanedSchema, SCHEMA_VERSION, type ArticleCleaned } from '@newsflow/contracts';
import { EXTRACTOR_NAME, EXTRACTOR_VERSION, type Article } from '@newsflow/extraction';
import { articleIdFor, normalizeUrl } from '@newsflow/normalize';

/** The page an article came from, as far as the message needs it. */
export interface PageOrigin {
  readonly pageId: string;
  /** The URL that was requested. */
  readonly url: string;
  /** Where the redirects ended. */
  readonly finalUrl: string;
  readonly fetchedAt: Date;
}

function normalizedOrUndefined(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return normalizeUrl(url);
  } catch {
    return undefined;
  }
}

/**
 * The canonical URL of an article: the page's declared one (normalised), else the final URL. A declared
 * canonical pointing at the site root while the page is deeper is a common CMS mistake; trusting it would give
 * every article of the site one id, so it is ignored.
 */
export function canonicalUrlFor(declared: string | undefined, finalUrl: string): string {
  const final = normalizedOrUndefined(finalUrl) ?? finalUrl;
  const canonical = normalizedOrUndefined(declared);
  if (!canonical) return final;
  const canonicalPath = new URL(canonical).pathname;
  const finalPath = new URL(final).pathname;
  if (canonicalPath === '/' && finalPath !== '/') return final;
  return canonical;
}

/** Keeps only defined values (the message schema has no room for `undefined` under `exactOptionalPropertyTypes`). */
function definedEntries<T>(record: Partial<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * One `article.cleaned` message for the `part`-th article of a page. The id is stable across reprocessing:
 * `articleIdFor(canonicalUrl, part)`.
 */
export function toArticleCleaned(
  article: Article,
  part: number,
  page: PageOrigin,
  processedAt: Date,
): ArticleCleaned {
  const canonicalUrl = canonicalUrlFor(article.canonicalUrl, page.finalUrl);
  return {
    schemaVersion: SCHEMA_VERSION,
    articleId: articleIdFor(canonicalUrl, part),
    pageId: page.pageId,
    part,
    url: page.url,
    finalUrl: page.finalUrl,
    canonicalUrl,
    title: article.title,
    authors: [...article.authors],
    tags: [...article.tags],
    text: article.text,
    html: article.html,
    wordCount: article.wordCount,
    provenance: definedEntries(article.provenance),
    extractor: { name: EXTRACTOR_NAME, version: EXTRACTOR_VERSION },
    fetchedAt: page.fetchedAt.toISOString(),
    processedAt: processedAt.toISOString(),
    ...(article.siteName !== undefined && { siteName: article.siteName }),
    ...(article.language !== undefined && { language: article.language }),
    ...(article.description !== undefined && { description: article.description }),
    ...(isIsoDate(article.publishedAt) && { publishedAt: article.publishedAt }),
    ...(isIsoDate(article.modifiedAt) && { modifiedAt: article.modifiedAt }),
    ...(article.section !== undefined && { section: article.section }),
    ...(isHttpUrl(article.leadImage) && { leadImage: article.leadImage }),
    ...(article.incomplete !== undefined && { incomplete: { ...article.incomplete } }),
  };
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A date the message schema accepts (ISO 8601 with offset); anything else is left out rather than failing the page. */
function isIsoDate(value: string | undefined): value is string {
  return value !== undefined && ArticleCleanedSchema.shape.publishedAt.safeParse(value).success;
}
