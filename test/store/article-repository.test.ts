import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { BSON, MongoClient } from 'mongodb';
import {
  createLogger,
  createMongo,
  createRedis,
  DependencyUnavailableError,
  type Logger,
  type MongoHandle,
  type Redis,
} from '@newsflow/runtime';
import { testNamespace } from '@newsflow/testing';
import { buildArticleDocument } from '../../services/store/src/article-document.js';
import { createRedisArticleLock, noArticleLock } from '../../services/store/src/article-lock.js';
import {
  createArticleRepository,
  type ArticleRepository,
} from '../../services/store/src/article-repository.js';
import { OTHER_TEXT, SAMPLE_TEXT, sampleArticle } from '../../services/store/src/testing/sample-article.js';

/** What these tests need of the servers: MongoDB and Redis only (no Kafka), under random names. */
interface Handles {
  readonly dbName: string;
  readonly queuePrefix: string;
  readonly logger: Logger;
  readonly mongo: MongoHandle;
  readonly redis: Redis;
  close(): Promise<void>;
}

async function openHandles(): Promise<Handles> {
  const servers = inject('servers');
  const { dbName, queuePrefix } = testNamespace('harness');
  const mongoUrl = new URL(servers.mongoUri);
  mongoUrl.pathname = `/${dbName}`;
  const mongo = await createMongo({ uri: mongoUrl.toString() });
  const redis = await createRedis({ url: servers.redisUrl });
  return {
    dbName,
    queuePrefix,
    logger: createLogger({ service: 'store-repo-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    mongo,
    redis,
    async close() {
      await mongo.db.dropDatabase().catch(() => undefined);
      await mongo.close();
      await redis.quit();
    },
  };
}

describe('article repository against the MongoDB-wire server', () => {
  let h: Handles;
  const extra: { close(): Promise<unknown> }[] = [];
  const repo = (overrides: Partial<Parameters<typeof createArticleRepository>[0]> = {}): ArticleRepository =>
    createArticleRepository({
      db: h.mongo.db,
      logger: h.logger,
      lock: createRedisArticleLock({ redis: h.redis, prefix: h.queuePrefix }),
      ...overrides,
    });

  beforeEach(async () => {
    h = await openHandles();
  });
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((x) => x.close().catch(() => undefined)));
    await h.close();
  });

  it('creates its indexes idempotently and reports what the server lacks', async () => {
    const first = await repo().init();
    const second = await repo().init();
    expect(second.indexes.map((i) => i.name)).toEqual(first.indexes.map((i) => i.name));
    const names = (await h.mongo.db.collection('articles').listIndexes().toArray()).map(
      (i: { name?: unknown }) => String(i.name),
    );
    for (const index of first.indexes.filter((i) => i.created)) expect(names).toContain(index.name);
    expect(first.indexes.filter((i) => i.created).map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'canonicalUrl_part',
        'publishedAt',
        'entities_name',
        'simhashBands',
        'contentHash',
      ]),
    );
    // FerretDB v1 has no $jsonSchema validators; MongoDB has.
    expect(first.validator).toBe(first.ferretdb ? 'unsupported' : 'applied');
  });

  it('stores the same message twice as one document, version 1', async () => {
    const repository = repo();
    await repository.init();
    const article = sampleArticle();
    const first = await repository.upsert(article);
    const second = await repository.upsert(article);
    expect(first).toMatchObject({ outcome: 'inserted', version: 1 });
    expect(second).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(await repository.collection.countDocuments({})).toBe(1);
    const doc = await repository.collection.findOne({ _id: article.articleId });
    expect(doc?.version).toBe(1);
    expect(doc?.storedAt).toEqual(first.storedAt);
  });

  it('updates a changed article: bumps version, keeps firstSeenAt, moves updatedAt', async () => {
    let clock = Date.parse('2026-11-23T10:00:00.000Z');
    const repository = repo({ now: () => new Date(clock) });
    const original = sampleArticle();
    await repository.upsert(original);
    clock += 60_000;
    const changed = sampleArticle({
      title: 'Floods: hundreds evacuated',
      processedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(await repository.upsert(changed)).toMatchObject({ outcome: 'updated', version: 2 });
    // A re-fetch of the same content (only the times differ) is not a new version.
    expect(
      await repository.upsert({
        ...changed,
        fetchedAt: '2026-11-21T00:00:00.000Z',
        processedAt: '2026-11-21T00:00:00.000Z',
      }),
    ).toMatchObject({
      outcome: 'unchanged',
      version: 2,
    });
    const doc = await repository.collection.findOne({ _id: original.articleId });
    expect(doc).toMatchObject({ version: 2, title: 'Floods: hundreds evacuated' });
    expect(doc?.firstSeenAt).toEqual(new Date('2026-11-23T10:00:00.000Z'));
    expect(doc?.updatedAt).toEqual(new Date('2026-11-23T10:01:00.000Z'));
  });

  it('keeps the replaced version in history with what changed; a redelivered message adds no entry', async () => {
    let clock = Date.parse('2026-11-23T10:00:00.000Z');
    const repository = repo({ now: () => new Date(clock) });
    const original = sampleArticle();
    await repository.upsert(original);
    clock += 60_000;
    // What a reprocess with a new extractor sends: a corrected headline, one changed word, one more paragraph.
    const reprocessed = sampleArticle({
      title: 'Floods: hundreds evacuated',
      text: `${SAMPLE_TEXT.replace('four hundred', 'five hundred')}\n\nThe story was updated at noon.`,
      extractor: { name: 'newsflow-extraction', version: '2.0.0' },
      processedAt: '2026-11-23T10:00:30.000Z',
    });
    expect(await repository.upsert(reprocessed)).toMatchObject({ outcome: 'updated', version: 2 });
    clock += 60_000;
    // The same message again (a redelivery) and again with later times (a re-fetch): no new version, no entry.
    expect(await repository.upsert(reprocessed)).toMatchObject({ outcome: 'unchanged', version: 2 });
    expect(
      await repository.upsert({ ...reprocessed, processedAt: '2026-11-23T10:05:00.000Z' }),
    ).toMatchObject({ outcome: 'unchanged', version: 2 });

    const doc = await repository.collection.findOne({ _id: original.articleId });
    expect(doc?.version).toBe(2);
    expect(doc?.history).toHaveLength(1);
    expect(doc?.history?.[0]).toMatchObject({
      version: 1,
      extractor: { name: 'newsflow-extraction', version: '1.0.0' },
      entitiesModel: { name: 'newsflow-ner', version: '1.0.0' },
      processedAt: new Date(original.processedAt),
      storedAt: new Date('2026-11-23T10:00:00.000Z'),
      title: 'Floods force hundreds from their homes',
      authors: ['Jane Reporter'],
      publishedAt: new Date('2026-11-20T07:30:00.000Z'),
      language: 'en',
      wordCount: original.wordCount,
      changes: {
        fields: ['title', 'text', 'wordCount', 'extractor'],
        text: {
          wordsAdded: 7,
          wordsRemoved: 1,
          passageCount: 2,
          aligned: true,
          passages: [
            { removed: 'four', added: 'five' },
            { removed: '', added: 'The story was updated at noon.' },
          ],
        },
      },
    });
    // The current version's text is the document's; no earlier text is kept.
    expect(JSON.stringify(doc?.history)).not.toContain('Farmers described fields');
  });

  it('keeps the last `historyLimit` versions, and none with 0', async () => {
    const repository = repo({ historyLimit: 3 });
    const article = (i: number) =>
      sampleArticle({
        title: `Revision ${i}`,
        processedAt: new Date(Date.UTC(2026, 10, 20, 8, i)).toISOString(),
      });
    for (let i = 1; i <= 6; i += 1) await repository.upsert(article(i));
    const doc = await repository.collection.findOne({ _id: article(1).articleId });
    expect(doc?.version).toBe(6);
    expect(doc?.history?.map((v) => [v.version, v.title])).toEqual([
      [3, 'Revision 3'],
      [4, 'Revision 4'],
      [5, 'Revision 5'],
    ]);
    expect(doc?.history?.every((v) => v.changes.fields.join() === 'title')).toBe(true);

    const none = repo({ historyLimit: 0, collectionName: 'articles_no_history' });
    await none.upsert(article(1));
    await none.upsert(article(2));
    const plain = await none.collection.findOne({ _id: article(1).articleId });
    expect(plain?.version).toBe(2);
    expect(plain).not.toHaveProperty('history');
  });

  it('drops the oldest history entries, not the article, when the document would pass its size limit', async () => {
    const maxDocumentBytes = 64 * 1024;
    const repository = repo({ maxDocumentBytes });
    const paragraph = 'The committee heard evidence for many hours about the long history of the project. ';
    // Cut to fit the limit, so the history has almost no room left beside the text.
    const text = paragraph.repeat(1000);
    const article = (i: number) =>
      sampleArticle({
        canonicalUrl: 'https://news.example/long',
        title: `Headline ${i}`,
        // Ten long bylines: about 1 KiB in each history entry.
        authors: Array.from({ length: 10 }, (_, n) => `${'Reporter '.repeat(10)}${n}`),
        text,
        processedAt: new Date(Date.UTC(2026, 10, 20, 8, i)).toISOString(),
      });
    for (let i = 1; i <= 8; i += 1) await repository.upsert(article(i));
    const doc = await repository.collection.findOne({ _id: article(1).articleId });
    expect(doc?.version).toBe(8);
    expect(doc?.truncated).toBe(true);
    expect(BSON.calculateObjectSize(doc!)).toBeLessThanOrEqual(maxDocumentBytes);
    const kept = doc?.history?.map((v) => v.version) ?? [];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(7);
    expect(kept.at(-1)).toBe(7);
  });

  it('does not let an older message overwrite a newer version', async () => {
    const repository = repo();
    const newer = sampleArticle({ title: 'Newer', processedAt: '2026-11-20T10:00:00.000Z' });
    const older = sampleArticle({ title: 'Older', processedAt: '2026-11-20T09:00:00.000Z' });
    await repository.upsert(newer);
    expect(await repository.upsert(older)).toMatchObject({ outcome: 'unchanged', stale: true, version: 1 });
    expect((await repository.collection.findOne({ _id: newer.articleId }))?.title).toBe('Newer');
  });

  it('keeps one document with the right version when 50 upserts of one id race from two store instances', async () => {
    // A second instance: its own MongoDB connection and Redis connection, as a second replica would have.
    const uri = new URL(inject('servers').mongoUri);
    uri.pathname = `/${h.dbName}`;
    const mongo2: MongoHandle = await createMongo({ uri: uri.toString() });
    const redis2: Redis = await createRedis({ url: inject('servers').redisUrl });
    extra.push(mongo2, { close: () => redis2.quit() });
    // 50 writers queue on one article's lock: the wait is bounded generously for a busy 2-core CI machine.
    const waitMs = 120_000;
    const a = repo({ lock: createRedisArticleLock({ redis: h.redis, prefix: h.queuePrefix, waitMs }) });
    const b = repo({
      db: mongo2.db,
      lock: createRedisArticleLock({ redis: redis2, prefix: h.queuePrefix, waitMs }),
    });
    await a.init();

    // 50 different revisions of one article (same processedAt, so none is stale): each must land once.
    const revisions = Array.from({ length: 50 }, (_, i) => sampleArticle({ title: `Revision ${i}` }));
    const results = await Promise.all(revisions.map((r, i) => (i % 2 === 0 ? a : b).upsert(r)));
    expect(await a.collection.countDocuments({})).toBe(1);
    expect((await a.collection.findOne({}))?.version).toBe(50);
    expect(results.filter((r) => r.outcome === 'inserted')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'updated')).toHaveLength(49);
    expect(new Set(results.map((r) => r.version)).size).toBe(50);
    // The history holds the 10 versions before the current one, each once, each naming the title change,
    // and each entry's title is the one the next entry's version replaced (no entry describes a lost write).
    const doc = await a.collection.findOne({});
    expect(doc?.history?.map((v) => v.version)).toEqual(Array.from({ length: 10 }, (_, i) => 40 + i));
    const titleOf = new Map(results.map((r, i) => [r.version, revisions[i]!.title]));
    for (const entry of doc?.history ?? []) {
      expect(entry.title).toBe(titleOf.get(entry.version));
      expect(entry.changes.fields).toEqual(['title']);
    }

    // The same message 50 times at once: one insert, 49 unchanged, version stays 1.
    const same = sampleArticle({ canonicalUrl: 'https://news.example/2026/11/same' });
    const again = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).upsert(same)));
    expect(again.filter((r) => r.outcome === 'inserted')).toHaveLength(1);
    expect(again.filter((r) => r.outcome === 'unchanged')).toHaveLength(49);
    expect(await a.collection.countDocuments({ _id: same.articleId })).toBe(1);
    expect((await a.collection.findOne({ _id: same.articleId }))?.version).toBe(1);
  });

  it('handles the insert race through the duplicate-key error alone (no lock): one insert, the rest unchanged', async () => {
    const uri = new URL(inject('servers').mongoUri);
    uri.pathname = `/${h.dbName}`;
    // Two clients that report each command, to count the statements per fingerprint `update` command: FerretDB
    // holds a pooled connection per statement until the command ends, and five-statement bulkWrites from this
    // many writers took all 100 and hung (docs/local-servers.md).
    const statements: number[] = [];
    const clients = [0, 1].map(() => {
      const client = new MongoClient(uri.toString(), { monitorCommands: true, retryWrites: false });
      client.on('commandStarted', (event) => {
        const command = event.command as { update?: unknown; updates?: unknown[] };
        if (event.commandName === 'update' && command.update === 'articles_fingerprints')
          statements.push(command.updates?.length ?? 0);
      });
      extra.push(client);
      return client;
    });
    const a = repo({ db: clients[0]!.db(), lock: noArticleLock });
    const b = repo({ db: clients[1]!.db(), lock: noArticleLock });
    const article = sampleArticle();
    // As many at once as two store replicas at their default WORKER_CONCURRENCY (4) can write: 50 asked
    // FerretDB for 250 fingerprint commands at once and took 15-18 s on a loaded 2-core machine.
    const writers = 2 * 4;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) => (i % 2 === 0 ? a : b).upsert(article)),
    );
    expect(results.filter((r) => r.outcome === 'inserted')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'unchanged')).toHaveLength(writers - 1);
    // Losers of the insert race hit E11000, read the winner's document and found it unchanged.
    expect(results.some((r) => r.rounds > 1)).toBe(true);
    expect(await a.collection.countDocuments({})).toBe(1);
    expect(statements.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...statements)).toBe(1);
  });

  it('marks the later copy of a story on another URL as a duplicate of the first, and leaves distinct stories alone', async () => {
    let clock = Date.parse('2026-11-23T10:00:00.000Z');
    const repository = repo({ now: () => new Date((clock += 1000)) });
    await repository.init();
    // A story of ~330 words (simhash needs some length: one edited word in 180 words moves ~6 bits).
    const story = `${SAMPLE_TEXT}\n\n${OTHER_TEXT}`;
    const original = sampleArticle({ canonicalUrl: 'https://news.example/floods', text: story });
    const syndicated = sampleArticle({
      canonicalUrl: 'https://other.example/wire/floods',
      // The same story re-wrapped, with a one-word copy edit: a near-duplicate, not an exact one.
      text: story.replace(/ /g, '\n').replace('dairy', 'cattle'),
    });
    const exactCopy = sampleArticle({
      canonicalUrl: 'https://news.example/floods?utm_campaign=x',
      text: story.toUpperCase(),
    });
    // Half of the same words, a different story: not a duplicate.
    const distinct = sampleArticle({ canonicalUrl: 'https://news.example/cup-final', text: OTHER_TEXT });

    expect((await repository.upsert(original)).duplicateOf).toBeUndefined();
    const near = await repository.upsert(syndicated);
    const exact = await repository.upsert(exactCopy);
    const other = await repository.upsert(distinct);
    expect(near.duplicateOf).toBe(original.articleId);
    expect(exact.duplicateOf).toBe(original.articleId);
    expect(other.duplicateOf).toBeUndefined();
    const docs = await repository.collection
      .find({}, { projection: { duplicateOf: 1, duplicateDistance: 1 } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect(byId.get(exactCopy.articleId)?.duplicateDistance).toBe(0);
    expect(byId.get(syndicated.articleId)?.duplicateDistance).toBeGreaterThan(0);
    expect(byId.get(syndicated.articleId)?.duplicateDistance).toBeLessThanOrEqual(3);
    // The original stays the original when it is updated later.
    const updated = await repository.upsert({
      ...original,
      title: 'Floods (updated)',
      processedAt: '2026-11-20T12:00:00.000Z',
    });
    expect(updated).toMatchObject({ outcome: 'updated', version: 2 });
    expect(updated.duplicateOf).toBeUndefined();
  });

  it('keeps exactly one original when two copies of a story on different URLs are stored at once', async () => {
    const uri = new URL(inject('servers').mongoUri);
    uri.pathname = `/${h.dbName}`;
    const mongo2: MongoHandle = await createMongo({ uri: uri.toString() });
    extra.push(mongo2);
    for (let round = 0; round < 8; round += 1) {
      // A collection per round: the rounds' stories would be near-duplicates of each other.
      const a = repo({ collectionName: `articles_race${round}` });
      const b = repo({ db: mongo2.db, collectionName: `articles_race${round}` });
      await a.init();
      const story = `${SAMPLE_TEXT}\n\n${OTHER_TEXT}`;
      const first = sampleArticle({ canonicalUrl: `https://news.example/floods-${round}`, text: story });
      const second = sampleArticle({
        canonicalUrl: `https://other.example/wire/floods-${round}`,
        text: story,
      });
      const [x, y] = await Promise.all([a.upsert(first), b.upsert(second)]);
      const originals = [x, y].filter((r) => r.duplicateOf === undefined);
      expect(originals, `round ${round}`).toHaveLength(1);
      const copy = x.duplicateOf === undefined ? y : x;
      expect(copy.duplicateOf).toBe(x.duplicateOf === undefined ? first.articleId : second.articleId);
    }
  });

  it('keeps every article in a fingerprint key when 8 copies of a story on different URLs are stored at once, 5 times', async () => {
    // Each copy adds its own id to the same new keys (`h:<contentHash>` and the four bands) at the same moment.
    // FerretDB 1.24 applies `$addToSet` as read, change, write: without the store's care, writers that read
    // the key before another's write put back a list without that id, and a copy stored later no longer
    // finds it (measured before the fix, 16 copies 20 times: 803-857 of the 1,600 key entries lost; 17-20 of
    // the 20 rounds had several originals or none, or copies naming another). 8 copies 5 times, as here, lost
    // entries in every run before the fix, and take a fraction of the time: 16 x 20 outlived the 120 s test
    // timeout in a fresh-clone CI at load 20.
    const uri = new URL(inject('servers').mongoUri);
    uri.pathname = `/${h.dbName}`;
    const mongo2: MongoHandle = await createMongo({ uri: uri.toString() });
    const redis2: Redis = await createRedis({ url: inject('servers').redisUrl });
    extra.push(mongo2, { close: () => redis2.quit() });
    const writers = 8;
    const rounds = 5;
    const lost: string[] = [];
    const wrong: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      // A collection per round: the rounds' stories would be near-duplicates of each other.
      const collectionName = `articles_fp${round}`;
      const a = repo({ collectionName });
      const b = repo({
        db: mongo2.db,
        collectionName,
        lock: createRedisArticleLock({ redis: redis2, prefix: h.queuePrefix }),
      });
      const story = `${SAMPLE_TEXT}\n\n${OTHER_TEXT}`;
      const copies = Array.from({ length: writers }, (_, i) =>
        sampleArticle({ canonicalUrl: `https://site${i}.example/floods-${round}`, text: story }),
      );
      const results = await Promise.all(copies.map((copy, i) => (i % 2 === 0 ? a : b).upsert(copy)));
      const content = buildArticleDocument(copies[0]!);
      const keys = [`h:${content.contentHash}`, ...content.simhashBands.map((band) => `b:${band}`)];
      const fingerprints = h.mongo.db.collection<{ _id: string; ids: string[] }>(
        `${collectionName}_fingerprints`,
      );
      for (const key of keys) {
        const ids = (await fingerprints.findOne({ _id: key }))?.ids ?? [];
        for (const copy of copies)
          if (!ids.includes(copy.articleId)) lost.push(`round ${round} ${key} ${copy.articleId}`);
      }
      // One original, the first id of the exact-content key; every other copy names it.
      const first = (await fingerprints.findOne({ _id: keys[0]! }))?.ids[0];
      const originals = copies
        .filter((_, i) => results[i]!.duplicateOf === undefined)
        .map((c) => c.articleId);
      if (originals.length !== 1 || originals[0] !== first)
        wrong.push(`round ${round}: originals ${originals.join(' ')}, first indexed ${first}`);
      const strays = results.filter((r) => r.duplicateOf !== undefined && r.duplicateOf !== first);
      if (strays.length > 0) wrong.push(`round ${round}: ${strays.length} copies name another original`);
    }
    expect({ lost: lost.length, wrong }).toEqual({ lost: 0, wrong: [] });
  });

  it('truncates an article beyond the 16 MiB document limit with a flag instead of failing or losing it silently', async () => {
    const repository = repo();
    const paragraph = 'The committee heard evidence for many hours about the long history of the project. ';
    const text = paragraph.repeat(Math.ceil((17 * 1024 * 1024) / paragraph.length));
    const article = sampleArticle({ canonicalUrl: 'https://news.example/huge', text, html: '<p>small</p>' });
    expect(await repository.upsert(article)).toMatchObject({ outcome: 'inserted', version: 1 });
    const doc = await repository.collection.findOne({ _id: article.articleId });
    expect(doc?.truncated).toBe(true);
    expect(doc?.truncation?.fields).toEqual(['html', 'text']);
    expect(doc?.truncation?.originalBytes.text).toBe(Buffer.byteLength(text));
    expect(doc?.text.length).toBeGreaterThan(15 * 1024 * 1024);
    expect(text.startsWith(doc?.text ?? '-')).toBe(true);
  });

  it('throws a retriable error when MongoDB does not answer', async () => {
    // A loopback port nobody listens on: the driver cannot select a server.
    const down = await import('node:net').then(
      ({ createServer }) =>
        new Promise<number>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
          });
        }),
    );
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(`mongodb://127.0.0.1:${down}/x`, {
      serverSelectionTimeoutMS: 300,
      retryWrites: false,
    });
    extra.push(client);
    const repository = repo({ db: client.db('x') });
    const error = await repository.upsert(sampleArticle()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).retriable).toBe(true);
    expect((error as DependencyUnavailableError).code).toBe('DEPENDENCY_UNAVAILABLE');
  });
});
