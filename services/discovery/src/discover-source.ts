import { decodeBytes } from '@newsflow/normalize';
import type { Logger } from '@newsflow/runtime';
import {
  COMMON_FEED_PATHS,
  COMMON_SITEMAP_PATHS,
  findArticleLinks,
  findFeedLinks,
  gunzipBounded,
  sniffListing,
} from '@newsflow/sources';
import { NothingFoundError } from './discovery-errors.js';
import type { ListingFetcher } from './fetch-listing.js';
import type { SourceKind, TargetKind, TargetOrigin } from './source-document.js';

/** Feeds polled per source: a site announces a few (news, a section, comments); more only repeats them. */
export const MAX_FEEDS_PER_SOURCE = 5;
/** Sitemaps polled per source (an index counts once; its children are read through it). */
export const MAX_SITEMAPS_PER_SOURCE = 5;

export interface DiscoveredTarget {
  readonly url: string;
  readonly kind: TargetKind;
  readonly origin: TargetOrigin;
}

export interface Discovery {
  readonly kind: SourceKind;
  readonly targets: readonly DiscoveredTarget[];
  /** What was tried and why it did not count, for the log and `sources add`. */
  readonly notes: readonly string[];
}

export interface DiscoverOptions {
  readonly givenFeeds: readonly string[];
  readonly givenSitemaps: readonly string[];
  readonly maxBytes: number;
}

/** Fetches `url` and sorts it by content; `undefined` (with a note) when it failed or is not what is wanted. */
async function probe(fetcher: ListingFetcher, url: string, maxBytes: number, notes: string[]) {
  try {
    const page = await fetcher.get(url);
    const body = gunzipBounded(page.body, maxBytes);
    return { page, body, kind: sniffListing(body) };
  } catch (error) {
    notes.push(`${url}: ${(error as { code?: string }).code ?? 'ERROR'} ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Finds what to poll for a source. Feeds and sitemaps given by the user are taken as they are. Otherwise the
 * URL is fetched: a feed or sitemap is polled itself; a home page is searched for `<link rel="alternate">`
 * feeds, then the usual feed paths (each checked by content, not status), its robots.txt `Sitemap:` lines,
 * then the usual sitemap paths; a site with none of these is watched through its home page's article links.
 * @throws FetchError when the URL itself cannot be fetched (retriable or not, as the client says);
 *   NothingFoundError when the page offers nothing to follow.
 */
export async function discoverSource(
  url: string,
  fetcher: ListingFetcher,
  options: DiscoverOptions,
  log: Logger,
): Promise<Discovery> {
  const notes: string[] = [];
  if (options.givenFeeds.length > 0 || options.givenSitemaps.length > 0) {
    return {
      kind: 'site',
      targets: [
        ...options.givenFeeds.map((u) => ({ url: u, kind: 'feed' as const, origin: 'given' as const })),
        ...options.givenSitemaps.map((u) => ({ url: u, kind: 'sitemap' as const, origin: 'given' as const })),
      ],
      notes,
    };
  }
  const page = await fetcher.get(url);
  const body = gunzipBounded(page.body, options.maxBytes);
  const kind = sniffListing(body);
  if (kind === 'feed') return { kind: 'feed', targets: [{ url, kind: 'feed', origin: 'given' }], notes };
  if (kind === 'sitemap')
    return { kind: 'sitemap', targets: [{ url, kind: 'sitemap', origin: 'given' }], notes };

  const html = decodeBytes(body, page.contentTypeHeader).text;
  const targets: DiscoveredTarget[] = findFeedLinks(html, page.finalUrl)
    .slice(0, MAX_FEEDS_PER_SOURCE)
    .map((f) => ({ url: f.url, kind: 'feed', origin: 'link' }));
  const origin = new URL(page.finalUrl).origin;
  if (targets.length === 0) {
    for (const path of COMMON_FEED_PATHS) {
      const found = await probe(fetcher, `${origin}${path}`, options.maxBytes, notes);
      if (found?.kind === 'feed') {
        targets.push({ url: found.page.finalUrl, kind: 'feed', origin: 'path' });
        break;
      }
    }
  }
  let sitemaps: string[] = [];
  try {
    sitemaps = [...new Set(await fetcher.robotsSitemaps(page.finalUrl))].slice(0, MAX_SITEMAPS_PER_SOURCE);
  } catch (error) {
    notes.push(`robots.txt: ${(error as Error).message}`);
  }
  for (const sitemap of sitemaps) targets.push({ url: sitemap, kind: 'sitemap', origin: 'robots' });
  if (sitemaps.length === 0) {
    let general = false;
    for (const path of COMMON_SITEMAP_PATHS) {
      // /sitemap.xml and /sitemap_index.xml usually list the same: the first that is a sitemap is enough.
      const isNews = path.includes('news');
      if (general && !isNews) continue;
      const found = await probe(fetcher, `${origin}${path}`, options.maxBytes, notes);
      if (found?.kind !== 'sitemap') continue;
      targets.push({ url: found.page.finalUrl, kind: 'sitemap', origin: 'path' });
      if (!isNews) general = true;
    }
  }
  if (targets.length === 0) {
    if (findArticleLinks(html, page.finalUrl).length === 0) throw new NothingFoundError(url);
    targets.push({ url: page.finalUrl, kind: 'page', origin: 'fallback' });
  }
  log.info(
    { url, targets: targets.map((t) => `${t.kind} ${t.url}`), notes: notes.length },
    'source discovered',
  );
  return { kind: 'site', targets, notes };
}
