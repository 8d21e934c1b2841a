import { normalizeUrl, sha256Hex } from '@newsflow/normalize';

/** Stable id of a source: one per normalised URL (its home page, feed or sitemap). @throws UrlError */
export function sourceIdFor(url: string): string {
  return `s_${sha256Hex(normalizeUrl(url)).slice(0, 24)}`;
}

/**
 * Stable id of one polled target (a feed, sitemap or page) of a source; also its BullMQ job scheduler id
 * (no `:`, which BullMQ keys reserve). @throws UrlError
 */
export function targetIdFor(sourceId: string, url: string): string {
  return `t_${sha256Hex(`${sourceId} ${normalizeUrl(url)}`).slice(0, 24)}`;
}
