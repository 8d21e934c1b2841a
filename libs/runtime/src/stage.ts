import { Queue, type JobsOptions, type Worker } from 'bullmq';
import { closeWorker } from './close-worker.js';
import { createGiveUp, startDeadLetterOutbox, type DeadLetterEvent } from './dead-letter.js';
import { createJobProcessor, type JobContext } from './job-processor.js';
import type { KafkaHandle } from './kafka.js';
import { startKafkaToQueue } from './kafka-to-queue.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import { watchQueueDepth } from './queue-depth.js';
import { DEFAULT_MAX_RETRY_DELAY_MS } from './retry-delay.js';
import { StageStoppedError } from './runtime-errors.js';
import type { Redis } from './redis.js';
import type { MessageCoordinates, StageJobData } from './stage-job.js';
import { createStageWorker } from './stage-worker.js';

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
  /**
   * Called once a message is given up and its dead letter is kept (it reaches `<topic>.dlq` as soon as Kafka
   * takes it), with the job id and the parsed input when there is one. Errors are logged, not retried.
   */
  readonly onDeadLetter?: (event: DeadLetterEvent<T>) => Promise<void>;
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
  /** Ceiling of the delay between attempts, a server's Retry-After included. @default 300000 */
  readonly maxBackoffMs?: number;
  /** How long finished job ids are kept for deduplication. @default 86400 */
  readonly retentionS?: number;
  /** Consumption pauses while more jobs than this wait in the queue (backpressure). @default 2000 */
  readonly maxWaitingJobs?: number;
  /** Time to finish in-flight jobs on close before handing them back. @default 20000 */
  readonly shutdownGraceMs?: number;
  /** A handler running longer than this fails the attempt (retriable), so no job holds a worker forever. @default 120000 */
  readonly jobTimeoutMs?: number;
  /** Delay before a job whose worker died is taken over by another worker. @default 30000 */
  readonly lockDurationMs?: number;
  /**
   * Called (once) when the stage stops working on its own: its Kafka consumer crashed and will not restart,
   * or its worker stopped taking jobs. `runService` passes the one that exits the process so it is restarted.
   * @default logs the error (fatal)
   */
  readonly onFatal?: (error: StageStoppedError) => void;
}

/** A running stage. */
export interface Stage {
  readonly queue: Queue<StageJobData>;
  /** Dead letters kept in Redis until Kafka takes them (`<name>-dead-letters`); empty while Kafka answers. */
  readonly deadLetters: Queue;
  readonly worker: Worker<StageJobData, string>;
  /** Stops consuming, lets in-flight jobs finish (or hands them back after the grace period), closes. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Runs one pipeline stage: a Kafka consumer group hands each message to a BullMQ queue (job id =
 * idempotency key) and commits the offset only once the job is in Redis; BullMQ workers run `handle` with
 * retries and backoff. Invalid messages and messages out of attempts go to `<topic>.dlq` with the reason.
 */
export async function startStage<T>(options: StageOptions<T>): Promise<Stage> {
  const {
    name,
    kafka,
    metrics,
    concurrency = 4,
    attempts = 5,
    backoffMs = 1000,
    maxBackoffMs = DEFAULT_MAX_RETRY_DELAY_MS,
    retentionS = 86_400,
    maxWaitingJobs = 2000,
    shutdownGraceMs = 20_000,
    jobTimeoutMs = 120_000,
    lockDurationMs = 30_000,
  } = options;
  const log = options.logger.child({ stage: name });
  const queueOptions = { connection: options.redis, prefix: options.queuePrefix };
  const queue = new Queue<StageJobData>(name, queueOptions);
  const jobOptions: JobsOptions = {
    attempts,
    backoff: { type: 'newsflow', delay: backoffMs },
    removeOnComplete: { age: retentionS },
    removeOnFail: { age: retentionS },
  };
  const outbox = startDeadLetterOutbox({
    name,
    inputTopic: options.inputTopic,
    service: options.service,
    kafka,
    queueOptions,
    backoffMs,
    metrics,
    log,
  });
  const giveUp = createGiveUp(outbox, options.parse, options.onDeadLetter, log);
  let closing: Promise<void> | undefined;
  let stopped = false;
  /** A part stopped on its own, not by close(): said once, and the stage counts as dead. */
  const fail = (part: 'consumer' | 'worker', cause: unknown): void => {
    if (closing !== undefined || stopped) return;
    stopped = true;
    const error = new StageStoppedError(name, part, { cause });
    log.fatal({ err: error }, 'stage stopped working');
    options.onFatal?.(error);
  };
  const processor = createJobProcessor({
    name,
    parse: options.parse,
    handle: options.handle,
    kafka,
    giveUp,
    metrics,
    log,
    attempts,
    jobTimeoutMs,
  });
  const worker = createStageWorker({
    name,
    queueOptions,
    processor,
    giveUp,
    log,
    concurrency,
    backoffMs,
    maxBackoffMs,
    lockDurationMs,
  });
  // run() settles once the worker stops taking jobs: after close(), or on its own.
  worker.run().then(
    () => fail('worker', undefined),
    (error: unknown) => fail('worker', error),
  );
  const stopWatchingDepth = watchQueueDepth([queue, outbox.queue], metrics);
  const intake = await startKafkaToQueue({
    name,
    inputTopic: options.inputTopic,
    kafka,
    queue,
    jobOptions,
    parse: options.parse,
    jobId: options.jobId,
    priority: options.priority,
    giveUp,
    maxWaitingJobs,
    metrics,
    log,
    onCrash: (error) => fail('consumer', error),
  });
  log.info({ topic: kafka.topic(options.inputTopic), concurrency, attempts }, 'stage started');

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      stopWatchingDepth();
      await intake.close();
      await closeWorker(worker, shutdownGraceMs, log);
      await outbox.close(shutdownGraceMs);
      await queue.close();
      log.info('stage stopped');
    })());
  return { queue, deadLetters: outbox.queue, worker, close, [Symbol.asyncDispose]: close };
}
