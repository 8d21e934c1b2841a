import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sourceIdFor } from '@newsflow/sources';
import { startFixtureNewsSite, type FixtureNewsSite } from '@newsflow/testing/fixture-news-site';
import { runCli } from '../cli/run-cli.js';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { pollSchedulers, requestsOf, waitForIdlePolls, waitForSource } from './support.js';

const SERVICE_ENV = {
  FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
  FETCH_HOST_DELAY_MS: '0',
  DISCOVERY_MIN_INTERVAL_MS: '1000',
};

/**
 * The whole pipeline fed only by a source: `newsflow sources add <site> --every 2s` and nothing pushed by
 * hand. Five services as their own processes, real servers, a fixture news site on loopback.
 */
describe('sources end to end: a site added once, its articles stored as it publishes them', () => {
  let h: Harness;
  let site: FixtureNewsSite;
  let mongo: MongoClient;
  let requested: Collector;
  const services: ServiceProcess[] = [];
  let discovery: ServiceProcess;
  let servers: ReturnType<typeof inject<'servers'>>;

  const startDiscovery = () =>
    startServiceProcess('discovery', {
      servers,
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      env: SERVICE_ENV,
    });

  beforeAll(async () => {
    servers = inject('servers');
    h = await createHarness(servers, 'sources-e2e');
    site = await startFixtureNewsSite({ feeds: ['rss'], sitemaps: true, articles: 3 });
    requested = await h.collect('url.requested');
    const started = await Promise.all(
      ['fetcher', 'cleaner', 'entities', 'store'].map((name) =>
        startServiceProcess(name, {
          servers,
          topicPrefix: h.topicPrefix,
          queuePrefix: h.queuePrefix,
          dbName: h.dbName,
          env: SERVICE_ENV,
        }),
      ),
    );
    services.push(...started);
    discovery = await startDiscovery();
    mongo = await MongoClient.connect(servers.mongoUri, { serverSelectionTimeoutMS: 10_000 });
  });
  afterAll(async () => {
    await Promise.all([...services, discovery].map((s) => s?.stop()));
    await mongo?.close();
    await site?.close();
    await h?.close();
  });

  async function storedUrls(count: number, timeoutMs = 120_000): Promise<string[]> {
    const articles = mongo.db(h.dbName).collection<{ url: string }>('articles');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const urls = (await articles.find({}, { projection: { url: 1 } }).toArray()).map((a) => a.url);
      if (urls.length >= count) return urls;
      if (Date.now() > deadline) {
        const logs = [...services, discovery]
          .map((s) => `${s.name}:\n${s.lines.slice(-6).join('\n')}`)
          .join('\n');
        throw new Error(`only ${urls.length} of ${count} articles stored within ${timeoutMs} ms\n${logs}`);
      }
      await sleep(250);
    }
  }

  it('adds a site with one command, stores what it publishes, and survives kill -9 between polls', async () => {
    const env = {
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      REDIS_URL: servers.redisUrl,
      MONGODB_URI: new URL(`/${h.dbName}`, servers.mongoUri).toString(),
      TOPIC_PREFIX: h.topicPrefix,
      QUEUE_PREFIX: h.queuePrefix,
    };
    const added = await runCli(['sources', 'add', site.url('/'), '--every', '2s', '--name', 'Fixture'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`feed     ${site.url('/feed.rss')}`);
    expect(added.stdout).toContain(`sitemap  ${site.url('/sitemap_index.xml')}`);
    const id = sourceIdFor(site.url('/'));

    // The site's three articles arrive without a URL pushed by hand.
    const first = await storedUrls(3);
    expect(first.sort()).toEqual(site.articles.map((a) => site.url(a.path)).sort());

    // Three new items, in the feed only (a sitemap that lags): after the next poll, exactly those three more.
    // Feed-only keeps the author check below certain: had a sitemap poll found them first, the request would
    // carry the sitemap's evidence (no authors) and the feed's poll would find them already pushed.
    const fresh = site.publish(3, { sitemaps: false });
    const second = await storedUrls(6);
    expect(second.filter((u) => !first.includes(u)).sort()).toEqual(
      fresh.map((a) => site.url(a.path)).sort(),
    );

    // kill -9 between polls (no poll active), three more published while it is down, then a restart.
    await waitForIdlePolls(h);
    expect(await discovery.stop('SIGKILL')).toBe('SIGKILL');
    const whileDown = site.publish(3);
    discovery = await startDiscovery();
    const third = await storedUrls(9);
    expect(third.filter((u) => !second.includes(u)).sort()).toEqual(
      whileDown.map((a) => site.url(a.path)).sort(),
    );

    // Nothing pushed twice, nothing stored twice, and still one job scheduler per target.
    const doc = await waitForSource(h, id, () => true);
    const pushed = requestsOf(requested.messages, id).map((m) => m.url);
    expect(pushed).toHaveLength(9);
    expect(new Set(pushed).size).toBe(9);
    expect(await mongo.db(h.dbName).collection('articles').countDocuments()).toBe(9);
    const targetIds = Object.keys(doc.targets);
    expect(targetIds).toHaveLength(2);
    const schedulers = (await pollSchedulers(h)).map((s) => s.key).sort();
    expect(schedulers).toEqual([...targetIds].sort());

    // The article pages name no author: the cleaner took the feed's, with provenance feed.
    const article = await mongo
      .db(h.dbName)
      .collection<{ authors: string[]; provenance: Record<string, { source: string }> }>('articles')
      .findOne({ url: site.url(fresh[0]!.path) });
    const freshRequest = requestsOf(requested.messages, id).find((m) => m.url === site.url(fresh[0]!.path));
    expect(freshRequest?.meta).toMatchObject({ feedUrl: site.url('/feed.rss'), authors: [fresh[0]!.author] });
    expect(article?.authors).toEqual([fresh[0]!.author]);
    expect(article?.provenance?.authors).toMatchObject({ source: 'feed' });

    const list = await runCli(['sources', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      _id: string;
      name: string;
      urlsLastDay: number;
      articlesStored: number;
      state: string;
    }[];
    expect(rows).toEqual([
      expect.objectContaining({
        _id: id,
        name: 'Fixture',
        state: 'active',
        urlsLastDay: 9,
        articlesStored: 9,
      }),
    ]);
  });
});
