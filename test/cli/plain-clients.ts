import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';

/**
 * Plain kafkajs and MongoDB clients (not our runtime wrappers), so the CLI's output is checked against what
 * any other client sees.
 */
export interface PlainClients {
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly mongo: MongoClient;
  readonly db: Db;
  /** Reads every message of `topic` from the beginning until `count` arrived (bounded). */
  readAll(topic: string, count: number, timeoutMs?: number): Promise<KafkaMessage[]>;
  close(): Promise<void>;
}

export async function connectPlain(brokers: string[], mongoUri: string): Promise<PlainClients> {
  const kafka = new Kafka({ clientId: `cli-test-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING });
  // Idempotent, so the tests' counts hold: a fresh broker on a loaded machine can time out a send it wrote, and
  // kafkajs's retry wrote the batch again (server-gone's dead-letter replay found 10 letters where it sent 6).
  const producer = kafka.producer({ allowAutoTopicCreation: true, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const mongo = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  const consumers: Consumer[] = [];
  return {
    kafka,
    producer,
    mongo,
    db: mongo.db(),
    async readAll(topic, count, timeoutMs = 30_000) {
      const consumer = kafka.consumer({ groupId: `cli-test-${randomUUID()}`, maxWaitTimeInMs: 500 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const messages: KafkaMessage[] = [];
      // A rebalance while the group settles redelivers uncommitted messages; count each offset once, so a
      // redelivery is not mistaken for a message (a producer duplicate has its own offset and still counts).
      const seen = new Set<string>();
      let done: () => void = () => undefined;
      const enough = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const at = `${partition}:${message.offset}`;
          if (seen.has(at)) return;
          seen.add(at);
          messages.push(message);
          if (messages.length >= count) done();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          enough,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `expected ${count} messages on ${topic}, got ${messages.length} within ${timeoutMs} ms`,
                  ),
                ),
              timeoutMs,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
        await consumer.disconnect();
      }
      return messages;
    },
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await producer.disconnect();
      await mongo
        .db()
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
}
