import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import { normalizeCharset } from '@newsflow/normalize';
import { decodeXml, xmlDeclaredEncoding } from './decode-xml.js';
import { cleanTitle, resolveHttpUrl, type DiscoveredItem } from './discovered-item.js';
import { parseFeedDate } from './parse-date.js';
import { SourcesError, SourcesErrorCode } from './sources-error.js';

/** A child sitemap listed by a sitemap index. */
export interface SitemapRef {
  readonly url: string;
  /** ISO 8601 UTC `lastmod`. */
  readonly modifiedAt?: string;
}

export interface ParsedSitemap {
  /** `sitemap`: a `<urlset>` (or a plain-text list of URLs); `sitemap-index`: a `<sitemapindex>`. */
  readonly kind: 'sitemap' | 'sitemap-index';
  /** True when entries carry Google News tags (`news:publication_date`, `news:title`). */
  readonly news: boolean;
  /** The URLs of a `sitemap` (empty when an `onItem` callback took them). */
  readonly items: readonly DiscoveredItem[];
  /** The child sitemaps of a `sitemap-index`. */
  readonly sitemaps: readonly SitemapRef[];
  /** Entries without a usable `<loc>`. */
  readonly skipped: number;
  /** True when more than `maxEntries` were listed and the rest were not read. */
  readonly truncated: boolean;
}

export interface ParseSitemapOptions {
  /** The sitemap's own URL: relative `<loc>`s (against the spec, but seen) resolve against it. */
  readonly url?: string;
  readonly contentType?: string;
  /** Entries read before the rest is ignored (the protocol allows 50 000). @default 100_000 */
  readonly maxEntries?: number;
  /** Takes each URL as it is read, instead of collecting them (bounded memory on huge sitemaps). */
  readonly onItem?: (item: DiscoveredItem) => void;
}

export const DEFAULT_MAX_SITEMAP_ENTRIES = 100_000;
/** Longest text kept from one element: an endless `<loc>` must not grow without bound. */
const MAX_FIELD_CHARS = 8192;
/**
 * Deepest element nesting read. A sitemap is 4 deep (`urlset/url/news:news/news:title`); the XML parser keeps
 * its open elements in an array it prepends to, so each level costs the depth again (100 000 nested elements
 * took 4.5 s).
 */
const MAX_DEPTH = 64;
/** Bytes decoded per step when parsing a buffer: the decoded text never exists whole. */
const CHUNK_BYTES = 64 * 1024;

/** The fields of one `<url>` / `<sitemap>` entry read so far. */
interface Entry {
  loc?: string;
  lastmod?: string;
  publicationDate?: string;
  newsTitle?: string;
}

const FIELD_OF: Readonly<Record<string, keyof Entry>> = {
  loc: 'loc',
  lastmod: 'lastmod',
  publication_date: 'publicationDate',
  title: 'newsTitle',
};

function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

function decodeText(text: string): string {
  // htmlparser2 decodes the XML entities; HTML ones (&nbsp;, &eacute;) that sitemaps use anyway are left.
  return (text.includes('&') ? decodeHTML(text) : text).replace(/\s+/g, ' ').trim();
}

/**
 * A streaming sitemap reader: feed it text with `write`, then `end`. Memory stays bounded by the entries it
 * collects (none with `onItem`), whatever the document's size. It is lenient the way crawlers must be:
 * unescaped `&`, unclosed tags, namespace prefixes, HTML entities, a plain-text list of URLs; a DTD is never
 * read, so no entity is expanded.
 */
export function createSitemapParser(options: ParseSitemapOptions = {}) {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_SITEMAP_ENTRIES;
  const items: DiscoveredItem[] = [];
  const sitemaps: SitemapRef[] = [];
  let kind: ParsedSitemap['kind'] | undefined;
  let plainText: boolean | undefined;
  let pendingLine = '';
  let news = false;
  let skipped = 0;
  let entries = 0;
  let truncated = false;
  const stack: string[] = [];
  let entry: Entry | undefined;
  let field: keyof Entry | undefined;
  let text = '';

  const take = (item: DiscoveredItem): void => {
    if (entries >= maxEntries) {
      truncated = true;
      return;
    }
    entries++;
    if (options.onItem) options.onItem(item);
    else items.push(item);
  };

  const finishEntry = (current: Entry, asSitemap: boolean): void => {
    const url = current.loc === undefined ? undefined : resolveHttpUrl(decodeText(current.loc), options.url);
    if (!url) {
      skipped++;
      return;
    }
    const modifiedAt = parseFeedDate(current.lastmod === undefined ? undefined : decodeText(current.lastmod));
    if (asSitemap) {
      if (sitemaps.length < maxEntries) sitemaps.push(modifiedAt ? { url, modifiedAt } : { url });
      else truncated = true;
      return;
    }
    const publishedAt = parseFeedDate(
      current.publicationDate === undefined ? undefined : decodeText(current.publicationDate),
    );
    const title = cleanTitle(current.newsTitle === undefined ? undefined : decodeText(current.newsTitle));
    take({
      url,
      ...(title ? { title } : {}),
      ...(publishedAt ? { publishedAt } : {}),
      ...(modifiedAt ? { modifiedAt } : {}),
    });
  };

  const parser = new Parser(
    {
      onopentag(name) {
        const local = localName(name);
        if (kind === undefined) {
          if (local === 'urlset') kind = 'sitemap';
          else if (local === 'sitemapindex') kind = 'sitemap-index';
          else
            throw new SourcesError(
              SourcesErrorCode.notAFeed,
              `not a sitemap: the document is <${local.slice(0, 40)}>`,
            );
        }
        const parent = stack.at(-1);
        if (stack.length >= MAX_DEPTH)
          throw new SourcesError(SourcesErrorCode.malformed, `elements nested deeper than ${MAX_DEPTH}`);
        stack.push(local);
        if ((local === 'url' || local === 'sitemap') && stack.length === 2) {
          entry = {};
          return;
        }
        if (local === 'news') news = true;
        // Only the entry's own fields: an <image:loc> or <video:title> is not the page's.
        const wanted = FIELD_OF[local];
        const owned =
          local === 'loc' || local === 'lastmod'
            ? parent === 'url' || parent === 'sitemap'
            : parent === 'news';
        if (entry && wanted && owned) {
          field = wanted;
          text = '';
        }
      },
      ontext(chunk) {
        if (field !== undefined && text.length < MAX_FIELD_CHARS)
          text += chunk.slice(0, MAX_FIELD_CHARS - text.length);
      },
      onclosetag(name) {
        const local = localName(name);
        if (field !== undefined && FIELD_OF[local] === field) {
          if (entry) entry[field] = text;
          field = undefined;
        }
        if ((local === 'url' || local === 'sitemap') && stack.length === 2 && entry) {
          finishEntry(entry, local === 'sitemap');
          entry = undefined;
        }
        stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );

  const writePlain = (chunk: string, last: boolean): void => {
    const lines = (pendingLine + chunk).split(/\r?\n/);
    pendingLine = last ? '' : (lines.pop() ?? '').slice(-MAX_FIELD_CHARS);
    for (const line of lines) {
      const url = resolveHttpUrl(line.trim(), options.url);
      if (url) take({ url });
      else if (line.trim().length > 0) skipped++;
    }
  };

  return {
    /** Parses the next piece of the document. @throws SourcesError when it turns out not to be a sitemap. */
    write(chunk: string): void {
      if (plainText === undefined) {
        const head = chunk.replace(/^\uFEFF/, '').trimStart();
        if (head.length === 0) return;
        plainText = !head.startsWith('<');
        if (plainText) kind = 'sitemap';
      }
      if (plainText) writePlain(chunk, false);
      else if (!truncated) parser.write(chunk);
    },
    /** Finishes the document. @throws SourcesError when nothing in it was a sitemap. */
    end(): ParsedSitemap {
      if (plainText) writePlain('', true);
      else parser.end();
      if (kind === undefined)
        throw new SourcesError(SourcesErrorCode.notAFeed, 'empty document: not a sitemap');
      if (plainText && entries === 0)
        throw new SourcesError(SourcesErrorCode.notAFeed, 'neither XML nor a list of URLs: not a sitemap');
      return { kind, news, items, sitemaps, skipped, truncated };
    },
  };
}

/** A streaming decoder for a sitemap whose encoding is decided by its first bytes (BOM, XML declaration, UTF-8). */
function chunkDecoder(
  first: Uint8Array,
  contentType: string | undefined,
): { write(b: Uint8Array): string; end(): string } {
  const bom =
    first[0] === 0xff && first[1] === 0xfe
      ? 'utf-16le'
      : first[0] === 0xfe && first[1] === 0xff
        ? 'utf-16be'
        : undefined;
  const declared =
    normalizeCharset(xmlDeclaredEncoding(first)) ??
    normalizeCharset(/charset=["']?([^"';\s]+)/i.exec(contentType ?? '')?.[1]);
  // Sitemaps must be UTF-8 (sitemaps.org); a declaration naming another encoding is believed.
  const decoder = iconv.getDecoder(bom ?? declared ?? 'utf-8', { stripBOM: true });
  return {
    write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? '',
  };
}

/**
 * Parses a sitemap or sitemap index held in memory, decoding it piece by piece (the decoded text never exists
 * whole). Gunzip it first ({@link gunzipBounded}) if it is `.xml.gz`.
 * @throws SourcesError `SOURCES_NOT_A_FEED` for an HTML page, a feed or an empty body.
 */
export function parseSitemap(input: Uint8Array | string, options: ParseSitemapOptions = {}): ParsedSitemap {
  const parser = createSitemapParser(options);
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i += CHUNK_BYTES) parser.write(input.slice(i, i + CHUNK_BYTES));
    return parser.end();
  }
  // A small document that is not UTF-8 gets the full charset detection of decodeXml.
  if (input.byteLength <= CHUNK_BYTES) {
    parser.write(decodeXml(input, options.contentType));
    return parser.end();
  }
  const decoder = chunkDecoder(input.subarray(0, 1024), options.contentType);
  for (let i = 0; i < input.byteLength; i += CHUNK_BYTES)
    parser.write(decoder.write(input.subarray(i, i + CHUNK_BYTES)));
  parser.write(decoder.end());
  return parser.end();
}

/** Parses a sitemap arriving in pieces (a file or response stream) in bounded memory. */
export async function parseSitemapStream(
  chunks: AsyncIterable<Uint8Array>,
  options: ParseSitemapOptions = {},
): Promise<ParsedSitemap> {
  const parser = createSitemapParser(options);
  let decoder: ReturnType<typeof chunkDecoder> | undefined;
  for await (const chunk of chunks) {
    decoder ??= chunkDecoder(chunk.subarray(0, 1024), options.contentType);
    parser.write(decoder.write(chunk));
  }
  if (decoder) parser.write(decoder.end());
  return parser.end();
}
