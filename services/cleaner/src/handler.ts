import { ArticleCleanedSchema, Topics, type PageFetched } from '@newsflow/contracts';
import {
  blockFingerprints,
  extractArticles,
  type ExtractInput,
  type ExtractionLimits,
  type ExtractionResult,
  type SiteProfile,
} from '@newsflow/extraction';
import { DependencyUnavailableError, NewsflowError, type JobContext, type PageStore, type StoredPage } from '@newsflow/runtime';
import { CleanerError, CleanerErrorCode } from './cleaner-error.js';
import { decodePage, pageKindOf } from './page-text.js';
import { templateHostOf, type SiteTemplates } from './site-templates.js';
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
}

/** Stored pages over this many bytes are refused by default (the extractor's own input limit is 5 M chars). */
export const DEFAULT_MAX_PAGE_BYTES = 5_000_000;
export const DEFAULT_MIN_PROFILE_PAGES = 5;

/**
 * Cleans one fetched page: loads its raw bytes from MongoDB `pages`, decodes them, counts its blocks in the
 * host's template profile (Redis), extracts its article(s) with that profile and sends one `article.cleaned`
 * per article, keyed by article id.
 *
 * @throws PageNotFoundError (`PAGE_NOT_FOUND`) when the page is not stored; CleanerError (permanent) for
 *   pages that cannot give an article; ExtractionError (permanent) when the page breaks a parser limit;
 *   DependencyUnavailableError (retriable) when MongoDB or Redis do not answer.
 */
export async function handlePage(input: PageFetched, ctx: JobContext, deps: CleanerHandlerDeps): Promise<void> {
  const log = ctx.log.child({ pageId: input.pageId });
  const page = await loadPage(deps.pages, input.pageId);
  if (page.contentHash !== input.contentHash) {
    // The page changed again after this message was sent; the newest bytes are what is stored, so clean those.
    log.debug({ messageHash: input.contentHash, storedHash: page.contentHash }, 'stored page is newer than the message');
  }
  const maxPageBytes = deps.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
  if (page.body.byteLength > maxPageBytes) {
    throw new CleanerError(CleanerErrorCode.pageTooLarge, `page of ${page.body.byteLength} bytes exceeds ${maxPageBytes}`, {
      context: { pageId: input.pageId, bytes: page.body.byteLength, maxPageBytes },
    });
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

  const siteProfile = deps.templates ? await learnTemplate(deps.templates, page, extractInput, deps.minProfilePages) : undefined;
  const { articles, diagnostics } = runExtractor(() => extractArticles({ ...extractInput, ...(siteProfile && { siteProfile }) }));
  const withText = articles.filter((article) => article.text.trim().length > 0);
  log.info(
    {
      articles: withText.length,
      strategy: diagnostics.strategy,
      contentType: diagnostics.contentType,
      charset,
      templateBlocksRemoved: diagnostics.templateBlocksRemoved,
      warnings: diagnostics.warnings,
    },
    'page extracted',
  );
  if (withText.length === 0) {
    throw new CleanerError(CleanerErrorCode.noArticle, `no article found on ${page.finalUrl} (${diagnostics.warnings.join('; ') || diagnostics.strategy})`, {
      context: { pageId: input.pageId, strategy: diagnostics.strategy },
    });
  }

  const processedAt = (deps.now ?? (() => new Date()))();
  const origin = { pageId: input.pageId, url: page.url, finalUrl: page.finalUrl, fetchedAt: page.fetchedAt };
  for (const [part, article] of withText.entries()) {
    const message = toArticleCleaned(article, part, origin, processedAt);
    await ctx.send(Topics.articleCleaned, message.articleId, ArticleCleanedSchema, message);
  }
}

async function loadPage(pages: Pick<PageStore, 'load'>, pageId: string): Promise<StoredPage & { contentHash: string }> {
  try {
    return await pages.load(pageId);
  } catch (error) {
    if (error instanceof NewsflowError) throw error;
    if (isZlibError(error)) {
      throw new CleanerError(CleanerErrorCode.pageCorrupt, `stored body of ${pageId} cannot be unpacked`, { cause: error, context: { pageId } });
    }
    throw new DependencyUnavailableError('MongoDB', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function isZlibError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
}

/**
 * Counts this page's blocks for its host and returns the host's profile once enough pages were seen.
 * Fingerprinting is an extraction pass of its own: the profile must be known before the real one.
 */
async function learnTemplate(
  templates: SiteTemplates,
  page: StoredPage,
  input: ExtractInput,
  minPages = DEFAULT_MIN_PROFILE_PAGES,
): Promise<SiteProfile | undefined> {
  const fingerprints = runExtractor(() => blockFingerprints(input));
  let profile: SiteProfile;
  try {
    profile = await templates.observe(templateHostOf(page.finalUrl), page.pageId, fingerprints);
  } catch (error) {
    throw new DependencyUnavailableError('Redis', error instanceof Error ? error.message : String(error), { cause: error });
  }
  return profile.pagesSeen >= minPages ? profile : undefined;
}

/** Runs the pure extractor: its typed errors pass through; anything else is a bug that retrying cannot fix. */
function runExtractor<T extends ExtractionResult | string[]>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error !== null && typeof error === 'object' && 'code' in error && 'retriable' in error) throw error;
    throw new CleanerError(CleanerErrorCode.extractFailed, `extractor failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
