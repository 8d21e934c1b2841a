import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from './address-guard.js';
import { FetchRobotsDisallowedError } from './fetch-errors.js';
import type { FetchOptions } from './http-client.js';
import { checkRobotsPolicy } from './robots.js';
import { fetchRobotsPolicy } from './robots-fetch.js';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';

const USER_AGENT = 'NewsflowBot/0.1 (+https://newsflow.example/bot)';

/** Each test host maps to the loopback fixture; the host name picks how robots.txt answers. */
const resolveHost = (): Promise<LookupAddress[]> => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);

let server: FixtureSite;
const fetchOptions = (): FetchOptions => ({
  userAgent: USER_AGENT,
  allowList: parseAllowList('*.robots.test'),
  resolveHost,
  totalTimeoutMs: 3000,
});
const site = (name: string) => `http://${name}.robots.test:${server.port}`;

beforeAll(async () => {
  server = await startFixtureSite((request, response) => {
    const host = (request.headers.host ?? '').split('.')[0] ?? '';
    if (request.url !== '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>page</p>');
      return;
    }
    switch (host) {
      case 'rules':
        response
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(
            'User-agent: *\nDisallow: /\n\nUser-agent: NewsflowBot\nDisallow: /private\nAllow: /private/press\nCrawl-delay: 2\n',
          );
        return;
      case 'moved':
        response.writeHead(301, { location: `${site('rules')}/robots.txt` }).end();
        return;
      case 'missing':
        response.writeHead(404).end();
        return;
      case 'broken':
        response.writeHead(503).end();
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'to-private':
        response.writeHead(302, { location: 'http://10.1.2.3/robots.txt' }).end();
        return;
      case 'huge':
        response.writeHead(200, { 'content-type': 'text/plain' }).end('#'.repeat(2 * 1024 * 1024));
        return;
      default:
        response.writeHead(500).end();
    }
  });
});

afterAll(async () => {
  await server.close();
});

describe('fetchRobotsPolicy against a fixture server', () => {
  it('disallows what robots.txt disallows for our user agent and reports Crawl-delay', async () => {
    const policy = await fetchRobotsPolicy(`${site('rules')}/private/story`, fetchOptions());
    expect(policy).toMatchObject({ mode: 'rules', rules: { crawlDelayMs: 2000 } });
    const verdict = checkRobotsPolicy(policy, `${site('rules')}/private/story`);
    expect(verdict).toMatchObject({ allowed: false, reason: 'disallow /private' });
    expect(checkRobotsPolicy(policy, `${site('rules')}/private/press/1`).allowed).toBe(true);
    expect(checkRobotsPolicy(policy, `${site('rules')}/public`).allowed).toBe(true);
    const error = new FetchRobotsDisallowedError(`${site('rules')}/private/story`, verdict.reason);
    expect(error).toMatchObject({ code: 'FETCH_ROBOTS_DISALLOWED', retriable: false });
    expect(server.requests.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
  });

  it('follows a redirected robots.txt', async () => {
    const policy = await fetchRobotsPolicy(`${site('moved')}/x`, fetchOptions());
    expect(checkRobotsPolicy(policy, `${site('moved')}/private/x`).allowed).toBe(false);
  });

  it('allows everything when robots.txt is 404', async () => {
    const policy = await fetchRobotsPolicy(`${site('missing')}/private`, fetchOptions());
    expect(policy).toMatchObject({ mode: 'allow-all', reason: 'status 404' });
  });

  it('holds the origin back for a short TTL on 5xx, keeping the status as the failure', async () => {
    const policy = await fetchRobotsPolicy(`${site('broken')}/a`, fetchOptions(), {
      unreachableTtlMs: 30_000,
    });
    expect(policy).toMatchObject({
      mode: 'unreachable',
      ttlMs: 30_000,
      failure: { code: 'FETCH_SERVER_ERROR', message: 'HTTP 503' },
    });
  });

  it('holds the origin back when the connection is refused or reset, keeping the real code', async () => {
    const closed = await startFixtureSite(() => undefined);
    await closed.close();
    const refused = await fetchRobotsPolicy(`http://gone.robots.test:${closed.port}/a`, fetchOptions());
    expect(refused).toMatchObject({
      mode: 'unreachable',
      failure: { code: 'FETCH_NETWORK', message: expect.stringContaining('ECONNREFUSED') as unknown },
    });
    const reset = await fetchRobotsPolicy(`${site('reset')}/a`, fetchOptions());
    expect(reset).toMatchObject({ mode: 'unreachable', failure: { code: 'FETCH_NETWORK' } });
  });

  it('throws the real reason when the origin itself is refused by the guard or does not exist', async () => {
    await expect(
      fetchRobotsPolicy(`http://${'blocked'}.test:${server.port}/a`, {
        ...fetchOptions(),
        allowList: parseAllowList(''),
      }),
    ).rejects.toMatchObject({ code: 'FETCH_ADDRESS_BLOCKED', retriable: false });
    const nxdomain = (hostname: string): Promise<LookupAddress[]> =>
      Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    await expect(
      fetchRobotsPolicy(`http://nowhere.robots.test/a`, { ...fetchOptions(), resolveHost: nxdomain }),
    ).rejects.toMatchObject({ code: 'FETCH_DNS_NOT_FOUND', retriable: false });
  });

  it('allows everything when robots.txt redirects to an address out of reach (no file for us)', async () => {
    const policy = await fetchRobotsPolicy(`${site('to-private')}/a`, fetchOptions());
    expect(policy).toMatchObject({
      mode: 'allow-all',
      reason: 'robots.txt redirects to 10.1.2.3: FETCH_ADDRESS_BLOCKED',
    });
  });

  it('disallows everything, saying why, when robots.txt cannot be read', async () => {
    const policy = await fetchRobotsPolicy(`${site('huge')}/a`, fetchOptions());
    expect(policy).toMatchObject({ mode: 'disallow-all', reason: 'unreadable: FETCH_BODY_TOO_LARGE' });
  });
});
