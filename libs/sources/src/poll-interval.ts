/** How often a target is polled: a floor and a ceiling, optionally one pinned interval. */
export interface IntervalPolicy {
  /** The floor: never poll more often (also the floor under a pinned interval). */
  readonly minMs: number;
  /** The ceiling: never wait longer, errors included. */
  readonly maxMs: number;
  /** A pinned interval (`--every`): no adapting, but still jittered and backed off on errors. */
  readonly pinnedMs?: number;
  /** Jitter as a fraction of the interval, ± (spreads many sources polled at the same pace). @default 0.1 */
  readonly jitter?: number;
}

/** What the last poll found. */
export interface PollOutcome {
  /** URLs that were new to the source (0 for a 304). */
  readonly newItems: number;
  /** Failed polls in a row, this one included (0 when it succeeded). */
  readonly consecutiveFailures: number;
}

export interface NextPoll {
  /** The interval the target settles on, before jitter and backoff: carried to the next decision. */
  readonly baseMs: number;
  /** How long to wait before the next poll: base, backed off on errors, jittered, clamped, whole seconds. */
  readonly delayMs: number;
}

/** Where an adaptive interval starts: polled every quarter hour until the source shows its pace. */
export const INITIAL_INTERVAL_MS = 15 * 60_000;
/** A poll that found new items halves the interval (a busy source is caught up with in a few polls)… */
const SPEED_UP = 0.5;
/** …one that found nothing stretches it by half (a quiet one drifts to the ceiling in about ten polls). */
const SLOW_DOWN = 1.5;
/** Backoff doubles per failure in a row, up to 2^6 times the base (then the ceiling caps it anyway). */
const MAX_BACKOFF_EXPONENT = 6;
/** Failed polls in a row after which a source shows `failing`. */
export const FAILING_AFTER_FAILURES = 3;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The next poll of a target: a pinned interval stays (never below the floor); an adaptive one halves after a
 * poll that found new URLs and grows by half after one that found none, between floor and ceiling; a failure
 * doubles the wait per failure in a row (up to the ceiling, or the pinned interval if that is longer); the
 * result is jittered by ±`jitter` and rounded to whole seconds. `random` is injected (pure: no Math.random).
 */
export function nextPoll(
  previousBaseMs: number | undefined,
  outcome: PollOutcome,
  policy: IntervalPolicy,
  random: () => number,
): NextPoll {
  const minMs = Math.max(1000, policy.minMs);
  const maxMs = Math.max(minMs, policy.maxMs);
  let baseMs: number;
  if (policy.pinnedMs !== undefined) baseMs = Math.max(minMs, policy.pinnedMs);
  else {
    const previous = clamp(previousBaseMs ?? INITIAL_INTERVAL_MS, minMs, maxMs);
    // A failed poll says nothing about the source's pace: the base stays.
    const factor = outcome.consecutiveFailures > 0 ? 1 : outcome.newItems > 0 ? SPEED_UP : SLOW_DOWN;
    baseMs = clamp(previous * factor, minMs, maxMs);
  }
  const ceiling = Math.max(maxMs, baseMs);
  const backedOff =
    outcome.consecutiveFailures > 0
      ? Math.min(ceiling, baseMs * 2 ** Math.min(outcome.consecutiveFailures, MAX_BACKOFF_EXPONENT))
      : baseMs;
  const jitter = policy.jitter ?? 0.1;
  const jittered = backedOff * (1 + (random() * 2 - 1) * jitter);
  const floorMs = Math.ceil(minMs / 1000) * 1000;
  const delayMs = Math.max(floorMs, Math.round(clamp(jittered, minMs, ceiling) / 1000) * 1000);
  return { baseMs: Math.round(baseMs), delayMs };
}
