import { Worker, type Job, type QueueOptions } from 'bullmq';
import { DEAD_LETTERED, MAX_STALLED_RUNS, type JobProcessor } from './job-processor.js';
import type { Logger } from './logger.js';
import { retryDelayMs } from './retry-delay.js';
import type { GiveUp, StageJobData } from './stage-job.js';

export interface StageWorkerOptions {
  /** Queue name. */
  readonly name: string;
  /** Redis connection and key prefix, as the stage's queue has them. */
  readonly queueOptions: QueueOptions;
  readonly processor: JobProcessor;
  readonly giveUp: GiveUp;
  readonly log: Logger;
  readonly concurrency: number;
  readonly backoffMs: number;
  /** Ceiling of the delay between attempts, Retry-After included. */
  readonly maxBackoffMs: number;
  readonly lockDurationMs: number;
}

/**
 * Makes the BullMQ worker of a stage: `processor` on `concurrency` jobs at once, retries spaced by
 * {@link retryDelayMs} (at most `maxBackoffMs` apart), a job whose worker died taken over after `lockDurationMs`. It takes jobs once the
 * caller calls `run()`.
 */
export function createStageWorker(options: StageWorkerOptions): Worker<StageJobData, string> {
  const { log, backoffMs, maxBackoffMs, lockDurationMs } = options;
  const worker = new Worker<StageJobData, string>(options.name, options.processor, {
    ...options.queueOptions,
    concurrency: options.concurrency,
    autorun: false,
    lockDuration: lockDurationMs,
    stalledInterval: Math.max(1000, Math.floor(lockDurationMs / 2)),
    // One stall more than the processor allows, so the processor (not BullMQ) gives such a job up, with a letter.
    maxStalledCount: MAX_STALLED_RUNS + 1,
    // Seconds an idle worker blocks waiting for a job; also how long close() can wait on that block.
    drainDelay: 1,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
        retryDelayMs(attemptsMade, { baseMs: backoffMs, maxMs: maxBackoffMs }, error),
    },
  });
  // A dead-lettered message must not keep its job id: `newsflow dlq --replay` sends it again, and a retained
  // id would make the replay look like a redelivery and drop it.
  const forget = (job: Job<StageJobData>): Promise<void> =>
    job
      .remove()
      .catch((err: unknown) => log.warn({ err, jobId: job.id }, 'could not forget a dead-lettered job'));
  worker.on('completed', (job, result) => {
    if (result === DEAD_LETTERED) void forget(job);
  });
  // The processor gives its own jobs up. A job can still fail for good outside it (it stalled again while
  // being given up, its lock was lost, Redis failed while its letter was kept): it must not vanish either.
  worker.on('failed', (job, error) => {
    if (!job || job.finishedOn === undefined) return; // not for good: BullMQ tries it again
    options
      .giveUp(job.data, error, job.attemptsMade, job.id)
      .then(() => forget(job))
      .catch((err: unknown) =>
        log.error({ err, jobId: job.id }, 'failed job not dead-lettered; it stays in the failed set'),
      );
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  return worker;
}
