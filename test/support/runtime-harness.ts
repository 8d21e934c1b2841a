import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, KafkaMessage } from 'kafkajs';
import {
  createKafka,
  createLogger,
  createMetrics,
  createMongo,
  createRedis,
  subscribeWhenKnown,
  type KafkaHandle,
  type Logger,
  type MongoHandle,
  type Redis,
  type StageMetrics,
} from '@newsflow/runtime';
import { deleteTopicsWithPrefix, removeTestNamespace, testNamespace } from '@newsflow/testing';

export interface Servers {
  readonly kafkaBrokers: string[];
  readonly redisUrl: string;
  readonly mongoUri: string;
}

/**
 * Adapters connected to the test servers, isolated by a random topic prefix, queue prefix and database (names from
 * libs/testing test-namespaces.ts, kind `harness`). `close()` removes them: the prefix's topics, the queue prefix's
 * Redis keys and the database.
 */
export interface Harness {
  readonly id: string;
  readonly topicPrefix: string;
  readonly queuePrefix: string;
  readonly dbName: string;
  readonly logger: Logger;
  readonly metrics: StageMetrics;
  readonly kafka: KafkaHandle;
  readonly redis: Redis;
  readonly mongo: MongoHandle;
  /** Collects every message of a (logical) topic from the beginning. */
  collect(topic: string): Promise<Collector>;
  close(): Promise<void>;
}

export interface Collector {
  readonly messages: KafkaMessage[];
  /** Resolves once `count` messages arrived; throws a clear error after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<KafkaMessage[]>;
  stop(): Promise<void>;
}

export async function createHarness(servers: Servers, name = 'test'): Promise<Harness> {
  const namespace = testNamespace('harness');
  const { id, topicPrefix, queuePrefix, dbName } = namespace;
  const logger = createLogger({ service: name, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const metrics = createMetrics(name);
  const kafka = await createKafka({
    brokers: servers.kafkaBrokers,
    clientId: `${name}-${id}`,
    topicPrefix,
    logger,
  });
  try {
    await kafka.ensureTopics();
  } catch (error) {
    // The topics created before the failure are this harness's alone; a retry makes new ones.
    await kafka.close().catch(() => undefined);
    await deleteTopicsWithPrefix(servers.kafkaBrokers, topicPrefix);
    throw error;
  }
  const redis = await createRedis({ url: servers.redisUrl });
  const mongoUrl = new URL(servers.mongoUri);
  mongoUrl.pathname = `/${dbName}`;
  const mongo = await createMongo({ uri: mongoUrl.toString() });
  const consumers: Consumer[] = [];

  return {
    id,
    topicPrefix,
    queuePrefix,
    dbName,
    logger,
    metrics,
    kafka,
    redis,
    mongo,
    async collect(topic) {
      const messages: KafkaMessage[] = [];
      const consumer = kafka.kafka.consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 500 });
      consumers.push(consumer);
      await consumer.connect();
      await subscribeWhenKnown(consumer, { topics: [kafka.topic(topic)], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
        },
      });
      return {
        messages,
        async waitFor(count, timeoutMs = 30_000) {
          const deadline = Date.now() + timeoutMs;
          while (messages.length < count) {
            if (Date.now() > deadline) {
              throw new Error(
                `expected ${count} messages on ${topic}, got ${messages.length} within ${timeoutMs} ms`,
              );
            }
            await sleep(50);
          }
          return messages;
        },
        stop: () => consumer.disconnect(),
      };
    },
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await kafka.close();
      await mongo.close();
      await redis.quit();
      await removeTestNamespace(servers, namespace);
    },
  };
}
