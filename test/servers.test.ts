import { createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import {
  checkServers,
  createTopicsWithLeaders,
  testNamespace,
  uniqueName,
  waitFor,
  withTimeout,
} from '@newsflow/testing';
import { mongoAttemptsWithin, startClosingServer } from './cli/closing-server.js';

const servers = inject('servers');

describe('test servers', () => {
  it('Kafka delivers a produced message to a consumer of a new topic', async () => {
    const kafka = new Kafka({
      clientId: uniqueName('servers-test'),
      brokers: servers.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
    });
    const topic = testNamespace('serversTest').topicPrefix;
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: uniqueName('servers-test-group') });
    try {
      await admin.connect();
      await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
      await producer.connect();
      const value = randomUUID();
      await producer.send({ topic, messages: [{ key: 'k', value }] });

      const received: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          received.push(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
      await waitFor(() => received.includes(value), { timeoutMs: 30_000, message: `message on ${topic}` });
      expect(received).toEqual([value]);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  });

  it('Redis stores and returns a value', async () => {
    const redis = new Redis(servers.redisUrl, { connectTimeout: 3_000, maxRetriesPerRequest: 1 });
    try {
      const key = uniqueName('servers-test');
      await redis.set(key, 'value', 'EX', 60);
      expect(await redis.get(key)).toBe('value');
      await redis.del(key);
    } finally {
      redis.disconnect();
    }
  });

  it('MongoDB-wire server finds an inserted document', async () => {
    const client = new MongoClient(servers.mongoUri, {
      serverSelectionTimeoutMS: 3_000,
      connectTimeoutMS: 3_000,
    });
    const db = client.db(uniqueName('servers_test').replaceAll('-', ''));
    try {
      await client.connect();
      const _id = randomUUID();
      const docs = db.collection<{ _id: string; title: string; tags: string[] }>('docs');
      await docs.insertOne({ _id, title: 'hello', tags: ['a', 'b'] });
      expect(await docs.findOne({ _id })).toEqual({ _id, title: 'hello', tags: ['a', 'b'] });
    } finally {
      await db.dropDatabase().catch(() => {});
      await client.close();
    }
  });
});

describe('a dead server', () => {
  // What "fails fast" means here is counted, not timed: the attempts each client made (a server that closes
  // every connection, or one that never answers, counts them) and the error each check ended with.
  // A port that accepts nothing: bound, then closed again, so connections are refused at once.
  let deadPort: number;
  // A port that accepts TCP but never answers: clients must give up on their own timeouts. It reads what it
  // is sent (and so sees a client's close), and counts the connections still open.
  let silent: Server;
  let silentPort: number;
  let silentConnections = 0;
  const silentSockets = new Set<Socket>();
  const silentOpen = new Set<Socket>();

  beforeAll(async () => {
    deadPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    silent = createServer((socket) => {
      silentConnections += 1;
      silentSockets.add(socket);
      silentOpen.add(socket);
      socket.on('close', () => silentOpen.delete(socket));
      socket.on('error', () => {});
      socket.resume();
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => {
    for (const socket of silentSockets) socket.destroy();
    silent.close();
  });

  it('fails the server check on a refused port, naming each server, its address and the refusal', async () => {
    const check = checkServers(
      {
        kafkaBrokers: [`127.0.0.1:${deadPort}`],
        redisUrl: `redis://127.0.0.1:${deadPort}`,
        mongoUri: `mongodb://127.0.0.1:${deadPort}/newsflow`,
      },
      { timeoutMs: 3_000 },
    );
    await expect(check).rejects.toMatchObject({ name: 'TestingError', code: 'TESTING_SERVER_UNREACHABLE' });
    const message = await check.catch((err: Error) => err.message);
    // Kafka and Redis end on the refusal itself, not on the check's timeout; the MongoDB driver waits out its
    // server selection (connectTimeoutMs) by design, so only its name and address are sure.
    expect(message).toContain(`kafka 127.0.0.1:${deadPort}: Connection error: connect ECONNREFUSED`);
    expect(message).toContain(`redis redis://127.0.0.1:${deadPort}: connect ECONNREFUSED`);
    expect(message).toContain(`mongo mongodb://127.0.0.1:${deadPort}/newsflow`);
    expect(message).toContain('bash deploy/local/up');
  });

  it('gives up on servers that close every connection after a bounded number of attempts each', async () => {
    await using kafka = await startClosingServer();
    await using redis = await startClosingServer();
    await using mongo = await startClosingServer();
    const timeoutMs = 3_000;
    const check = checkServers(
      {
        kafkaBrokers: [kafka.address],
        redisUrl: `redis://${redis.address}`,
        mongoUri: `mongodb://${mongo.address}/newsflow`,
      },
      { timeoutMs },
    );
    const message = await check.then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    // Each named (the reason varies with who closes first: "Connection is closed." or "write EPIPE").
    expect(message).toContain(`kafka ${kafka.address}: `);
    expect(message).toContain(`redis redis://${redis.address}: `);
    expect(message).toContain(`mongo mongodb://${mongo.address}/newsflow: `);
    // Kafka: one try and its one retry; Redis: no retry; MongoDB: its monitor's checks within connectTimeoutMs.
    expect(kafka.connections()).toBeGreaterThanOrEqual(1);
    expect(kafka.connections()).toBeLessThanOrEqual(2);
    expect(redis.connections()).toBe(1);
    expect(mongo.connections()).toBeGreaterThanOrEqual(1);
    expect(mongo.connections()).toBeLessThanOrEqual(mongoAttemptsWithin(timeoutMs));
  });

  it('times out against a server that accepts connections but never answers, on one connection each, and leaves none open', async () => {
    const before = silentConnections;
    const check = checkServers(
      {
        kafkaBrokers: [`127.0.0.1:${silentPort}`],
        redisUrl: `redis://127.0.0.1:${silentPort}`,
        mongoUri: `mongodb://127.0.0.1:${silentPort}/newsflow`,
      },
      { timeoutMs: 2_000 },
    );
    const message = await check.then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    expect(message).toMatch(/servers did not answer/);
    // Each wait ended on the 2 s given (the check's own bound, or the driver's server selection set from it),
    // not on a client's default (kafkajs 30 s, ioredis never, the check's 10 s default).
    expect(message).toContain(
      `kafka 127.0.0.1:${silentPort}: kafka 127.0.0.1:${silentPort} answering did not finish within 2000 ms`,
    );
    expect(message).toContain(
      `redis redis://127.0.0.1:${silentPort}: redis redis://127.0.0.1:${silentPort} answering did not finish within 2000 ms`,
    );
    expect(message).toMatch(
      new RegExp(`mongo mongodb://127\\.0\\.0\\.1:${silentPort}/newsflow: .*\\b2000 ms`),
    );
    // Each client waited on the connection it had, none retried: Kafka, Redis and MongoDB one each.
    expect(silentConnections - before).toBe(3);
    // And closed it, every one (Redis' stayed open for good before: its PING had no bound, and the client was
    // closed only once the PING settled). MongoDB's driver lets its pending handshake end on connectTimeoutMS.
    const leftOpen = await waitFor(() => silentOpen.size === 0, { timeoutMs: 5_000, intervalMs: 50 }).then(
      () => 0,
      () => silentOpen.size,
    );
    expect(leftOpen).toBe(0);
  });

  it('waitFor gives up after its timeout with the awaited thing in the message', async () => {
    const wait = waitFor(() => false, { timeoutMs: 200, intervalMs: 20, message: 'the impossible' });
    await expect(wait).rejects.toThrow(/timed out after 200 ms waiting for the impossible/);
    await expect(withTimeout(new Promise(() => {}), 50, 'a hung call')).rejects.toThrow(
      'a hung call did not finish within 50 ms',
    );
  });
});
