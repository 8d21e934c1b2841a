import type { Worker } from 'bullmq';
import type { Logger } from './logger.js';

/**
 * Closes a BullMQ worker, letting its running jobs finish. After `graceMs` it closes by force instead of
 * holding the shutdown: unfinished jobs go back to their queue once their lock expires (the stalled-job check).
 */
export async function closeWorker(worker: Worker, graceMs: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    log.warn({ queue: worker.name, graceMs }, 'running jobs did not finish in time; handing them back');
    await worker.close(true);
  }
}
