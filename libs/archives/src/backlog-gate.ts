import { setTimeout as sleep } from 'node:timers/promises';
import type { StageBacklog } from '@newsflow/ops';

export interface BacklogGateOptions {
  /** Reads the backlog of the stage not to outrun (ops `createBacklogProbe`). */
  readonly read: () => Promise<StageBacklog>;
  /** Lag plus waiting jobs above which the producer waits. */
  readonly maxBacklog: number;
  /** How often the backlog is read, while waiting and between sends. */
  readonly pollMs: number;
  /** Told each time the producer has to wait (for a progress line). */
  readonly onWait?: (backlog: StageBacklog) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Resolves when the producer may send more; see {@link createBacklogGate}. */
export type BacklogGate = () => Promise<void>;

/**
 * Backpressure for a producer that writes faster than a stage drains: before each send, and at most every
 * `pollMs`, reads the stage's backlog and waits while it is above `maxBacklog`. Between two reads the producer
 * may overshoot by what it sends in `pollMs`.
 */
export function createBacklogGate(options: BacklogGateOptions): BacklogGate {
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  let lastReadAt = -Infinity;
  return async () => {
    if (now() - lastReadAt < options.pollMs) return;
    for (;;) {
      const backlog = await options.read();
      lastReadAt = now();
      if (backlog.lag + backlog.waiting <= options.maxBacklog) return;
      options.onWait?.(backlog);
      await wait(options.pollMs);
    }
  };
}
