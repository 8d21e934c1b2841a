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
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let outcome: T | string;
  try {
    outcome = fn();
  } catch (error) {
    if (!typed(error)) throw new Error(`${label}: unexpected ${String(error)}`, { cause: error });
    outcome = (error as { code: string }).code;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - t0;
  if (cpuMs > slowest.cpuMs) slowest = { label, cpuMs };
  return cpuMs > MAX_CALL_CPU_MS || wallMs > MAX_CALL_WALL_MS
    ? { outcome, over: `took ${cpuMs.toFixed(0)} ms CPU, ${wallMs.toFixed(0)} ms wall` }
    : { outcome };
}
