import type { LookupAddress } from 'node:dns';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { decodeBytes } from '@newsflow/normalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from './address-guard.js';
import type { AllowList } from './address-guard.js';
import { isFetchError } from './fetch-errors.js';
import { fetchPage, fetchStream } from './http-client.js';
import type { FetchOptions } from './http-client.js';
import { retryDelayMs } from '@newsflow/runtime';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';

const USER_AGENT = 'NewsflowBot/0.1 (+https://newsflow.example/bot)';

/** Test host names → addresses. Nothing here is ever connected to except 127.0.0.1 (the fixture). */
const HOSTS: Readonly<Record<string, string>> = {
  'fixture.test': '127.0.0.1',
  'other.fixture.test': '127.0.0.1',
  'internal.test': '10.0.0.5',
  'metadata.test': '169.254.169.254',
  'mapped.test': '::ffff:127.0.0.1',
  localhost: '127.0.0.1',
};

/** An injected resolver: the test hosts above, NXDOMAIN for anything else. No real DNS is asked. */
function resolveTestHost(hostname: string): Promise<LookupAddress[]> {
  const address = HOSTS[hostname];
  if (address === undefined) {
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
    );
  }
  return Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
}

/** The fixture is allow-listed by name only, so a redirect to the bare 127.0.0.1 is still refused. */
const ALLOW_FIXTURE: AllowList = parseAllowList('fixture.test, other.fixture.test');

function options(overrides: Partial<FetchOptions> = {}): FetchOptions {
  return {
    userAgent: USER_AGENT,
    allowList: ALLOW_FIXTURE,
    resolveHost: resolveTestHost,
    connectTimeoutMs: 2000,
    headersTimeoutMs: 2000,
    totalTimeoutMs: 5000,
    ...overrides,
  };
}

async function fetchError(
  url: string,
  overrides: Partial<FetchOptions> = {},
): Promise<Record<string, unknown>> {
  try {
    await fetchPage(url, options(overrides));
  } catch (error) {
    expect(isFetchError(error)).toBe(true);
    return error as Record<string, unknown>;
  }
  throw new Error(`expected ${url} to fail`);
}

/** Write `chunk` and wait for the socket to take it; false once the client went away. */
async function writeWithBackpressure(response: ServerResponse, chunk: Buffer): Promise<boolean> {
  if (response.destroyed) return false;
  if (!response.write(chunk)) {
    const done = new AbortController();
    const { signal } = done;
    await Promise.race([once(response, 'drain', { signal }), once(response, 'close', { signal })]).finally(
      () => done.abort(),
    );
  }
  return !response.destroyed;
}

/** 10 MiB of zeros gzip-compress to ~10 KiB; 1024 gzip members back to back decode to 10 GiB. */
const BOMB_MEMBER = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024), { level: 9 });
const BOMB_MEMBERS = 1024;
let bombBytesSent = 0;

// windows-1251 "Привет, мир" and Shift_JIS "日本語のニュース", byte by byte.
const CP1251_HELLO = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0]);
const SJIS_NEWS = Buffer.from([
  0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x6a, 0x83, 0x85, 0x81, 0x5b, 0x83, 0x58,
]);
// "Café déjà vu – naïve" labelled ISO-8859-1: browsers (and decodeBytes) read that label as windows-1252,
// where 0x96 is the en dash.
const LATIN1_TEXT = Buffer.concat([
  Buffer.from('Café déjà vu ', 'latin1'),
  Buffer.from([0x96]),
  Buffer.from(' naïve', 'latin1'),
]);
const html = (head: string, body: Buffer | string) =>
  Buffer.concat([
    Buffer.from(`<!doctype html><html><head>${head}<title>t</title></head><body><p>`),
    Buffer.from(body),
    Buffer.from('</p></body></html>'),
  ]);

let server: FixtureSite;
let fixture: string;
let attempts503 = 0;
/** Settles when the server sees the client hang up on `/endless`. */
let endlessClosed: Promise<void> | undefined;

beforeAll(async () => {
  server = await startFixtureSite(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fixture.test');
    const path = url.pathname.startsWith('/hop/') ? '/hop/' : url.pathname;
    const send = (status: number, headers: Record<string, string | number>, body?: Buffer | string) => {
      response.writeHead(status, headers);
      response.end(body);
    };
    switch (path) {
      case '/page':
        return send(
          200,
          { 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'x-secret': 'no' },
          html('', 'héllo'),
        );
      case '/r1':
        return send(301, { location: '/r2' });
      case '/r2':
        return send(302, { location: `http://FIXTURE.test:${server.port}/r3#frag` });
      case '/r3':
        return send(307, { location: `http://other.fixture.test:${server.port}/final?utm_source=x&b=2&a=1` });
      case '/final':
        return send(200, { 'content-type': 'text/plain' }, 'arrived');
      case '/loop-a':
        return send(302, { location: '/loop-b' });
      case '/loop-b':
        return send(302, { location: '/loop-a?utm_medium=loop' });
      case '/hop/':
        return send(302, { location: `/hop/${Number(url.pathname.slice(5)) + 1}` });
      case '/to':
        return send(302, { location: url.searchParams.get('target') ?? '/' });
      case '/no-location':
        return send(302, {});
      case '/secret':
        return send(200, { 'content-type': 'text/plain' }, 'internal secret');
      case '/429':
        return send(429, { 'retry-after': url.searchParams.get('after') ?? '120' });
      case '/503-then-200':
        attempts503 += 1;
        return attempts503 === 1
          ? send(503, { 'retry-after': '1' })
          : send(200, { 'content-type': 'text/html' }, html('', 'back'));
      case '/404':
        return send(404, { 'content-type': 'text/html' }, 'nope');
      case '/410':
        return send(410, {});
      case '/403':
        return send(403, {});
      case '/slow-loris': {
        response.writeHead(200, { 'content-type': 'text/html' });
        while (!response.destroyed) {
          response.write('<');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return;
      }
      case '/no-headers':
        return; // never answers
      case '/gzip-bomb': {
        bombBytesSent = 0;
        // Chunked, so the declared length cannot give it away: only decoding reveals the size.
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        for (let i = 0; i < BOMB_MEMBERS; i += 1) {
          if (!(await writeWithBackpressure(response, BOMB_MEMBER))) return;
          bombBytesSent += BOMB_MEMBER.length;
        }
        response.end();
        return;
      }
      case '/br-bomb':
        return send(
          200,
          { 'content-type': 'text/html', 'content-encoding': 'br' },
          zlib.brotliCompressSync(Buffer.alloc(16 * 1024 * 1024), {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
          }),
        );
      case '/deflate':
        return send(
          200,
          { 'content-type': 'text/html', 'content-encoding': 'deflate' },
          zlib.deflateSync(html('', 'deflated')),
        );
      case '/br':
        return send(
          200,
          { 'content-type': 'text/html', 'content-encoding': 'br' },
          zlib.brotliCompressSync(html('', 'brotli')),
        );
      case '/corrupt-gzip':
        return send(
          200,
          { 'content-type': 'text/html', 'content-encoding': 'gzip' },
          Buffer.from('definitely not gzip'),
        );
      case '/zstd':
        return send(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }, 'x');
      case '/many-codings':
        return send(
          200,
          { 'content-type': 'text/html', 'content-encoding': 'gzip, '.repeat(2000) + 'gzip' },
          'x',
        );
      case '/huge-length':
        response.writeHead(200, { 'content-type': 'text/html', 'content-length': 50 * 1024 * 1024 });
        response.write('<p>');
        return;
      case '/endless': {
        endlessClosed = once(response, 'close').then(() => undefined);
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        while (await writeWithBackpressure(response, chunk));
        return;
      }
      case '/cp1251':
        // No charset in the header: the meta tag must decide.
        return send(
          200,
          { 'content-type': 'text/html' },
          html('<meta charset="windows-1251">', CP1251_HELLO),
        );
      case '/sjis':
        // The header is right, the meta tag is wrong: the header wins (WHATWG encoding sniffing order).
        return send(
          200,
          { 'content-type': 'text/html; charset=Shift_JIS' },
          html('<meta charset="utf-8">', SJIS_NEWS),
        );
      case '/latin1':
        return send(200, { 'content-type': 'text/html; charset=ISO-8859-1' }, html('', LATIN1_TEXT));
      case '/pdf': {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 1024 * 1024 });
        response.write('%PDF-1.7\n');
        return; // the rest never comes: the client must not wait for it
      }
      case '/octet':
        return send(200, { 'content-type': 'application/octet-stream' }, Buffer.from([0, 1, 2, 3]));
      case '/png-as-html':
        return send(
          200,
          { 'content-type': 'text/html' },
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        );
      case '/binary-as-text':
        return send(200, { 'content-type': 'text/plain' }, Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02, 0x43]));
      case '/untyped':
        return send(200, {}, '  <!DOCTYPE html><html><body>untyped</body></html>');
      case '/conditional': {
        const matches = request.headers['if-none-match'] === '"abc"';
        const notModifiedSince = request.headers['if-modified-since'] === 'Tue, 01 Dec 2026 10:00:00 GMT';
        if (matches || notModifiedSince) return send(304, { etag: '"abc"' });
        return send(
          200,
          { 'content-type': 'text/html', etag: '"abc"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' },
          html('', 'fresh'),
        );
      }
      default:
        return send(404, {});
    }
  });
  fixture = `http://fixture.test:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

describe('fetchPage basics', () => {
  it('fetches a page with the configured User-Agent and keeps a header subset', async () => {
    const page = await fetchPage(`${fixture}/page`, options());
    expect(page).toMatchObject({
      status: 200,
      url: `${fixture}/page`,
      finalUrl: `${fixture}/page`,
      redirects: [],
      contentType: 'text/html',
      contentTypeHeader: 'text/html; charset=utf-8',
      etag: '"v1"',
      notModified: false,
    });
    expect(Buffer.from(page.body).toString('utf8')).toContain('héllo');
    expect(page.headers).not.toHaveProperty('x-secret');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
    expect(server.requests.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('maps NXDOMAIN to a permanent error', async () => {
    expect(await fetchError(`http://nowhere.test:${server.port}/`)).toMatchObject({
      code: 'FETCH_DNS_NOT_FOUND',
      retriable: false,
    });
  });

  it('maps a refused connection to a retriable network error', async () => {
    const closed = await startFixtureSite(() => undefined);
    await closed.close();
    expect(
      await fetchError(`http://127.0.0.1:${closed.port}/`, { allowList: parseAllowList('127.0.0.1') }),
    ).toMatchObject({
      code: 'FETCH_NETWORK',
      retriable: true,
    });
  });

  it('aborts on the caller signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await fetchError(`${fixture}/no-headers`, { signal: controller.signal })).toMatchObject({
      code: 'FETCH_ABORTED',
      retriable: true,
    });
  });
});

describe('redirects', () => {
  it('follows a chain, normalising every hop', async () => {
    const seen: [string, string][] = [];
    const page = await fetchPage(
      `${fixture}/r1`,
      options({ onRedirect: (from, to) => void seen.push([from, to]) }),
    );
    expect(page.redirects).toEqual([`${fixture}/r1`, `${fixture}/r2`, `${fixture}/r3`]);
    expect(page.finalUrl).toBe(`http://other.fixture.test:${server.port}/final?a=1&b=2`);
    expect(Buffer.from(page.body).toString()).toBe('arrived');
    expect(seen).toHaveLength(3);
  });

  it('detects a loop even when the looping URL differs only by trackers', async () => {
    expect(await fetchError(`${fixture}/loop-a`)).toMatchObject({
      name: 'FetchRedirectError',
      code: 'FETCH_REDIRECT_LOOP',
      retriable: false,
      redirects: [`${fixture}/loop-a`, `${fixture}/loop-b`],
    });
  });

  it('stops after maxRedirects', async () => {
    const error = await fetchError(`${fixture}/hop/0`, { maxRedirects: 3 });
    expect(error).toMatchObject({ code: 'FETCH_REDIRECT_LIMIT', retriable: false });
    expect(error.redirects).toHaveLength(4);
  });

  it('refuses a redirect without Location', async () => {
    expect(await fetchError(`${fixture}/no-location`)).toMatchObject({
      code: 'FETCH_REDIRECT_INVALID',
      status: 302,
    });
  });

  it('refuses a redirect to a non-http scheme', async () => {
    expect(
      await fetchError(`${fixture}/to?target=${encodeURIComponent('file:///etc/passwd')}`),
    ).toMatchObject({
      code: 'FETCH_REDIRECT_INVALID',
    });
  });

  it('lets onRedirect veto a hop', async () => {
    const veto = () => {
      throw new Error('robots says no');
    };
    await expect(fetchPage(`${fixture}/r1`, options({ onRedirect: veto }))).rejects.toThrow('robots says no');
  });
});

describe('SSRF guard', () => {
  const blockedTargets = (port: number) => [
    [`http://127.0.0.1:${port}/secret`, 'loopback'],
    [`http://localhost:${port}/secret`, 'loopback'],
    [`http://[::1]:${port}/secret`, 'loopback'],
    [`http://mapped.test:${port}/secret`, 'loopback'],
    [`http://internal.test:${port}/secret`, 'private'],
    [`http://10.1.2.3:${port}/secret`, 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    [`http://metadata.test/latest/meta-data/`, 'link-local'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'link-local'],
    ['http://0x7f.1/', 'loopback'],
  ];

  it('refuses redirects to loopback, private and metadata addresses that are not allow-listed', async () => {
    for (const [target, addressClass] of blockedTargets(server.port)) {
      const before = server.requests.length;
      const error = await fetchError(`${fixture}/to?target=${encodeURIComponent(target ?? '')}`);
      expect(error, target).toMatchObject({ code: 'FETCH_ADDRESS_BLOCKED', retriable: false, addressClass });
      // Only the redirecting request reached the server: the refused hop never connected.
      expect(server.requests.length - before).toBe(1);
      expect(server.requests.at(-1)?.path).toMatch(/^\/to\?/);
    }
  });

  it('refuses a first URL on a private address', async () => {
    expect(await fetchError(`http://127.0.0.1:${server.port}/secret`)).toMatchObject({
      code: 'FETCH_ADDRESS_BLOCKED',
    });
    expect(await fetchError(`http://internal.test:${server.port}/secret`)).toMatchObject({
      code: 'FETCH_ADDRESS_BLOCKED',
      address: '10.0.0.5',
    });
  });

  it('allows a loopback address once it is allow-listed', async () => {
    const page = await fetchPage(
      `${fixture}/to?target=${encodeURIComponent(`http://127.0.0.1:${server.port}/secret`)}`,
      options({ allowList: parseAllowList(['fixture.test', '127.0.0.0/8']) }),
    );
    expect(Buffer.from(page.body).toString()).toBe('internal secret');
  });
});

describe('retriable HTTP errors', () => {
  it('429 carries Retry-After in ms', async () => {
    expect(await fetchError(`${fixture}/429`)).toMatchObject({
      name: 'FetchHttpStatusError',
      code: 'FETCH_RATE_LIMITED',
      status: 429,
      retriable: true,
      retryAfterMs: 120_000,
    });
  });

  it('429 with an HTTP-date Retry-After is measured from now', async () => {
    const now = () => Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');
    const after = encodeURIComponent('Tue, 01 Dec 2026 10:00:45 GMT');
    expect(await fetchError(`${fixture}/429?after=${after}`, { now })).toMatchObject({
      retryAfterMs: 45_000,
    });
  });

  it('503 then 200: the first attempt is retriable, the retry succeeds', async () => {
    attempts503 = 0;
    const first = await fetchError(`${fixture}/503-then-200`);
    expect(first).toMatchObject({
      code: 'FETCH_SERVER_ERROR',
      status: 503,
      retriable: true,
      retryAfterMs: 1000,
    });
    expect(retryDelayMs(1, { baseMs: 100 }, first)).toBeGreaterThanOrEqual(1000);
    const second = await fetchPage(`${fixture}/503-then-200`, options());
    expect(second.status).toBe(200);
    expect(attempts503).toBe(2);
  });

  it.each([
    ['/404', 'FETCH_NOT_FOUND'],
    ['/410', 'FETCH_NOT_FOUND'],
    ['/403', 'FETCH_HTTP_CLIENT_ERROR'],
  ])('%s is permanent (%s)', async (path, code) => {
    expect(await fetchError(`${fixture}${path}`)).toMatchObject({ code, retriable: false });
  });
});

describe('timeouts', () => {
  it('stops a slow-loris body at the total timeout', async () => {
    const started = Date.now();
    const error = await fetchError(`${fixture}/slow-loris`, { totalTimeoutMs: 600 });
    expect(error).toMatchObject({ name: 'FetchTimeoutError', code: 'FETCH_TOTAL_TIMEOUT', retriable: true });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops waiting for headers at the headers timeout', async () => {
    expect(await fetchError(`${fixture}/no-headers`, { headersTimeoutMs: 300 })).toMatchObject({
      code: 'FETCH_HEADERS_TIMEOUT',
      retriable: true,
    });
  });

  it('stops a connection that never opens at the connect timeout', async () => {
    const never = () => new Promise<LookupAddress[]>(() => undefined);
    expect(
      await fetchError(`http://slow-dns.test:${server.port}/`, {
        resolveHost: never,
        allowList: parseAllowList('slow-dns.test'),
        connectTimeoutMs: 300,
      }),
    ).toMatchObject({ code: 'FETCH_CONNECT_TIMEOUT', retriable: true });
  });
});

describe('body decoding and limits', () => {
  it('stops a 10 GiB gzip bomb at maxBodyBytes with bounded memory', async () => {
    const maxBodyBytes = 2 * 1024 * 1024;
    const started = Date.now();
    const before = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.rss - before.rss);
    }, 5);
    try {
      const error = await fetchError(`${fixture}/gzip-bomb`, { maxBodyBytes });
      expect(error).toMatchObject({ code: 'FETCH_BODY_TOO_LARGE', retriable: false, measure: 'decoded' });
    } finally {
      clearInterval(sampler);
    }
    // The body decodes to 10 GiB; the client hung up long before the server could send it all (what was
    // sent sits in loopback socket buffers, never decoded), and memory grew by far less than 10 GiB.
    expect(BOMB_MEMBERS * 10 * 1024 * 1024).toBe(10 * 2 ** 30);
    expect(bombBytesSent).toBeLessThan(BOMB_MEMBER.length * BOMB_MEMBERS);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a brotli bomb too', async () => {
    expect(await fetchError(`${fixture}/br-bomb`, { maxBodyBytes: 1024 * 1024 })).toMatchObject({
      code: 'FETCH_BODY_TOO_LARGE',
      measure: 'decoded',
    });
  });

  it('decodes deflate and br', async () => {
    expect(Buffer.from((await fetchPage(`${fixture}/deflate`, options())).body).toString()).toContain(
      'deflated',
    );
    expect(Buffer.from((await fetchPage(`${fixture}/br`, options())).body).toString()).toContain('brotli');
  });

  it('refuses a corrupt or unknown encoding', async () => {
    expect(await fetchError(`${fixture}/corrupt-gzip`)).toMatchObject({
      code: 'FETCH_BAD_CONTENT_ENCODING',
      retriable: false,
    });
    expect(await fetchError(`${fixture}/zstd`)).toMatchObject({ code: 'FETCH_BAD_CONTENT_ENCODING' });
  });

  it('refuses a body in more than 4 content codings before making a decompressor for each', async () => {
    expect(await fetchError(`${fixture}/many-codings`)).toMatchObject({
      code: 'FETCH_BAD_CONTENT_ENCODING',
      message: expect.stringContaining('2001 content codings') as unknown,
    });
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    expect(await fetchError(`${fixture}/huge-length`, { maxBodyBytes: 1024 * 1024 })).toMatchObject({
      code: 'FETCH_BODY_TOO_LARGE',
      measure: 'content-length',
    });
  });

  it('stops an endless uncompressed body at the limit', async () => {
    expect(await fetchError(`${fixture}/endless`, { maxBodyBytes: 1024 * 1024 })).toMatchObject({
      code: 'FETCH_BODY_TOO_LARGE',
      measure: 'encoded',
    });
  });
});

describe('charsets (decoded with decodeBytes from @newsflow/normalize)', () => {
  it('sanity: the fixture bytes are what they claim', () => {
    expect(new TextDecoder('windows-1251').decode(CP1251_HELLO)).toBe('Привет, мир');
    expect(new TextDecoder('shift_jis').decode(SJIS_NEWS)).toBe('日本語のニュース');
  });

  it.each([
    ['/cp1251', 'Привет, мир', 'windows-1251', 'meta'],
    ['/sjis', '日本語のニュース', 'shift_jis', 'header'],
    ['/latin1', 'Café déjà vu – naïve', 'windows-1252', 'header'],
  ])('%s decodes to %s', async (path, text, charset, source) => {
    const page = await fetchPage(`${fixture}${path}`, options());
    const decoded = decodeBytes(page.body, page.contentTypeHeader);
    expect(decoded.text).toContain(`<p>${text}</p>`);
    expect(decoded).toMatchObject({ charset, source });
  });
});

describe('content types', () => {
  it('rejects a PDF by its Content-Type without reading its body', async () => {
    expect(await fetchError(`${fixture}/pdf`)).toMatchObject({
      name: 'FetchUnsupportedContentError',
      code: 'FETCH_UNSUPPORTED_CONTENT_TYPE',
      retriable: false,
      contentType: 'application/pdf',
      message: expect.stringContaining('application/pdf') as unknown,
    });
  });

  it('rejects application/octet-stream', async () => {
    expect(await fetchError(`${fixture}/octet`)).toMatchObject({ code: 'FETCH_UNSUPPORTED_CONTENT_TYPE' });
  });

  it('rejects binary bodies served as text, saying why', async () => {
    expect(await fetchError(`${fixture}/png-as-html`)).toMatchObject({
      code: 'FETCH_BINARY_BODY',
      message: expect.stringContaining('PNG signature') as unknown,
    });
    expect(await fetchError(`${fixture}/binary-as-text`)).toMatchObject({
      code: 'FETCH_BINARY_BODY',
      message: expect.stringContaining('control byte 0x00 at offset 2') as unknown,
    });
  });

  it('sniffs HTML when no Content-Type is sent', async () => {
    const page = await fetchPage(`${fixture}/untyped`, options());
    expect(page.contentType).toBe('text/html');
  });
});

describe('conditional GET', () => {
  it('returns notModified on 304 for a known ETag or Last-Modified', async () => {
    const first = await fetchPage(`${fixture}/conditional`, options());
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"abc"' });
    const byEtag = await fetchPage(`${fixture}/conditional`, options({ etag: first.etag }));
    expect(byEtag).toMatchObject({ status: 304, notModified: true, etag: '"abc"' });
    expect(byEtag.body).toHaveLength(0);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"abc"');
    const byDate = await fetchPage(`${fixture}/conditional`, options({ lastModified: first.lastModified }));
    expect(byDate).toMatchObject({
      status: 304,
      notModified: true,
      lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT',
    });
  });
});

describe('fetchStream', () => {
  /** Reads a stream to its end; the error it fails with, else undefined. */
  async function drainError(body: AsyncIterable<unknown>): Promise<unknown> {
    try {
      for await (const _chunk of body);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('hands over the body as it arrives; destroying it hangs up at once', async () => {
    const response = await fetchStream(`${fixture}/endless`, options({ maxBodyBytes: 1024 ** 3 }));
    expect(response).toMatchObject({ status: 200, contentType: 'text/plain', notModified: false });
    let read = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read >= 256 * 1024) break; // leaving the loop destroys the stream
    }
    await endlessClosed;
    expect(response.body.destroyed).toBe(true);
    // Far less than the 1 GiB allowed was taken off the wire.
    expect(response.encodedBytes()).toBeLessThan(64 * 1024 * 1024);
  });

  it('fails the stream with the FetchError of a limit, a corrupt encoding or the total timeout', async () => {
    const bomb = await fetchStream(`${fixture}/gzip-bomb`, options({ maxBodyBytes: 1024 * 1024 }));
    expect(await drainError(bomb.body)).toMatchObject({ code: 'FETCH_BODY_TOO_LARGE', measure: 'decoded' });
    const corrupt = await fetchStream(`${fixture}/corrupt-gzip`, options());
    expect(await drainError(corrupt.body)).toMatchObject({ code: 'FETCH_BAD_CONTENT_ENCODING' });
    const slow = await fetchStream(`${fixture}/slow-loris`, options({ totalTimeoutMs: 600 }));
    expect(await drainError(slow.body)).toMatchObject({ code: 'FETCH_TOTAL_TIMEOUT', retriable: true });
  });

  it('refuses a declared type off the list before the body, and answers a 304 with an empty body', async () => {
    await expect(fetchStream(`${fixture}/pdf`, options())).rejects.toMatchObject({
      code: 'FETCH_UNSUPPORTED_CONTENT_TYPE',
    });
    const notModified = await fetchStream(`${fixture}/conditional`, options({ etag: '"abc"' }));
    expect(notModified).toMatchObject({ status: 304, notModified: true });
    expect(await drainError(notModified.body)).toBeUndefined();
  });
});
