import { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser';
import { z } from 'zod';
import { decodeXml, stripDoctype } from './decode-xml.js';
import { cleanTitle, resolveHttpUrl, type DiscoveredItem } from './discovered-item.js';
import { parseFeedDate } from './parse-date.js';
import { SourcesError, SourcesErrorCode } from './sources-error.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface ParsedFeed {
  readonly kind: 'feed';
  readonly format: FeedFormat;
  readonly title?: string;
  /** One entry per distinct URL, in document order. */
  readonly items: readonly DiscoveredItem[];
  /** Entries left out: no usable link, or the same URL again. */
  readonly skipped: number;
}

export interface ParseFeedOptions {
  /** The feed's own URL: relative links resolve against it. */
  readonly url?: string;
  /** The HTTP Content-Type header, for its charset. */
  readonly contentType?: string;
  /** Most items read; the rest are skipped. @default 10_000 */
  readonly maxItems?: number;
}

/** A real feed holds tens of items; far more is a dump, cut here to keep one poll's work bounded. */
export const DEFAULT_MAX_FEED_ITEMS = 10_000;

const author = z.object({ name: z.string().optional(), url: z.string().optional() });
/** JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), as loosely as real ones are written. */
const JsonFeedSchema = z.object({
  version: z.string().regex(/jsonfeed\.org/),
  title: z.string().optional(),
  home_page_url: z.string().optional(),
  feed_url: z.string().optional(),
  items: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).optional(),
      url: z.string().optional(),
      external_url: z.string().optional(),
      title: z.string().optional(),
      date_published: z.string().optional(),
      date_modified: z.string().optional(),
      author: author.optional(),
      authors: z.array(author).optional(),
    }),
  ),
});

/** Looks like an HTML page rather than a feed (the usual answer of a dead feed URL). */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(text);
}

function dedupe(items: DiscoveredItem[], maxItems: number): { items: DiscoveredItem[]; skipped: number } {
  const seen = new Set<string>();
  const kept: DiscoveredItem[] = [];
  for (const item of items) {
    if (seen.has(item.url) || kept.length >= maxItems) continue;
    seen.add(item.url);
    kept.push(item);
  }
  return { items: kept, skipped: items.length - kept.length };
}

/** Drops absent fields, so items print and serialise without `undefined`s. */
function withoutEmpty(item: { [K in keyof DiscoveredItem]: DiscoveredItem[K] | undefined }): DiscoveredItem {
  return Object.fromEntries(
    Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as unknown as DiscoveredItem;
}

function parseJsonFeed(text: string, options: ParseFeedOptions): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SourcesError(SourcesErrorCode.malformed, 'JSON Feed is not valid JSON', { cause });
  }
  const parsed = JsonFeedSchema.safeParse(json);
  if (!parsed.success)
    throw new SourcesError(SourcesErrorCode.notAFeed, 'JSON document is not a JSON Feed (no version/items)');
  const feed = parsed.data;
  const base = options.url ?? feed.feed_url ?? feed.home_page_url;
  let missing = 0;
  const items: DiscoveredItem[] = [];
  for (const entry of feed.items) {
    const id = entry.id === undefined ? undefined : String(entry.id);
    const url = resolveHttpUrl(
      entry.url ?? entry.external_url ?? (id?.startsWith('http') ? id : undefined),
      base,
    );
    if (!url) {
      missing++;
      continue;
    }
    const names = [...(entry.authors ?? []), ...(entry.author ? [entry.author] : [])].flatMap((a) =>
      a.name?.trim() ? [a.name.trim()] : [],
    );
    items.push(
      withoutEmpty({
        url,
        title: cleanTitle(entry.title),
        publishedAt: parseFeedDate(entry.date_published),
        modifiedAt: parseFeedDate(entry.date_modified),
        authors: names,
        id,
      }),
    );
  }
  const kept = dedupe(items, options.maxItems ?? DEFAULT_MAX_FEED_ITEMS);
  return {
    kind: 'feed',
    format: 'json',
    ...(feed.title ? { title: feed.title } : {}),
    items: kept.items,
    skipped: kept.skipped + missing,
  };
}

type XmlFeed = ReturnType<typeof parseXmlFeed>;
type XmlItem = XmlFeed['items'][number];

/** The text of the first child element named `name` (any namespace), as the document wrote it. */
function rawText(item: XmlItem, ...names: string[]): string | undefined {
  for (const name of names) {
    const text = item.element.findElementWithName(name)?.textContent;
    if (text?.trim()) return text;
  }
  return undefined;
}

/**
 * feed-parser's items fall back on their feed's `url` (to resolve a relative link) and `authors`, getters that
 * scan every child of the channel, items included, on each read: a feed of n items cost n² (2 000 items took
 * 3 s, 8 000 a minute). Each is read once here and kept on the feed, which its items share.
 */
function readFeedFallbacksOnce(feed: XmlFeed): void {
  for (const key of ['url', 'authors', 'categories'] as const)
    Object.defineProperty(feed, key, { value: feed[key] });
}

function xmlFormat(text: string): FeedFormat {
  const root = /<([A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>]/.exec(text)?.[2];
  return root === 'feed' ? 'atom' : root === 'RDF' ? 'rdf' : 'rss';
}

function parseXml(text: string, options: ParseFeedOptions): ParsedFeed {
  let feed: XmlFeed;
  try {
    feed = parseXmlFeed(stripDoctype(text));
  } catch (cause) {
    const code =
      (cause as { code?: string }).code === 'INVALID_FEED'
        ? SourcesErrorCode.notAFeed
        : SourcesErrorCode.malformed;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new SourcesError(code, `not a readable RSS, Atom or RDF feed: ${detail.slice(0, 200)}`, { cause });
  }
  readFeedFallbacksOnce(feed);
  const base = options.url ?? feed.url ?? undefined;
  let missing = 0;
  const items: DiscoveredItem[] = [];
  for (const entry of feed.items) {
    const id = entry.id ?? undefined;
    // An item without <link> is often linked by a permalink guid.
    const url = resolveHttpUrl(
      entry.url ?? (id !== undefined && /^https?:\/\//i.test(id) ? id : undefined),
      base,
    );
    if (!url) {
      missing++;
      continue;
    }
    const published =
      parseFeedDate(rawText(entry, 'pubdate', 'published', 'issued', 'date')) ??
      entry.published?.toISOString();
    const modified = parseFeedDate(rawText(entry, 'updated', 'modified')) ?? undefined;
    items.push(
      withoutEmpty({
        url,
        title: cleanTitle(entry.title),
        publishedAt: published,
        modifiedAt: modified,
        authors: entry.authors.flatMap((a) => {
          const name = (a.name ?? a.email ?? '').trim();
          return name ? [name.slice(0, 200)] : [];
        }),
        id: id ?? undefined,
      }),
    );
  }
  const kept = dedupe(items, options.maxItems ?? DEFAULT_MAX_FEED_ITEMS);
  const title = cleanTitle(feed.title);
  return {
    kind: 'feed',
    format: xmlFormat(text),
    ...(title ? { title } : {}),
    items: kept.items,
    skipped: kept.skipped + missing,
  };
}

/**
 * Reads an RSS 2.0, RSS 0.9x, RDF/RSS 1.0, Atom 1.0 or JSON Feed document. Relative links resolve against the
 * feed URL; items without a usable link (and repeats of a URL) are skipped and counted; dates are read in the
 * many ways feeds write them. A DOCTYPE is removed unread, so no entity is expanded.
 * @throws SourcesError `SOURCES_NOT_A_FEED` (an HTML page, an empty or unrelated document) or
 *   `SOURCES_MALFORMED` (broken past reading).
 */
export function parseFeed(input: Uint8Array | string, options: ParseFeedOptions = {}): ParsedFeed {
  const text = (typeof input === 'string' ? input : decodeXml(input, options.contentType)).replace(
    /^\uFEFF/,
    '',
  );
  const head = text.trimStart();
  if (head.length === 0) throw new SourcesError(SourcesErrorCode.notAFeed, 'empty document');
  if (head.startsWith('{')) return parseJsonFeed(head, options);
  if (looksLikeHtml(head)) throw new SourcesError(SourcesErrorCode.notAFeed, 'an HTML page, not a feed');
  if (!head.startsWith('<')) throw new SourcesError(SourcesErrorCode.notAFeed, 'neither XML nor JSON');
  return parseXml(head, options);
}
