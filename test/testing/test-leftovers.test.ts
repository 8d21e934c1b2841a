import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Queue } from 'bullmq';
import {
  createTopicsWithLeaders,
  removeTestLeftovers,
  removeTestNamespace,
  testNamespace,
  testNamespacesOf,
  waitFor,
} from '@newsflow/testing';
import { createHarness } from '../support/runtime-harness.js';

const servers = inject('servers');
const newId = (): string => randomUUID().slice(0, 8);

describe('testNamespacesOf: which names are a test namespace', () => {
  it('knows the namespaces of tests and benches, with the keys and databases of the same id', () => {
    expect(
      testNamespacesOf([
        't1a2b3c4d.url.requested',
        't1a2b3c4d.url.requested.dlq',
        'rel0000abcd.page.fetched',
        'bench9f9f9f9f.article.stored',
        'url.requested',
        'prod.url.requested',
        't1a2b3c4.url.requested', // seven hex digits: not a harness prefix
        'tZZZZZZZZ.url.requested',
      ]),
    ).toEqual({
      topics: [
        't1a2b3c4d.url.requested',
        't1a2b3c4d.url.requested.dlq',
        'rel0000abcd.page.fetched',
        'bench9f9f9f9f.article.stored',
      ],
      queuePrefixes: ['q1a2b3c4d', 'rel0000abcd', 'bench9f9f9f9f'],
      databases: ['db1a2b3c4d', 'cli1a2b3c4d', 'rel0000abcd', 'bench_9f9f9f9f'],
    });
  });
});

describe('removeTestLeftovers against the real servers', () => {
  // An earlier run's namespace (reported as left over), a run going on now (not reported) and a user's topic
  // (reported, as a stopped broker's disk would list it, but of no test namespace).
  const earlier = newId();
  const live = newId();
  const user = `keep${newId()}.url.requested`;
  const topics = [`t${earlier}.url.requested`, `t${earlier}.page.fetched`, `t${live}.url.requested`, user];
  const admin = new Kafka({
    clientId: `leftovers-${earlier}`,
    brokers: servers.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  const redis = new Redis(servers.redisUrl);
  const mongo = new MongoClient(servers.mongoUri);

  beforeAll(async () => {
    await admin.connect();
    await createTopicsWithLeaders(
      admin,
      topics.map((topic) => ({ topic, numPartitions: 1 })),
    );
    await redis.set(`q${earlier}:cleaner:meta`, '1');
    await redis.set(`q${earlier}:cleaner:42`, '1');
    await redis.set(`q${live}:cleaner:meta`, '1');
    await redis.set(`q${earlier}x`, '1'); // another name that only starts like the prefix
    await mongo.connect();
    await mongo
      .db(`db${earlier}`)
      .collection('articles')
      .insertOne({ _id: 'a' } as never);
    await mongo
      .db(`db${live}`)
      .collection('articles')
      .insertOne({ _id: 'a' } as never);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [`t${live}.url.requested`, user] }).catch(() => undefined);
    await admin.disconnect();
    await redis.del(`q${live}:cleaner:meta`, `q${earlier}x`);
    await redis.quit();
    await mongo.db(`db${live}`).dropDatabase();
    await mongo.close();
  });

  it("removes the listed test namespaces' topics, keys and databases, and nothing else", async () => {
    const lines: string[] = [];
    const removed = await removeTestLeftovers(
      servers,
      [`t${earlier}.url.requested`, `t${earlier}.page.fetched`, user, `t${newId()}.gone-already`],
      (line) => lines.push(line),
    );
    expect(removed).toEqual({ topics: 2, redisKeys: 2, databases: 1 });
    expect(lines).toEqual([expect.stringContaining('2 topics, 2 Redis keys, 1 databases')]);
    const left = await waitFor(
      async () => {
        const now = new Set(await admin.listTopics());
        return now.has(`t${earlier}.url.requested`) || now.has(`t${earlier}.page.fetched`) ? undefined : now;
      },
      { timeoutMs: 30_000 },
    );
    expect(left.has(`t${live}.url.requested`)).toBe(true);
    expect(left.has(user)).toBe(true);
    expect(await redis.keys(`q${earlier}*`)).toEqual([`q${earlier}x`]);
    expect(await redis.get(`q${live}:cleaner:meta`)).toBe('1');
    const dbs = (await mongo.db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
    expect(dbs).not.toContain(`db${earlier}`);
    expect(dbs).toContain(`db${live}`);
  });
});

describe('teardown: a harness removes its own namespace (topics, BullMQ keys, database)', () => {
  const redis = new Redis(servers.redisUrl);
  const mongo = new MongoClient(servers.mongoUri);
  const admin = new Kafka({
    clientId: `leftovers-teardown-${newId()}`,
    brokers: servers.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  beforeAll(async () => {
    await Promise.all([mongo.connect(), admin.connect()]);
  });
  afterAll(async () => {
    await redis.quit();
    await mongo.close();
    await admin.disconnect();
  });
  const databases = async (): Promise<string[]> =>
    (await mongo.db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);

  it('createHarness().close() leaves nothing of its namespace behind', async () => {
    const h = await createHarness(servers, 'leftovers-test');
    const queue = new Queue('cleaner', { connection: h.redis, prefix: h.queuePrefix });
    await queue.add('job', { n: 1 });
    await queue.close();
    await h.mongo.db.collection('articles').insertOne({ _id: 'a' } as never);
    expect(await redis.keys(`${h.queuePrefix}:*`)).not.toEqual([]);
    expect(await databases()).toContain(h.dbName);

    await h.close();

    expect(await redis.keys(`${h.queuePrefix}:*`)).toEqual([]);
    expect(await databases()).not.toContain(h.dbName);
    await waitFor(async () => !(await admin.listTopics()).some((t) => t.startsWith(h.topicPrefix)), {
      timeoutMs: 30_000,
      message: `topics of ${h.topicPrefix} deleted`,
    });
  });

  it('removeTestNamespace removes only its own names, and reports a server that is gone instead of throwing', async () => {
    const namespace = testNamespace('harness');
    await redis.set(`${namespace.queuePrefix}:cleaner:meta`, '1');
    await redis.set(`${namespace.queuePrefix}x:cleaner:meta`, '1'); // another name that only starts like it
    const removed = await removeTestNamespace(servers, namespace);
    expect(removed).toEqual({ topics: 0, redisKeys: 1, databases: 0 });
    expect(await redis.get(`${namespace.queuePrefix}x:cleaner:meta`)).toBe('1');
    await redis.del(`${namespace.queuePrefix}x:cleaner:meta`);

    const lines: string[] = [];
    const gone = await removeTestNamespace(
      { ...servers, redisUrl: 'redis://127.0.0.1:1' },
      testNamespace('harness'),
      { timeoutMs: 5_000, log: (line) => lines.push(line) },
    );
    expect(gone.redisKeys).toBe(0);
    expect(lines).toEqual([expect.stringContaining('could not remove the keys of test namespace t')]);
  });
});
