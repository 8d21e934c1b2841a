import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { SCHEMA_VERSION } from '@newsflow/contracts';
import type { FixtureRoute } from '@newsflow/testing/fixture-site';
import {
  SERVICES,
  TAKEOVER_ENV,
  budgetMs,
  describeFailure,
  scenarioSize,
  useScenario,
} from './support/scenario.js';

/**
 * Scenarios 9, 6, 7, 1, 8 and 2 of the reliability suite, in that order, on one pipeline (four service
 * processes, a second replica of each for the last) so the machine pays for start-up once; each scenario pushes
 * its own URLs and counts only those, and reports its own peak RSS (Scenario.restartClock resets it).
 */
const N = scenarioSize(60);
/**
 * Scenario 9's burst: many URLs at once against a slowed site. `RELIABILITY_BACKPRESSURE_N=10000` makes it a
 * long run.
 */
const BACKPRESSURE_N = scenarioSize(150, 'RELIABILITY_BACKPRESSURE_N');
/** Delay of each page of scenario 9: the site, not only the machine, holds the fetcher back. */
const SLOW_PAGE_MS = 20;
/** A service's resident memory may not exceed this (scenarios 7 and 9). */
const MAX_RSS_BYTES = 1024 * 2 ** 20;

const MIB = 2 ** 20;
const NESTED = `<html><body>${'<div>'.repeat(50_000)}deep text${'</div>'.repeat(50_000)}</body></html>`;
const LONG_LINE_20MB = `<html><body><p>${'word '.repeat(4 * MIB)}</p></body></html>`;
const LONG_LINE_4MB = `<html><head><title>One long line</title></head><body><article><p>${'Reliable words in a single enormous line. '.repeat(95_000)}</p></article></body></html>`;
const INVALID_UTF8 = Buffer.concat([
  Buffer.from('<html><head><meta charset="utf-8"><title>Broken bytes</title></head><body><article><p>'),
  Buffer.from(
    'The council met on Tuesday to discuss the budget for the coming year and the state of the roads. '.repeat(
      6,
    ),
  ),
  Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]),
  Buffer.from(
    ' Members agreed that the repairs would start in the spring and finish before the summer holidays. '.repeat(
      6,
    ),
  ),
  Buffer.from('</p></article></body></html>'),
]);

/** Hostile pages (scenario 7): each must end as a dead letter or a cleaned article, never a crash or a hang. */
const HOSTILE: Readonly<Record<string, FixtureRoute>> = {
  '/h/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  '/h/gzip-bomb': {
    body: gzipSync(Buffer.alloc(200 * MIB, ' ')),
    contentType: 'text/html',
    headers: { 'content-encoding': 'gzip' },
  },
  '/h/nested': { body: NESTED, contentType: 'text/html; charset=utf-8' },
  '/h/long-line-20mb': { body: LONG_LINE_20MB, contentType: 'text/html; charset=utf-8' },
  '/h/long-line-4mb': { body: LONG_LINE_4MB, contentType: 'text/html; charset=utf-8' },
  '/h/invalid-utf8': { body: INVALID_UTF8, contentType: 'text/html; charset=utf-8' },
  '/h/loop-a': { body: '', contentType: 'text/plain', status: 302, headers: { location: '/h/loop-b' } },
  '/h/loop-b': { body: '', contentType: 'text/plain', status: 302, headers: { location: '/h/loop-a' } },
  '/h/to-private': {
    body: '',
    contentType: 'text/plain',
    status: 301,
    headers: { location: 'http://10.0.0.1/admin' },
  },
};

describe('reliability: backpressure, poison, hostile pages, kill -9, SIGTERM and replicas on one pipeline', () => {
  const scenario = useScenario(() => ({
    servers: inject('servers'),
    name: 'pipeline',
    articles: Math.max(N * 5, BACKPRESSURE_N),
    routes: HOSTILE,
    slowPageMs: SLOW_PAGE_MS,
    // The kill scenarios (1, 2) wait for a killed process's jobs and partitions to be taken over.
    env: TAKEOVER_ENV,
  }));

  it(
    '9. backpressure: many URLs at once against a slow site; memory stays bounded and lag drains',
    async () => {
      const s = scenario();
      s.restartClock();
      const urls = s.slowUrls(0, BACKPRESSURE_N);
      await s.pushUrls(urls);
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      const lag = await s.consumerLag();
      s.report('9 backpressure', acc, {
        'peak RSS': s.rssLine(),
        lag: Object.values(lag).reduce((a, b) => a + b, 0),
      });
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
      expect(lag).toEqual({ fetcher: 0, cleaner: 0, entities: 0, store: 0 });
      expect(await s.queuedJobs()).toBe(0);
      for (const service of SERVICES)
        expect(s.peakRss.get(service) ?? 0, service).toBeLessThan(MAX_RSS_BYTES);
    },
    budgetMs(BACKPRESSURE_N, 600_000, 2000),
  );

  it(
    '6. poison messages on every topic each land on its DLQ with a reason while the stream keeps flowing',
    async () => {
      const s = scenario();
      s.restartClock();
      const before = s.articleUrls(0, Math.floor(N / 2));
      const after = s.articleUrls(Math.floor(N / 2), N);
      await s.pushUrls(before);
      // On url.requested the big values are valid requests: their URL is one the fetcher refuses at once and for
      // good (a private address outside FETCH_ALLOWED_HOSTS). An unreachable loopback port is a transient
      // failure it retries for minutes (robots.txt that does not answer, RFC 9309).
      const big = (size: number): Buffer =>
        Buffer.from(
          JSON.stringify({
            schemaVersion: SCHEMA_VERSION,
            url: 'http://10.0.0.1/poison',
            pad: 'p'.repeat(size),
          }),
        );
      const poison: { name: string; value: Buffer }[] = [
        { name: 'invalid JSON', value: Buffer.from('{"schemaVersion": 1, "url": "http://127.0.0.1/x"') },
        {
          name: 'wrong schema version',
          value: Buffer.from(JSON.stringify({ schemaVersion: 99, url: 'http://127.0.0.1/v99' })),
        },
        { name: 'binary', value: Buffer.from([0x00, 0x9f, 0x92, 0x96, 0xff, 0xfe, 0x01, 0x02, 0x7b]) },
        // The largest value a broker with default limits accepts (message.max.bytes ≈ 1 MiB).
        { name: 'near-limit value (900 kB)', value: big(900_000) },
      ];
      const refused: string[] = [];
      const sent: { topic: string; name: string; value: Buffer }[] = [];
      for (const service of SERVICES) {
        const topic = s.inputTopic(service);
        for (const p of poison) {
          await s.pushRaw(topic, [p.value]);
          sent.push({ topic, ...p });
        }
        // A 5 MB value: a broker with default limits refuses it at the door (nothing to dead-letter).
        const fiveMb = big(5 * 1_000_000);
        try {
          await s.pushRaw(topic, [fiveMb]);
          sent.push({ topic, name: '5 MB value', value: fiveMb });
        } catch (error) {
          refused.push(`${topic}: ${(error as Error).name}`);
        }
      }
      await s.pushUrls(after);
      const urls = [...before, ...after];
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      const letters = s.letters();
      // A dead letter keeps the original bytes (large ones cut to their first 512 KiB, the reason saying so).
      const letterOf = (p: { topic: string; value: Buffer }) => (l: (typeof letters)[number]) =>
        l.topic === `${p.topic}.dlq` &&
        l.value.length >= Math.min(p.value.length, 500_000) &&
        p.value.subarray(0, l.value.length).equals(l.value);
      const missing = sent.filter((p) => !letters.some(letterOf(p)));
      const doubled = sent.filter((p) => letters.filter(letterOf(p)).length > 1);
      s.report('6 poison', acc, {
        poison: sent.length,
        'poison-dead-lettered': sent.length - missing.length,
        'refused-by-broker': refused.length,
      });
      expect(
        missing.map((p) => `${p.topic}: ${p.name}`),
        s.logs(),
      ).toEqual([]);
      expect(doubled.map((p) => `${p.topic}: ${p.name}`)).toEqual([]);
      for (const p of sent) {
        const letter = letters.find(letterOf(p))!;
        expect(letter.message, `${p.topic}: ${p.name}`).not.toBe('');
        // The 900 kB JSON is a valid url.requested (unknown fields are dropped): the fetcher gives its own reason.
        if (p.topic !== 'url.requested' || p.value.length < 1000)
          expect(letter.code, `${p.topic}: ${p.name}`).toMatch(/^CONTRACT_/);
        else expect(letter.code).toMatch(/^FETCH_/);
      }
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
      expect(s.exits).toEqual([]);
    },
    budgetMs(N, 600_000, 3000),
  );

  it(
    '7. hostile pages end as a dead letter or a cleaned article; workers neither crash nor hang, memory bounded',
    async () => {
      const s = scenario();
      s.restartClock();
      const hostile = Object.keys(HOSTILE)
        .filter((p) => p !== '/h/loop-b')
        .map((p) => s.site.url(p));
      const good = s.articleUrls(N, N + Math.floor(N / 2));
      await s.pushUrls(hostile);
      await s.pushUrls(good);
      const urls = [...hostile, ...good];
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      const outcome = hostile.map(
        (u) =>
          `${new URL(u).pathname}=${
            acc.articles.get(u)
              ? 'article'
              : (acc.letters
                  .get(u)
                  ?.map((l) => l.code)
                  .join('+') ?? 'LOST')
          }`,
      );
      s.report('7 hostile pages', acc, { hostile: hostile.length, 'peak RSS': s.rssLine() });
      process.stdout.write(`[reliability] hostile outcomes: ${outcome.join(' ')}\n`);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      for (const u of good) expect(acc.articles.get(u), u).toBe(1);
      for (const letters of acc.letters.values())
        for (const l of letters) {
          expect(l.message, l.code).not.toBe('');
          expect(l.code, l.message).not.toBe('UNEXPECTED');
        }
      expect(s.exits).toEqual([]);
      for (const service of SERVICES)
        expect(s.peakRss.get(service) ?? 0, service).toBeLessThan(MAX_RSS_BYTES);
    },
    budgetMs(N, 600_000, 3000),
  );

  it(
    '1. kill -9 of each service in turn mid-stream, then restart: every URL ends exactly once',
    async () => {
      const s = scenario();
      s.restartClock();
      const urls = s.articleUrls(N * 2, N * 3);
      await s.pushUrls(urls);
      const kills: string[] = [];
      const restarts: Promise<unknown>[] = [];
      for (const [i, service] of SERVICES.entries()) {
        // Each victim is killed once the pipeline has moved on, so it has work in flight.
        await s.waitProgress(urls, Math.ceil((urls.length * (i + 1)) / 8), budgetMs(urls.length));
        kills.push(`${service}:${await s.signal(service, 'SIGKILL')}`);
        restarts.push(s.startService(service));
      }
      await Promise.all(restarts);
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report('1 kill -9 each service', acc, { kills: kills.length });
      expect(kills).toEqual(SERVICES.map((service) => `${service}:SIGKILL`));
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
    },
    budgetMs(N, 600_000, 3000),
  );

  it(
    '8. SIGTERM of every service under load: exit 0 within the grace period, in-flight work finished or redelivered',
    async () => {
      const s = scenario();
      s.restartClock();
      const urls = s.articleUrls(N * 3, N * 4);
      await s.pushUrls(urls);
      await s.waitProgress(urls, Math.ceil(urls.length / 4), budgetMs(urls.length));
      const exits = await Promise.all(
        SERVICES.map(async (service) => {
          const t0 = Date.now();
          const code = await s.signal(service, 'SIGTERM');
          return { service, code, ms: Date.now() - t0 };
        }),
      );
      await s.startAll();
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report('8 SIGTERM under load', acc, {
        'exit ms': exits.map((e) => `${e.service}:${e.ms}`).join(' '),
      });
      for (const e of exits) {
        expect(e.code, e.service).toBe(0);
        expect(e.ms, e.service).toBeLessThan(s.shutdownGraceMs + 5000);
      }
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
    },
    budgetMs(N, 600_000, 3000),
  );

  it(
    '2. two replicas of every service, one of each killed: the survivors take over partitions and jobs',
    async () => {
      const s = scenario();
      await s.startAll();
      s.restartClock();
      const urls = s.articleUrls(N * 4, N * 5);
      await s.pushUrls(urls);
      await s.waitProgress(urls, Math.ceil(urls.length / 5), budgetMs(urls.length));
      const killed = await Promise.all(
        SERVICES.map(async (service) => `${service}:${await s.signal(service, 'SIGKILL', 1)}`),
      );
      const acc = await s.waitQuiescent(urls, { timeoutMs: budgetMs(urls.length) });
      s.report('2 replicas, one of each killed', acc, {
        killed: killed.length,
        survivors: SERVICES.map((x) => s.running.get(x)?.length ?? 0).join('/'),
      });
      expect(killed).toEqual(SERVICES.map((service) => `${service}:SIGKILL`));
      for (const service of SERVICES) expect(s.running.get(service)?.length, service).toBe(1);
      expect(acc.lost, describeFailure(s, acc)).toEqual([]);
      expect(acc.duplicated, describeFailure(s, acc)).toEqual([]);
      expect(acc.stored).toBe(urls.length);
    },
    budgetMs(N, 600_000, 3000),
  );
});
