import type { Queue } from 'bullmq';
import type { StageMetrics } from './metrics.js';

/** How often the queue's job counts are read into the `newsflow_queue_jobs` gauge. */
const QUEUE_DEPTH_POLL_MS = 5000;

/** Keeps the queue-depth gauge of `queue` current; returns the function that stops it. */
export function watchQueueDepth(queue: Queue, metrics: StageMetrics): () => void {
  const timer = setInterval(() => {
    queue
      .getJobCounts('waiting', 'active', 'delayed', 'failed')
      .then((counts) => {
        for (const [state, count] of Object.entries(counts))
          metrics.queueDepth.set({ queue: queue.name, state }, count);
      })
      // A missed reading only leaves the gauge a few seconds old; Redis outages show in readiness and logs.
      .catch(() => undefined);
  }, QUEUE_DEPTH_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
