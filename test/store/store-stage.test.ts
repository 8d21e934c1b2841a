import { createServer, type Server, type Socket, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  ArticleEnrichedSchema,
  ArticleStoredSchema,
  DeadLetterSchema,
  Topics,
  dlqTopic,
  parseMessage,
  type ArticleEnriched,
} from '@newsflow/contracts';
import { createMongo, startStage, type Stage } from '@newsflow/runtime';
import { createRedisArticleLock } from '../../services/store/src/article-lock.js';
import {
  createArticleRepository,
  type ArticleRepository,
} from '../../services/store/src/article-repository.js';
import { handleArticle } from '../../services/store/src/handler.js';
import { storeJobId } from '../../services/store/src/job-id.js';
import { sampleArticle } from '../../services/store/src/testing/sample-article.js';
import type { Harness } from '../support/runtime-harness.js';
import { createStoreHarness } from './store-harness.js';

/** Polls `check` until it returns true, failing with `what` after `timeoutMs` (no bare sleeps). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** A TCP proxy on loopback that can be cut and restored, standing in for a MongoDB that goes away. */
async function startProxy(target: {
  host: string;
  port: number;
}): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  const cut = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

describe('store stage end to end (Kafka → BullMQ → MongoDB → article.stored)', () => {
  let h: Harness;
  /** False while beforeEach has not opened this test's harness (so afterEach does not close the last one twice). */
  let opened = false;
  let repository: ArticleRepository;
  const stages: Stage[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    opened = false;
    h = await createStoreHarness(inject('servers'), 'store-stage-test');
    opened = true;
    repository = createArticleRepository({
      db: h.mongo.db,
      logger: h.logger,
      lock: createRedisArticleLock({ redis: h.redis, prefix: h.queuePrefix }),
    });
    await repository.init();
  });
  afterEach(async () => {
    await Promise.all(stages.splice(0).map((s) => s.close()));
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    if (opened) await h.close();
  });

  /** Starts the store stage as main.ts wires it, on the harness's isolated names. */
  const startStore = (
    repo: ArticleRepository = repository,
    extra: { backoffMs?: number; attempts?: number } = {},
  ): Promise<Stage> =>
    startStage({
      name: `store-${h.id}`,
      inputTopic: Topics.articleEnriched,
      parse: (value) => parseMessage(ArticleEnrichedSchema, value),
      jobId: storeJobId,
      handle: async (input, ctx) => {
        await handleArticle(input, ctx, { repository: repo });
      },
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'store',
      queuePrefix: h.queuePrefix,
      backoffMs: extra.backoffMs ?? 100,
      attempts: extra.attempts ?? 5,
      shutdownGraceMs: 5000,
    }).then((stage) => {
      stages.push(stage);
      return stage;
    });

  const send = (article: ArticleEnriched): Promise<void> =>
    h.kafka.send(Topics.articleEnriched, article.articleId, ArticleEnrichedSchema, article);

  const articleAt = (i: number): ArticleEnriched =>
    sampleArticle({
      canonicalUrl: `https://news.example/story/${i}`,
      title: `Story ${i}`,
      text: `Story number ${i}. ${'Short filler words. '.repeat(5)}`,
    });

  it('stores the same message sent twice as one document and announces it', async () => {
    const stored = await h.collect(Topics.articleStored);
    await startStore();
    const article = sampleArticle();
    await send(article);
    await send(article);
    const [event] = await stored.waitFor(1);
    const message = parseMessage(ArticleStoredSchema, event!.value!);
    expect(message).toMatchObject({
      articleId: article.articleId,
      version: 1,
      outcome: 'inserted',
      url: article.canonicalUrl,
    });
    expect(event!.key?.toString()).toBe(article.articleId);
    await waitUntil('both messages consumed', async () =>
      (await h.metrics.consumed.get()).values.some((v) => v.value >= 2),
    );
    expect(await repository.collection.countDocuments({})).toBe(1);
    expect((await repository.collection.findOne({}))?.version).toBe(1);
  });

  it('dead-letters a message that breaks the contract, with the reason', async () => {
    const dlq = await h.collect(dlqTopic(Topics.articleEnriched));
    await startStore();
    const { title: _title, ...withoutTitle } = sampleArticle();
    await h.kafka.producer.send({
      topic: h.kafka.topic(Topics.articleEnriched),
      messages: [{ key: 'x', value: JSON.stringify(withoutTitle) }],
    });
    const [dead] = await dlq.waitFor(1);
    const letter = parseMessage(DeadLetterSchema, dead!.value!);
    expect(letter.error.code).toBe('CONTRACT_SCHEMA');
    expect(letter.error.message).toContain('title');
    expect(await repository.collection.countDocuments({})).toBe(0);
  });

  it('stopped mid-stream and restarted, stores every article exactly once', async () => {
    const total = 60;
    await startStore();
    for (let i = 0; i < total / 2; i += 1) await send(articleAt(i));
    await waitUntil(
      'some articles stored',
      async () => (await repository.collection.countDocuments({})) >= 5,
    );
    await stages.pop()!.close();
    // Messages produced while the store is down wait in Kafka.
    for (let i = total / 2; i < total; i += 1) await send(articleAt(i));
    const second = createArticleRepository({
      db: h.mongo.db,
      logger: h.logger,
      lock: createRedisArticleLock({ redis: h.redis, prefix: h.queuePrefix }),
    });
    await startStore(second);
    await waitUntil(
      `${total} articles stored`,
      async () => (await repository.collection.countDocuments({})) >= total,
    );
    const docs = await repository.collection.find({}, { projection: { version: 1 } }).toArray();
    expect(docs).toHaveLength(total);
    expect(new Set(docs.map((d) => d._id)).size).toBe(total);
    expect(docs.every((d) => d.version === 1)).toBe(true);
  });

  it('waits and retries while MongoDB is unreachable, then stores the article (nothing lost)', async () => {
    const target = new URL(inject('servers').mongoUri);
    const proxy = await startProxy({ host: target.hostname, port: Number(target.port || 27017) });
    cleanups.push(() => proxy.close());
    const viaProxy = await createMongo({
      uri: `mongodb://127.0.0.1:${proxy.port}/${h.dbName}`,
      timeoutMs: 500,
    });
    cleanups.push(() => viaProxy.close());
    const repo = createArticleRepository({
      db: viaProxy.db,
      logger: h.logger,
      lock: createRedisArticleLock({ redis: h.redis, prefix: h.queuePrefix }),
    });
    const stored = await h.collect(Topics.articleStored);
    await startStore(repo, { backoffMs: 300, attempts: 20 });

    await proxy.cut();
    const article = sampleArticle();
    await send(article);
    await waitUntil('a failed attempt', async () =>
      (await h.metrics.failed.get()).values.some(
        (v) => v.labels.code === 'DEPENDENCY_UNAVAILABLE' && v.value >= 1,
      ),
    );
    expect(await repository.collection.countDocuments({})).toBe(0);
    await proxy.restore();
    const [event] = await stored.waitFor(1, 60_000);
    expect(parseMessage(ArticleStoredSchema, event!.value!)).toMatchObject({
      articleId: article.articleId,
      outcome: 'inserted',
    });
    expect(await repository.collection.countDocuments({})).toBe(1);
  });

  it('a reprocessed article (new extractor output) bumps the version and keeps what changed; a redelivery adds nothing', async () => {
    const stored = await h.collect(Topics.articleStored);
    await startStore();
    const article = sampleArticle();
    await send(article);
    await stored.waitFor(1);
    // What the cleaner and entities send after `newsflow reprocess`: same page, new extractor whose output
    // differs (a byline found, the last paragraph no longer dropped), later processedAt.
    const reprocessed: ArticleEnriched = {
      ...article,
      authors: ['Jane Reporter', 'Sam Writer'],
      text: `${article.text}\n\nRoads in the valley stay closed until Friday.`,
      extractor: { name: article.extractor.name, version: '2.0.0' },
      processedAt: '2026-11-23T12:00:00.000Z',
    };
    await send(reprocessed);
    const events = await stored.waitFor(2);
    expect(parseMessage(ArticleStoredSchema, events[1]!.value!)).toMatchObject({
      outcome: 'updated',
      version: 2,
    });
    // The same content again, as a message of its own (not deduplicated by job id: another fetchedAt, as when
    // the page is re-fetched or the reprocess runs twice): stored as unchanged, no new history entry.
    await send({ ...reprocessed, fetchedAt: '2026-11-23T11:59:00.000Z' });
    const all = await stored.waitFor(3);
    expect(parseMessage(ArticleStoredSchema, all[2]!.value!)).toMatchObject({
      outcome: 'unchanged',
      version: 2,
    });
    const doc = await repository.collection.findOne({ _id: article.articleId });
    expect(doc?.extractor.version).toBe('2.0.0');
    expect(doc?.version).toBe(2);
    expect(doc?.history).toHaveLength(1);
    expect(doc?.history?.[0]).toMatchObject({
      version: 1,
      extractor: { version: '1.0.0' },
      authors: ['Jane Reporter'],
      changes: {
        fields: ['authors', 'text', 'extractor'],
        text: {
          wordsAdded: 8,
          wordsRemoved: 0,
          passages: [{ removed: '', added: 'Roads in the valley stay closed until Friday.' }],
        },
      },
    });
  });
});
