import { Confidence } from './confidence.js';
import type { Article, Provenance } from './types.js';

/** What a feed or sitemap said about the article at a URL (services/discovery passes it on as `meta`). */
export interface FeedEvidence {
  readonly title?: string | undefined;
  /** ISO 8601. */
  readonly publishedAt?: string | undefined;
  readonly modifiedAt?: string | undefined;
  readonly authors?: readonly string[] | undefined;
}

/**
 * How much a feed's word is trusted: the publisher's own machine-written listing, so as much as a page's
 * `<meta>` tags for dates and names, but it describes the URL rather than the page in hand (a feed title may
 * be shortened, a date may be the feed's build time), so a page's structured data or meta tags still win.
 */
const FEED_CONFIDENCE = Confidence.meta - 0.05;

const PROVENANCE = { source: 'feed', confidence: FEED_CONFIDENCE } as const;

/**
 * The article with the feed's title, authors and dates filling what the page left empty or only guessed
 * (a field whose own provenance is less sure than {@link FEED_CONFIDENCE}); provenance says `feed` for
 * each field taken. Fields the page states with structured data or meta tags are kept.
 */
export function withFeedEvidence(article: Article, feed: FeedEvidence): Article {
  const weaker = (field: keyof Provenance) => (article.provenance[field]?.confidence ?? 0) < FEED_CONFIDENCE;
  const taken: Partial<Record<'title' | 'authors' | 'publishedAt' | 'modifiedAt', true>> = {};
  const title = feed.title?.trim();
  const useTitle =
    title !== undefined && title.length > 0 && (article.title.trim().length === 0 || weaker('title'));
  const authors = (feed.authors ?? []).map((a) => a.trim()).filter((a) => a.length > 0);
  const useAuthors = authors.length > 0 && (article.authors.length === 0 || weaker('authors'));
  const usePublished =
    feed.publishedAt !== undefined && (article.publishedAt === undefined || weaker('publishedAt'));
  const useModified =
    feed.modifiedAt !== undefined && (article.modifiedAt === undefined || weaker('modifiedAt'));
  if (useTitle) taken.title = true;
  if (useAuthors) taken.authors = true;
  if (usePublished) taken.publishedAt = true;
  if (useModified) taken.modifiedAt = true;
  if (Object.keys(taken).length === 0) return article;
  const provenance: Provenance = { ...article.provenance };
  for (const field of Object.keys(taken) as (keyof typeof taken)[]) provenance[field] = PROVENANCE;
  return {
    ...article,
    ...(useTitle ? { title } : {}),
    ...(useAuthors ? { authors } : {}),
    ...(usePublished ? { publishedAt: feed.publishedAt } : {}),
    ...(useModified ? { modifiedAt: feed.modifiedAt } : {}),
    provenance,
  };
}
