import { connect, type Socket } from 'node:net';
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
 * connection bounded, and closes the clients again on every path, a server that never answers included
 * (Kafka's and Redis' sockets are closed before it returns). Call it once before a test run so a wrong
 * address or a dead server fails in seconds with its name, instead of every test timing out.
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
    Object.entries(checks).map(async ([what, start]) => {
      const check = start();
      try {
        await withTimeout(check.answered, timeoutMs, `${what} answering`);
      } finally {
        // The answer may never come (a server that accepts and stays silent): the client goes either way.
        await check.close();
      }
    }),
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

/** A check under way: the server's answer, and the way to drop its client whatever became of it. */
interface Ping {
  readonly answered: Promise<void>;
  /** Closes the client's connections, answered or not; never throws. */
  close(): Promise<void>;
}

function pingKafka(brokers: string[], connectTimeoutMs: number): Ping {
  // kafkajs' disconnect() while connect() still waits on a silent broker closes nothing: the connecting socket
  // stays open for good (measured). The check holds every socket itself and destroys them.
  const sockets = new Set<Socket>();
  let closed = false;
  const kafka = new Kafka({
    clientId: 'newsflow-test-check',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: connectTimeoutMs,
    requestTimeout: connectTimeoutMs,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    socketFactory: ({ host, port, onConnect }) => {
      const socket = connect({ host, port }, onConnect);
      if (closed) socket.destroy();
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
  });
  const admin = kafka.admin();
  const answered = (async () => {
    await admin.connect();
    await admin.describeCluster();
  })();
  return {
    answered,
    async close() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      await admin.disconnect().catch(() => {});
    },
  };
}

function pingRedis(url: string, connectTimeoutMs: number): Ping {
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
  const answered = (async () => {
    await redis.connect().catch((err: unknown) => {
      throw socketError ?? err;
    });
    // No timeout of its own (ioredis waits forever for a silent server): the check's bound ends it, by close().
    await redis.ping();
  })();
  return {
    answered,
    close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}

function pingMongo(uri: string, connectTimeoutMs: number): Ping {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: connectTimeoutMs,
    connectTimeoutMS: connectTimeoutMs,
    socketTimeoutMS: connectTimeoutMs,
  });
  const answered = (async () => {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  })();
  return {
    async close() {
      await client.close(true).catch(() => {});
    },
    answered,
  };
}

/** The address without `user:password@`, for a message. */
function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  return String(reason);
}
