import { Worker, type QueueOptions } from 'bullmq';
import type { DeadLetterWriter } from './dead-letter.js';
import { DEAD_LETTERED, type JobProcessor } from './job-processor.js';
import type { Logger } from './logger.js';
import { retryDelayMs } from './retry-delay.js';
import type { StageJobData } from './stage-job.js';

export interface StageWorkerOptions {
  /** Queue name. */
  readonly name: string;
  /** Redis connection and key prefix, as the stage's queue has them. */
  readonly queueOptions: QueueOptions;
  readonly processor: JobProcessor;
  readonly deadLetters: DeadLetterWriter;
  readonly log: Logger;
  readonly concurrency: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly lockDurationMs: number;
}

/**
 * Starts the BullMQ worker of a stage: `processor` on `concurrency` jobs at once, retries spaced by
 * {@link retryDelayMs}, a job whose worker died taken over after `lockDurationMs`.
 */
export function startStageWorker(options: StageWorkerOptions): Worker<StageJobData, string> {
  const { log, attempts, backoffMs, lockDurationMs } = options;
  const worker = new Worker<StageJobData, string>(options.name, options.processor, {
    ...options.queueOptions,
    concurrency: options.concurrency,
    autorun: false,
    lockDuration: lockDurationMs,
    stalledInterval: Math.max(1000, Math.floor(lockDurationMs / 2)),
    maxStalledCount: 3,
    // Seconds an idle worker blocks waiting for a job; also how long close() can wait on that block.
    drainDelay: 1,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
        retryDelayMs(attemptsMade, backoffMs, error),
    },
  });
  // Jobs can still fail outside the processor (stalled too often, lock lost); they must not vanish.
  // A dead-lettered message must not keep its job id: `newsflow dlq --replay` sends it again, and a retained
  // id would make the replay look like a redelivery and drop it.
  worker.on('completed', (job, result) => {
    if (result === DEAD_LETTERED)
      job
        .remove()
        .catch((err: unknown) => log.warn({ err, jobId: job.id }, 'could not forget a dead-lettered job'));
  });
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < attempts) return;
    options.deadLetters
      .write(job.data, error, job.attemptsMade)
      .catch((err: unknown) => log.error({ err }, 'dead letter failed'));
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  void worker.run().catch((err: unknown) => log.error({ err }, 'worker stopped'));
  return worker;
}

/**
 * Closes the worker, letting in-flight jobs finish. After `graceMs` it closes by force instead of holding
 * the shutdown: unfinished jobs go back to the queue once their lock expires (the stalled-job check).
 */
export async function closeStageWorker(worker: Worker, graceMs: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    log.warn({ shutdownGraceMs: graceMs }, 'in-flight jobs did not finish in time; handing them back');
    await worker.close(true);
  }
}
