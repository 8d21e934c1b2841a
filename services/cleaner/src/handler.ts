import { gunzipSync } from 'node:zlib';
import {
  ArticleCleanedSchema,
  FeedMetaSchema,
  Topics,
  fitArticleCleaned,
  type PageFetched,
} from '@newsflow/contracts';
import {
  TEMPLATE_MIN_PAGES,
  TEMPLATE_MIN_SHARE,
  extractArticles,
  withFeedEvidence,
  type ExtractInput,
  type ExtractionLimits,
  type ExtractionResult,
  type SiteProfile,
} from '@newsflow/extraction';
import { isNewsflowError } from '@newsflow/errors';
import {
  DependencyUnavailableError,
  type JobContext,
  type PageStore,
  type StoredPage,
} from '@newsflow/runtime';
import { sha256Hex } from '@newsflow/normalize';
import { CleanerError, CleanerErrorCode } from './cleaner-error.js';
import { decodePage, pageKindOf } from './page-text.js';
import type { CleanerMetrics } from './metrics.js';
import { keptFingerprints, templateHostOf, type SiteTemplates } from './site-templates.js';
import { toArticleCleaned } from './to-article-cleaned.js';

export interface CleanerHandlerDeps {
  /** Where the fetcher left the raw page (libs/runtime `createPageStore`). */
  readonly pages: Pick<PageStore, 'load'>;
  /** Per-host template learning; absent disables it. */
  readonly templates?: SiteTemplates;
  /** A host's profile is applied once this many of its pages were seen. @default 5 */
  readonly minProfilePages?: number;
  /** Larger stored pages are dead-lettered. @default 5_000_000 */
  readonly maxPageBytes?: number;
  /** Parser limits handed to the extractor. */
  readonly limits?: ExtractionLimits;
  /** Clock for `processedAt`. @default () => new Date() */
  readonly now?: () => Date;
  /** Counts articles by completeness; absent in tests that do not read it. */
  readonly metrics?: CleanerMetrics;
}

/** Stored pages over this many bytes are refused by default (the extractor's own input limit is 5 M chars). */
export const DEFAULT_MAX_PAGE_BYTES = 5_000_000;
export const DEFAULT_MIN_PROFILE_PAGES = 5;

/**
 * Cleans one fetched page: takes its raw bytes from the message or, when they are not inline, from MongoDB
 * `pages`, decodes them, extracts its article(s), counts the kept blocks in the host's template profile
 * (Redis) and extracts again without the host's template blocks when it has some, then sends one
 * `article.cleaned` per article, keyed by article id; an article whose text is known to be incomplete (a title
 * without text, a paywall teaser) carries `incomplete` with the reason, is logged and counted. An article too
 * large for its message (with room for the entities) loses its html, then the end of its text, with
 * `truncation` saying so (`fitArticleCleaned`), and is logged. A page that holds one article gets the title, authors and
 * dates the feed listed for its URL (`meta` from services/discovery) where the page says nothing surer.
 *
 * @throws PageNotFoundError (`PAGE_NOT_FOUND`) when the page is not stored; CleanerError (permanent) for
 *   pages that cannot give an article; ExtractionError (permanent) when the page breaks a parser limit;
 *   DependencyUnavailableError (retriable) when MongoDB or Redis do not answer.
 */
export async function handlePage(
  input: PageFetched,
  ctx: JobContext,
  deps: CleanerHandlerDeps,
): Promise<void> {
  const log = ctx.log.child({ pageId: input.pageId });
  const maxPageBytes = deps.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
  const page = inlinePage(input, maxPageBytes, log) ?? (await loadPage(deps.pages, input.pageId));
  if (page.contentHash !== input.contentHash) {
    // The page changed again after this message was sent; the newest bytes are what is stored, so clean those.
    log.debug(
      { messageHash: input.contentHash, storedHash: page.contentHash },
      'stored page is newer than the message',
    );
  }
  if (page.body.byteLength > maxPageBytes) {
    throw new CleanerError(
      CleanerErrorCode.pageTooLarge,
      `page of ${page.body.byteLength} bytes exceeds ${maxPageBytes}`,
      {
        context: { pageId: input.pageId, bytes: page.body.byteLength, maxPageBytes },
      },
    );
  }
  const contentType = pageKindOf(page.contentType);
  const { text: body, charset } = decodePage(page.body, page.contentType, page.charset);
  const extractInput: ExtractInput = {
    body,
    url: page.finalUrl,
    now: page.fetchedAt,
    ...(contentType !== undefined && { contentType }),
    ...(deps.limits !== undefined && { limits: deps.limits }),
  };

  const { articles, diagnostics } = deps.templates
    ? await extractWithTemplate(
        deps.templates,
        page,
        extractInput,
        deps.minProfilePages ?? DEFAULT_MIN_PROFILE_PAGES,
      )
    : runExtractor(() => extractArticles(extractInput));
  const withText = articles.filter((article) => article.text.trim().length > 0);
  // A page whose title was found but no text is stored as one article marked `empty` (its reason says
  // why), never as if it were whole; a page with neither holds no article.
  const kept =
    withText.length > 0
      ? withText
      : articles.filter((article) => article.incomplete?.kind === 'empty').slice(0, 1);
  log.info(
    {
      articles: kept.length,
      strategy: diagnostics.strategy,
      contentType: diagnostics.contentType,
      charset,
      templateBlocksRemoved: diagnostics.templateBlocksRemoved,
      warnings: diagnostics.warnings,
    },
    'page extracted',
  );
  if (kept.length === 0) {
    throw new CleanerError(
      CleanerErrorCode.noArticle,
      `no article found on ${page.finalUrl} (${diagnostics.warnings.join('; ') || diagnostics.strategy})`,
      {
        context: { pageId: input.pageId, strategy: diagnostics.strategy },
      },
    );
  }

  const processedAt = (deps.now ?? (() => new Date()))();
  const origin = { pageId: input.pageId, url: page.url, finalUrl: page.finalUrl, fetchedAt: page.fetchedAt };
  // The feed described the URL, which is one article; on a page of several it says nothing about each.
  const feed = kept.length === 1 ? FeedMetaSchema.safeParse(input.meta) : undefined;
  for (const [part, extracted] of kept.entries()) {
    const article = feed?.success ? withFeedEvidence(extracted, feed.data) : extracted;
    // Each article is its own message, fitted on its own: html dropped, then text cut, to leave the entities
    // stage room in the 1 MB article.enriched (fit-article.ts); `truncation` records it.
    const message = fitArticleCleaned(toArticleCleaned(article, part, origin, processedAt));
    if (message.incomplete) log.warn({ part, incomplete: message.incomplete }, 'article text is incomplete');
    if (message.truncation)
      log.warn({ part, truncation: message.truncation }, 'article over its message size; shortened');
    await ctx.send(Topics.articleCleaned, message.articleId, ArticleCleanedSchema, message);
    deps.metrics?.articles.inc({ outcome: message.incomplete?.kind ?? 'complete' });
    const cut = message.truncation?.fields.at(-1);
    if (cut) deps.metrics?.shortened.inc({ cut });
  }
}

/**
 * The page as the message carries it (`inlineBody`), checked against its content hash; undefined when the
 * message has no body or a damaged one, and the stored copy is read instead. Unpacking stops past
 * `maxPageBytes`: a message is not trusted not to be a decompression bomb.
 */
function inlinePage(
  input: PageFetched,
  maxPageBytes: number,
  log: JobContext['log'],
): (StoredPage & { contentHash: string }) | undefined {
  if (input.inlineBody === undefined) return undefined;
  let body: Uint8Array;
  try {
    body = new Uint8Array(
      gunzipSync(Buffer.from(input.inlineBody, 'base64'), { maxOutputLength: maxPageBytes + 1 }),
    );
  } catch (error) {
    log.warn({ err: error }, 'inline body cannot be unpacked within the page limit; reading the stored page');
    return undefined;
  }
  if (sha256Hex(body) !== input.contentHash) {
    log.warn('inline body does not match its content hash; reading the stored page');
    return undefined;
  }
  return {
    pageId: input.pageId,
    url: input.url,
    finalUrl: input.finalUrl,
    status: input.status,
    contentType: input.contentType,
    charset: input.charset,
    headers: input.headers,
    etag: input.etag,
    lastModified: input.lastModified,
    fetchedAt: new Date(input.fetchedAt),
    contentHash: input.contentHash,
    body,
  };
}

async function loadPage(
  pages: Pick<PageStore, 'load'>,
  pageId: string,
): Promise<StoredPage & { contentHash: string }> {
  try {
    return await pages.load(pageId);
  } catch (error) {
    if (isNewsflowError(error)) throw error;
    if (isZlibError(error)) {
      throw new CleanerError(CleanerErrorCode.pageCorrupt, `stored body of ${pageId} cannot be unpacked`, {
        cause: error,
        context: { pageId },
      });
    }
    throw new DependencyUnavailableError('MongoDB', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

function isZlibError(error: unknown): boolean {
  return (
    error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')
  );
}

/**
 * Extracts with the host's learned template. The page is extracted once without a profile; the fingerprints
 * of the blocks it kept are counted for the host (one Redis round-trip), and only when one of them is now
 * template is the page extracted again with the profile. Most pages need one pass instead of the two that
 * `blockFingerprints` + `extractArticles` would take. Only kept blocks can be dropped as template, so counting
 * those is enough; the check mirrors the library's rule (`TEMPLATE_MIN_PAGES`, `TEMPLATE_MIN_SHARE`).
 */
async function extractWithTemplate(
  templates: SiteTemplates,
  page: StoredPage,
  input: ExtractInput,
  minPages: number,
): Promise<ExtractionResult> {
  const first = runExtractor(() => extractArticles(input));
  const fingerprints = keptFingerprints(first.articles);
  let profile: SiteProfile;
  try {
    profile = await templates.observe(templateHostOf(page.finalUrl), page.pageId, fingerprints);
  } catch (error) {
    throw new DependencyUnavailableError('Redis', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (
    profile.pagesSeen < minPages ||
    !fingerprints.some((fp) => isTemplateCount(profile, profile.blockCounts[fp] ?? 0))
  )
    return first;
  const second = runExtractor(() => extractArticles({ ...input, siteProfile: profile }));
  if (wordsOf(second) < (1 - MAX_TEMPLATE_WORD_SHARE) * wordsOf(first)) return first;
  return second;
}

/**
 * Template blocks are furniture around a story. When they would take more than this share of a page's words,
 * the "template" is the story itself, repeated across the host's pages (a blog post on its front, tag and
 * archive pages, or one story under several URLs), and dropping it would lose the article: the pass without
 * the profile is kept.
 */
export const MAX_TEMPLATE_WORD_SHARE = 0.5;

function wordsOf(result: ExtractionResult): number {
  return result.articles.reduce((sum, article) => sum + article.wordCount, 0);
}

function isTemplateCount(profile: SiteProfile, count: number): boolean {
  return count >= TEMPLATE_MIN_PAGES && count >= TEMPLATE_MIN_SHARE * profile.pagesSeen;
}

/**
 * Runs the pure extractor: its typed errors pass through; anything else is a bug that retrying the same bytes
 * cannot fix, dead-lettered under one code.
 */
function runExtractor<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isNewsflowError(error)) throw error;
    throw new CleanerError(
      CleanerErrorCode.extractFailed,
      `extractor failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
