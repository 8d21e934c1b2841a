#!/usr/bin/env node
// Proves the local servers answer real requests, with the same clients the services use.
//
//   node deploy/local/check.mjs [--ping|--full] [kafka] [redis] [mongo]
//
// --ping: one cheap request each (Kafka metadata, Redis PING, Mongo ping); `up` polls with it.
// --full (default): Kafka produce + consume on a fresh topic, Redis SET/GET, Mongo insert + find in a fresh db.
// Addresses come from KAFKA_BROKERS, REDIS_URL, MONGODB_URI. Prints one line per server; exits 1 if any fails.
// Every step is bounded (CHECK_TIMEOUT_MS, default 3 s for --ping and 45 s for --full), so a dead server fails fast.
/* eslint-disable no-restricted-properties -- a standalone ops script: its settings are its environment. */
import { randomUUID } from 'node:crypto';

const args = process.argv.slice(2);
const mode = args.includes('--ping') ? 'ping' : 'full';
const requested = args.filter((a) => !a.startsWith('--'));
const servers = requested.length > 0 ? requested : ['kafka', 'redis', 'mongo'];
const timeoutMs = Number(process.env.CHECK_TIMEOUT_MS ?? (mode === 'ping' ? 3_000 : 45_000));
const connectTimeoutMs = Math.min(timeoutMs, 3_000);

const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/newsflow';

/** Rejects after `ms` unless `promise` settles first; `cleanup` always runs (closes sockets). */
async function bounded(name, ms, work) {
  let timer;
  const cleanups = [];
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work((fn) => cleanups.push(fn)), timeout]);
  } finally {
    clearTimeout(timer);
    for (const fn of cleanups.reverse())
      await Promise.resolve()
        .then(fn)
        .catch(() => {});
  }
}

const checks = {
  async kafka(onCleanup, { Kafka, logLevel }) {
    const kafka = new Kafka({
      clientId: 'newsflow-local-check',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: connectTimeoutMs,
      requestTimeout: Math.max(connectTimeoutMs, 10_000),
      retry: { retries: mode === 'ping' ? 0 : 5, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    const admin = kafka.admin();
    onCleanup(() => admin.disconnect());
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (mode === 'ping') return `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;

    const topic = `local-check-${randomUUID()}`;
    // Not kafkajs's waitForLeaders: on a KRaft cluster it asks a broker that may learn of the new topic a moment
    // later, and gives up at once on its UNKNOWN_TOPIC_OR_PARTITION. Poll until the topic has a leader instead
    // (bounded by the check's timeout).
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
    onCleanup(() => admin.deleteTopics({ topics: [topic] }));
    const hasLeader = () =>
      admin.fetchTopicMetadata({ topics: [topic] }).then(
        (m) => m.topics[0]?.partitions.every((p) => p.leader >= 0) === true,
        () => false,
      );
    while (!(await hasLeader())) await new Promise((resolve) => setTimeout(resolve, 200));
    const producer = kafka.producer();
    onCleanup(() => producer.disconnect());
    await producer.connect();
    const value = randomUUID();
    await producer.send({ topic, messages: [{ key: 'check', value }] });

    const consumer = kafka.consumer({
      groupId: `${topic}-group`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    onCleanup(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value?.toString() === value) resolve();
        },
      });
    });
    await received;
    return `produced and consumed 1 message on a new topic`;
  },

  async redis(onCleanup, { Redis }) {
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      connectTimeout: connectTimeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    let socketError;
    redis.on('error', (err) => (socketError = err)); // ioredis rejects with a vaguer "Connection is closed."
    onCleanup(() => redis.disconnect());
    await redis.connect().catch((err) => {
      throw socketError ?? err;
    });
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    if (mode === 'ping') return 'PONG';
    const key = `local-check:${randomUUID()}`;
    const value = randomUUID();
    await redis.set(key, value, 'EX', 60);
    const got = await redis.get(key);
    await redis.del(key);
    if (got !== value) throw new Error(`GET returned ${got}, expected ${value}`);
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    return `PING, SET/GET ok (redis ${version})`;
  },

  async mongo(onCleanup, { MongoClient }) {
    const client = new MongoClient(mongoUri, {
      serverSelectionTimeoutMS: connectTimeoutMs,
      connectTimeoutMS: connectTimeoutMs,
      socketTimeoutMS: timeoutMs,
    });
    onCleanup(() => client.close(true));
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    if (mode === 'ping') return 'ping ok';
    const db = client.db(`local_check_${randomUUID().replaceAll('-', '')}`);
    onCleanup(() => db.dropDatabase());
    const _id = randomUUID();
    await db.collection('check').insertOne({ _id, at: new Date() });
    const found = await db.collection('check').findOne({ _id });
    if (found?._id !== _id) throw new Error('inserted document was not found');
    const build = await client.db('admin').command({ buildInfo: 1 });
    const flavour = build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion}` : `MongoDB ${build.version}`;
    return `insert + find ok (${flavour})`;
  },
};

/**
 * Each check's client library, loaded only when that server is checked and before its time bound starts: `up`
 * runs a ping per server while it waits (~0.2 s of CPU with one library, ~0.45 s with all three).
 */
const libraries = {
  kafka: () => import('kafkajs'),
  redis: () => import('ioredis'),
  mongo: () => import('mongodb'),
};

const addresses = { kafka: kafkaBrokers.join(','), redis: redisUrl, mongo: mongoUri };
let failed = 0;
for (const name of servers) {
  const check = checks[name];
  if (!check) {
    console.log(`${name.padEnd(6)} FAIL unknown server`);
    failed++;
    continue;
  }
  const library = await libraries[name]();
  const startedAt = Date.now();
  try {
    const detail = await bounded(name, timeoutMs, (onCleanup) => check(onCleanup, library));
    console.log(`${name.padEnd(6)} ok   ${addresses[name]}  ${detail} (${Date.now() - startedAt} ms)`);
  } catch (err) {
    const message = err instanceof Error ? err.message || err.name : String(err);
    console.log(`${name.padEnd(6)} FAIL ${addresses[name]}  ${message} (${Date.now() - startedAt} ms)`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
