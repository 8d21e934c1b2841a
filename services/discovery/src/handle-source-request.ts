import type { SourceRequested } from '@newsflow/contracts';
import { hostOf, normalizeUrl } from '@newsflow/normalize';
import { errorCode, isRetriable } from '@newsflow/errors';
import type { JobContext } from '@newsflow/runtime';
import { INITIAL_INTERVAL_MS, parseDuration, sourceIdFor, targetIdFor } from '@newsflow/sources';
import { discoverSource, type Discovery } from './discover-source.js';
import { BadSourceRequestError, SourceNotFoundError } from './discovery-errors.js';
import type { ListingFetcher } from './fetch-listing.js';
import type { PollSchedule } from './poll-schedule.js';
import type { SourceDocument, TargetState } from './source-document.js';
import type { SourceRepository } from './source-repository.js';
import type { SeenUrls } from './seen-urls.js';

export interface SourceRequestDeps {
  readonly repo: SourceRepository;
  readonly seen: SeenUrls;
  readonly schedule: PollSchedule;
  readonly fetcher: ListingFetcher;
  /** `DISCOVERY_BACKFILL`: the backfill of a source added without `backfill` (`null`: all). */
  readonly defaultBackfillMs: number | null;
  readonly maxListingBytes: number;
  /**
   * Runs `work` holding the source's lock, the one its polls hold (source-lock.ts): a poll under way when a
   * request lands would otherwise re-arm a schedule that `pause` or `remove` just dropped, or drop one that
   * `resume` just restored. @throws SourceBusyError (retriable) when the lock stays taken.
   */
  readonly lockSource: <T>(sourceId: string, work: () => Promise<T>) => Promise<T>;
  readonly now?: () => Date;
}

function durationOf(value: string | number, field: string): number {
  try {
    return parseDuration(value);
  } catch (cause) {
    throw new BadSourceRequestError(`${field}: ${(cause as Error).message}`, { cause });
  }
}

function normalizedAll(urls: readonly string[] | undefined): string[] | undefined {
  return urls === undefined ? undefined : [...new Set(urls.map((u) => normalizeUrl(u)))];
}

/** The id of the source a request names: `add` by its URL, the others by id, else by URL. */
function requestedSourceId(request: SourceRequested): string {
  return request.action === 'add'
    ? sourceIdFor(normalizeUrl(request.url!))
    : (request.id ?? sourceIdFor(request.url!));
}

/** The source a request names ({@link requestedSourceId}). @throws SourceNotFoundError */
async function findSource(
  request: SourceRequested,
  id: string,
  repo: SourceRepository,
): Promise<SourceDocument> {
  const source = await repo.get(id);
  if (!source) throw new SourceNotFoundError(request.id ?? request.url ?? id);
  return source;
}

/** The interval a target is scheduled with until its first poll decides (pinned, else the adaptive start). */
function firstInterval(source: Pick<SourceDocument, 'everyMs'>): number {
  return source.everyMs ?? INITIAL_INTERVAL_MS;
}

/** The target map after a discovery: targets found again keep their poll state, new ones start fresh. */
function targetsOf(
  sourceId: string,
  discovery: Discovery,
  before: Record<string, TargetState>,
): Record<string, TargetState> {
  const targets: Record<string, TargetState> = {};
  for (const t of discovery.targets) {
    const id = targetIdFor(sourceId, t.url);
    targets[id] = before[id] ?? {
      url: t.url,
      kind: t.kind,
      origin: t.origin,
      consecutiveFailures: 0,
      polls: 0,
    };
  }
  return targets;
}

/** Runs discovery for a source and puts its targets on the schedule (first polls at once). */
async function discoverAndSchedule(
  source: SourceDocument,
  request: SourceRequested,
  deps: SourceRequestDeps,
  ctx: JobContext,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const lastRequest = {
    ...(request.requestId ? { id: request.requestId } : {}),
    action: request.action,
    at: now,
  };
  let discovery: Discovery;
  try {
    discovery = await discoverSource(
      source.url,
      deps.fetcher,
      { givenFeeds: source.givenFeeds, givenSitemaps: source.givenSitemaps, maxBytes: deps.maxListingBytes },
      ctx.log,
    );
  } catch (error) {
    // The site is down for now: try again with the job's backoff (the request stays pending).
    if (isRetriable(error) && ctx.attempt < 3) throw error;
    const reason = { code: errorCode(error), message: (error as Error).message.slice(0, 500) };
    await deps.repo.update(source._id, {
      $set: {
        state: 'failing',
        failingReason: `discovery of ${source.url}: ${reason.code} ${reason.message}`.slice(0, 600),
        discovery: { ...source.discovery, status: 'failed', at: now, error: reason },
        lastRequest: { ...lastRequest, error: reason },
        updatedAt: now,
      },
    });
    ctx.log.warn({ err: error, url: source.url }, 'discovery failed');
    return;
  }
  const targets = targetsOf(source._id, discovery, source.targets);
  for (const id of Object.keys(source.targets)) if (!(id in targets)) await deps.schedule.unschedule(id);
  const list = (kind: string) => discovery.targets.filter((t) => t.kind === kind).map((t) => t.url);
  await deps.repo.update(source._id, {
    $set: {
      kind: discovery.kind,
      state: 'active',
      targets,
      discovery: {
        status: 'done',
        at: now,
        feeds: list('feed'),
        sitemaps: list('sitemap'),
        pages: list('page'),
      },
      lastRequest,
      updatedAt: now,
    },
    $unset: { failingReason: '' },
  });
  for (const targetId of Object.keys(targets))
    await deps.schedule.schedule({ sourceId: source._id, targetId }, 0, firstInterval(source));
}

/**
 * Applies one `source.requested`: `add` creates the source (or re-adds it: settings updated, discovery run
 * again, polls resumed), `update` changes its settings (new feeds or sitemaps run discovery again), `pause`
 * and `resume` drop and restore its poll schedules, `remove` forgets it with everything it remembered.
 * @throws SourceNotFoundError / BadSourceRequestError (dead-lettered); retriable fetch errors while the
 *   site is unreachable (retried with backoff, then recorded on the source as failing).
 */
export async function handleSourceRequest(
  request: SourceRequested,
  ctx: JobContext,
  deps: SourceRequestDeps,
): Promise<void> {
  const id = requestedSourceId(request);
  await deps.lockSource(id, () => applySourceRequest(request, id, ctx, deps));
}

async function applySourceRequest(
  request: SourceRequested,
  id: string,
  ctx: JobContext,
  deps: SourceRequestDeps,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const lastRequest = {
    ...(request.requestId ? { id: request.requestId } : {}),
    action: request.action,
    at: now,
  };
  const everyMs = request.every === undefined ? undefined : durationOf(request.every, 'every');
  const backfillMs =
    request.backfill === undefined
      ? undefined
      : request.backfill === 'all'
        ? null
        : durationOf(request.backfill, 'backfill');
  const feeds = normalizedAll(request.feeds);
  const sitemaps = normalizedAll(request.sitemaps);
  switch (request.action) {
    case 'add': {
      const url = normalizeUrl(request.url!);
      const existing = await deps.repo.get(id);
      const source: SourceDocument = {
        _id: id,
        url,
        name: request.name ?? existing?.name ?? hostOf(url),
        kind: existing?.kind ?? 'site',
        state: existing?.state ?? 'active',
        backfillMs: backfillMs === undefined ? (existing?.backfillMs ?? deps.defaultBackfillMs) : backfillMs,
        givenFeeds: feeds ?? existing?.givenFeeds ?? [],
        givenSitemaps: sitemaps ?? existing?.givenSitemaps ?? [],
        discovery: existing?.discovery ?? { status: 'pending', feeds: [], sitemaps: [], pages: [] },
        targets: existing?.targets ?? {},
        urlsByHour: existing?.urlsByHour ?? {},
        urlsTotal: existing?.urlsTotal ?? 0,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      const pinned = everyMs ?? existing?.everyMs;
      if (pinned !== undefined) source.everyMs = pinned;
      if (existing) await deps.repo.update(id, { $set: source });
      else await deps.repo.insert(source);
      await discoverAndSchedule(source, request, deps, ctx);
      ctx.log.info({ sourceId: id, url }, 'source added');
      return;
    }
    case 'update': {
      const source = await findSource(request, id, deps.repo);
      const updated: SourceDocument = {
        ...source,
        ...(request.name === undefined ? {} : { name: request.name }),
        ...(everyMs === undefined ? {} : { everyMs }),
        ...(backfillMs === undefined ? {} : { backfillMs }),
        ...(feeds === undefined ? {} : { givenFeeds: feeds }),
        ...(sitemaps === undefined ? {} : { givenSitemaps: sitemaps }),
        lastRequest,
        updatedAt: now,
      };
      await deps.repo.update(source._id, { $set: updated });
      if (feeds !== undefined || sitemaps !== undefined)
        await discoverAndSchedule(updated, request, deps, ctx);
      else if (everyMs !== undefined && source.state !== 'paused') {
        for (const targetId of Object.keys(source.targets))
          await deps.schedule.schedule({ sourceId: source._id, targetId }, everyMs);
      }
      return;
    }
    case 'pause': {
      const source = await findSource(request, id, deps.repo);
      for (const targetId of Object.keys(source.targets)) await deps.schedule.unschedule(targetId);
      await deps.repo.update(source._id, { $set: { state: 'paused', lastRequest, updatedAt: now } });
      ctx.log.info({ sourceId: source._id }, 'source paused');
      return;
    }
    case 'resume': {
      const source = await findSource(request, id, deps.repo);
      await deps.repo.update(source._id, {
        $set: { state: 'active', lastRequest, updatedAt: now },
        $unset: { failingReason: '' },
      });
      if (Object.keys(source.targets).length === 0) await discoverAndSchedule(source, request, deps, ctx);
      for (const targetId of Object.keys(source.targets))
        await deps.schedule.schedule({ sourceId: source._id, targetId }, 0, firstInterval(source));
      ctx.log.info({ sourceId: source._id }, 'source resumed');
      return;
    }
    case 'remove': {
      const source = await findSource(request, id, deps.repo);
      for (const targetId of Object.keys(source.targets)) await deps.schedule.unschedule(targetId);
      await deps.repo.remove(source._id);
      await deps.seen.forget(source._id);
      ctx.log.info({ sourceId: source._id }, 'source removed');
      return;
    }
  }
}
