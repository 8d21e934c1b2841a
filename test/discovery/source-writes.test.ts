import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Counter, Histogram, Registry } from 'prom-client';
import type { FetchedPage } from '@newsflow/http-fetch';
import type { KafkaHandle } from '@newsflow/runtime';
import type { ListingFetcher } from '../../services/discovery/src/fetch-listing.js';
import type { PollSchedule } from '../../services/discovery/src/poll-schedule.js';
import { pollTarget, type PollDeps } from '../../services/discovery/src/poll-target.js';
import type { SourceDocument, TargetState } from '../../services/discovery/src/source-document.js';
import { createSourceLock } from '../../services/discovery/src/source-lock.js';
import { createSourceRepository } from '../../services/discovery/src/source-repository.js';
import { createSeenUrls } from '../../services/discovery/src/seen-urls.js';
import { createHarness, type Harness } from '../support/runtime-harness.js';

/** An RSS feed listing one article. */
function feedOf(url: string): Uint8Array {
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>` +
      `<item><title>one</title><link>${url}</link><pubDate>${new Date().toUTCString()}</pubDate></item>` +
      `</channel></rss>`,
  );
}

function page(url: string, body: Uint8Array): FetchedPage {
  return {
    url,
    status: 200,
    finalUrl: url,
    redirects: [],
    headers: {},
    contentType: 'application/rss+xml',
    contentTypeHeader: 'application/rss+xml',
    etag: undefined,
    lastModified: undefined,
    notModified: false,
    body,
    encodedBytes: body.byteLength,
  };
}

/**
 * Writes to one `sources` document through the discovery service's own code (poll-target.ts under the source
 * lock, source-repository.ts), against the shared Redis and MongoDB-wire server. FerretDB 1.24 applies an
 * update as read, change, write: two updates of one document at once keep one of them (16 `updateTarget`s of
 * different targets at once, unlocked: 132 of 160 `$inc`s lost over 10 rounds), so the source lock is what
 * keeps every poll's counters.
 */
describe('writes to one source document', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'discovery-writes');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts every poll of a source whose polls outlast the lock TTL: one poll at a time, no $inc lost', async () => {
    // Polls of a source's targets that each take longer than the lock's TTL (a sitemap index read child by
    // child through a busy host's politeness budget easily outlasts JOB_TIMEOUT_MS). Each listing holds
    // until every poll is inside, or 3 s: were the lock to expire under its holder, the others would walk in
    // (one per TTL: all three by about 2.4 s), and all would write at the same moment. The TTL leaves a
    // renewal (every third of it) room for a loaded machine's event-loop stalls.
    const targets = 3;
    const ttlMs = 1000;
    const repo = createSourceRepository(h.mongo.db);
    const sourceLock = createSourceLock(h.redis, { keyPrefix: `${h.queuePrefix}:lock`, ttlMs });
    const seen = createSeenUrls({
      redis: h.redis,
      keyPrefix: `${h.queuePrefix}:seen`,
      maxUrls: 1000,
      ttlMs: 86_400_000,
    });
    const now = new Date();
    const sourceId = 's_writes';
    const targetMap: Record<string, TargetState> = {};
    for (let i = 0; i < targets; i++)
      targetMap[`t${i}`] = {
        url: `https://writes.example/feed${i}.xml`,
        kind: 'feed',
        origin: 'given',
        consecutiveFailures: 0,
        polls: 0,
      };
    const source: SourceDocument = {
      _id: sourceId,
      url: 'https://writes.example/',
      name: 'writes.example',
      kind: 'feed',
      state: 'active',
      backfillMs: null,
      givenFeeds: Object.values(targetMap).map((t) => t.url),
      givenSitemaps: [],
      discovery: { status: 'done', at: now, feeds: [], sitemaps: [], pages: [] },
      targets: targetMap,
      urlsByHour: {},
      urlsTotal: 0,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insert(source);

    let inside = 0;
    let mostInside = 0;
    const everyoneIn: (() => void)[] = [];
    const fetcher: ListingFetcher = {
      async get(url) {
        inside++;
        mostInside = Math.max(mostInside, inside);
        if (inside === targets) for (const release of everyoneIn.splice(0)) release();
        else await Promise.race([sleep(3000), new Promise<void>((resolve) => everyoneIn.push(resolve))]);
        inside--;
        return page(url, feedOf(url.replace('.xml', '/article')));
      },
      robotsSitemaps: () => Promise.resolve([]),
    };
    const registers = [new Registry()];
    const deps: PollDeps = {
      repo,
      seen,
      sourceLock,
      fetcher,
      schedule: {
        schedule: () => Promise.resolve(),
        unschedule: () => Promise.resolve(),
        has: () => Promise.resolve(true),
      } as unknown as PollSchedule,
      kafka: { sendRaw: () => Promise.resolve() } as unknown as KafkaHandle,
      settings: {
        minIntervalMs: 60_000,
        maxIntervalMs: 3_600_000,
        maxUrlsPerPoll: 100,
        maxListingBytes: 1_000_000,
        maxChildSitemaps: 5,
        lockWaitMs: 30_000,
      },
      metrics: {
        polls: new Counter({ name: 'polls', help: 'h', labelNames: ['outcome'], registers }),
        newUrls: new Counter({ name: 'new_urls', help: 'h', labelNames: ['source'], registers }),
        pollSeconds: new Histogram({ name: 'poll_seconds', help: 'h', registers }),
      },
      log: h.logger,
    };

    const outcomes = await Promise.all(
      Object.keys(targetMap).map((targetId) => pollTarget({ sourceId, targetId }, deps)),
    );
    const after = (await repo.get(sourceId))!;
    expect({
      outcomes,
      mostInside,
      urlsTotal: after.urlsTotal,
      polls: Object.values(after.targets).map((t) => t.polls),
      newLastPoll: Object.values(after.targets).map((t) => t.newLastPoll),
    }).toEqual({
      outcomes: Array.from({ length: targets }, () => 'new'),
      mostInside: 1,
      urlsTotal: targets,
      polls: Array.from({ length: targets }, () => 1),
      newLastPoll: Array.from({ length: targets }, () => 1),
    });
  });
});
