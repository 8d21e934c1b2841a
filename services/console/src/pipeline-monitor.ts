import type { PipelineStatus } from '@newsflow/ops';
import type { Logger } from '@newsflow/runtime';

/** How far back the throughput chart reaches. */
export const THROUGHPUT_WINDOW_MS = 3_600_000;

export type Health = Readonly<Record<'kafka' | 'redis' | 'mongodb', boolean>>;

/** One reading of the pipeline. */
export interface PipelineSnapshot {
  readonly at: Date;
  readonly status: PipelineStatus;
  readonly health: Health;
}

/** Messages per second each stage wrote to its output topic, between consecutive readings. */
export interface Throughput {
  /** Reading times, Unix seconds (uPlot's x axis). */
  readonly t: number[];
  /** Per stage, the rate over the interval that ends at `t[i]`; null where a reading had no figure. */
  readonly rates: Record<string, (number | null)[]>;
}

export interface PipelineMonitorOptions {
  readonly readStatus: () => Promise<PipelineStatus>;
  readonly readHealth: () => Promise<Health>;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface PipelineMonitor {
  /** The latest reading; undefined until the first one finishes. */
  latest(): PipelineSnapshot | undefined;
  throughput(): Throughput;
  /** Takes a reading now (also what the timer does). */
  sample(): Promise<void>;
  close(): Promise<void>;
}

interface Counters {
  readonly at: number;
  readonly produced: ReadonlyMap<string, number | null>;
}

/**
 * Reads the pipeline's figures every `intervalMs` (one reading however many pages are open) and keeps the
 * stages' output counters of the last hour, from which the throughput chart is drawn. Readings do not overlap:
 * the next is scheduled when one ends.
 */
export function startPipelineMonitor(options: PipelineMonitorOptions): PipelineMonitor {
  const now = options.now ?? Date.now;
  const history: Counters[] = [];
  let latest: PipelineSnapshot | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  async function read(): Promise<void> {
    const [status, health] = await Promise.all([options.readStatus(), options.readHealth()]);
    const at = now();
    latest = { at: new Date(at), status, health };
    history.push({ at, produced: new Map(status.stages.map((s) => [s.stage, s.produced])) });
    while (history.length > 0 && history[0]!.at < at - THROUGHPUT_WINDOW_MS) history.shift();
  }

  function sample(): Promise<void> {
    running ??= read()
      .catch((err: unknown) => options.logger.warn({ err }, 'pipeline reading failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void sample().then(schedule), options.intervalMs);
  }

  void sample().then(schedule);
  return {
    latest: () => latest,
    throughput() {
      const t: number[] = [];
      const rates: Record<string, (number | null)[]> = {};
      for (let i = 1; i < history.length; i++) {
        const before = history[i - 1]!;
        const after = history[i]!;
        const seconds = (after.at - before.at) / 1000;
        t.push(Math.round(after.at / 1000));
        for (const [stage, count] of after.produced) {
          const previous = before.produced.get(stage);
          const rate =
            count === null || previous === null || previous === undefined || seconds <= 0
              ? null
              : Math.max(0, count - previous) / seconds;
          (rates[stage] ??= []).push(rate === null ? null : Math.round(rate * 100) / 100);
        }
      }
      return { t, rates };
    },
    sample,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
