import { randomInt } from 'node:crypto';

/**
 * The seed every run uses, CI included: the same inputs each time, so a run that passed yesterday and
 * fails today points at the change, not at luck.
 */
export const FIXED_SEED = 20_261_206;

/** Random seeds beside the fixed one (`FUZZ_RANDOM_SEEDS`, default 2): new inputs on every run. */
const RANDOM_SEEDS = Number(process.env.FUZZ_RANDOM_SEEDS ?? 2);

export interface FuzzSeed {
  readonly seed: number;
  /** Inputs to try with this seed: all of the suite's runs for the fixed seed, half for a random one. */
  readonly numRuns: number;
}

/**
 * The seeds of one fuzz suite, printed before it runs so that any run can be repeated:
 * `FUZZ_SEED=<seed>` runs that seed alone (fast-check's failure report and the test's name both carry it).
 * A failure found this way becomes a case of the suite's regression list (see test/fuzz/README.md).
 */
export function fuzzSeeds(suite: string, runs: number): FuzzSeed[] {
  const fixed = process.env.FUZZ_SEED;
  const seeds: FuzzSeed[] =
    fixed !== undefined && fixed !== ''
      ? [{ seed: Number(fixed), numRuns: runs }]
      : [
          { seed: FIXED_SEED, numRuns: runs },
          ...Array.from({ length: RANDOM_SEEDS }, () => ({
            seed: randomInt(-(2 ** 31), 2 ** 31),
            numRuns: Math.max(1, Math.ceil(runs / 2)),
          })),
        ];
  console.log(
    `[fuzz] ${suite}: seeds ${seeds.map((s) => `${s.seed} (${s.numRuns} runs)`).join(', ')}; repeat one with FUZZ_SEED=<seed> npm test -- test/fuzz`,
  );
  return seeds;
}
