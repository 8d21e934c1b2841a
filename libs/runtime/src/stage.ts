import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Consumer } from 'kafkajs';
import type { z } from 'zod';
import { DeadLetterSchema, SCHEMA_VERSION, dlqTopic, serializeMessage } from '@newsflow/contracts';
import { describeError, errorCode, isRetriable } from './errors.js';
import { decodeHeaders, type KafkaHandle, type MessageHeaders } from './kafka.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import type { Redis } from './redis.js';
import { retryDelayMs } from './retry-delay.js';
import { withTimeout } from './with-timeout.js';

/** What a handler gets besides its input. */
export interface JobContext {
  /** The BullMQ job id (the message's idempotency key): stable across retries of this message. */
  readonly jobId: string;
  readonly log: Logger;
  /** Headers of the incoming message; `attempt` counts from 1 for this job. */
  readonly headers: MessageHeaders;
  readonly attempt: number;
  /** Produces a message to the next topic, carrying this message's traceId. */
  send<S extends z.ZodType>(topic: string, key: string | null, schema: S, message: z.input<S>): Promise<void>;
  /**
   * Puts the job back to run at `timestampMs` without spending an attempt (per-host politeness).
   * Always throws: return its result from the handler.
   */
  delayUntil(timestampMs: number): Promise<never>;
}

export interface StageOptions<T> {
  /** Queue and consumer-group name, e.g. `fetcher`. */
  readonly name: string;
  /** Logical input topic (prefix is added by the Kafka handle). */
  readonly inputTopic: string;
  /** Decodes and validates one message value. Throwing a non-retriable error dead-letters it. */
  readonly parse: (value: Buffer) => T;
  /** Idempotency key: a message with the id of a job still retained is not processed again. */
  readonly jobId: (input: T, message: MessageCoordinates) => string;
  /** BullMQ priority (1 = highest). */
  readonly priority?: (input: T) => number | undefined;
  readonly handle: (input: T, context: JobContext) => Promise<void>;
  readonly kafka: KafkaHandle;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly metrics: StageMetrics;
  readonly service: string;
  readonly queuePrefix: string;
  /** @default 4 */
  readonly concurrency?: number;
  /** Attempts before a message is dead-lettered. @default 5 */
  readonly attempts?: number;
  /** First retry delay, doubled each attempt with jitter. @default 1000 */
  readonly backoffMs?: number;
  /** How long finished job ids are kept for deduplication. @default 86400 */
  readonly retentionS?: number;
  /** Consumption pauses while more jobs than this wait in the queue (backpressure). @default 2000 */
  readonly maxQueuedJobs?: number;
  /** Time to finish in-flight jobs on stop before handing them back. @default 20000 */
  readonly shutdownGraceMs?: number;
  /** A handler running longer than this fails the attempt (retriable), so no job holds a worker forever. @default 120000 */
  readonly jobTimeoutMs?: number;
  /** Delay before a job whose worker died is taken over by another worker. @default 30000 */
  readonly lockDurationMs?: number;
}

export interface Stage {
  readonly queue: Queue;
  readonly worker: Worker;
  /** Stops consuming, lets in-flight jobs finish (or hands them back after the grace period), closes. */
  stop(): Promise<void>;
}

/** Where a message sits in Kafka: unique per message of a topic. */
export interface MessageCoordinates {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
}

interface JobData {
  value: string;
  key: string | null;
  headers: MessageHeaders;
  topic: string;
  partition: number;
  offset: string;
}

const ENQUEUE_CHUNK = 200;
/** What a job returns when its message went to the dead-letter topic. */
const DEAD_LETTERED = 'dead-lettered';
/**
 * Most original bytes a dead letter carries. Base64 adds a third and the envelope a little more, so a letter
 * stays under a broker's default message.max.bytes (1 MiB) even for a message just under that limit; a larger
 * value is cut and the letter's error message says so. Uncut, such a letter was refused by the broker on every
 * try: the message was never dead-lettered and, from the consumer, blocked its partition for good.
 */
const MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;
const BACKPRESSURE_POLL_MS = 250;

/**
 * Runs one pipeline stage: a Kafka consumer group hands each message to a BullMQ queue (job id =
 * idempotency key) and commits the offset only once the job is in Redis; BullMQ workers run `handle` with
 * retries and backoff. Invalid messages and messages out of attempts go to `<topic>.dlq` with the reason.
 */
export async function startStage<T>(options: StageOptions<T>): Promise<Stage> {
  const {
    name,
    kafka,
    redis,
    metrics,
    service,
    concurrency = 4,
    attempts = 5,
    backoffMs = 1000,
    retentionS = 86_400,
    maxQueuedJobs = 2000,
    shutdownGraceMs = 20_000,
    lockDurationMs = 30_000,
    jobTimeoutMs = 120_000,
  } = options;
  const log = options.logger.child({ stage: name });
  const topic = kafka.topic(options.inputTopic);
  const queueOptions = { connection: redis, prefix: options.queuePrefix };
  const queue = new Queue<JobData>(name, queueOptions);
  const jobOptions: JobsOptions = {
    attempts,
    backoff: { type: 'newsflow', delay: backoffMs },
    removeOnComplete: { age: retentionS },
    removeOnFail: { age: retentionS },
  };

  const sendDeadLetter = async (data: JobData, error: unknown, attemptsMade: number): Promise<void> => {
    const described = describeError(error);
    // Whole base64 quads only, so the cut value is still valid base64 of the message's first bytes.
    const keepChars = Math.floor(MAX_DEAD_LETTER_VALUE_BYTES / 3) * 4;
    const cut = data.value.length > keepChars;
    const value = cut ? data.value.slice(0, keepChars) : data.value;
    const reason = cut
      ? { ...described, message: `${described.message} (value cut to its first ${(keepChars / 4) * 3} of ${Buffer.byteLength(data.value, 'base64')} bytes)` }
      : described;
    await kafka.sendRaw(dlqTopic(options.inputTopic), [
      {
        key: data.key,
        value: serializeMessage(DeadLetterSchema, {
          schemaVersion: SCHEMA_VERSION,
          topic: data.topic,
          partition: data.partition,
          offset: data.offset,
          key: data.key,
          value,
          error: reason,
          attempts: attemptsMade,
          failedAt: new Date().toISOString(),
          service,
          traceId: data.headers.traceId,
        }),
        headers: { ...data.headers, producedAt: new Date().toISOString() },
      },
    ]);
    metrics.deadLettered.inc({ topic: options.inputTopic, code: described.code });
    log.warn({ err: error, offset: data.offset, partition: data.partition, traceId: data.headers.traceId }, 'message dead-lettered');
  };

  const worker = new Worker<JobData>(
    name,
    async (job: Job<JobData>, token?: string) => {
      const attempt = job.attemptsMade + 1;
      const data = job.data;
      const jobLog = log.child({ traceId: data.headers.traceId, jobId: job.id, attempt });
      const stopTimer = metrics.duration.startTimer({ queue: name });
      try {
        const input = options.parse(Buffer.from(data.value, 'base64'));
        const handled = options.handle(input, {
          jobId: job.id ?? '',
          log: jobLog,
          headers: data.headers,
          attempt,
          send: (next, key, schema, message) => kafka.send(next, key, schema, message, { traceId: data.headers.traceId, attempt }),
          async delayUntil(timestampMs) {
            await job.moveToDelayed(timestampMs, token);
            throw new DelayedError();
          },
        });
        await withTimeout(handled, jobTimeoutMs, `job ${job.id ?? ''} of ${name}`);
        metrics.completed.inc({ queue: name });
        return 'done';
      } catch (error) {
        if (error instanceof DelayedError) throw error;
        metrics.failed.inc({ queue: name, code: errorCode(error) });
        if (!isRetriable(error) || attempt >= attempts) {
          await sendDeadLetter(data, error, attempt);
          return DEAD_LETTERED;
        }
        jobLog.info({ err: error }, 'job failed, will retry');
        throw error;
      } finally {
        stopTimer();
      }
    },
    {
      ...queueOptions,
      concurrency,
      autorun: false,
      lockDuration: lockDurationMs,
      stalledInterval: Math.max(1000, Math.floor(lockDurationMs / 2)),
      maxStalledCount: 3,
      // Seconds an idle worker blocks waiting for a job; also how long close() can wait on that block.
      drainDelay: 1,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) => retryDelayMs(attemptsMade, backoffMs, error),
      },
    },
  );
  // Jobs can still fail outside the processor (stalled too often, lock lost); they must not vanish.
  // A dead-lettered message must not keep its job id: `newsflow dlq --replay` sends it again, and a retained
  // id would make the replay look like a redelivery and drop it.
  worker.on('completed', (job, result) => {
    if (result === DEAD_LETTERED) job.remove().catch((err: unknown) => log.warn({ err, jobId: job.id }, 'could not forget a dead-lettered job'));
  });
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < attempts) return;
    sendDeadLetter(job.data, error, job.attemptsMade).catch((err: unknown) => log.error({ err }, 'dead letter failed'));
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  void worker.run().catch((err: unknown) => log.error({ err }, 'worker stopped'));

  const depthTimer = setInterval(() => {
    queue
      .getJobCounts('waiting', 'active', 'delayed', 'failed')
      .then((counts) => {
        for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, count);
      })
      .catch(() => undefined);
  }, 5000);
  depthTimer.unref();

  const consumer: Consumer = kafka.createConsumer(name);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const isRunning = (): boolean => payload.isRunning() && !payload.isStale();
      for (let i = 0; i < batch.messages.length; i += ENQUEUE_CHUNK) {
        while ((await queue.getWaitingCount()) > maxQueuedJobs) {
          if (!isRunning()) return;
          await payload.heartbeat();
          await sleep(BACKPRESSURE_POLL_MS);
        }
        if (!isRunning()) return;
        const chunk = batch.messages.slice(i, i + ENQUEUE_CHUNK);
        const jobs: { name: string; data: JobData; opts: JobsOptions }[] = [];
        for (const message of chunk) {
          metrics.consumed.inc({ topic: options.inputTopic });
          const value = message.value ?? Buffer.alloc(0);
          const data: JobData = {
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
            await sendDeadLetter(data, error, 0);
            continue;
          }
          const priority = options.priority?.(input);
          jobs.push({
            name,
            data,
            opts: { ...jobOptions, jobId: options.jobId(input, { partition: batch.partition, offset: message.offset, timestamp: message.timestamp, key: message.key ?? null }), ...(priority === undefined ? {} : { priority }) },
          });
        }
        if (jobs.length > 0) await queue.addBulk(jobs);
        const last = chunk.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.heartbeat();
        await payload.commitOffsetsIfNecessary();
      }
    },
  });
  log.info({ topic, concurrency, attempts }, 'stage started');

  return {
    queue,
    worker,
    async stop() {
      clearInterval(depthTimer);
      await consumer.disconnect();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), shutdownGraceMs);
      });
      const outcome = await Promise.race([worker.close().then(() => 'closed' as const), graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        log.warn({ shutdownGraceMs }, 'in-flight jobs did not finish in time; handing them back');
        await worker.close(true);
      }
      await queue.close();
      log.info('stage stopped');
    },
  };
}
