import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPoliteClient,
  parseAllowList,
  type PoliteClient,
  type PoliteClientOptions,
  type PoliteOutcome,
} from '@newsflow/http-fetch';
import { createRedis, type Redis } from '@newsflow/runtime';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';

const USER_AGENT = 'NewsflowBot/0.1 (+https://newsflow.example/bot)';
const ARTICLE = '<!doctype html><html><body><p>Story</p></body></html>';

/** Two connections stand in for two services (the fetcher, discovery): they share nothing but Redis. */
let fetcherRedis: Redis;
let discoveryRedis: Redis;
let site: FixtureSite;
let otherSite: FixtureSite;

beforeAll(async () => {
  const { redisUrl } = inject('servers');
  fetcherRedis = await createRedis({ url: redisUrl });
  discoveryRedis = await createRedis({ url: redisUrl });
  const page = { body: ARTICLE, contentType: 'text/html; charset=utf-8' };
  site = await startFixtureSite({
    '/robots.txt': {
      body: 'User-agent: *\nDisallow: /private/\nSitemap: http://127.0.0.1/sitemap.xml\n',
      contentType: 'text/plain',
    },
    '/a': page,
    '/b': page,
    '/private/x': page,
    '/feed.xml': { body: '<rss><channel></channel></rss>', contentType: 'application/rss+xml' },
  });
  otherSite = await startFixtureSite({ '/a': page }, { host: '127.0.0.2' });
});

afterAll(async () => {
  await Promise.all([fetcherRedis?.quit(), discoveryRedis?.quit(), site?.close(), otherSite?.close()]);
});

/** A fetcher's and a discovery's client on one deployment (one key prefix), with a fresh prefix per test. */
function twoServices(options: Partial<PoliteClientOptions> = {}): [PoliteClient, PoliteClient] {
  const keyPrefix = `test:${randomUUID()}`;
  const shared = {
    keyPrefix,
    fetch: { userAgent: USER_AGENT, allowList: parseAllowList('127.0.0.0/8') },
    hostDelayMs: 300,
    ...options,
  };
  return [
    createPoliteClient({ redis: fetcherRedis, ...shared }),
    createPoliteClient({ redis: discoveryRedis, ...shared }),
  ];
}

/** Ask until the host has a slot, sleeping exactly the wait the client answers, as a parked job would. */
async function whenFree<T>(ask: () => Promise<PoliteOutcome<T>>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await ask();
    if (outcome.kind === 'done') return outcome.value;
    if (Date.now() + outcome.waitMs > deadline) throw new Error(`host not free within ${timeoutMs} ms`);
    await sleep(outcome.waitMs);
  }
}

describe('polite client (real Redis, loopback site)', () => {
  it('fetches robots.txt once for every service, in a slot of its own, then the page one host delay later', async () => {
    const [fetcher, discovery] = twoServices();
    const before = site.requests.length;
    const first = await fetcher.fetchPage(site.url('/a'));
    // robots.txt took the host's slot and delay: the page itself must wait.
    expect(first.kind).toBe('wait');
    const page = await whenFree(() => fetcher.fetchPage(site.url('/a')));
    expect(Buffer.from(page.body).toString()).toBe(ARTICLE);
    await whenFree(() => discovery.fetchPage(site.url('/b')));
    const seen = site.requests.slice(before).map((r) => r.path);
    expect(seen).toEqual(['/robots.txt', '/a', '/b']);
    const [robots, a, b] = site.requests.slice(before);
    expect(a!.at - robots!.at).toBeGreaterThanOrEqual(280);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(280);
  });

  it('shares one budget per host between services while another host proceeds', async () => {
    const [fetcher, discovery] = twoServices({ respectRobots: false });
    expect((await fetcher.fetchPage(site.url('/a'))).kind).toBe('done');
    const busy = await discovery.fetchPage(site.url('/b'));
    expect(busy.kind).toBe('wait');
    expect(busy.kind === 'wait' && busy.waitMs).toBeGreaterThan(0);
    expect((await discovery.fetchPage(otherSite.url('/a'))).kind).toBe('done');
  });

  it('holds the host slot while a streamed body is consumed', async () => {
    const [fetcher, discovery] = twoServices({ respectRobots: false, hostDelayMs: 0 });
    const streamed = await fetcher.fetchStream(
      site.url('/feed.xml'),
      { allowedContentTypes: ['application/rss+xml'] },
      async (response) => {
        const during = await discovery.fetchPage(site.url('/a'));
        let text = '';
        for await (const chunk of response.body as AsyncIterable<Buffer>) text += chunk.toString();
        return { text, during: during.kind };
      },
    );
    expect(streamed).toEqual({
      kind: 'done',
      value: { text: '<rss><channel></channel></rss>', during: 'wait' },
    });
    expect((await discovery.fetchPage(site.url('/a'))).kind).toBe('done');
  });

  it('refuses a URL robots.txt disallows and gives its Sitemap lines to discovery', async () => {
    const [fetcher, discovery] = twoServices({ hostDelayMs: 0 });
    await expect(whenFree(() => fetcher.fetchPage(site.url('/private/x')))).rejects.toMatchObject({
      code: 'FETCH_ROBOTS_DISALLOWED',
      retriable: false,
    });
    const policy = await whenFree(() => discovery.robotsPolicy(site.url('/')));
    expect(policy.sitemaps).toEqual(['http://127.0.0.1/sitemap.xml']);
  });

  it('does not ask for robots.txt when told not to obey it', async () => {
    const [fetcher] = twoServices({ respectRobots: false, hostDelayMs: 0 });
    const before = site.requests.length;
    await whenFree(() => fetcher.fetchPage(site.url('/private/x')));
    expect(site.requests.slice(before).map((r) => r.path)).toEqual(['/private/x']);
  });
});
