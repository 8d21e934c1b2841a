import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DeadLetterSchema,
  PageFetchedSchema,
  Topics,
  UrlSkippedSchema,
  dlqTopic,
  parseMessage,
  parseUrlRequested,
} from '@newsflow/contracts';
import { createPoliteClient, parseAllowList } from '@newsflow/http-fetch';
import { createPageStore, startStage, type PageStore, type Stage } from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';
import { handleUrlRequested, releaseDeadLettered } from '../../services/fetcher/src/handler.js';
import { fetcherJobId } from '../../services/fetcher/src/job-id.js';
import { createFetcherMetrics } from '../../services/fetcher/src/metrics.js';
import { createUrlDedupe } from '../../services/fetcher/src/url-dedupe.js';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';

// Issue 14.7: a URL refused by FETCH_ALLOWED_HOSTS is dead-lettered; the operator fixes the setting,
// restarts the fetcher and pushes the URL again: it is fetched, not skipped as a duplicate for an hour.

const ARTICLE = '<!doctype html><html><head><title>t</title></head><body><p>Story.</p></body></html>';

describe('a dead-lettered URL can be asked for again (handler + real Kafka/Redis/Mongo)', () => {
  let h: Harness;
  let site: FixtureSite;
  let pages: PageStore;
  let stage: Stage | undefined;
  let dead: Collector;
  let fetched: Collector;
  let skipped: Collector;
  /** Registered once: both fetcher starts count into them, as one process's restarts would not matter. */
  let fetcherMetrics: ReturnType<typeof createFetcherMetrics>;

  /** Starts the fetcher stage as the service would with FETCH_ALLOWED_HOSTS = `allowedHosts`. */
  async function startFetcher(allowedHosts: string): Promise<Stage> {
    const dedupe = createUrlDedupe(h.redis, `${h.queuePrefix}:fetcher`, 3600);
    const deps = {
      client: createPoliteClient({
        redis: h.redis,
        keyPrefix: h.queuePrefix,
        fetch: { userAgent: 'NewsflowBot/0.1', allowList: parseAllowList(allowedHosts) },
        hostDelayMs: 0,
      }),
      pages,
      dedupe,
      metrics: fetcherMetrics,
      now: () => new Date(),
    };
    return startStage({
      name: 'fetcher',
      inputTopic: Topics.urlRequested,
      parse: parseUrlRequested,
      jobId: fetcherJobId,
      handle: (request, ctx) => handleUrlRequested(request, ctx, deps),
      onDeadLetter: (event) => releaseDeadLettered(event, dedupe),
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'fetcher',
      queuePrefix: h.queuePrefix,
      attempts: 2,
      backoffMs: 50,
      shutdownGraceMs: 5000,
    });
  }

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'fetcher-ask-again');
    fetcherMetrics = createFetcherMetrics(h.metrics.registry);
    site = await startFixtureSite({ '/story': { body: ARTICLE, contentType: 'text/html; charset=utf-8' } });
    pages = createPageStore(h.mongo.db);
    await pages.init();
    dead = await h.collect(dlqTopic(Topics.urlRequested));
    fetched = await h.collect(Topics.pageFetched);
    skipped = await h.collect(Topics.urlSkipped);
  });

  afterAll(async () => {
    await stage?.close();
    await site?.close();
    await h?.close();
  });

  const push = (url: string) =>
    h.kafka.sendRaw(Topics.urlRequested, [
      {
        key: null,
        value: Buffer.from(url),
        headers: { traceId: randomUUID(), attempt: 0, producedAt: new Date().toISOString() },
      },
    ]);

  it('fetches a URL pushed again after its dead letter, once the setting is fixed; a later duplicate is skipped', async () => {
    const url = site.url('/story');
    stage = await startFetcher(''); // loopback refused: the production default
    await push(url);
    const letter = await waitFor(
      () =>
        dead.messages
          .map((m) => parseMessage(DeadLetterSchema, m.value!))
          .find((l) => Buffer.from(l.value, 'base64').toString() === url),
      { message: 'the dead letter', timeoutMs: 30_000 },
    );
    expect(letter.error.code).toBe('FETCH_ADDRESS_BLOCKED');
    // The dead-lettered request gave up its claim on the URL.
    await waitFor(async () => (await h.redis.keys(`${h.queuePrefix}:fetcher:dedupe:*`)).length === 0, {
      message: 'the dedupe claim released',
      timeoutMs: 10_000,
    });

    // The operator allows the host and restarts the fetcher, then pushes the URL again.
    await stage.close();
    stage = await startFetcher('127.0.0.0/8');
    await push(url);
    const page = await waitFor(
      () => fetched.messages.map((m) => parseMessage(PageFetchedSchema, m.value!)).find((p) => p.url === url),
      { message: 'page.fetched after the second push', timeoutMs: 30_000 },
    );
    expect(page.status).toBe(200);
    expect(skipped.messages).toHaveLength(0);

    // Fetched this time, so the URL's claim holds: a third push within the window is skipped, visibly.
    await push(url);
    const skip = await waitFor(
      () => skipped.messages.map((m) => parseMessage(UrlSkippedSchema, m.value!)).find((s) => s.url === url),
      { message: 'url.skipped for the third push', timeoutMs: 30_000 },
    );
    expect(skip.reason).toBe('duplicate');
    expect(site.hits.get('/story')).toBe(1);
  });
});
