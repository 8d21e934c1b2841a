import { randomUUID } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DeadLetterSchema,
  PageFetchedSchema,
  Topics,
  dlqTopic,
  parseMessage,
  parseUrlRequested,
  type DeadLetter,
} from '@newsflow/contracts';
import { createPoliteClient, parseAllowList } from '@newsflow/http-fetch';
import { createPageStore, startStage, type Stage } from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';
import { handleUrlRequested } from '../../services/fetcher/src/handler.js';
import { fetcherJobId } from '../../services/fetcher/src/job-id.js';
import { createFetcherMetrics } from '../../services/fetcher/src/metrics.js';
import { createUrlDedupe } from '../../services/fetcher/src/url-dedupe.js';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';

// Issue 14.6: a URL is dead-lettered with the reason it really failed for, and a robots.txt that does not
// answer holds its URLs back for a retry (RFC 9309 lets a crawler wait) instead of condemning them at once.

const ATTEMPTS = 3;
/** How long an unreachable robots.txt holds its host back; short, so each retry asks again. */
const ROBOTS_RETRY_MS = 200;
const ARTICLE = '<!doctype html><html><head><title>t</title></head><body><p>Story.</p></body></html>';

/** Test host names → how they resolve. Every name but these is NXDOMAIN; nothing leaves loopback. */
const HOSTS: Readonly<Record<string, string>> = {
  'blocked.test': '10.1.2.3', // private and not allow-listed: refused before any connection
  'refused.test': '127.0.0.1', // the port of a closed server
  'reset.test': '127.0.0.1',
  'down.test': '127.0.0.1',
  'silent.test': '127.0.0.1',
  'flaky.test': '127.0.0.1',
};

function resolveHost(hostname: string): Promise<LookupAddress[]> {
  const address = HOSTS[hostname];
  if (address === undefined) {
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
    );
  }
  return Promise.resolve([{ address, family: 4 }]);
}

describe('fetcher dead letters tell the real reason (handler + real Kafka/Redis/Mongo, loopback servers)', () => {
  let h: Harness;
  let stage: Stage;
  let site: FixtureSite;
  let closedPort: number;
  let dead: Collector;
  let fetched: Collector;
  /** robots.txt requests the site saw, per host name. */
  const robotsAsked = new Map<string, number>();

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'fetcher-reasons');
    site = await startFixtureSite(async (request, response) => {
      const host = (request.headers.host ?? '').split(':')[0] ?? '';
      if (request.url === '/robots.txt') {
        const asked = (robotsAsked.get(host) ?? 0) + 1;
        robotsAsked.set(host, asked);
        if (host === 'reset.test') {
          request.socket.destroy();
          return;
        }
        if (host === 'down.test' || (host === 'flaky.test' && asked === 1)) {
          response.writeHead(503).end();
          return;
        }
        if (host === 'silent.test') {
          await new Promise((resolve) => response.once('close', resolve)); // never answers
          return;
        }
        response.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    });
    const closed = await startFixtureSite(() => undefined);
    closedPort = closed.port;
    await closed.close();

    const pages = createPageStore(h.mongo.db);
    await pages.init();
    const client = createPoliteClient({
      redis: h.redis,
      keyPrefix: h.queuePrefix,
      fetch: {
        userAgent: 'NewsflowBot/0.1 (+https://newsflow.example/bot)',
        allowList: parseAllowList('refused.test, reset.test, down.test, silent.test, flaky.test'),
        resolveHost,
        headersTimeoutMs: 300,
        totalTimeoutMs: 2000,
      },
      hostDelayMs: 0,
      robots: { unreachableTtlMs: ROBOTS_RETRY_MS },
    });
    const deps = {
      client,
      pages,
      dedupe: createUrlDedupe(h.redis, `${h.queuePrefix}:fetcher`, 3600),
      metrics: createFetcherMetrics(h.metrics.registry),
      now: () => new Date(),
    };
    stage = await startStage({
      name: 'fetcher',
      inputTopic: Topics.urlRequested,
      parse: parseUrlRequested,
      jobId: fetcherJobId,
      handle: (request, ctx) => handleUrlRequested(request, ctx, deps),
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'fetcher',
      queuePrefix: h.queuePrefix,
      attempts: ATTEMPTS,
      backoffMs: 50,
      shutdownGraceMs: 5000,
    });
    dead = await h.collect(dlqTopic(Topics.urlRequested));
    fetched = await h.collect(Topics.pageFetched);
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
  const letterFor = (url: string): DeadLetter | undefined =>
    dead.messages
      .map((m) => parseMessage(DeadLetterSchema, m.value!))
      .find((l) => Buffer.from(l.value, 'base64').toString() === url);
  const deadLetter = (url: string) =>
    waitFor(() => letterFor(url), { message: `dead letter for ${url}`, timeoutMs: 30_000 });

  it.each([
    ['a private address', 'http://blocked.test/a', 'FETCH_ADDRESS_BLOCKED', 'FetchAddressBlockedError'],
    [
      'an IP literal on a private address',
      'http://10.9.8.7/a',
      'FETCH_ADDRESS_BLOCKED',
      'FetchAddressBlockedError',
    ],
    ['a host that does not resolve', 'http://nowhere.test/a', 'FETCH_DNS_NOT_FOUND', 'FetchDnsNotFoundError'],
  ])('dead-letters %s at once with its own reason, not robots.txt', async (_what, url, code, name) => {
    await push(url);
    const letter = await deadLetter(url);
    expect(letter.error).toMatchObject({ code, name });
    expect(letter.error.message).not.toMatch(/robots/i);
    expect(letter.attempts).toBe(1);
  });

  it('retries a refused connection with backoff, then dead-letters it as FETCH_NETWORK (ECONNREFUSED)', async () => {
    const url = `http://refused.test:${closedPort}/a`;
    await push(url);
    const letter = await deadLetter(url);
    expect(letter.error).toMatchObject({ code: 'FETCH_NETWORK', name: 'FetchRobotsUnreachableError' });
    expect(letter.error.message).toMatch(/ECONNREFUSED/);
    expect(letter.attempts).toBe(ATTEMPTS);
  });

  it.each([
    ['reset.test', 'a reset connection', 'FETCH_NETWORK'],
    ['down.test', 'a 503 on robots.txt', 'FETCH_SERVER_ERROR'],
    ['silent.test', 'a robots.txt that never answers', 'FETCH_HEADERS_TIMEOUT'],
  ])(
    'waits on %s (%s), asking robots.txt again each retry, then dead-letters %s',
    async (host, _what, code) => {
      const url = `http://${host}:${site.port}/story`;
      await push(url);
      const letter = await deadLetter(url);
      expect(letter.error).toMatchObject({ code, name: 'FetchRobotsUnreachableError' });
      expect(letter.attempts).toBe(ATTEMPTS);
      // Not "disallowed" for ten minutes after one failure: robots.txt was asked again on the retries.
      expect(robotsAsked.get(host)).toBeGreaterThanOrEqual(2);
      expect(site.hits.get('/story') ?? 0).toBe(0);
    },
  );

  it('fetches the page once robots.txt answers again', async () => {
    const url = `http://flaky.test:${site.port}/story-2`;
    await push(url);
    const page = await waitFor(
      () => fetched.messages.map((m) => parseMessage(PageFetchedSchema, m.value!)).find((p) => p.url === url),
      { message: 'page.fetched after robots.txt recovered', timeoutMs: 30_000 },
    );
    expect(page.status).toBe(200);
    expect(robotsAsked.get('flaky.test')).toBe(2);
    expect(letterFor(url)).toBeUndefined();
  });
});
