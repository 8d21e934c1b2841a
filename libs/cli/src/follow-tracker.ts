import { Topics, deadLetterTopics } from '@newsflow/contracts';
import { normalizeUrl, plural } from '@newsflow/normalize';
import type { TopicRecord } from '@newsflow/ops';

/**
 * Where a pushed URL is in the pipeline. `stored`, `dead-lettered` and `skipped` (the fetcher left the
 * request alone: fetched recently, not modified, unchanged) are final.
 */
export type FollowState =
  'queued' | 'fetched' | 'cleaned' | 'enriched' | 'stored' | 'dead-lettered' | 'skipped';

const FINAL_STATES: ReadonlySet<FollowState> = new Set(['stored', 'dead-lettered', 'skipped']);

/** One pushed URL as the pipeline's messages report it. */
export interface Followed {
  readonly url: string;
  readonly traceId: string;
  state: FollowState;
  readonly pageIds: Set<string>;
  /** Articles the cleaner made of the page (several when a page holds several articles). */
  readonly articleIds: Set<string>;
  readonly storedIds: Set<string>;
  /** `inserted`, `updated` or `unchanged` of the last ArticleStored. */
  outcome?: string;
  failure?: { topic: string; service: string; code: string; message: string };
  /** Why the fetcher left the request alone (`duplicate`, `not-modified`, `unchanged`), from `url.skipped`. */
  skip?: { reason: string; message: string };
}

/** Topics `push --follow` reads: every stage's output, the fetcher's skips and every dead-letter topic. */
export const FOLLOWED_TOPICS: readonly string[] = [
  Topics.pageFetched,
  Topics.urlSkipped,
  Topics.articleCleaned,
  Topics.articleEnriched,
  Topics.articleStored,
  ...deadLetterTopics,
];

type Json = Record<string, unknown>;

function parseJson(bytes: Buffer | null): Json | undefined {
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** A scalar field as text for a progress line (`?` when absent or not a scalar). */
function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '?';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function urlKeys(url: string): string[] {
  try {
    return [url, normalizeUrl(url)];
  } catch {
    return [url];
  }
}

function header(record: TopicRecord, name: string): string | undefined {
  const value = record.message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** What one message says about a URL, whatever its topic. */
interface Sighting {
  urls: string[];
  pageId?: string | undefined;
  articleId?: string | undefined;
}

/**
 * Follows pushed URLs through the pipeline's topics. Messages are matched by the `traceId` header the push
 * set (the stages pass it on), else by URL (as pushed or normalised), page id or article id, so messages
 * produced by other tools still count. Pure: feed it records, read its state.
 */
export class FollowTracker {
  readonly #items: Followed[];
  readonly #byTrace = new Map<string, Followed>();
  readonly #byUrl = new Map<string, Followed>();

  constructor(pushed: readonly { url: string; traceId: string }[]) {
    this.#items = pushed.map((p) => ({
      ...p,
      state: 'queued' as const,
      pageIds: new Set(),
      articleIds: new Set(),
      storedIds: new Set(),
    }));
    for (const item of this.#items) {
      this.#byTrace.set(item.traceId, item);
      for (const key of urlKeys(item.url)) this.#byUrl.set(key, item);
    }
  }

  get items(): readonly Followed[] {
    return this.#items;
  }

  /** True once every URL is stored, dead-lettered or skipped. */
  get done(): boolean {
    return this.#items.every((i) => FINAL_STATES.has(i.state));
  }

  #match(record: TopicRecord, seen: Sighting): Followed | undefined {
    const traceId = header(record, 'traceId');
    const byTrace = traceId === undefined ? undefined : this.#byTrace.get(traceId);
    if (byTrace) return byTrace;
    for (const url of seen.urls) {
      for (const key of urlKeys(url)) {
        const hit = this.#byUrl.get(key);
        if (hit) return hit;
      }
    }
    return this.#items.find(
      (i) =>
        (seen.pageId !== undefined && i.pageIds.has(seen.pageId)) ||
        (seen.articleId !== undefined && i.articleIds.has(seen.articleId)),
    );
  }

  /** Applies one message; returns a progress line when it moved a followed URL, else undefined. */
  apply(record: TopicRecord): string | undefined {
    const value = parseJson(record.message.value);
    if (record.topic.endsWith('.dlq')) return this.#applyDeadLetter(record, value);
    if (!value) return undefined;
    if (record.topic === Topics.urlSkipped) return this.#applySkip(record, value);
    const seen: Sighting = {
      urls: [str(value.url), str(value.finalUrl), str(value.canonicalUrl)].filter(
        (u): u is string => u !== undefined,
      ),
      pageId: str(value.pageId),
      articleId: str(value.articleId),
    };
    const item = this.#match(record, seen);
    if (!item || item.state === 'dead-lettered') return undefined;
    if (seen.pageId) item.pageIds.add(seen.pageId);
    switch (record.topic) {
      case Topics.pageFetched:
        if (item.state === 'queued') item.state = 'fetched';
        return `fetched   ${item.url}  (HTTP ${shown(value.status)}, ${shown(value.contentType)})`;
      case Topics.articleCleaned:
        if (seen.articleId) item.articleIds.add(seen.articleId);
        if (item.state !== 'stored') item.state = 'cleaned';
        return `cleaned   ${item.url}  "${str(value.title) ?? ''}"`;
      case Topics.articleEnriched: {
        if (seen.articleId) item.articleIds.add(seen.articleId);
        if (item.state !== 'stored') item.state = 'enriched';
        const count = Array.isArray(value.entities) ? value.entities.length : 0;
        return `enriched  ${item.url}  (${plural(count, 'entity', 'entities')})`;
      }
      case Topics.articleStored: {
        const id = seen.articleId ?? item.url;
        item.storedIds.add(id);
        item.outcome = str(value.outcome) ?? 'stored';
        // A page with several articles is stored once each of them is.
        if ([...item.articleIds].every((a) => item.storedIds.has(a))) item.state = 'stored';
        return `stored    ${item.url}  (${item.outcome}, version ${shown(value.version)})`;
      }
      default:
        return undefined;
    }
  }

  #applySkip(record: TopicRecord, skipped: Json): string | undefined {
    const traceId = header(record, 'traceId');
    const item = this.#match(record, {
      urls: [str(skipped.url)].filter((u): u is string => u !== undefined),
    });
    // Another request of the same URL (pushed by someone else, or earlier) may be skipped meanwhile: a skip
    // that carries a trace id counts only for the request with that id.
    if (!item || (traceId !== undefined && traceId !== item.traceId) || item.state !== 'queued')
      return undefined;
    item.state = 'skipped';
    item.skip = { reason: str(skipped.reason) ?? '?', message: str(skipped.message) ?? '' };
    return `skipped   ${item.url}  (fetcher: ${item.skip.reason}: ${item.skip.message})`;
  }

  #applyDeadLetter(record: TopicRecord, letter: Json | undefined): string | undefined {
    if (!letter) return undefined;
    const original = Buffer.from(str(letter.value) ?? '', 'base64');
    const inner = parseJson(original);
    const bare = original.toString('utf8').trim();
    const seen: Sighting = {
      urls: inner
        ? [str(inner.url), str(inner.finalUrl), str(inner.canonicalUrl)].filter(
            (u): u is string => u !== undefined,
          )
        : /^\S+$/.test(bare)
          ? [bare]
          : [],
      pageId: inner ? str(inner.pageId) : undefined,
      articleId: inner ? str(inner.articleId) : undefined,
    };
    const item = this.#match(record, seen);
    if (!item || item.state === 'stored') return undefined;
    const error = (letter.error ?? {}) as Json;
    item.state = 'dead-lettered';
    item.failure = {
      topic: record.topic,
      service: str(letter.service) ?? '?',
      code: str(error.code) ?? '?',
      message: str(error.message) ?? '',
    };
    return `failed    ${item.url}  (${item.failure.service}: ${item.failure.code} ${item.failure.message})`;
  }
}
