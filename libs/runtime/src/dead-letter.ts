import { Queue, Worker, type QueueOptions } from 'bullmq';
import { DeadLetterSchema, SCHEMA_VERSION, dlqTopic, serializeMessage } from '@newsflow/contracts';
import { describeError } from '@newsflow/errors';
import type { KafkaHandle } from './kafka.js';
import type { MessageHeaders } from './kafka-message.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import { retryDelayMs } from './retry-delay.js';
import { closeWorker } from './close-worker.js';
import type { GiveUp, StageJobData } from './stage-job.js';

/**
 * Most original bytes a dead letter carries. Base64 adds a third and the envelope a little more, so a letter
 * stays under a broker's default message.max.bytes (1 MiB) even for a message just under that limit; a larger
 * value is cut and the letter's error message says so. Uncut, such a letter was refused by the broker on every
 * try: the message was never dead-lettered and, from the consumer, blocked its partition for good.
 */
const MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;
/** A kept letter is tried again at most this long after the last failed try, so it follows Kafka's return soon. */
const MAX_DEAD_LETTER_RETRY_MS = 30_000;
/** A kept letter is never given up: at one try per {@link MAX_DEAD_LETTER_RETRY_MS} this lasts for years. */
const DEAD_LETTER_ATTEMPTS = 10_000_000;
/** Letters sent at once; they are independent and small. */
const DEAD_LETTER_CONCURRENCY = 4;

/** A dead letter waiting in Redis for Kafka: the serialised letter and what its Kafka message needs. */
interface KeptLetter {
  readonly key: string | null;
  /** The serialised `DeadLetter` message (JSON). */
  readonly value: string;
  readonly headers: MessageHeaders;
  /** The reason's code, for the metric. */
  readonly code: string;
}

export interface DeadLetterOutboxOptions {
  /** The stage's queue name; the outbox queue is `<name>-dead-letters`. */
  readonly name: string;
  /** Logical input topic of the stage; letters go to its `.dlq` topic. */
  readonly inputTopic: string;
  /** Service name recorded in each letter. */
  readonly service: string;
  readonly kafka: KafkaHandle;
  /** Redis connection and key prefix, as the stage's queue has them. */
  readonly queueOptions: QueueOptions;
  /** First delay between tries to write a letter, doubled each try (capped at 30 s). */
  readonly backoffMs: number;
  readonly metrics: StageMetrics;
  readonly log: Logger;
}

/**
 * Where given-up messages go: each letter is first kept in Redis (a BullMQ queue), then written to
 * `<input topic>.dlq` by the outbox's own worker, which tries again until Kafka takes it. So a message given
 * up while Kafka is down is not lost: its letter waits, across restarts, and is written once Kafka answers.
 */
export interface DeadLetterOutbox {
  readonly queue: Queue<KeptLetter>;
  /**
   * Keeps a letter with the reason, the attempt count and the original bytes; resolves once Redis has it.
   * Keeping the same message again (same partition and offset) while its letter waits keeps one letter.
   * @throws when Redis does not take it (the caller's job then fails and is tried again).
   */
  keep(data: StageJobData, error: unknown, attempts: number): Promise<void>;
  /** Stops writing letters after `graceMs` at most (those not written yet stay in Redis for the next start). */
  close(graceMs: number): Promise<void>;
}

/** What a stage's `onDeadLetter` hears about a message it gave up. */
export interface DeadLetterEvent<T> {
  /** The parsed message, or undefined when it did not parse. */
  readonly input: T | undefined;
  /** The message's job id, or undefined when it never became a job (it did not parse). */
  readonly jobId: string | undefined;
  readonly error: { readonly name: string; readonly code: string; readonly message: string };
  readonly attempts: number;
}

export function startDeadLetterOutbox(options: DeadLetterOutboxOptions): DeadLetterOutbox {
  const { kafka, inputTopic, metrics, log } = options;
  const queueName = `${options.name}-dead-letters`;
  const queue = new Queue<KeptLetter>(queueName, options.queueOptions);
  const worker = new Worker<KeptLetter>(
    queueName,
    async (job) => {
      const { key, value, headers, code } = job.data;
      await kafka.sendRaw(dlqTopic(inputTopic), [
        { key, value: Buffer.from(value), headers: { ...headers, producedAt: new Date().toISOString() } },
      ]);
      metrics.deadLettered.inc({ topic: inputTopic, code });
    },
    {
      ...options.queueOptions,
      concurrency: DEAD_LETTER_CONCURRENCY,
      // Seconds an idle worker blocks waiting for a job; also how long close() can wait on that block.
      drainDelay: 1,
      settings: {
        backoffStrategy: (attemptsMade: number) =>
          retryDelayMs(attemptsMade, { baseMs: options.backoffMs, maxMs: MAX_DEAD_LETTER_RETRY_MS }),
      },
    },
  );
  worker.on('failed', (job, err) =>
    log.warn(
      { err, letter: job?.id, tries: job?.attemptsMade },
      'dead letter not written yet; it stays in Redis and is tried again',
    ),
  );
  worker.on('error', (err) => log.error({ err }, 'dead-letter worker error'));

  return {
    queue,
    async keep(data, error, attempts) {
      const described = describeError(error);
      // Whole base64 quads only, so the cut value is still valid base64 of the message's first bytes.
      const keepChars = Math.floor(MAX_DEAD_LETTER_VALUE_BYTES / 3) * 4;
      const cut = data.value.length > keepChars;
      const reason = cut
        ? {
            ...described,
            message: `${described.message} (value cut to its first ${(keepChars / 4) * 3} of ${Buffer.byteLength(data.value, 'base64')} bytes)`,
          }
        : described;
      const letter = serializeMessage(DeadLetterSchema, {
        schemaVersion: SCHEMA_VERSION,
        topic: data.topic,
        partition: data.partition,
        offset: data.offset,
        key: data.key,
        value: cut ? data.value.slice(0, keepChars) : data.value,
        error: reason,
        attempts,
        failedAt: new Date().toISOString(),
        service: options.service,
        traceId: data.headers.traceId,
      });
      await queue.add(
        'dead-letter',
        { key: data.key, value: letter.toString(), headers: data.headers, code: described.code },
        {
          // One letter per message: the processor and the failed-job hook may both give the same job up.
          jobId: `${data.partition}-${data.offset}`,
          attempts: DEAD_LETTER_ATTEMPTS,
          backoff: { type: 'newsflow', delay: options.backoffMs },
          // Written letters are forgotten, so a replayed message that fails again gets a letter again.
          removeOnComplete: true,
        },
      );
      log.warn(
        {
          err: error,
          code: described.code,
          offset: data.offset,
          partition: data.partition,
          traceId: data.headers.traceId,
        },
        'message dead-lettered',
      );
    },
    async close(graceMs) {
      await closeWorker(worker, graceMs, log);
      await queue.close();
    },
  };
}

/**
 * How a stage gives a message up: its letter is kept in `outbox`, then `onDeadLetter` hears of it. A failing
 * hook is logged, not retried: the letter is kept already.
 */
export function createGiveUp<T>(
  outbox: Pick<DeadLetterOutbox, 'keep'>,
  parse: (value: Buffer) => T,
  onDeadLetter: ((event: DeadLetterEvent<T>) => Promise<void>) | undefined,
  log: Logger,
): GiveUp {
  return async (data, error, attempts, jobId) => {
    await outbox.keep(data, error, attempts);
    if (!onDeadLetter) return;
    let input: T | undefined;
    try {
      input = parse(Buffer.from(data.value, 'base64'));
    } catch {
      input = undefined;
    }
    await onDeadLetter({ input, jobId, error: describeError(error), attempts }).catch((err: unknown) =>
      log.warn({ err, jobId }, 'onDeadLetter failed'),
    );
  };
}
