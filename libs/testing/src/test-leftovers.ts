import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import type { TestServerAddresses } from './test-servers.js';

/**
 * The namespaces tests and benches make, each named by a random id: the shape of its topic names, and the
 * BullMQ key prefix and databases the same id names. Only names of these shapes are ever removed, so a
 * user's topics (`url.requested`, `TOPIC_PREFIX=prod.`), queues (`newsflow`) and databases stay.
 */
const TEST_NAMESPACES: readonly {
  readonly topic: RegExp;
  readonly queuePrefix?: (id: string) => string;
  readonly databases?: (id: string) => string[];
}[] = [
  // test/support/runtime-harness.ts and test/cli/run-cli.ts
  { topic: /^t([0-9a-f]{8})\./, queuePrefix: (id) => `q${id}`, databases: (id) => [`db${id}`, `cli${id}`] },
  // test/reliability/support/scenario.ts
  { topic: /^rel([0-9a-f]{8})\./, queuePrefix: (id) => `rel${id}`, databases: (id) => [`rel${id}`] },
  // test/runtime/topic-replication.test.ts
  { topic: /^repl-([0-9a-f]{8})\./ },
  // test/servers.test.ts (uniqueName)
  { topic: /^servers-test-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/ },
  // bench/pipeline/pipeline-run.ts
  { topic: /^bench([0-9a-f]{8})\./, queuePrefix: (id) => `bench${id}`, databases: (id) => [`bench_${id}`] },
  // bench/bench-warc.ts
  {
    topic: /^bw([a-z][0-9a-f]{6})\./,
    queuePrefix: (id) => `bw${id}`,
    databases: (id) => [`benchwarc_${id}`],
  },
];

/** What {@link removeTestLeftovers} removed. */
export interface RemovedTestLeftovers {
  readonly topics: number;
  readonly redisKeys: number;
  readonly databases: number;
}

/** The test-namespace topics among `topics`, with the Redis key prefixes and databases of their ids. */
export function testNamespacesOf(topics: readonly string[]): {
  topics: string[];
  queuePrefixes: string[];
  databases: string[];
} {
  const ours = new Set<string>();
  const queuePrefixes = new Set<string>();
  const databases = new Set<string>();
  for (const topic of topics) {
    for (const namespace of TEST_NAMESPACES) {
      const id = namespace.topic.exec(topic)?.[1];
      if (id === undefined) continue;
      ours.add(topic);
      if (namespace.queuePrefix) queuePrefixes.add(namespace.queuePrefix(id));
      for (const db of namespace.databases?.(id) ?? []) databases.add(db);
    }
  }
  return { topics: [...ours], queuePrefixes: [...queuePrefixes], databases: [...databases] };
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
    deleteTopics(servers.kafkaBrokers, found.topics).catch((err: unknown) => failed(log, 'topics', err)),
    deleteKeys(servers.redisUrl, found.queuePrefixes).catch((err: unknown) => failed(log, 'keys', err)),
    dropDatabases(servers.mongoUri, found.databases).catch((err: unknown) => failed(log, 'databases', err)),
  ]);
  const removed = { topics: topicCount, redisKeys, databases };
  log(
    `[testing] removed what earlier test runs left: ${removed.topics} topics, ${removed.redisKeys} Redis keys, ` +
      `${removed.databases} databases`,
  );
  return removed;
}

function failed(log: (line: string) => void, what: string, err: unknown): number {
  log(
    `[testing] could not remove the ${what} earlier test runs left: ${err instanceof Error ? err.message : String(err)}`,
  );
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
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
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
