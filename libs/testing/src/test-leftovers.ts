import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { deleteTopicsWithPrefix } from './delete-topics.js';
import { testNamespacesOf, type TestNamespace } from './test-namespaces.js';
import type { TestServerAddresses } from './test-servers.js';
import { withTimeout } from './wait-for.js';

/** What {@link removeTestLeftovers} or {@link removeTestNamespace} removed. */
export interface RemovedTestLeftovers {
  readonly topics: number;
  readonly redisKeys: number;
  readonly databases: number;
}

/**
 * Removes what earlier test runs left on servers: of `topics` — names the caller knows are from before
 * (deploy/local/up `--leftover-topics`: the topics a Kafka node held on disk before it started) — the
 * ones of a test namespace, with the BullMQ keys (`<queue prefix>:*`) and databases of the same ids.
 * It never lists what is there now, so the namespaces of a test run that started since are not touched,
 * whatever their name. Their consumer groups go with the topics (Kafka drops a deleted topic's offsets,
 * then the empty groups). Best effort: a failure is reported through `log` and never thrown.
 */
export async function removeTestLeftovers(
  servers: TestServerAddresses,
  topics: readonly string[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RemovedTestLeftovers> {
  const found = testNamespacesOf(topics);
  if (found.topics.length === 0) return { topics: 0, redisKeys: 0, databases: 0 };
  const [topicCount, redisKeys, databases] = await Promise.all([
    deleteTopics(servers.kafkaBrokers, found.topics).catch((err: unknown) =>
      failed(log, 'the topics earlier test runs left', err),
    ),
    deleteKeys(servers.redisUrl, found.queuePrefixes).catch((err: unknown) =>
      failed(log, 'the keys earlier test runs left', err),
    ),
    dropDatabases(servers.mongoUri, found.databases).catch((err: unknown) =>
      failed(log, 'the databases earlier test runs left', err),
    ),
  ]);
  const removed = { topics: topicCount, redisKeys, databases };
  log(
    `[testing] removed what earlier test runs left: ${removed.topics} topics, ${removed.redisKeys} Redis keys, ` +
      `${removed.databases} databases`,
  );
  return removed;
}

export interface RemoveTestNamespaceOptions {
  /** Bound on each of the three removals (topics, keys, database), which run side by side. @default 10000 */
  readonly timeoutMs?: number;
  /** Where a failure is reported. @default a line on stderr */
  readonly log?: (line: string) => void;
}

/**
 * Removes one test namespace from the servers at teardown: the topics of its prefix, its BullMQ and other Redis
 * keys (`<queue prefix>:*`) and its database. A long session on shared servers otherwise piles them up (tens of
 * thousands of keys, thousands of topics). Best effort and bounded: a server that is gone or slow is reported
 * through `log` after `timeoutMs` at most, never thrown, so a teardown cannot hide the test's own result.
 */
export async function removeTestNamespace(
  servers: TestServerAddresses,
  namespace: TestNamespace,
  options: RemoveTestNamespaceOptions = {},
): Promise<RemovedTestLeftovers> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bounded = (what: string, work: () => Promise<number>): Promise<number> =>
    withTimeout(work(), timeoutMs, `removing the ${what} of ${namespace.topicPrefix}`).catch((err: unknown) =>
      failed(log, `the ${what} of test namespace ${namespace.topicPrefix}`, err),
    );
  const { queuePrefix, dbName } = namespace;
  const [topics, redisKeys, databases] = await Promise.all([
    deleteTopicsWithPrefix(servers.kafkaBrokers, namespace.topicPrefix, { timeoutMs, log }).then(
      (deleted) => deleted.length,
    ),
    queuePrefix === undefined ? 0 : bounded('keys', () => deleteKeys(servers.redisUrl, [queuePrefix])),
    dbName === undefined ? 0 : bounded('database', () => dropDatabases(servers.mongoUri, [dbName])),
  ]);
  return { topics, redisKeys, databases };
}

function failed(log: (line: string) => void, what: string, err: unknown): number {
  log(`[testing] could not remove ${what}: ${err instanceof Error ? err.message : String(err)}`);
  return 0;
}

/** Topics deleted per request, so one request stays small. */
const TOPICS_PER_REQUEST = 200;

async function deleteTopics(brokers: readonly string[], topics: readonly string[]): Promise<number> {
  const admin = new Kafka({
    clientId: 'newsflow-test-leftovers',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();
  await admin.connect();
  try {
    // Deleting a topic that is already gone fails the whole request: ask only for those still there.
    const present = new Set(await admin.listTopics());
    const gone = topics.filter((topic) => present.has(topic));
    for (let i = 0; i < gone.length; i += TOPICS_PER_REQUEST) {
      await admin.deleteTopics({ topics: gone.slice(i, i + TOPICS_PER_REQUEST), timeout: 30_000 });
    }
    return gone.length;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function deleteKeys(redisUrl: string, queuePrefixes: readonly string[]): Promise<number> {
  if (queuePrefixes.length === 0) return 0;
  // No reconnecting: a Redis that is gone fails this at once instead of keeping a teardown's process alive.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    retryStrategy: () => null,
  });
  // ioredis rejects connect() with a vague "Connection is closed."; the socket error says why.
  let socketError: Error | undefined;
  redis.on('error', (err: Error) => (socketError = err));
  await redis.connect().catch((err: unknown) => {
    throw socketError ?? err;
  });
  try {
    // One pass over the key space, whatever the number of prefixes (a SCAN per prefix would read it each time).
    const prefixes = new Set(queuePrefixes);
    let removed = 0;
    for await (const keys of redis.scanStream({ count: 1000 }) as AsyncIterable<string[]>) {
      const ours = keys.filter((key) => key.includes(':') && prefixes.has(key.slice(0, key.indexOf(':'))));
      if (ours.length > 0) removed += await redis.unlink(...ours);
    }
    return removed;
  } finally {
    redis.disconnect();
  }
}

async function dropDatabases(mongoUri: string, databases: readonly string[]): Promise<number> {
  if (databases.length === 0) return 0;
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    const present = new Set(
      (await client.db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name),
    );
    const gone = databases.filter((db) => present.has(db));
    for (const db of gone) await client.db(db).dropDatabase();
    return gone.length;
  } finally {
    await client.close();
  }
}
