import { randomUUID } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from '@newsflow/runtime';
import { checkRobotsPolicy, createRobotsCache, getRobotsPolicy, parseAllowList } from '@newsflow/http-fetch';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';

const USER_AGENT = 'NewsflowBot/0.1 (+https://newsflow.example/bot)';
const resolveHost = (): Promise<LookupAddress[]> => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);

let redis: Redis;
let server: FixtureSite;

beforeAll(async () => {
  redis = await createRedis({ url: inject('servers').redisUrl });
  server = await startFixtureSite((request, response) => {
    if (request.url === '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
    } else {
      response.writeHead(404).end();
    }
  });
});

afterAll(async () => {
  await Promise.all([redis.quit(), server.close()]);
});

describe('robots cache (real Redis)', () => {
  it('fetches robots.txt once per origin and serves the policy from Redis afterwards', async () => {
    const keyPrefix = `test:robots:${randomUUID()}`;
    const cache = createRobotsCache({ redis, keyPrefix });
    const fetchOptions = { userAgent: USER_AGENT, allowList: parseAllowList('site.test'), resolveHost };
    const url = `http://site.test:${server.port}/private/a`;
    const before = server.requests.length;
    const first = await getRobotsPolicy(url, cache, fetchOptions);
    const second = await getRobotsPolicy(`http://site.test:${server.port}/b`, cache, fetchOptions);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(server.requests.length - before).toBe(1);
    expect(checkRobotsPolicy(second.policy, url).allowed).toBe(false);
    // Kept for the policy's TTL (24 h for a fetched file), then fetched again.
    const ttlMs = await redis.pttl(`${keyPrefix}:newsflowbot:http://site.test:${server.port}`);
    expect(ttlMs).toBeGreaterThan(86_000_000);
    expect(ttlMs).toBeLessThanOrEqual(86_400_000);
  });
});
