import { gunzipBounded } from './gunzip.js';
import { parseFeed, type ParsedFeed } from './parse-feed.js';
import { parseSitemap, type ParsedSitemap } from './parse-sitemap.js';
import { sniffListing } from './sniff-listing.js';
import { SourcesError, SourcesErrorCode } from './sources-error.js';

export type ParsedListing = ParsedFeed | ParsedSitemap;

export interface ParseListingOptions {
  /** The document's URL: relative links resolve against it. */
  readonly url?: string;
  readonly contentType?: string;
  /** Largest document once gunzipped (a gzip bomb stops here). @default 50 MiB, the sitemap protocol's limit */
  readonly maxBytes?: number;
}

/** The sitemap protocol's size limit (uncompressed), also ours for feeds. */
export const DEFAULT_MAX_LISTING_BYTES = 50 * 1024 * 1024;

/**
 * Reads a feed or sitemap, whichever the bytes are (gzip first undone within `maxBytes`): `{kind: 'feed'}` with
 * its items, or `{kind: 'sitemap' | 'sitemap-index'}` with its URLs or child sitemaps.
 * @throws SourcesError `SOURCES_NOT_A_FEED` (an HTML page or anything else), `SOURCES_MALFORMED`,
 *   `SOURCES_TOO_LARGE`, `SOURCES_BAD_GZIP`.
 */
export function parseListing(input: Uint8Array, options: ParseListingOptions = {}): ParsedListing {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LISTING_BYTES;
  const bytes = gunzipBounded(input, maxBytes);
  if (bytes.byteLength > maxBytes)
    throw new SourcesError(
      SourcesErrorCode.tooLarge,
      `document of ${bytes.byteLength} bytes exceeds ${maxBytes}`,
    );
  const kind = sniffListing(bytes);
  switch (kind) {
    case 'sitemap':
      return parseSitemap(bytes, options);
    case 'html':
      throw new SourcesError(SourcesErrorCode.notAFeed, 'an HTML page, not a feed or sitemap');
    case 'feed':
    case 'unknown':
      // An unknown root may still be a feed whose DOCTYPE hid it; parseFeed says clearly if it is not.
      return parseFeed(bytes, options);
  }
}
