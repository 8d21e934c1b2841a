/**
 * A fuzz target's call, bounded: CPU time (user + system of this process) catches runaway work such as a
 * backtracking regex or a quadratic walk over a 1 MB input; wall time catches a hang. Extraction's work is
 * linear in its input (bench/scale-extraction.ts): the slowest shapes of the fuzz suite take ~0.3 s of CPU
 * on a quiet core, so 2 s leaves room for a busy machine and catches a quadratic path (20 000 nested divs
 * took 3.3 s before the depth limit moved into the parser).
 */
export const MAX_CALL_CPU_MS = 2_000;
export const MAX_CALL_WALL_MS = 30_000;

/**
 * Runs `fn`; an error `typed` accepts becomes the outcome (its `code`), any other is rethrown with `label`.
 * A call over the bounds is measured once more before failing: the targets are pure, so runaway work is slow
 * both times, while a collector pause or a stalled machine (both seen on 2 shared cores running the whole
 * suite: 2 s and 11 s of CPU for an input that takes 0.7 s) is not.
 */
export function boundedCall<T>(label: string, fn: () => T, typed: (error: unknown) => boolean): T | string {
  let measured = measure(label, fn, typed);
  if (measured.over) measured = measure(label, fn, typed);
  if (measured.over)
    throw new Error(`${label}: ${measured.over} (bounds ${MAX_CALL_CPU_MS}, ${MAX_CALL_WALL_MS}), twice`);
  return measured.outcome;
}

/**
 * {@link boundedCall} for an async target (an archive read): its CPU time is this process's while the call
 * runs, which is the target's alone as long as the test starts nothing else beside it.
 */
export async function boundedCallAsync<T>(
  label: string,
  fn: () => Promise<T>,
  typed: (error: unknown) => boolean,
): Promise<T | string> {
  let measured = await measureAsync(label, fn, typed);
  if (measured.over) measured = await measureAsync(label, fn, typed);
  if (measured.over)
    throw new Error(`${label}: ${measured.over} (bounds ${MAX_CALL_CPU_MS}, ${MAX_CALL_WALL_MS}), twice`);
  return measured.outcome;
}

let slowest = { label: '', cpuMs: 0 };

/** The call with the most CPU time so far (printed after each suite, to show the margin left). */
export function slowestCall(): string {
  return `${slowest.label} ${slowest.cpuMs.toFixed(0)} ms CPU (bound ${MAX_CALL_CPU_MS})`;
}

function measure<T>(
  label: string,
  fn: () => T,
  typed: (error: unknown) => boolean,
): { outcome: T | string; over?: string } {
  const start = startClock();
  let outcome: T | string;
  try {
    outcome = fn();
  } catch (error) {
    outcome = codeOf(label, error, typed);
  }
  return settle(label, start, outcome);
}

async function measureAsync<T>(
  label: string,
  fn: () => Promise<T>,
  typed: (error: unknown) => boolean,
): Promise<{ outcome: T | string; over?: string }> {
  const start = startClock();
  let outcome: T | string;
  try {
    outcome = await fn();
  } catch (error) {
    outcome = codeOf(label, error, typed);
  }
  return settle(label, start, outcome);
}

function startClock(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function codeOf(label: string, error: unknown, typed: (error: unknown) => boolean): string {
  if (!typed(error)) throw new Error(`${label}: unexpected ${String(error)}`, { cause: error });
  return (error as { code: string }).code;
}

function settle<T>(
  label: string,
  start: { wall: number; cpu: NodeJS.CpuUsage },
  outcome: T | string,
): { outcome: T | string; over?: string } {
  const cpu = process.cpuUsage(start.cpu);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - start.wall;
  if (cpuMs > slowest.cpuMs) slowest = { label, cpuMs };
  return cpuMs > MAX_CALL_CPU_MS || wallMs > MAX_CALL_WALL_MS
    ? { outcome, over: `took ${cpuMs.toFixed(0)} ms CPU, ${wallMs.toFixed(0)} ms wall` }
    : { outcome };
}
