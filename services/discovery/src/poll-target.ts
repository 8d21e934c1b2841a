import { randomUUID } from 'node:crypto';
import {
  SCHEMA_VERSION,
  Topics,
  UrlRequestedSchema,
  serializeMessage,
  type FeedMeta,
} from '@newsflow/contracts';
import { decodeBytes, hostOf, normalizeUrl, sha256Hex } from '@newsflow/normalize';
import { errorCode } from '@newsflow/errors';
import type { KafkaHandle, Logger } from '@newsflow/runtime';
import {
  FAILING_AFTER_FAILURES,
  SourcesError,
  SourcesErrorCode,
  findArticleLinks,
  gunzipBounded,
  isWithinBackfill,
  nextPoll,
  parseListing,
  parseSitemap,
  sniffListing,
  type DiscoveredItem,
  type ListingSource,
  type SitemapRef,
} from '@newsflow/sources';
import type { Counter, Histogram } from 'prom-client';
import type { ListingFetcher } from './fetch-listing.js';
import type { PollJobData, PollSchedule } from './poll-schedule.js';
import type { PollStatus, SourceDocument, TargetState } from './source-document.js';
import type { SourceLock } from './source-lock.js';
import { hourKey, staleHourKeys, type SourceRepository } from './source-repository.js';
import type { SeenUrls } from './seen-urls.js';

export interface DiscoveryMetrics {
  readonly polls: Counter<'outcome'>;
  readonly newUrls: Counter<'source'>;
  readonly pollSeconds: Histogram;
}

export interface PollSettings {
  readonly minIntervalMs: number;
  readonly maxIntervalMs: number;
  readonly maxUrlsPerPoll: number;
  readonly maxListingBytes: number;
  readonly maxChildSitemaps: number;
  readonly failingAfter?: number;
  /** How long a poll waits for its source's lock before it is skipped. */
  readonly lockWaitMs: number;
}

export interface PollDeps {
  readonly repo: SourceRepository;
  readonly seen: SeenUrls;
  readonly schedule: PollSchedule;
  readonly fetcher: ListingFetcher;
  readonly kafka: KafkaHandle;
  readonly sourceLock: SourceLock;
  readonly settings: PollSettings;
  readonly metrics: DiscoveryMetrics;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/** Child sitemaps remembered per index (their lastmod), newest first. */
const MAX_REMEMBERED_CHILDREN = 500;
/** URLs per produce request. */
const SEND_CHUNK = 500;

interface Listing {
  readonly notModified: boolean;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  readonly format?: string;
  readonly listing: ListingSource;
  readonly items: readonly DiscoveredItem[];
  readonly children?: Record<string, { url: string; lastmod?: string }>;
}

function childKey(url: string): string {
  return sha256Hex(url).slice(0, 16);
}

/** Reads the children of a sitemap index worth reading now: changed since last time, newest first, bounded. */
async function readChildren(
  refs: readonly SitemapRef[],
  target: TargetState,
  cutoffMs: number | undefined,
  deps: PollDeps,
  log: Logger,
): Promise<{ items: DiscoveredItem[]; children: Record<string, { url: string; lastmod?: string }> }> {
  const known = target.children ?? {};
  const sorted = [...refs].sort((a, b) => (b.modifiedAt ?? '').localeCompare(a.modifiedAt ?? ''));
  const due = sorted
    .filter((ref) => {
      const before = known[childKey(ref.url)];
      if (before && ref.modifiedAt !== undefined && before.lastmod === ref.modifiedAt) return false;
      // A child last changed before the backfill holds nothing that would go out.
      return !(
        cutoffMs !== undefined &&
        ref.modifiedAt !== undefined &&
        Date.parse(ref.modifiedAt) < cutoffMs
      );
    })
    .slice(0, deps.settings.maxChildSitemaps);
  const items: DiscoveredItem[] = [];
  const children = { ...known };
  let failures = 0;
  for (const ref of due) {
    try {
      const page = await deps.fetcher.get(ref.url);
      const body = gunzipBounded(page.body, deps.settings.maxListingBytes);
      // One level of index only: an index inside an index is refused by kind check below.
      const map = parseSitemap(body, {
        url: page.finalUrl,
        ...(page.contentTypeHeader ? { contentType: page.contentTypeHeader } : {}),
      });
      if (map.kind === 'sitemap') items.push(...map.items);
      children[childKey(ref.url)] =
        ref.modifiedAt === undefined ? { url: ref.url } : { url: ref.url, lastmod: ref.modifiedAt };
    } catch (error) {
      failures++;
      log.warn({ err: error, sitemap: ref.url }, 'child sitemap unreadable');
    }
  }
  if (due.length > 0 && failures === due.length) {
    throw new SourcesError(
      SourcesErrorCode.malformed,
      `none of the ${due.length} child sitemaps could be read`,
    );
  }
  const kept = Object.entries(children)
    .sort(([, a], [, b]) => (b.lastmod ?? '').localeCompare(a.lastmod ?? ''))
    .slice(0, MAX_REMEMBERED_CHILDREN);
  return { items, children: Object.fromEntries(kept) };
}

async function readListing(
  target: TargetState,
  cutoffMs: number | undefined,
  deps: PollDeps,
  log: Logger,
): Promise<Listing> {
  const page = await deps.fetcher.get(target.url, {
    ...(target.etag ? { etag: target.etag } : {}),
    ...(target.lastModified ? { lastModified: target.lastModified } : {}),
  });
  const validators = { etag: page.etag, lastModified: page.lastModified };
  if (page.notModified) return { notModified: true, ...validators, listing: target.kind, items: [] };
  const body = gunzipBounded(page.body, deps.settings.maxListingBytes);
  if (target.kind === 'page') {
    const html = decodeBytes(body, page.contentTypeHeader).text;
    return {
      notModified: false,
      ...validators,
      format: 'html',
      listing: 'page',
      items: findArticleLinks(html, page.finalUrl).map((url) => ({ url })),
    };
  }
  if (sniffListing(body) === 'html')
    throw new SourcesError(SourcesErrorCode.notAFeed, 'an HTML page, not a feed or sitemap');
  const parsed = parseListing(body, {
    url: page.finalUrl,
    maxBytes: deps.settings.maxListingBytes,
    ...(page.contentTypeHeader ? { contentType: page.contentTypeHeader } : {}),
  });
  if (parsed.kind === 'feed')
    return { notModified: false, ...validators, format: parsed.format, listing: 'feed', items: parsed.items };
  if (parsed.kind === 'sitemap')
    return {
      notModified: false,
      ...validators,
      format: parsed.news ? 'news-sitemap' : 'sitemap',
      listing: 'sitemap',
      items: parsed.items,
    };
  const { items, children } = await readChildren(parsed.sitemaps, target, cutoffMs, deps, log);
  return { notModified: false, ...validators, format: 'sitemap-index', listing: 'sitemap', items, children };
}

function metaOf(item: DiscoveredItem, listing: ListingSource, feedUrl: string): FeedMeta {
  return {
    from: listing,
    feedUrl,
    ...(item.title ? { title: item.title } : {}),
    ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    ...(item.modifiedAt ? { modifiedAt: item.modifiedAt } : {}),
    ...(item.authors && item.authors.length > 0
      ? { authors: item.authors.slice(0, 20).map((a) => a.slice(0, 200)) }
      : {}),
    ...(item.id ? { id: item.id.slice(0, 2000) } : {}),
  };
}

/**
 * Pushes the listing's URLs that the source has not pushed before and that fall within its backfill, at most
 * `maxUrlsPerPoll` (the rest stay unremembered and go out on the next polls), then remembers everything
 * listed. Pushing comes first: a crash in between sends a URL again (the fetcher's dedupe window absorbs
 * it) rather than losing it.
 */
async function pushNew(
  source: SourceDocument,
  target: TargetState,
  listing: Listing,
  traceId: string,
  deps: PollDeps,
  now: Date,
): Promise<number> {
  const byUrl = new Map<string, DiscoveredItem>();
  for (const item of listing.items) {
    try {
      const url = normalizeUrl(item.url);
      if (!byUrl.has(url)) byUrl.set(url, item);
    } catch {
      // Not a fetchable URL (a fragment-only link, a bad escape): nothing to push.
    }
  }
  const urls = [...byUrl.keys()];
  const unseen = await deps.seen.unseen(source._id, urls);
  const cutoffMs = source.backfillMs === null ? undefined : now.getTime() - source.backfillMs;
  const rule = { cutoffMs, firstPoll: target.firstPolledAt === undefined, listing: listing.listing };
  const wanted = unseen.filter((url) => isWithinBackfill(byUrl.get(url)!, rule));
  const toPush = wanted.slice(0, deps.settings.maxUrlsPerPoll);
  const held = new Set(wanted.slice(deps.settings.maxUrlsPerPoll));
  const requestedAt = now.toISOString();
  for (let i = 0; i < toPush.length; i += SEND_CHUNK) {
    await deps.kafka.sendRaw(
      Topics.urlRequested,
      toPush.slice(i, i + SEND_CHUNK).map((url) => ({
        key: hostOf(url),
        value: serializeMessage(UrlRequestedSchema, {
          schemaVersion: SCHEMA_VERSION,
          url,
          source: source._id,
          requestedAt,
          meta: metaOf(byUrl.get(url)!, listing.listing, target.url),
        }),
        headers: { traceId, attempt: 0, producedAt: requestedAt },
      })),
    );
  }
  await deps.seen.remember(
    source._id,
    urls.filter((url) => !held.has(url)),
    now.getTime(),
  );
  return toPush.length;
}

/**
 * One scheduled poll of one target: conditional GET through the shared polite client, parse by content,
 * push what is new, record the outcome on the source, and schedule the next poll (adaptive interval, backoff
 * on errors, `failing` after repeated failures). Errors of the site are recorded, not thrown: the schedule
 * is the retry. Errors of our own servers (Kafka, MongoDB, Redis) are thrown.
 */
export async function pollTarget(data: PollJobData, deps: PollDeps): Promise<PollStatus | 'skipped'> {
  const traceId = randomUUID();
  const log = deps.log.child({ sourceId: data.sourceId, targetId: data.targetId, traceId });
  const locked = await deps.sourceLock.run(data.sourceId, deps.settings.lockWaitMs, async () => {
    const source = await deps.repo.get(data.sourceId);
    const target = source?.targets[data.targetId];
    if (!source || !target || source.state === 'paused') {
      // A leftover schedule of a removed or paused source or target.
      await deps.schedule.unschedule(data.targetId);
      log.info('poll of a removed or paused target: schedule dropped');
      return 'skipped' as const;
    }
    return pollLocked(source, target, data, deps, log, traceId);
  });
  if (!locked) {
    log.info('source busy with another poll; this one skipped');
    return 'skipped';
  }
  return locked.value;
}

async function pollLocked(
  source: SourceDocument,
  target: TargetState,
  data: PollJobData,
  deps: PollDeps,
  log: Logger,
  traceId: string,
): Promise<PollStatus> {
  const now = (deps.now ?? (() => new Date()))();
  const stopTimer = deps.metrics.pollSeconds.startTimer();
  const cutoffMs = source.backfillMs === null ? undefined : now.getTime() - source.backfillMs;
  let status: PollStatus;
  let pushed = 0;
  let failures = 0;
  let change: Parameters<SourceRepository['updateTarget']>[2];
  try {
    const listing = await readListing(target, cutoffMs, deps, log);
    pushed = listing.notModified ? 0 : await pushNew(source, target, listing, traceId, deps, now);
    status = listing.notModified ? 'not-modified' : pushed > 0 ? 'new' : 'unchanged';
    const hour = `urlsByHour.${hourKey(now)}`;
    const otherFailing = Object.entries(source.targets).some(
      ([id, t]) =>
        id !== data.targetId &&
        t.consecutiveFailures >= (deps.settings.failingAfter ?? FAILING_AFTER_FAILURES),
    );
    change = {
      set: {
        lastPolledAt: now,
        lastStatus: status,
        consecutiveFailures: 0,
        ...(listing.etag ? { etag: listing.etag } : {}),
        ...(listing.lastModified ? { lastModified: listing.lastModified } : {}),
        ...(listing.format ? { format: listing.format } : {}),
        ...(listing.notModified ? {} : { listedLastPoll: listing.items.length, newLastPoll: pushed }),
        ...(target.firstPolledAt ? {} : { firstPolledAt: now }),
        ...(listing.children ? { children: listing.children } : {}),
      },
      unset: ['lastError'],
      inc: {
        [`targets.${data.targetId}.polls`]: 1,
        urlsTotal: pushed,
        ...(pushed > 0 ? { [hour]: pushed } : {}),
      },
      ...(source.state === 'failing' && !otherFailing
        ? { top: { state: 'active' as const }, unsetTop: ['failingReason'] }
        : {}),
    };
    if (pushed > 0) deps.metrics.newUrls.inc({ source: source._id }, pushed);
    log.info({ url: target.url, status, pushed, listed: listing.items.length }, 'target polled');
  } catch (error) {
    if (isOurServersDown(error)) throw error;
    failures = target.consecutiveFailures + 1;
    status = 'error';
    const code = errorCode(error);
    const message = (error as Error).message?.slice(0, 500) ?? String(error);
    const failing = failures >= (deps.settings.failingAfter ?? FAILING_AFTER_FAILURES);
    change = {
      set: {
        lastPolledAt: now,
        lastStatus: status,
        consecutiveFailures: failures,
        lastError: { code, message, at: now },
      },
      inc: { [`targets.${data.targetId}.polls`]: 1 },
      ...(failing && source.state !== 'paused'
        ? {
            top: {
              state: 'failing' as const,
              failingReason: `${target.url}: ${code} ${message}`.slice(0, 600),
            },
          }
        : {}),
    };
    log.warn({ err: error, url: target.url, failures }, failing ? 'target failing' : 'poll failed');
  } finally {
    stopTimer();
  }
  deps.metrics.polls.inc({ outcome: status.replace('-', '_') });
  const next = nextPoll(
    target.baseIntervalMs,
    { newItems: pushed, consecutiveFailures: failures },
    {
      minMs: deps.settings.minIntervalMs,
      maxMs: deps.settings.maxIntervalMs,
      ...(source.everyMs ? { pinnedMs: source.everyMs } : {}),
    },
    deps.random ?? Math.random,
  );
  const stale = staleHourKeys(source.urlsByHour ?? {}, now).map((key) => `urlsByHour.${key}`);
  await deps.repo.updateTarget(source._id, data.targetId, {
    ...change,
    set: {
      ...change.set,
      baseIntervalMs: next.baseMs,
      intervalMs: next.delayMs,
      nextPollAt: new Date(now.getTime() + next.delayMs),
    },
    unsetTop: [...(change.unsetTop ?? []), ...stale],
  });
  await deps.schedule.schedule(data, next.delayMs);
  return status;
}

/** Errors of our own servers: the poll job fails (and the next iteration tries again) instead of blaming the site. */
function isOurServersDown(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return (
    errorCode(error) === 'DEPENDENCY_UNAVAILABLE' ||
    (typeof name === 'string' && /^(KafkaJS|Mongo)/.test(name))
  );
}
