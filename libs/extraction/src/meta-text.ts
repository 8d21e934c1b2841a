/** Small text helpers shared by the metadata resolvers (titles, authors, dates). */
import { decodeHTMLStrict } from 'entities';
import { textRuns } from './word-chars.js';

/** Lower-cased letter/digit tokens, combining marks inside their words ({@link textRuns}). */
export function tokens(s: string): string[] {
  return textRuns(s.toLowerCase(), 'words');
}

/** Comparison key: tokens joined by one space (case, punctuation and quote style do not matter). */
export const norm = (s: string): string => tokens(s).join(' ');

/** Token Jaccard similarity of two sets (0 when either is empty). */
export function jaccardSets(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let inter = 0;
  for (const t of x) if (y.has(t)) inter++;
  return inter / (x.size + y.size - inter);
}

/**
 * Typographic quotes to ASCII: titles are output so folded (`plainQuotes` in title.ts), but for titles quoting with
 * „…“, which keep the publisher's quotes.
 */
export function foldQuotes(s: string): string {
  return s.replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201f\u2033]/g, '"');
}

/** `&amp;` that escapes an entity reference (`&amp;ccedil;`, `&amp;#8217;`): an escape on top of another. */
const DOUBLE_ESCAPE_RE = /&amp;(?=(?:#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});)/gi;

/**
 * Decodes the HTML entities left in text that is not HTML or was escaped twice: JSON-LD strings
 * (`&#8217;`, `Ba&ccedil;`), meta values (`&amp;#x26;`), CMS bodies escaped once more (`&amp;ccedil;`,
 * shown to readers as `ç`). Every HTML5 entity with its semicolon; unknown names are kept as they are.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return decodeHTMLStrict(s.replace(DOUBLE_ESCAPE_RE, '&'));
}

/** A JSON-LD value as text: first item of arrays, `name`/`@value`/`url`/`@id` of objects; entities decoded. */
export function ldString(v: unknown): string | undefined {
  if (typeof v === 'string') return decodeEntities(v).trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return ldString(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return ldString(o.name ?? o['@value'] ?? o.url ?? o['@id']);
  }
  return undefined;
}
