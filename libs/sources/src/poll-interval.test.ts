import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAILING_AFTER_FAILURES, INITIAL_INTERVAL_MS, nextPoll } from './poll-interval.js';

const policy = { minMs: 60_000, maxMs: 6 * 3_600_000 };
const noJitter = () => 0.5;

describe('nextPoll', () => {
  it('polls a busy source more often and a quiet one less, between floor and ceiling', () => {
    const busy = nextPoll(INITIAL_INTERVAL_MS, { newItems: 5, consecutiveFailures: 0 }, policy, noJitter);
    expect(busy.baseMs).toBe(INITIAL_INTERVAL_MS / 2);
    const quiet = nextPoll(INITIAL_INTERVAL_MS, { newItems: 0, consecutiveFailures: 0 }, policy, noJitter);
    expect(quiet.baseMs).toBe(INITIAL_INTERVAL_MS * 1.5);
    let base = INITIAL_INTERVAL_MS;
    for (let i = 0; i < 30; i++)
      base = nextPoll(base, { newItems: 1, consecutiveFailures: 0 }, policy, noJitter).baseMs;
    expect(base).toBe(policy.minMs);
    for (let i = 0; i < 30; i++)
      base = nextPoll(base, { newItems: 0, consecutiveFailures: 0 }, policy, noJitter).baseMs;
    expect(base).toBe(policy.maxMs);
  });

  it('keeps a pinned interval, never below the floor, and backs it off on errors', () => {
    expect(
      nextPoll(
        undefined,
        { newItems: 0, consecutiveFailures: 0 },
        { ...policy, pinnedMs: 120_000 },
        noJitter,
      ),
    ).toEqual({ baseMs: 120_000, delayMs: 120_000 });
    expect(
      nextPoll(undefined, { newItems: 9, consecutiveFailures: 0 }, { ...policy, pinnedMs: 2000 }, noJitter)
        .delayMs,
    ).toBe(60_000);
    const tests = { minMs: 1000, maxMs: 60_000, pinnedMs: 2000 };
    expect(nextPoll(2000, { newItems: 0, consecutiveFailures: 1 }, tests, noJitter).delayMs).toBe(4000);
    expect(
      nextPoll(2000, { newItems: 0, consecutiveFailures: FAILING_AFTER_FAILURES }, tests, noJitter).delayMs,
    ).toBe(16_000);
    expect(nextPoll(2000, { newItems: 0, consecutiveFailures: 50 }, tests, noJitter).delayMs).toBe(60_000);
  });

  it('always waits whole seconds within [floor, max(ceiling, pinned)], jitter included (property)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`poll-interval property seed ${seed} (FC_SEED=${seed} reproduces)`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 3_600_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.option(fc.integer({ min: 1, max: 86_400_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 86_400_000 }), { nil: undefined }),
        fc.nat({ max: 1000 }),
        fc.nat({ max: 100 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (minMs, span, pinnedMs, previous, newItems, failures, random) => {
          const p = { minMs, maxMs: minMs + span, ...(pinnedMs === undefined ? {} : { pinnedMs }) };
          const { baseMs, delayMs } = nextPoll(
            previous,
            { newItems, consecutiveFailures: failures },
            p,
            () => random,
          );
          const ceiling = Math.max(p.maxMs, pinnedMs ?? 0);
          expect(delayMs % 1000).toBe(0);
          expect(delayMs).toBeGreaterThanOrEqual(Math.max(1000, minMs));
          expect(delayMs).toBeLessThanOrEqual(Math.ceil(ceiling / 1000) * 1000 + 1000);
          expect(baseMs).toBeGreaterThanOrEqual(minMs);
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
