import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerSubscribeTopics,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { z } from 'zod';
import { MAX_MESSAGE_BYTES, allTopics, serializeMessage } from '@newsflow/contracts';
import { NewsflowError } from '@newsflow/errors';
import { DependencyUnavailableError } from './runtime-errors.js';
import { createAcknowledgedSender } from './acknowledged-send.js';
import { DEFAULT_KAFKA_RETRIES, KAFKA_RETRY_INITIAL_MS, KAFKA_RETRY_MAX_MS } from './kafka-retry.js';
import { encodeHeaders, type MessageHeaders, type OutgoingMessage } from './kafka-message.js';
import { createKafkaProbe } from './kafka-probe.js';
import { createKeptAdmin } from './kept-admin.js';
import type { Logger } from './logger.js';
import { ProduceBatcher, produceRequests } from './produce-batcher.js';
import { withTimeout } from './with-timeout.js';

export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: boolean;
  readonly sasl?:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    | undefined;
  /** Prefix for every topic name. @default '' */
  readonly topicPrefix?: string;
  readonly logger: Logger;
  /** Bound on connecting and on each admin call. @default 10000 */
  readonly requestTimeoutMs?: number;
  /**
   * Retries of each Kafka request (a send, a metadata, offset or group call) before it fails, the waits between
   * tries doubling from {@link KAFKA_RETRY_INITIAL_MS} to at most {@link KAFKA_RETRY_MAX_MS} (8: about 21 s of
   * waits in all, 3: about 1.4 s). A failed send fails its stage job, which waits in BullMQ's backoff.
   * @default DEFAULT_KAFKA_RETRIES
   */
  readonly retries?: number;
  /** How long `send` waits for other sends to share its produce request (Kafka's linger.ms); 0 sends at once. @default 5 */
  readonly lingerMs?: number;
  /** Replicas of each topic `ensureTopics` creates. @default the broker's default.replication.factor */
  readonly replicationFactor?: number | undefined;
  /** `min.insync.replicas` of each topic `ensureTopics` creates. @default the broker's min.insync.replicas */
  readonly minInsyncReplicas?: number | undefined;
  /**
   * A consumer that stops heartbeating leaves its group after this long; consumers heartbeat every third of it (at
   * most every 3 s). After a broker restart the group waits this long for members that were lost with it.
   * @default 30000
   */
  readonly sessionTimeoutMs?: number;
}

/** A connected Kafka client: one producer shared by the process, consumers made on demand. */
export interface KafkaHandle {
  readonly kafka: Kafka;
  readonly producer: Producer;
  /** The real topic name for a logical one (adds the configured prefix). */
  topic(name: string): string;
  /**
   * Validates against `schema`, serialises and sends; resolves when the broker has it (acks=all). Sends made
   * within `lingerMs` of each other share one produce request.
   */
  send<S extends z.ZodType>(
    topic: string,
    key: string | null,
    schema: S,
    message: z.input<S>,
    headers?: Partial<MessageHeaders>,
  ): Promise<void>;
  /**
   * Sends raw values (already serialised), in as few produce requests as message.max.bytes allows (in order,
   * one after the other); resolves when the broker has them all.
   */
  sendRaw(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  createConsumer(groupId: string): Consumer;
  /** Creates every pipeline topic and its dead-letter topic if missing. */
  ensureTopics(): Promise<void>;
  /**
   * Runs `use` on the handle's one admin client, kept between calls and closed with the handle
   * ({@link createKeptAdmin}: connected on first use, dropped after a failure so the next use connects afresh).
   * For readings asked again and again (the console's pipeline page, its dead letters).
   */
  withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T>;
  /** True when the brokers answer a metadata request in time, on a kept connection ({@link createKafkaProbe}). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function toKafkaLogLevel(level: string): logLevel {
  return level === 'debug' || level === 'trace' ? logLevel.INFO : logLevel.WARN;
}

/**
 * True when a kafkajs error only says the broker could not be reached in time. Once its own retries run out,
 * kafkajs throws `KafkaJSNonRetriableError` / `KafkaJSNumberOfRetriesExceeded` (`retriable: false`) around the
 * retriable cause (connection refused, request timeout); read as permanent, that dead-lettered good work
 * during a broker restart. Broker refusals that stay true on retry (message too large) keep no retriable cause.
 */
export function isBrokerUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current.name === 'KafkaJSNumberOfRetriesExceeded') return true;
    if ('retriable' in current && current.retriable === true) return true;
    current = current.cause;
  }
  return false;
}

/** Resolves once every partition of `topics` has a leader. @throws DependencyUnavailableError after `timeoutMs`. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await admin.fetchTopicMetadata({ topics }).then(
      (m) =>
        m.topics.length === topics.length && m.topics.every((t) => t.partitions.every((p) => p.leader >= 0)),
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline)
      throw new DependencyUnavailableError(
        'Kafka',
        `topics ${topics.join(', ')} have no leader after ${timeoutMs} ms`,
      );
    await sleep(200);
  }
}

/**
 * `consumer.subscribe`, asked again while a broker does not know a topic yet: on a KRaft cluster a topic created
 * a moment ago (its leaders already elected) can still be UNKNOWN_TOPIC_OR_PARTITION to another broker, and
 * kafkajs gives up on that at once. Only kafkajs's retriable errors are asked again.
 * @throws the last error once `timeoutMs` has passed, or at once when it is not retriable.
 */
export async function subscribeWhenKnown(
  consumer: Consumer,
  subscription: ConsumerSubscribeTopics,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || Date.now() > deadline) throw error;
    }
    await sleep(200);
  }
}

/** Connects the process's Kafka producer. @throws DependencyUnavailableError when the broker does not answer. */
export async function createKafka(options: KafkaOptions): Promise<KafkaHandle> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 30_000;
  const retries = options.retries ?? DEFAULT_KAFKA_RETRIES;
  const prefix = options.topicPrefix ?? '';
  const log = options.logger.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ssl: options.ssl ?? false,
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    connectionTimeout: Math.min(requestTimeoutMs, 5000),
    requestTimeout: requestTimeoutMs,
    // Bounded retries let callers fail clearly (a stage job then waits in its backoff); the producer, consumers
    // and admin clients take this retry policy from here.
    retry: { retries, initialRetryTime: KAFKA_RETRY_INITIAL_MS, maxRetryTime: KAFKA_RETRY_MAX_MS },
    logLevel: toKafkaLogLevel(options.logger.level),
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      log.warn({ kafka: extra, namespace: entry.namespace }, message);
    },
  });
  // Every send checks that each of its partitions was acknowledged: kafkajs 2.2.4 can resolve a send whose retry
  // skipped partitions that moved to another broker mid-send (acknowledged-send.ts). Its partitioner is the
  // kafkajs 2 default (murmur2, as the Java client), kept stable per message across retries.
  const sender = createAcknowledgedSender({
    onResend: (partitions, round) =>
      log.warn(
        { partitions, round },
        'Kafka did not acknowledge every partition of a send (leader moved mid-send); sending them again',
      ),
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: true,
    createPartitioner: sender.createPartitioner,
  });
  await withTimeout(producer.connect(), requestTimeoutMs * 2, `Kafka at ${options.brokers.join(',')}`);
  const topic = (name: string): string => `${prefix}${name}`;
  const keptAdmin = createKeptAdmin(kafka);
  const probe = createKafkaProbe({
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.ssl,
    sasl: options.sasl,
    logger: log,
  });

  const rethrowTyped = (error: unknown): never => {
    if (isBrokerUnreachable(error)) {
      throw new DependencyUnavailableError('Kafka', error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
    throw error;
  };
  const toKafkaMessages = (messages: readonly OutgoingMessage[]) =>
    messages.map((m) => ({ key: m.key, value: m.value, headers: encodeHeaders(m.headers) }));

  const sendRaw = async (name: string, messages: readonly OutgoingMessage[]): Promise<void> => {
    for (const request of produceRequests(messages, MAX_MESSAGE_BYTES)) {
      await sender
        .send(producer, [{ topic: topic(name), messages: toKafkaMessages(request) }])
        .catch(rethrowTyped);
    }
  };
  const batcher = new ProduceBatcher(
    async (topicMessages) => {
      await sender
        .send(
          producer,
          topicMessages.map((t) => ({ topic: t.topic, messages: toKafkaMessages(t.messages) })),
        )
        .catch(rethrowTyped);
    },
    { lingerMs: options.lingerMs ?? 5, maxBytes: MAX_MESSAGE_BYTES },
  );

  const handle: KafkaHandle = {
    kafka,
    producer,
    topic,
    async send(name, key, schema, message, headers = {}) {
      const value = serializeMessage(schema, message);
      if (value.byteLength > MAX_MESSAGE_BYTES) {
        // The broker would refuse it (message.max.bytes); say so with a reason instead of a broker error.
        throw new NewsflowError(
          'MESSAGE_TOO_LARGE',
          `message for ${name} is ${value.byteLength} bytes, over ${MAX_MESSAGE_BYTES}`,
          {
            context: { topic: name, bytes: value.byteLength },
          },
        );
      }
      await batcher.enqueue(topic(name), {
        key,
        value,
        headers: {
          traceId: headers.traceId ?? randomUUID(),
          attempt: headers.attempt ?? 0,
          producedAt: new Date().toISOString(),
        },
      });
    },
    sendRaw,
    createConsumer(groupId) {
      // kafkajs restarts a crashed consumer on a timer (retry.restartOnFailure), and a restart already under
      // way when disconnect() is called crashes again afterwards and schedules the next one: with the broker
      // gone, that loop never ends and its timer kept a finished `newsflow push --follow` alive for good.
      // A consumer asked to disconnect is not restarted.
      let disconnecting = false;
      const consumer = kafka.consumer({
        groupId: `${prefix}${groupId}`,
        allowAutoTopicCreation: true,
        sessionTimeout: sessionTimeoutMs,
        heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
        // A fetch returns as soon as data arrives; this only bounds how long disconnect waits on an idle poll.
        maxWaitTimeInMs: 1000,
        retry: { retries, restartOnFailure: () => Promise.resolve(!disconnecting) },
      });
      const disconnect = consumer.disconnect.bind(consumer);
      consumer.disconnect = () => {
        disconnecting = true;
        return disconnect();
      };
      return consumer;
    },
    async ensureTopics() {
      const admin: Admin = kafka.admin();
      await withTimeout(admin.connect(), requestTimeoutMs, 'Kafka admin');
      try {
        const existing = new Set(await admin.listTopics());
        const missing = allTopics()
          .map((t) => ({
            topic: topic(t.topic),
            numPartitions: t.numPartitions,
            ...(options.replicationFactor === undefined
              ? {}
              : { replicationFactor: options.replicationFactor }),
            ...(options.minInsyncReplicas === undefined
              ? {}
              : {
                  configEntries: [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }],
                }),
          }))
          .filter((t) => !existing.has(t.topic));
        if (missing.length > 0) {
          // Not kafkajs's waitForLeaders: it asks one broker and gives up on UNKNOWN_TOPIC_OR_PARTITION, which
          // a broker of a KRaft cluster answers for a moment after the controller created the topic.
          await admin.createTopics({ topics: missing, waitForLeaders: false });
          await waitForLeaders(
            admin,
            missing.map((t) => t.topic),
            requestTimeoutMs * 3,
          );
        }
      } finally {
        await admin.disconnect();
      }
    },
    withAdmin: (use) => keptAdmin.use(use),
    ping: () => probe.ping(),
    async close() {
      await probe.close();
      await keptAdmin.close();
      await batcher.flush();
      await producer.disconnect();
    },
    async [Symbol.asyncDispose]() {
      await handle.close();
    },
  };
  return handle;
}
