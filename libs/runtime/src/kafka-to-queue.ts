import { setTimeout as sleep } from 'node:timers/promises';
import type { JobsOptions, Queue } from 'bullmq';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { isRetriable } from '@newsflow/errors';
import { subscribeWhenKnown, type KafkaHandle } from './kafka.js';
import { decodeHeaders } from './kafka-message.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import type { GiveUp, MessageCoordinates, StageJobData } from './stage-job.js';

/** Most messages added to the queue per Redis round-trip (and per offset commit). */
const ENQUEUE_CHUNK = 200;
/** How often a paused consumer looks at the queue again (and heartbeats, so it keeps its partitions). */
const BACKPRESSURE_POLL_MS = 250;

export interface KafkaToQueueOptions<T> {
  /** Consumer group, queue name and job name. */
  readonly name: string;
  /** Logical input topic (the Kafka handle adds the prefix). */
  readonly inputTopic: string;
  readonly kafka: KafkaHandle;
  readonly queue: Queue<StageJobData>;
  /** Options of every job added (attempts, backoff, retention). */
  readonly jobOptions: JobsOptions;
  readonly parse: (value: Buffer) => T;
  readonly jobId: (input: T, message: MessageCoordinates) => string;
  readonly priority?: ((input: T) => number | undefined) | undefined;
  /** Where a message that does not parse goes. */
  readonly giveUp: GiveUp;
  /** Called when the consumer crashed and kafkajs will not restart it (a non-retriable error). */
  readonly onCrash: (error: Error) => void;
  /** Consumption pauses while more jobs than this wait in the queue. */
  readonly maxWaitingJobs: number;
  readonly metrics: StageMetrics;
  readonly log: Logger;
}

/** The running consumer that feeds a stage's queue. */
export interface KafkaToQueue {
  readonly consumer: Consumer;
  /** Stops consuming (leaves the group); jobs already queued stay. */
  close(): Promise<void>;
}

/**
 * Consumes `inputTopic` in a consumer group and adds each message to `queue` as a job whose id is the
 * message's idempotency key (a redelivery is then no new job). Offsets are committed only once their jobs
 * are in Redis, so a crash redelivers instead of losing. A message that does not parse is dead-lettered here
 * and never queued. Backpressure: while more than `maxWaitingJobs` jobs wait, consumption pauses (with
 * heartbeats, so the partitions stay assigned) and the offsets of what was not queued stay uncommitted.
 */
export async function startKafkaToQueue<T>(options: KafkaToQueueOptions<T>): Promise<KafkaToQueue> {
  const { name, kafka, queue, metrics, maxWaitingJobs, log } = options;
  const topic = { topic: options.inputTopic };
  // A chunk is added after one look at the queue, so it may overshoot the limit by its size: keep that
  // within the limit itself.
  const chunkSize = Math.min(ENQUEUE_CHUNK, maxWaitingJobs);

  /** Waits while the queue is full; false when the consumer stopped or lost its partitions meanwhile. */
  const waitForRoom = async (isRunning: () => boolean, heartbeat: () => Promise<void>): Promise<boolean> => {
    if ((await queue.getWaitingCount()) <= maxWaitingJobs) return true;
    metrics.backpressure.set(topic, 1);
    log.info({ maxWaitingJobs }, 'queue full: consumption paused');
    try {
      do {
        if (!isRunning()) return false;
        await heartbeat();
        await sleep(BACKPRESSURE_POLL_MS);
      } while ((await queue.getWaitingCount()) > maxWaitingJobs);
      log.info({ maxWaitingJobs }, 'consumption resumed');
      return true;
    } finally {
      metrics.backpressure.set(topic, 0);
    }
  };

  const toJob = async (
    batch: EachBatchPayload['batch'],
    message: EachBatchPayload['batch']['messages'][number],
  ): Promise<{ name: string; data: StageJobData; opts: JobsOptions } | undefined> => {
    metrics.consumed.inc(topic);
    const value = message.value ?? Buffer.alloc(0);
    const data: StageJobData = {
      value: value.toString('base64'),
      key: message.key?.toString() ?? null,
      headers: decodeHeaders(message),
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
    };
    let input: T;
    try {
      input = options.parse(value);
    } catch (error) {
      if (isRetriable(error)) throw error;
      await options.giveUp(data, error, 0);
      return undefined;
    }
    const priority = options.priority?.(input);
    const jobId = options.jobId(input, {
      partition: batch.partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key ?? null,
    });
    return {
      name,
      data,
      opts: { ...options.jobOptions, jobId, ...(priority === undefined ? {} : { priority }) },
    };
  };

  const consumer = kafka.createConsumer(name);
  // kafkajs restarts a consumer after a retriable error by itself; after any other it stays stopped.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) options.onCrash(payload.error);
  });
  await consumer.connect();
  await subscribeWhenKnown(consumer, { topics: [kafka.topic(options.inputTopic)], fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const isRunning = (): boolean => payload.isRunning() && !payload.isStale();
      for (let i = 0; i < batch.messages.length; i += chunkSize) {
        if (!(await waitForRoom(isRunning, () => payload.heartbeat())) || !isRunning()) return;
        const chunk = batch.messages.slice(i, i + chunkSize);
        const jobs = [];
        for (const message of chunk) {
          const job = await toJob(batch, message);
          if (job) jobs.push(job);
        }
        if (jobs.length > 0) await queue.addBulk(jobs);
        const last = chunk.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.heartbeat();
        await payload.commitOffsetsIfNecessary();
      }
    },
  });
  return {
    consumer,
    close: () => consumer.disconnect(),
  };
}
