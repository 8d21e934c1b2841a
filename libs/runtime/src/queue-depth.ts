import type { Queue } from 'bullmq';
import type { StageMetrics } from './metrics.js';

/** How often the queues' job counts are read into the `newsflow_queue_jobs` gauge. */
const QUEUE_DEPTH_POLL_MS = 5000;

/** Keeps the queue-depth gauge of `queues` current; returns the function that stops it. */
export function watchQueueDepth(queues: readonly Queue[], metrics: StageMetrics): () => void {
  const read = (queue: Queue): Promise<void> =>
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed').then((counts) => {
      for (const [state, count] of Object.entries(counts))
        metrics.queueDepth.set({ queue: queue.name, state }, count);
    });
  const timer = setInterval(() => {
    // A missed reading only leaves the gauge a few seconds old; Redis outages show in readiness and logs.
    for (const queue of queues) read(queue).catch(() => undefined);
  }, QUEUE_DEPTH_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
