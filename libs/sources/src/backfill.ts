import type { DiscoveredItem } from './discovered-item.js';

/** Where a URL was listed: decides what an undated entry means on a first poll. */
export type ListingSource = 'feed' | 'sitemap' | 'page';

export interface BackfillRule {
  /** Oldest date that goes out (ms since epoch); `undefined` for `--backfill all`. */
  readonly cutoffMs: number | undefined;
  /** True on a target's first successful poll. */
  readonly firstPoll: boolean;
  readonly listing: ListingSource;
}

/** The default backfill: what was published in the last two days goes out on a first poll. */
export const DEFAULT_BACKFILL_MS = 2 * 86_400_000;

/**
 * Whether a listed URL not seen before goes out. Dated entries (published, else modified) go out when within
 * the backfill; undated ones always, except on a sitemap's first poll, where an undated entry is as likely a
 * ten-year-old archive page as news (`--backfill all` sends those too). After the first poll, an undated URL
 * the listing did not have before is new.
 */
export function isWithinBackfill(item: DiscoveredItem, rule: BackfillRule): boolean {
  if (rule.cutoffMs === undefined) return true;
  const date = item.publishedAt ?? item.modifiedAt;
  if (date !== undefined) return Date.parse(date) >= rule.cutoffMs;
  return !(rule.firstPoll && rule.listing === 'sitemap');
}
