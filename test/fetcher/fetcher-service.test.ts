import { gunzipSync, gzipSync } from 'node:zlib';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DeadLetterSchema,
  PageFetchedSchema,
  Topics,
  UrlSkippedSchema,
  dlqTopic,
  parseMessage,
  type DeadLetter,
} from '@newsflow/contracts';
import { createPageStore } from '@newsflow/runtime';
import { waitFor } from '@newsflow/testing';
import { startFixtureSite, type FixtureRoute, type FixtureSite } from '@newsflow/testing/fixture-site';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const ARTICLE =
  '<html><head><title>Story</title></head><body><article><p>Hello world.</p></article></body></html>';

describe('fetcher service (two replicas, real Kafka/Redis/Mongo, loopback fixture site)', () => {
  let h: Harness;
  let site: FixtureSite;
  let otherHost: FixtureSite;
  const replicas: ServiceProcess[] = [];
  const fetchTimes = new Map<string, number[]>();
  let fetched: Collector;
  let dead: Collector;
  let skipped: Collector;

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'fetcher-test');
    const timed =
      (body: string, type = 'text/html; charset=utf-8'): FixtureRoute =>
      (req, res) => {
        const host = (req.headers.host ?? '').split(':')[0]!;
        fetchTimes.set(host, [...(fetchTimes.get(host) ?? []), Date.now()]);
        res.writeHead(200, { 'content-type': type }).end(body);
      };
    site = await startFixtureSite({
      '/robots.txt': { body: 'User-agent: *\nDisallow: /private/\n', contentType: 'text/plain' },
      '/article': { body: ARTICLE, contentType: 'text/html; charset=utf-8', headers: { etag: '"v1"' } },
      '/once': { body: ARTICLE, contentType: 'text/html' },
      '/from-feed': { body: ARTICLE, contentType: 'text/html' },
      '/private/secret': { body: ARTICLE, contentType: 'text/html' },
      '/report.pdf': { body: '%PDF-1.7\n%binary', contentType: 'application/pdf' },
      '/fake-html': {
        body: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0, 1, 2, 3]),
        contentType: 'text/html',
      },
      '/to-metadata': {
        body: '',
        contentType: 'text/plain',
        status: 302,
        headers: { location: 'http://169.254.169.254/latest/meta-data/' },
      },
      '/to-private': {
        body: '',
        contentType: 'text/plain',
        status: 301,
        headers: { location: 'http://10.1.2.3/admin' },
      },
      '/gzip': { body: gzipSync(ARTICLE), contentType: 'text/html', headers: { 'content-encoding': 'gzip' } },
      ...Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`/slow-host/${i}`, timed(ARTICLE)])),
    });
    otherHost = await startFixtureSite(
      Object.fromEntries(Array.from({ length: 2 }, (_, i) => [`/slow-host/${i}`, timed(ARTICLE)])),
      { host: '127.0.0.2' },
    );
    for (let i = 0; i < 2; i += 1) {
      replicas.push(
        await startServiceProcess('fetcher', {
          servers: inject('servers'),
          topicPrefix: h.topicPrefix,
          queuePrefix: h.queuePrefix,
          dbName: h.dbName,
          env: {
            FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
            FETCH_HOST_DELAY_MS: '700',
            JOB_BACKOFF_MS: '100',
            JOB_ATTEMPTS: '2',
          },
        }),
      );
    }
    fetched = await h.collect(Topics.pageFetched);
    dead = await h.collect(dlqTopic(Topics.urlRequested));
    skipped = await h.collect(Topics.urlSkipped);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await site?.close();
    await otherHost?.close();
    await h?.close();
  });

  /** Produces raw values with a plain kafkajs producer, as kcat would. */
  async function pushRaw(values: string[]): Promise<void> {
    const kafka = new Kafka({ brokers: inject('servers').kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: h.kafka.topic(Topics.urlRequested),
      messages: values.map((value) => ({ value })),
    });
    await producer.disconnect();
  }

  async function duplicatesCounted(): Promise<number> {
    const texts = await Promise.all(
      replicas.map(async (r) => (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text()),
    );
    return texts.reduce(
      (sum, text) =>
        sum +
        Number(/newsflow_fetch_pages_total\{[^}]*outcome="duplicate"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0),
      0,
    );
  }

  const pagesFor = (url: string) =>
    fetched.messages.map((m) => parseMessage(PageFetchedSchema, m.value!)).filter((p) => p.url === url);
  const letterFor = (url: string): DeadLetter | undefined =>
    dead.messages
      .map((m) => parseMessage(DeadLetterSchema, m.value!))
      .find((l) => Buffer.from(l.value, 'base64').toString().includes(url));
  it('fetches a bare URL sent as raw bytes, stores the raw page and emits a reference', async () => {
    const url = site.url('/article');
    await pushRaw([url]);
    const page = await waitFor(() => pagesFor(url)[0], { message: 'page.fetched', timeoutMs: 30_000 });
    expect(page).toMatchObject({
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      bytes: ARTICLE.length,
      etag: '"v1"',
    });
    const stored = await createPageStore(h.mongo.db).load(page.pageId);
    expect(Buffer.from(stored.body).toString()).toBe(ARTICLE);
    expect(stored.contentHash).toBe(page.contentHash);
    // A small page also travels inline, as the gzip bytes stored.
    expect(gunzipSync(Buffer.from(page.inlineBody ?? '', 'base64')).toString()).toBe(ARTICLE);
  });

  it("passes the request's source and feed metadata on to page.fetched", async () => {
    const url = site.url('/from-feed');
    const meta = { from: 'feed', title: 'Story', publishedAt: '2026-12-01T10:00:00.000Z' };
    await pushRaw([JSON.stringify({ url, source: 's_feed1', meta })]);
    const page = await waitFor(() => pagesFor(url)[0], { message: 'page.fetched', timeoutMs: 30_000 });
    expect(page).toMatchObject({ source: 's_feed1', meta });
  });

  it('fetches a URL pushed 100 times once', async () => {
    const url = site.url('/once');
    await pushRaw(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? url : JSON.stringify({ url: `${url}#frag${i}` }))),
    );
    await waitFor(() => pagesFor(url)[0], { message: 'page.fetched', timeoutMs: 30_000 });
    // Every other request ends as a counted duplicate: wait for all 99, then nothing more can come.
    await waitFor(async () => (await duplicatesCounted()) >= 99, {
      message: '99 duplicates counted',
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    expect(site.hits.get('/once')).toBe(1);
    expect(pagesFor(url)).toHaveLength(1);
    // Each skip is reported, with its reason, on url.skipped (push --follow and status read it).
    const skips = await waitFor(
      () => {
        const forUrl = skipped.messages
          .map((m) => parseMessage(UrlSkippedSchema, m.value!))
          .filter((m) => m.url === url);
        return forUrl.length >= 99 ? forUrl : undefined;
      },
      { message: '99 url.skipped messages', timeoutMs: 30_000 },
    );
    expect(new Set(skips.map((m) => m.reason))).toEqual(new Set(['duplicate']));
    expect(skips[0]!.message).toMatch(/within the dedupe window \(3600 s\)/);
  });

  it.each([
    ['/private/secret', 'FETCH_ROBOTS_DISALLOWED'],
    ['/report.pdf', 'FETCH_UNSUPPORTED_CONTENT_TYPE'],
    ['/fake-html', 'FETCH_BINARY_BODY'],
    ['/to-metadata', 'FETCH_ADDRESS_BLOCKED'],
    ['/to-private', 'FETCH_ADDRESS_BLOCKED'],
    ['/missing', 'FETCH_NOT_FOUND'],
  ])('dead-letters %s with reason %s', async (path, code) => {
    const url = site.url(path);
    await pushRaw([url]);
    const letter = await waitFor(() => letterFor(url), {
      message: `dead letter for ${path}`,
      timeoutMs: 30_000,
    });
    expect(letter.error.code).toBe(code);
    expect(letter.error.message).not.toBe('');
  });

  it('dead-letters a non-http URL without fetching', async () => {
    await pushRaw(['file:///etc/passwd']);
    const letter = await waitFor(() => letterFor('file:///etc/passwd'), {
      message: 'dead letter',
      timeoutMs: 30_000,
    });
    expect(letter.error.code).toBe('CONTRACT_SCHEMA');
  });

  it('holds the per-host delay across two replicas while another host proceeds', async () => {
    const urls = [0, 1, 2, 3].map((i) => site.url(`/slow-host/${i}`));
    const other = [0, 1].map((i) => otherHost.url(`/slow-host/${i}`));
    await pushRaw([...urls, ...other]);
    const fetchedBoth = () =>
      (fetchTimes.get('127.0.0.1')?.length ?? 0) >= 4 && (fetchTimes.get('127.0.0.2')?.length ?? 0) >= 2;
    await waitFor(fetchedBoth, { message: 'all fetches', timeoutMs: 60_000 });
    const times = fetchTimes.get('127.0.0.1')!;
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(650);
    // The second host did not queue behind the first one's delays.
    expect(fetchTimes.get('127.0.0.2')![0]!).toBeLessThan(times.at(-1)!);
    // Its robots.txt was paced like a page: the host delay passed before its first page.
    const [robots, ...pages] = otherHost.requests;
    expect(robots?.path).toBe('/robots.txt');
    expect(pages.length).toBe(2);
    expect(pages[0]!.at - robots!.at).toBeGreaterThanOrEqual(650);
  });

  it('exposes fetched, failed-by-reason, bytes and host-wait metrics', async () => {
    const texts = await Promise.all(
      replicas.map(async (r) => (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text()),
    );
    const all = texts.join('\n');
    expect(all).toMatch(/newsflow_fetch_pages_total\{[^}]*outcome="fetched"[^}]*\} [1-9]/);
    expect(all).toMatch(/newsflow_dead_letters_total\{[^}]*code="FETCH_ADDRESS_BLOCKED"[^}]*\} [1-9]/);
    expect(all).toMatch(/newsflow_fetch_bytes_total\{[^}]*\} [1-9]/);
    expect(all).toMatch(/newsflow_fetch_host_wait_seconds_count\{[^}]*\} [1-9]/);
  });
});
