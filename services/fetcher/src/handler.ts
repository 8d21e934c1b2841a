import {
  PageFetchedSchema,
  SCHEMA_VERSION,
  SkipReason,
  Topics,
  UrlSkippedSchema,
  type UrlRequested,
} from '@newsflow/contracts';
import type { PoliteClient } from '@newsflow/http-fetch';
import { decodeBytes, hostOf, normalizeUrl, pageIdFor } from '@newsflow/normalize';
import { pageFetchedMessage, type DeadLetterEvent, type JobContext, type PageStore } from '@newsflow/runtime';
import type { FetcherMetrics } from './metrics.js';
import type { UrlDedupe } from './url-dedupe.js';

/** The `outcome` label of `newsflow_fetch_pages_total` for each skip. */
const SKIP_OUTCOMES: Readonly<Record<SkipReason, string>> = {
  [SkipReason.duplicate]: 'duplicate',
  [SkipReason.notModified]: 'not_modified',
  [SkipReason.unchanged]: 'unchanged',
};

/** What the handler works with; built once when the service starts. */
export interface FetcherDeps {
  /** Robots, per-host politeness and the guarded HTTP client (libs/http-fetch). */
  readonly client: PoliteClient;
  readonly pages: PageStore;
  readonly dedupe: UrlDedupe;
  readonly metrics: FetcherMetrics;
  readonly now: () => Date;
}

/**
 * Fetches one requested URL: dedupe window, then the polite client (robots.txt, per-host politeness across
 * replicas and services, the guarded HTTP client; a busy host re-schedules the job instead of blocking the
 * worker), the raw page into `pages`, then `page.fetched`
 * (carrying the stored bytes when they are small, which spares the cleaner a read).
 * A duplicate within the dedupe window, a 304 or unchanged bytes emit `url.skipped` with the reason instead
 * (unless the request says `force`).
 */
export async function handleUrlRequested(
  request: UrlRequested,
  ctx: JobContext,
  deps: FetcherDeps,
): Promise<void> {
  const url = normalizeUrl(request.url);
  const host = hostOf(url);
  const force = request.force ?? false;
  const claim = await deps.dedupe.claim(url, ctx.jobId, force);
  const skip = async (reason: SkipReason, message: string): Promise<void> => {
    deps.metrics.fetched.inc({ outcome: SKIP_OUTCOMES[reason] });
    ctx.log.info({ url, reason }, message);
    await ctx.send(Topics.urlSkipped, host, UrlSkippedSchema, {
      schemaVersion: SCHEMA_VERSION,
      url,
      reason,
      message,
      skippedAt: deps.now().toISOString(),
      ...(request.source ? { source: request.source } : {}),
      ...(request.requestedAt ? { requestedAt: request.requestedAt } : {}),
    });
  };
  if (!claim) {
    return skip(
      SkipReason.duplicate,
      `requested again within the dedupe window (${deps.dedupe.windowS} s) of an earlier request, which fetches it; request it with force to fetch it again now`,
    );
  }
  // A retry or a re-run of this job may follow a run that stored the page and died (or lost the broker)
  // before announcing it: it must announce, not conclude from its own stored copy that nothing changed.
  const rerun = claim === 'again' || ctx.attempt > 1;
  const waitForHost = async (waitMs: number): Promise<never> => {
    deps.metrics.hostWait.observe(waitMs / 1000);
    await deps.dedupe.park(url, ctx.jobId);
    return ctx.delayUntil(deps.now().getTime() + waitMs);
  };
  const pageId = pageIdFor(url);
  const last = await deps.pages.lastFetch(pageId);
  // A forced fetch or a re-run must get the page itself, not a 304.
  const validators = force || rerun ? undefined : last;
  const outcome = await deps.client.fetchPage(url, {
    token: ctx.jobId,
    etag: validators?.etag,
    lastModified: validators?.lastModified,
  });
  if (outcome.kind === 'wait') return waitForHost(outcome.waitMs);
  const page = outcome.value;
  if (page.notModified) {
    return skip(
      SkipReason.notModified,
      'not modified since the last fetch (HTTP 304); request it with force to fetch and process it again',
    );
  }
  deps.metrics.bytes.inc(page.encodedBytes);
  const fetchedAt = deps.now();
  const { charset } = decodeBytes(page.body, page.contentTypeHeader);
  const stored = {
    pageId,
    url,
    finalUrl: page.finalUrl,
    status: page.status,
    contentType: page.contentType,
    charset,
    headers: page.headers,
    etag: page.etag,
    lastModified: page.lastModified,
    fetchedAt,
    body: page.body,
  };
  const saved = await deps.pages.save(stored);
  if (!saved.changed && !force && !rerun) {
    return skip(
      SkipReason.unchanged,
      'content unchanged since the last fetch; request it with force to process it again',
    );
  }
  await ctx.send(
    Topics.pageFetched,
    host,
    PageFetchedSchema,
    pageFetchedMessage(stored, saved, {
      redirects: page.redirects,
      source: request.source,
      meta: request.meta,
      requestedAt: request.requestedAt,
    }),
  );
  deps.metrics.fetched.inc({ outcome: 'fetched' });
  ctx.log.info({ url, finalUrl: page.finalUrl, bytes: page.body.byteLength }, 'page fetched');
}

/**
 * After a request was dead-lettered (the stage's `onDeadLetter`): it gives up its dedupe claim, so the URL
 * can be asked for again at once once the cause is fixed (say, `FETCH_ALLOWED_HOSTS`) instead of being
 * skipped as a duplicate for the rest of the window. A claim another request holds meanwhile stays.
 */
export async function releaseDeadLettered(
  event: DeadLetterEvent<UrlRequested>,
  dedupe: UrlDedupe,
): Promise<void> {
  if (event.input === undefined || event.jobId === undefined) return;
  let url: string;
  try {
    url = normalizeUrl(event.input.url);
  } catch {
    return; // Not a URL we could normalise: nothing was ever claimed for it.
  }
  await dedupe.release(url, event.jobId);
}
