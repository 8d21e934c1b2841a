import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sourceIdFor } from '@newsflow/sources';
import { startFixtureNewsSite, type FixtureNewsSite } from '@newsflow/testing/fixture-news-site';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import {
  pollSchedulers,
  requestSource,
  requestsOf,
  waitForRequests,
  waitForSource,
  type SourceDoc,
} from './support.js';

/**
 * The discovery service as its own process against real Kafka, Redis and MongoDB, following fixture news
 * sites on loopback. Intervals are pinned to a second or two (the floor is a second here).
 */
describe('discovery service: sources in, new article URLs out', () => {
  let h: Harness;
  let discovery: ServiceProcess;
  let requested: Collector;
  const sites: (FixtureNewsSite | FixtureSite)[] = [];

  beforeAll(async () => {
    const servers = inject('servers');
    h = await createHarness(servers, 'discovery');
    requested = await h.collect('url.requested');
    discovery = await startServiceProcess('discovery', {
      servers,
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      env: {
        FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
        FETCH_HOST_DELAY_MS: '0',
        DISCOVERY_MIN_INTERVAL_MS: '1000',
        DISCOVERY_FAILING_AFTER: '2',
        DISCOVERY_MAX_LISTING_BYTES: String(4 * 1024 * 1024),
        JOB_BACKOFF_MS: '200',
      },
    });
  });
  afterAll(async () => {
    await discovery?.stop();
    await Promise.all(sites.map((s) => s.close()));
    await h?.close();
  });

  async function site(options: Parameters<typeof startFixtureNewsSite>[0]): Promise<FixtureNewsSite> {
    const s = await startFixtureNewsSite(options);
    sites.push(s);
    return s;
  }

  it('finds the RSS, Atom, RDF and JSON feeds a home page announces and pushes each article once, with source and feed meta', async () => {
    const s = await site({ feeds: ['rss', 'atom', 'rdf', 'json'], articles: 3 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '60s' });
    const doc = await waitForSource(
      h,
      id,
      (d) => Object.values(d.targets).filter((t) => t.polls > 0).length === 4,
    );
    expect(doc.discovery.feeds.sort()).toEqual(
      ['/atom.xml', '/feed.json', '/feed.rss', '/index.rdf'].map((p) => s.url(p)).sort(),
    );
    expect(
      Object.values(doc.targets)
        .map((t) => t.format)
        .sort(),
    ).toEqual(['atom', 'json', 'rdf', 'rss']);
    const mine = await waitForRequests(requested.messages, id, 3);
    expect(mine.map((m) => m.url).sort()).toEqual(s.articles.map((a) => s.url(a.path)).sort());
    const newest = s.articles[0]!;
    const meta = mine.find((m) => m.url === s.url(newest.path))?.meta;
    expect(meta).toMatchObject({
      from: 'feed',
      title: newest.title,
      authors: [newest.author],
      publishedAt: expect.stringMatching(/^\d{4}-/) as unknown,
    });
    expect(
      (await pollSchedulers(h)).filter((sch) => Object.keys(doc.targets).includes(sch.key)),
    ).toHaveLength(4);
  });

  it('follows robots.txt Sitemap: to a sitemap index, its gzipped sitemap and its Google News sitemap', async () => {
    const s = await site({ sitemaps: true, articles: 2 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '60s' });
    const doc = await waitForSource(h, id, (d) => Object.values(d.targets).some((t) => t.polls > 0));
    expect(doc.discovery).toMatchObject({ feeds: [], sitemaps: [s.url('/sitemap_index.xml')], pages: [] });
    expect(Object.values(doc.targets)[0]).toMatchObject({
      kind: 'sitemap',
      format: 'sitemap-index',
      newLastPoll: 2,
    });
    expect(s.hits.get('/sitemaps/articles.xml.gz')).toBe(1);
    expect(s.hits.get('/news-sitemap.xml')).toBe(1);
    const mine = await waitForRequests(requested.messages, id, 2);
    expect(mine.map((m) => m.url).sort()).toEqual(s.articles.map((a) => s.url(a.path)).sort());
    // The news sitemap's title and date travel as meta whichever child listed the URL first.
    expect(mine.every((m) => m.meta?.from === 'sitemap')).toBe(true);
  });

  it('watches the home page of a site with no feed or sitemap, taking article links and leaving navigation', async () => {
    const s = await site({ articles: 3 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '60s' });
    const doc = await waitForSource(h, id, (d) => Object.values(d.targets).some((t) => t.polls > 0));
    expect(doc.discovery).toMatchObject({ feeds: [], sitemaps: [], pages: [s.url('/')] });
    expect((await waitForRequests(requested.messages, id, 3)).map((m) => m.url).sort()).toEqual(
      s.articles.map((a) => s.url(a.path)).sort(),
    );
    // The usual feed and sitemap paths were tried (by content) before falling back.
    expect(s.hits.get('/feed')).toBe(1);
    expect(s.hits.get('/sitemap.xml')).toBe(1);
  });

  it('honours the backfill on an archive sitemap: 2 days by default, everything with --backfill all', async () => {
    const recentOnly = await site({ sitemaps: true, articles: 2, archived: 6 });
    const everything = await site({ sitemaps: true, articles: 2, archived: 6 });
    const a = sourceIdFor(recentOnly.url('/'));
    const b = sourceIdFor(everything.url('/'));
    await requestSource(h, { action: 'add', url: recentOnly.url('/'), every: '60s' });
    await requestSource(h, { action: 'add', url: everything.url('/'), every: '60s', backfill: 'all' });
    await waitForSource(h, a, (d) => Object.values(d.targets).some((t) => t.polls > 0));
    await waitForSource(h, b, (d) => Object.values(d.targets).some((t) => t.polls > 0));
    expect(await waitForRequests(requested.messages, b, 8)).toHaveLength(8);
    // By now the first source's requests are in too (the collector reads the topic in order per partition).
    expect(await waitForRequests(requested.messages, a, 2)).toHaveLength(2);
  });

  it('polls with conditional GET, and pushes only what a feed publishes after the first poll', async () => {
    const s = await site({ feeds: ['rss'], articles: 2 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '1s' });
    await waitForSource(h, id, (d) => Object.values(d.targets).some((t) => t.lastStatus === 'not-modified'));
    expect(
      s.requests.some((r) => r.path === '/feed.rss' && typeof r.headers['if-none-match'] === 'string'),
    ).toBe(true);
    const fresh = s.publish(2);
    await waitForSource(h, id, (d) => d.urlsTotal === 4);
    const urls = (await waitForRequests(requested.messages, id, 4)).map((m) => m.url);
    expect(urls.filter((u) => fresh.some((a) => s.url(a.path) === u)).sort()).toEqual(
      fresh.map((a) => s.url(a.path)).sort(),
    );
    expect(new Set(urls).size).toBe(4);
  });

  it('backs off a source that answers 500 and shows it failing with the reason, until it recovers', async () => {
    const s = await site({ feeds: ['rss'], articles: 1 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '1s' });
    await waitForSource(h, id, (d) => d.urlsTotal === 1);
    s.failWith(500);
    const failing = await waitForSource(h, id, (d) => d.state === 'failing');
    const target = Object.values(failing.targets)[0]!;
    expect(failing.failingReason).toMatch(/feed\.rss: FETCH_SERVER_ERROR .*500/);
    expect(target.lastError?.code).toBe('FETCH_SERVER_ERROR');
    // Pinned at a second; two failures in a row wait about 4 s (2^2 × 1 s, ±10 %).
    expect(target.intervalMs).toBeGreaterThanOrEqual(3000);
    s.failWith(undefined);
    const recovered = await waitForSource(h, id, (d) => d.state === 'active', 30_000);
    expect(recovered.failingReason).toBeUndefined();
  });

  it('pausing drops the schedule and stops polls; resuming restarts them', async () => {
    const s = await site({ feeds: ['rss'], articles: 1 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '1s' });
    const doc = await waitForSource(h, id, (d) => Object.values(d.targets).some((t) => t.polls >= 2));
    const [targetId] = Object.keys(doc.targets);
    await requestSource(h, { action: 'pause', id });
    await waitForSource(h, id, (d) => d.state === 'paused');
    expect((await pollSchedulers(h)).map((sch) => sch.key)).not.toContain(targetId);
    const hits = s.hits.get('/feed.rss') ?? 0;
    const polls = (await waitForSource(h, id, () => true)).targets[targetId!]!.polls;
    // Nothing happening can only be seen by waiting: three pinned intervals, in which any poll would show.
    await sleep(3000);
    expect(s.hits.get('/feed.rss') ?? 0).toBeLessThanOrEqual(hits + 1); // one poll may have been under way
    await requestSource(h, { action: 'resume', id });
    await waitForSource(h, id, (d) => d.state === 'active' && d.targets[targetId!]!.polls >= polls + 2);
    expect((await pollSchedulers(h)).filter((sch) => sch.key === targetId)).toHaveLength(1);
  });

  it('gives items or a typed error for broken feeds and sitemaps, each target saying which', async () => {
    const item = (n: number) =>
      `<item><title>Caf&eacute;&nbsp;${n} & co</title><link>/broken/${n}</link><pubDate>${new Date().toUTCString()}</pubDate></item>`;
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      '',
    );
    const now = new Date().toISOString();
    const big = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from({ length: 50_000 }, (_, i) => `<url><loc>/old/${i}</loc><lastmod>2019-01-01</lastmod></url>`).join('')}<url><loc>/fresh</loc><lastmod>${now}</lastmod></url></urlset>`;
    const broken = await startFixtureSite({
      '/unclosed.rss': {
        contentType: 'application/rss+xml',
        body: `<rss version="2.0"><channel>${item(1)}${item(1)}<item><title>no link</title></item><item><link>/broken/2</link><description><p>open</description></item></channel></rss>`,
      },
      '/latin1.rss': {
        contentType: 'text/xml; charset=iso-8859-1',
        body: Buffer.from(
          `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Zürich</title><link>/broken/3</link></item></channel></rss>`,
          'utf8',
        ),
      },
      '/bomb.rss': {
        contentType: 'application/rss+xml',
        body: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]><rss version="2.0"><channel><item><title>&l9;</title><link>/broken/4</link></item></channel></rss>`,
      },
      '/html.rss': {
        contentType: 'application/rss+xml',
        body: '<!DOCTYPE html><html><body>We moved!</body></html>',
      },
      '/bomb.xml.gz': {
        contentType: 'application/x-gzip',
        body: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
      },
      '/big.xml': { contentType: 'application/xml', body: big },
    });
    sites.push(broken);
    const id = sourceIdFor(broken.url('/'));
    await requestSource(h, {
      action: 'add',
      url: broken.url('/'),
      every: '60s',
      feeds: ['/unclosed.rss', '/latin1.rss', '/bomb.rss', '/html.rss'].map((p) => broken.url(p)),
      sitemaps: ['/bomb.xml.gz', '/big.xml'].map((p) => broken.url(p)),
    });
    const doc = await waitForSource(
      h,
      id,
      (d) => Object.keys(d.targets).length === 6 && Object.values(d.targets).every((t) => t.polls > 0),
    );
    // One object, so a failure shows every target at once.
    const summary = Object.fromEntries(
      Object.values(doc.targets).map((t) => [
        new URL(t.url).pathname,
        { status: t.lastStatus, listed: t.listedLastPoll, pushed: t.newLastPoll, error: t.lastError?.code },
      ]),
    );
    expect(summary).toEqual({
      '/unclosed.rss': { status: 'new', listed: 2, pushed: 2, error: undefined },
      '/latin1.rss': { status: 'new', listed: 1, pushed: 1, error: undefined },
      '/bomb.rss': { status: 'new', listed: 1, pushed: 1, error: undefined },
      '/html.rss': { status: 'error', listed: undefined, pushed: undefined, error: 'SOURCES_NOT_A_FEED' },
      '/bomb.xml.gz': { status: 'error', listed: undefined, pushed: undefined, error: 'SOURCES_TOO_LARGE' },
      '/big.xml': { status: 'new', listed: 50_001, pushed: 1, error: undefined },
    });
    const urls = (await waitForRequests(requested.messages, id, 5)).map((m) => m.url).sort();
    expect(urls).toEqual(
      ['/broken/1', '/broken/2', '/broken/3', '/broken/4', '/fresh'].map((p) => broken.url(p)).sort(),
    );
    const titles = requestsOf(requested.messages, id).map((m) => m.meta?.title);
    expect(titles).toContain('Café 1 & co');
    expect(titles).toContain('Zürich');
  });

  it('dead-letters a request for an unknown source and one that is not JSON, with the reason', async () => {
    const dlq = await h.collect('source.requested.dlq');
    await requestSource(h, { action: 'pause', id: 's_000000000000000000000000' });
    await h.kafka.sendRaw('source.requested', [
      {
        key: null,
        value: Buffer.from('add https://x.example/'),
        headers: { traceId: 't', attempt: 0, producedAt: new Date().toISOString() },
      },
    ]);
    const letters = (await dlq.waitFor(2)).map(
      (m) => JSON.parse(m.value!.toString()) as { error: { code: string } },
    );
    expect(letters.map((l) => l.error.code).sort()).toEqual([
      'CONTRACT_INVALID_JSON',
      'DISCOVERY_SOURCE_NOT_FOUND',
    ]);
  });
  it('a second replica shares the schedule: still one job scheduler per target, nothing pushed twice', async () => {
    const s = await site({ feeds: ['rss', 'atom'], articles: 1 });
    const id = sourceIdFor(s.url('/'));
    await requestSource(h, { action: 'add', url: s.url('/'), every: '1s' });
    await waitForSource(h, id, (d) => d.urlsTotal === 1);
    const before = (await pollSchedulers(h)).map((sch) => sch.key).sort();
    const servers = inject('servers');
    const second = await startServiceProcess('discovery', {
      servers,
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      env: {
        FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
        FETCH_HOST_DELAY_MS: '0',
        DISCOVERY_MIN_INTERVAL_MS: '1000',
      },
    });
    try {
      // Both replicas now take polls of both feeds, which list the same articles.
      const fresh = s.publish(3);
      await waitForSource(h, id, (d) => d.urlsTotal === 4);
      const polls = (d: SourceDoc) => Object.values(d.targets).reduce((n, t) => n + t.polls, 0);
      const seen = polls(await waitForSource(h, id, () => true));
      await waitForSource(h, id, (d) => polls(d) >= seen + 4);
      const urls = (await waitForRequests(requested.messages, id, 4)).map((m) => m.url);
      expect(urls.sort()).toEqual([s.articles.at(-1)!, ...fresh].map((a) => s.url(a.path)).sort());
      expect((await pollSchedulers(h)).map((sch) => sch.key).sort()).toEqual(before);
    } finally {
      await second.stop();
    }
  });
});
