/**
 * What discovery costs, each figure beside its baseline in the same run (machine load cancels out):
 *   1. feed items parsed per second, ours (parseFeed: decode, DOCTYPE strip, dates, URLs) vs
 *      @rowanmanning/feed-parser alone, for RSS 2.0 and Atom;
 *   2. sitemap URLs per second, ours (parseSitemap) vs htmlparser2 alone on the same 50 000-URL sitemap;
 *   3. peak RSS of a fresh process parsing that sitemap (≈ 10 MB) from memory and as a stream;
 *   4. 10 000 sources scheduled on one Redis (one BullMQ job scheduler each): Redis memory, and CPU per
 *      poll (discovery process and Redis) for polls answered 304 — the steady state of a quiet source.
 *
 *   npm run bench:discovery -- [--only parsers|memory|schedule] [--sources N] [--polls N]
 * Part 4 needs the servers (KAFKA_BROKERS, REDIS_URL, MONGODB_URI, else deploy/local); parts 1–3 none.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseFeed as rowanParseFeed } from '@rowanmanning/feed-parser';
import { Queue } from 'bullmq';
import { Parser } from 'htmlparser2';
import { parseFeed, parseSitemap, parseSitemapStream } from '@newsflow/sources';
import { choiceOption, countOption, parseCliArgs } from './cli-args.js';

const SELF = fileURLToPath(import.meta.url);
const FEED_ITEMS = 100;
const SITEMAP_URLS = 50_000;

function rssFeed(n: number): string {
  const items = Array.from(
    { length: n },
    (_, i) =>
      `<item><title>Story number ${i} about the harbour &amp; the railway</title><link>https://news.example/2025/06/03/story-${i}</link><guid>https://news.example/?p=${i}</guid><pubDate>Tue, 03 Jun 2025 09:${String(i % 60).padStart(2, '0')}:21 +0200</pubDate><dc:creator>Jo Bloggs</dc:creator><description><![CDATA[<p>A paragraph of teaser text for story ${i}, long enough to look like the real thing.</p>]]></description></item>`,
  ).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News</title><link>https://news.example/</link>${items}</channel></rss>`;
}

function atomFeed(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) =>
      `<entry><title>Story number ${i}</title><link href="https://news.example/2025/06/03/story-${i}"/><id>urn:uuid:${i}</id><published>2025-06-03T09:39:21+02:00</published><updated>2025-06-03T10:00:00Z</updated><author><name>Jo Bloggs</name></author><summary>Teaser text for story ${i}.</summary></entry>`,
  ).join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>${entries}</feed>`;
}

function sitemap(n: number): Buffer {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`,
  ];
  for (let i = 0; i < n; i++) {
    parts.push(
      `<url><loc>https://news.example/2025/06/03/a-long-article-slug-about-story-number-${i}</loc><lastmod>2025-06-03T09:39:21+00:00</lastmod><changefreq>daily</changefreq><priority>0.5</priority></url>\n`,
    );
  }
  parts.push('</urlset>');
  return Buffer.from(parts.join(''));
}

/** Best of `rounds` timings of `fn` run `times` times (ms per run). */
function time(fn: () => void, times: number, rounds = 5): number {
  for (let i = 0; i < Math.min(times, 20); i++) fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < times; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / times);
  }
  return best;
}

function row(label: string, ours: number, base: number, unit: string, count: number): string {
  const perS = (ms: number) => Math.round((count / ms) * 1000).toLocaleString('en');
  return `${label.padEnd(26)} ours ${perS(ours).padStart(12)} ${unit}/s   parser alone ${perS(base).padStart(12)} ${unit}/s   ours/parser ${(ours / base).toFixed(2)}x time`;
}

function parsers(): void {
  const rss = Buffer.from(rssFeed(FEED_ITEMS));
  const atom = Buffer.from(atomFeed(FEED_ITEMS));
  const rssText = rss.toString();
  const atomText = atom.toString();
  // The parser alone doing the same job through its own API: each item's link, title, dates, authors, id.
  const alone = (text: string) => () => {
    for (const item of rowanParseFeed(text).items)
      void [item.url, item.title, item.published, item.updated, item.authors, item.id];
  };
  console.log(
    `\n1. feeds (${FEED_ITEMS} items each; best of 5 rounds; parser alone = its parse and its item getters)`,
  );
  for (const [label, bytes, text] of [
    ['RSS 2.0', rss, rssText],
    ['Atom 1.0', atom, atomText],
  ] as const) {
    const parseOnly = time(() => rowanParseFeed(text), 200);
    console.log(
      row(
        label,
        time(() => parseFeed(bytes), 200),
        time(alone(text), 200),
        'items',
        FEED_ITEMS,
      ),
    );
    console.log(
      `${''.padEnd(26)} (its XML parse alone, items not read: ${Math.round((FEED_ITEMS / parseOnly) * 1000).toLocaleString('en')} items/s)`,
    );
  }
  const map = sitemap(SITEMAP_URLS);
  const bare = () => {
    const p = new Parser(
      { onopentag() {}, ontext() {}, onclosetag() {} },
      { xmlMode: true, decodeEntities: true },
    );
    for (let i = 0; i < map.byteLength; i += 64 * 1024) p.write(map.subarray(i, i + 64 * 1024).toString());
    p.end();
  };
  console.log(
    `\n2. sitemap (${SITEMAP_URLS.toLocaleString('en')} URLs, ${(map.byteLength / 1e6).toFixed(1)} MB; best of 3 rounds)`,
  );
  console.log(
    row(
      'sitemap URLs',
      time(() => parseSitemap(map, { onItem: () => undefined }), 1, 3),
      time(bare, 1, 3),
      'URLs',
      SITEMAP_URLS,
    ),
  );
}

/** Child process: parse the sitemap once and print peak RSS (maxRSS, KiB) and the baseline before it. */
async function rssChild(mode: string): Promise<void> {
  const before = process.resourceUsage().maxRSS;
  if (mode === 'none') {
    console.log(JSON.stringify({ before, after: process.resourceUsage().maxRSS }));
    return;
  }
  let count = 0;
  if (mode === 'stream') {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      // The sitemap made piece by piece, as a response body arrives: it never exists whole here.
      yield Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      );
      for (let i = 0; i < SITEMAP_URLS; i += 500) {
        yield Buffer.from(
          Array.from(
            { length: 500 },
            (_, j) =>
              `<url><loc>https://news.example/2025/06/03/a-long-article-slug-about-story-number-${i + j}</loc><lastmod>2025-06-03T09:39:21+00:00</lastmod><changefreq>daily</changefreq><priority>0.5</priority></url>\n`,
          ).join(''),
        );
      }
      yield Buffer.from('</urlset>');
    }
    await parseSitemapStream(Readable.from(chunks()), { onItem: () => void count++ });
  } else {
    const map = sitemap(SITEMAP_URLS);
    count = parseSitemap(map).items.length;
  }
  console.log(JSON.stringify({ before, after: process.resourceUsage().maxRSS, count }));
}

function peakRss(): void {
  const run = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', SELF, '--rss-child', mode], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    ) as { after: number };
  const baseline = run('none').after / 1024;
  const memory = run('memory').after / 1024;
  const stream = run('stream').after / 1024;
  console.log(`\n3. peak RSS of a fresh process (node + tsx + libs loaded: ${baseline.toFixed(0)} MiB)`);
  console.log(
    `   50 000-URL sitemap in memory, URLs collected: ${memory.toFixed(0)} MiB (+${(memory - baseline).toFixed(0)} MiB, the 10 MB input and 50 000 items included)`,
  );
  console.log(
    `   same sitemap as a stream, URLs taken one by one: ${stream.toFixed(0)} MiB (+${(stream - baseline).toFixed(0)} MiB)`,
  );
}

async function scheduling(sources: number, polls: number): Promise<void> {
  const { getServers } = await import('@newsflow/testing');
  const { createRedis, createKafka, createMongo, createLogger } = await import('@newsflow/runtime');
  const { createPollSchedule } = await import('../services/discovery/src/poll-schedule.js');
  const { pollTarget } = await import('../services/discovery/src/poll-target.js');
  const { createSourceRepository } = await import('../services/discovery/src/source-repository.js');
  const { createSeenUrls } = await import('../services/discovery/src/seen-urls.js');
  const { createSourceLock } = await import('../services/discovery/src/source-lock.js');
  const { createListingFetcher } = await import('../services/discovery/src/fetch-listing.js');
  const { createPoliteClient, parseAllowList } = await import('@newsflow/http-fetch');
  const { startFixtureNewsSite } = await import('@newsflow/testing/fixture-news-site');
  const { Counter, Histogram, Registry } = await import('prom-client');
  const servers = await getServers();
  const id = randomUUID().slice(0, 8);
  const prefix = `bench${id}`;
  const redis = await createRedis({ url: servers.redisUrl });
  const mongoUri = new URL(servers.mongoUri);
  mongoUri.pathname = `/bench${id}`;
  const mongo = await createMongo({ uri: mongoUri.toString() });
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const kafka = await createKafka({
    brokers: servers.kafkaBrokers,
    clientId: `bench-${id}`,
    topicPrefix: `b${id}.`,
    logger,
  });
  const site = await startFixtureNewsSite({ feeds: ['rss'], articles: 20 });
  const queue = new Queue<{ sourceId: string; targetId: string }>('discovery-poll', {
    connection: redis,
    prefix,
  });
  const schedule = createPollSchedule(queue);
  try {
    const memory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const redisCpu = async () => {
      const info = await redis.info('cpu');
      return (
        Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0) +
        Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0)
      );
    };
    const before = await memory();
    const started = Date.now();
    for (let i = 0; i < sources; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, sources - i) }, (_, j) =>
          // Far in the future: this measures what the schedules hold, not a storm of polls.
          schedule.schedule(
            {
              sourceId: `s_${String(i + j).padStart(24, '0')}`,
              targetId: `t_${String(i + j).padStart(24, '0')}`,
            },
            3_600_000 + (i + j) * 100,
          ),
        ),
      );
    }
    const after = await memory();
    console.log(
      `\n4. ${sources.toLocaleString('en')} sources scheduled on one Redis (one job scheduler + one delayed job each)`,
    );
    console.log(
      `   Redis memory: +${((after - before) / 1024 / 1024).toFixed(1)} MiB (${Math.round((after - before) / sources)} bytes per source); scheduling took ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // CPU per poll: one real source whose feed answers 304 after the first poll, polled `polls` times.
    const repo = createSourceRepository(mongo.db);
    const seen = createSeenUrls({ redis, keyPrefix: `${prefix}:seen`, maxUrls: 200_000, ttlMs: 86_400_000 });
    const client = createPoliteClient({
      redis,
      keyPrefix: prefix,
      fetch: { userAgent: 'NewsflowBench/1', allowList: parseAllowList('127.0.0.0/8') },
      hostDelayMs: 0,
    });
    const fetcher = createListingFetcher(client, { maxWaitMs: 10_000, maxBodyBytes: 5 * 1024 * 1024 });
    const registry = new Registry();
    const metrics = {
      polls: new Counter({ name: 'p', help: 'p', labelNames: ['outcome'], registers: [registry] }),
      newUrls: new Counter({ name: 'n', help: 'n', labelNames: ['source'], registers: [registry] }),
      pollSeconds: new Histogram({ name: 's', help: 's', registers: [registry] }),
    };
    const sourceId = 's_benchbenchbenchbenchbench'.slice(0, 26);
    const targetId = 't_bench';
    const now = new Date();
    await repo.insert({
      _id: sourceId,
      url: site.url('/'),
      name: 'bench',
      kind: 'site',
      state: 'active',
      backfillMs: null,
      givenFeeds: [],
      givenSitemaps: [],
      discovery: { status: 'done', feeds: [site.url('/feed.rss')], sitemaps: [], pages: [] },
      targets: {
        [targetId]: {
          url: site.url('/feed.rss'),
          kind: 'feed',
          origin: 'link',
          consecutiveFailures: 0,
          polls: 0,
        },
      },
      urlsByHour: {},
      urlsTotal: 0,
      createdAt: now,
      updatedAt: now,
    });
    const deps = {
      repo,
      seen,
      schedule,
      fetcher,
      kafka,
      sourceLock: createSourceLock(redis, { keyPrefix: `${prefix}:lock`, ttlMs: 30_000 }),
      metrics,
      log: logger,
      settings: {
        minIntervalMs: 3_600_000,
        maxIntervalMs: 7_200_000,
        maxUrlsPerPoll: 5000,
        maxListingBytes: 50 * 1024 * 1024,
        maxChildSitemaps: 20,
        lockWaitMs: 30_000,
      },
    };
    await pollTarget({ sourceId, targetId }, deps); // the first poll pushes the 20 items; the rest are 304s
    const cpu0 = process.cpuUsage();
    const redis0 = await redisCpu();
    const t0 = Date.now();
    for (let i = 0; i < polls; i++) await pollTarget({ sourceId, targetId }, deps);
    const cpu = process.cpuUsage(cpu0);
    const redisMs = ((await redisCpu()) - redis0) * 1000;
    console.log(
      `   CPU per poll (304, schedule updated): discovery ${((cpu.user + cpu.system) / 1000 / polls).toFixed(2)} ms, Redis ${(redisMs / polls).toFixed(2)} ms; ${((Date.now() - t0) / polls).toFixed(1)} ms wall per poll (${polls} polls)`,
    );
    console.log(
      `   so 10 000 sources polled every 15 min (≈ 11 polls/s) cost about ${((((cpu.user + cpu.system) / 1000 / polls) * 11.1) / 10).toFixed(1)} % of one core`,
    );
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await kafka.close();
    await redis.quit();
    await site.close();
    await servers.close();
  }
}

const USAGE = 'usage: npm run bench:discovery -- [--only parsers|memory|schedule] [--sources N] [--polls N]';
const { values } = parseCliArgs(
  {
    options: {
      only: { type: 'string' },
      sources: { type: 'string', default: '10000' },
      polls: { type: 'string', default: '300' },
      // Internal: part 3 measures each way of parsing in a fresh child process of this script.
      'rss-child': { type: 'string' },
    },
  },
  USAGE,
);
if (values['rss-child'] !== undefined) {
  await rssChild(values['rss-child']);
} else {
  const only =
    values.only === undefined
      ? undefined
      : choiceOption('only', values.only, ['parsers', 'memory', 'schedule'], USAGE);
  const sources = countOption('sources', values.sources, USAGE);
  const polls = countOption('polls', values.polls, USAGE);
  console.log('npm run bench:discovery (each figure beside its baseline, same process and run)');
  if (!only || only === 'parsers') parsers();
  if (!only || only === 'memory') peakRss();
  if (!only || only === 'schedule') await scheduling(sources, polls);
}
