/** Small text helpers shared by the metadata resolvers (titles, authors, dates). */
import { textRuns } from './word-chars.js';

/** Lower-cased letter/digit tokens. */
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

/** Typographic quotes to ASCII, for comparisons (output keeps the publisher's quotes). */
export function foldQuotes(s: string): string {
  return s.replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201f\u2033]/g, '"');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
};

/**
 * Decodes HTML entities left in text that was escaped twice (JSON-LD strings such as `&#8217;`, meta values
 * such as `&amp;#x26;`). Unknown names are kept as they are.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = s;
  // Twice: "&amp;#8217;" is one escape on top of another.
  for (let i = 0; i < 2 && out.includes('&'); i++) {
    out = out.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
      if (body[0] === '#') {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
  }
  return out;
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
