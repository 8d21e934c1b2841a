/** One article URL a feed, sitemap or page listed, with what the listing said about it. */
export interface DiscoveredItem {
  /** Absolute http(s) URL as listed (resolved against the document's URL; not yet normalised). */
  readonly url: string;
  readonly title?: string;
  /** ISO 8601 UTC. */
  readonly publishedAt?: string;
  /** ISO 8601 UTC (a sitemap's `lastmod`, a feed's `updated`). */
  readonly modifiedAt?: string;
  readonly authors?: readonly string[];
  /** The feed item's own id (RSS guid, Atom id, JSON Feed id). */
  readonly id?: string;
}

/** Longest title kept from a listing (news:title, a feed's title): longer is junk, not a headline. */
export const MAX_TITLE_CHARS = 1000;

/** Resolves `href` against `base`; `undefined` unless the result is an http(s) URL. */
export function resolveHttpUrl(
  href: string | null | undefined,
  base: string | undefined,
): string | undefined {
  const value = href?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A title as shown: whitespace collapsed, cut to {@link MAX_TITLE_CHARS}; `undefined` when empty. */
export function cleanTitle(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, MAX_TITLE_CHARS) : undefined;
}
