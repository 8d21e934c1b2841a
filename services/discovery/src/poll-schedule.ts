import type { Queue } from 'bullmq';

/** The BullMQ queue of polls: one job scheduler per target, its id the target id. */
export const POLL_QUEUE = 'discovery-poll';
export const POLL_JOB = 'poll';

export interface PollJobData {
  readonly sourceId: string;
  readonly targetId: string;
}

/** How long a finished poll's failure is kept in Redis for inspection. */
const FAILED_RETENTION_S = 86_400;

/**
 * The schedule lives in Redis as BullMQ job schedulers, not in the process: a restart continues it, and a
 * second replica upserting the same target id changes the one scheduler instead of adding another.
 */
export interface PollSchedule {
  readonly queue: Queue<PollJobData>;
  /**
   * The next poll of a target runs `delayMs` from now, then every `everyMs` (default `delayMs`) until a poll
   * reschedules it. A first poll due at once still gets a real interval: BullMQ queues the following
   * iteration as the first starts, and a one-second `every` would poll again while the first still runs.
   */
  schedule(data: PollJobData, delayMs: number, everyMs?: number): Promise<void>;
  unschedule(targetId: string): Promise<void>;
  has(targetId: string): Promise<boolean>;
}

export function createPollSchedule(queue: Queue<PollJobData>): PollSchedule {
  return {
    queue,
    async schedule(data, delayMs, everyMs = delayMs) {
      // A changed `every` makes BullMQ drop the pending iteration and start over at `startDate`.
      await queue.upsertJobScheduler(
        data.targetId,
        { every: Math.max(1000, everyMs), startDate: Date.now() + Math.max(0, delayMs) },
        {
          name: POLL_JOB,
          data,
          opts: { attempts: 1, removeOnComplete: true, removeOnFail: { age: FAILED_RETENTION_S } },
        },
      );
    },
    async unschedule(targetId) {
      await queue.removeJobScheduler(targetId);
    },
    async has(targetId) {
      return (await queue.getJobScheduler(targetId)) !== undefined;
    },
  };
}
