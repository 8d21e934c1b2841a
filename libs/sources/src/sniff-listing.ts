/** What a fetched document is, judged by its content (never by its status or Content-Type alone). */
export type ListingKind = 'feed' | 'sitemap' | 'html' | 'unknown';

/** Bytes looked at to find the root element (a DOCTYPE or comments may come first). */
const SNIFF_BYTES = 16 * 1024;

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf', 'channel']);
const SITEMAP_ROOTS = new Set(['urlset', 'sitemapindex']);

/** The local name of the root element, prolog (declaration, comments, DOCTYPE, PIs) skipped. */
export function rootElementName(head: string): string | undefined {
  let rest = head.replace(/^\uFEFF/, '');
  for (let i = 0; i < 100; i++) {
    rest = rest.trimStart();
    const skip = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/i.exec(rest);
    if (!skip) break;
    rest = rest.slice(skip[0].length);
  }
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(rest);
  return m?.[1]?.toLowerCase();
}

/**
 * Sorts a document into feed (RSS, Atom, RDF, JSON Feed), sitemap (urlset, sitemap index, a plain list of
 * URLs), HTML page or unknown, from its first bytes (already gunzipped).
 */
export function sniffListing(bytes: Uint8Array): ListingKind {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SNIFF_BYTES))
    .toString('latin1')
    .replace(/^\u00EF\u00BB\u00BF/, '');
  const start = head.trimStart();
  if (start.startsWith('{'))
    return /"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(start) ? 'feed' : 'unknown';
  if (/^https?:\/\/\S+\s*(?:\r?\n|$)/.test(start)) return 'sitemap';
  const root = rootElementName(start);
  if (root === undefined) return 'unknown';
  if (FEED_ROOTS.has(root)) return 'feed';
  if (SITEMAP_ROOTS.has(root)) return 'sitemap';
  if (root === 'html' || root === 'head' || root === 'body') return 'html';
  return /^<!doctype\s+html/i.test(start) ? 'html' : 'unknown';
}
