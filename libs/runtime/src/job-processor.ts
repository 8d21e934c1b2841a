import { DelayedError, type Job } from 'bullmq';
import type { z } from 'zod';
import { errorCode, isRetriable } from '@newsflow/errors';
import type { KafkaHandle } from './kafka.js';
import type { MessageHeaders } from './kafka-message.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import { JobStalledError } from './runtime-errors.js';
import type { GiveUp, StageJobData } from './stage-job.js';
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

/** What a job returns when its message went to the dead-letter topic. */
export const DEAD_LETTERED = 'dead-lettered';

/**
 * Runs of one job that may end with its worker gone (killed, out of memory, lock lost) before the message is
 * taken for the cause and given up: a page that crashes its worker must not crash every replica in turn.
 */
export const MAX_STALLED_RUNS = 3;

export interface JobProcessorOptions<T> {
  /** Queue name, for logs and metrics labels. */
  readonly name: string;
  readonly parse: (value: Buffer) => T;
  readonly handle: (input: T, context: JobContext) => Promise<void>;
  readonly kafka: KafkaHandle;
  readonly giveUp: GiveUp;
  readonly metrics: StageMetrics;
  readonly log: Logger;
  readonly attempts: number;
  readonly jobTimeoutMs: number;
}

/** A BullMQ processor function: what one job of a stage runs. */
export type JobProcessor = (job: Job<StageJobData>, token?: string) => Promise<string>;

/**
 * Runs one message through `parse` and `handle`, bounded by `jobTimeoutMs`. A retriable failure with attempts
 * left is thrown back to BullMQ (backoff); any other failure, or a job whose worker died more than
 * {@link MAX_STALLED_RUNS} times, gives the message up (dead letter) and the job completes as {@link DEAD_LETTERED}.
 */
export function createJobProcessor<T>(options: JobProcessorOptions<T>): JobProcessor {
  const { name, kafka, metrics, attempts, jobTimeoutMs } = options;
  return async (job, token) => {
    const attempt = job.attemptsMade + 1;
    const data = job.data;
    const jobLog = options.log.child({ traceId: data.headers.traceId, jobId: job.id, attempt });
    if (job.stalledCounter > MAX_STALLED_RUNS) {
      const error = new JobStalledError(job.stalledCounter);
      metrics.failed.inc({ queue: name, code: error.code });
      await options.giveUp(data, error, job.attemptsMade, job.id);
      return DEAD_LETTERED;
    }
    const stopTimer = metrics.duration.startTimer({ queue: name });
    try {
      const input = options.parse(Buffer.from(data.value, 'base64'));
      const handled = options.handle(input, {
        jobId: job.id ?? '',
        log: jobLog,
        headers: data.headers,
        attempt,
        send: (next, key, schema, message) =>
          kafka.send(next, key, schema, message, { traceId: data.headers.traceId, attempt }),
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
        await options.giveUp(data, error, attempt, job.id);
        return DEAD_LETTERED;
      }
      jobLog.info({ err: error }, 'job failed, will retry');
      throw error;
    } finally {
      stopTimer();
    }
  };
}
