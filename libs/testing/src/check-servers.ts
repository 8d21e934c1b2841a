import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { TestingError, TestingErrorCode } from './testing-error.js';
import { withTimeout } from './wait-for.js';
import type { TestServerAddresses } from './test-servers.js';

export interface CheckServersOptions {
  /** Longest wait for each server's answer. @default 10_000 */
  readonly timeoutMs?: number;
  /** The line after the list of servers that did not answer: how to start them. @default the test suite's */
  readonly startHint?: string;
}

const TEST_START_HINT =
  'Start them with `bash deploy/local/up` (or unset KAFKA_BROKERS/REDIS_URL/MONGODB_URI to let the tests do it).';

/**
 * Sends one real request to each server (Kafka metadata, Redis PING, Mongo `ping`) in parallel, every
 * connection bounded, and closes the clients again. Call it once before a test run so a wrong address or
 * a dead server fails in seconds with its name, instead of every test timing out.
 * @throws TestingError `TESTING_SERVER_UNREACHABLE` naming each server that did not answer.
 */
export async function checkServers(
  servers: TestServerAddresses,
  options: CheckServersOptions = {},
): Promise<void> {
  const { timeoutMs = 10_000, startHint = TEST_START_HINT } = options;
  const connectTimeoutMs = Math.min(timeoutMs, 5_000);
  const checks = {
    [`kafka ${servers.kafkaBrokers.join(',')}`]: () => pingKafka(servers.kafkaBrokers, connectTimeoutMs),
    [`redis ${withoutCredentials(servers.redisUrl)}`]: () => pingRedis(servers.redisUrl, connectTimeoutMs),
    [`mongo ${withoutCredentials(servers.mongoUri)}`]: () => pingMongo(servers.mongoUri, connectTimeoutMs),
  };
  const results = await Promise.allSettled(
    Object.entries(checks).map(([what, check]) => withTimeout(check(), timeoutMs, `${what} answering`)),
  );
  const failures = Object.keys(checks).flatMap((what, i) => {
    const result = results[i];
    return result?.status === 'rejected' ? [`${what}: ${describe(result.reason)}`] : [];
  });
  if (failures.length > 0) {
    throw new TestingError(
      TestingErrorCode.serverUnreachable,
      `servers did not answer:\n  ${failures.join('\n  ')}\n${startHint}`,
    );
  }
}

async function pingKafka(brokers: string[], connectTimeoutMs: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'newsflow-test-check',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: connectTimeoutMs,
    requestTimeout: connectTimeoutMs,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function pingRedis(url: string, connectTimeoutMs: number): Promise<void> {
  let socketError: Error | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis rejects connect() with a vague "Connection is closed."; the socket error says why.
  redis.on('error', (err: Error) => (socketError = err));
  try {
    await redis.connect().catch((err: unknown) => {
      throw socketError ?? err;
    });
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function pingMongo(uri: string, connectTimeoutMs: number): Promise<void> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: connectTimeoutMs,
    connectTimeoutMS: connectTimeoutMs,
    socketTimeoutMS: connectTimeoutMs,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close(true).catch(() => {});
  }
}

/** The address without `user:password@`, for a message. */
function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  return String(reason);
}
