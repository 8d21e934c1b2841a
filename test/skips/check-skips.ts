/**
 * Fails a test run that skipped a test it should have run: every skipped test must match an entry of
 * test/skips/allowed-skips.ts whose reason holds on this machine (its `holdsWhen` probe exits 0).
 *
 *   tsx test/skips/check-skips.ts <skip report written by test/skips/skip-reporter.ts>
 *
 * Prints each skip with its reason; exits 1 when one is not allowed here, 2 on a bad or missing report.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALLOWED_SKIPS, type AllowedSkip } from './allowed-skips.js';
import type { SkipReport, SkippedTest } from './skip-reporter.js';

const root = resolve(import.meta.dirname, '..', '..');

/** A skipped test with the verdict on it. */
export interface SkipVerdict {
  readonly skipped: SkippedTest;
  /** The allow-list entry it matched, if any. */
  readonly entry?: AllowedSkip;
  /** True when an entry matched and its reason holds here. */
  readonly allowed: boolean;
}

/** The allow-list entry naming this test (or a suite around it), if any. */
export function findEntry(skipped: SkippedTest, allowList: readonly AllowedSkip[]): AllowedSkip | undefined {
  return allowList.find(
    (e) => e.file === skipped.file && (skipped.test === e.test || skipped.test.startsWith(`${e.test} > `)),
  );
}

/**
 * Judges each skip. `holds` runs an entry's probe; it is asked once per entry, however many tests the entry
 * covers.
 */
export function judgeSkips(
  skipped: readonly SkippedTest[],
  allowList: readonly AllowedSkip[],
  holds: (probe: string) => boolean,
): SkipVerdict[] {
  const probed = new Map<AllowedSkip, boolean>();
  return skipped.map((s) => {
    const entry = findEntry(s, allowList);
    if (entry === undefined) return { skipped: s, allowed: false };
    if (!probed.has(entry)) probed.set(entry, holds(entry.holdsWhen));
    return { skipped: s, entry, allowed: probed.get(entry)! };
  });
}

/** Runs a `holdsWhen` probe with bash in the repository root. */
export function probeHolds(probe: string): boolean {
  return spawnSync('bash', ['-c', probe], { cwd: root, stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/** The lines to print and the exit status for a report. */
export function checkSkipReport(
  report: SkipReport,
  allowList: readonly AllowedSkip[] = ALLOWED_SKIPS,
  holds: (probe: string) => boolean = probeHolds,
): { lines: string[]; status: 0 | 1 } {
  if (report.testNamePattern !== undefined)
    return {
      lines: [`[skips] not checked: the run was filtered by name (${report.testNamePattern})`],
      status: 0,
    };
  const verdicts = judgeSkips(report.skipped, allowList, holds);
  const lines = verdicts.map(({ skipped, entry, allowed }) => {
    const name = `${skipped.file} > ${skipped.test}`;
    if (allowed) return `[skips] allowed here: ${name}: ${entry!.reason}`;
    if (entry)
      return `[skips] NOT ALLOWED HERE: ${name}: skipped, but its reason does not hold on this machine ("${entry.reason}" — probe \`${entry.holdsWhen}\` failed)`;
    return `[skips] NOT ALLOWED: ${name}${skipped.note === undefined ? '' : ` (${skipped.note})`}: skipped, and not in test/skips/allowed-skips.ts`;
  });
  const bad = verdicts.filter((v) => !v.allowed).length;
  lines.push(
    bad === 0
      ? `[skips] ${verdicts.length === 0 ? 'no test skipped' : `${verdicts.length} skipped test(s), all allowed on this machine`}`
      : `[skips] ${bad} of ${verdicts.length} skipped test(s) should have run here: failing the run`,
  );
  return { lines, status: bad === 0 ? 0 : 1 };
}

function main(args: string[]): number {
  let file: string | undefined;
  try {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    if (positionals.length === 1) file = positionals[0];
  } catch (err) {
    // It takes no options: a flag is a usage error.
    process.stderr.write(`[skips] ${(err as Error).message}\n`);
  }
  if (file === undefined) {
    process.stderr.write('usage: tsx test/skips/check-skips.ts <skip report>\n');
    return 2;
  }
  let report: SkipReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as SkipReport;
  } catch (err) {
    process.stderr.write(`[skips] cannot read the skip report ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const { lines, status } = checkSkipReport(report);
  process.stderr.write(`${lines.join('\n')}\n`);
  return status;
}

if (import.meta.filename === process.argv[1]) process.exitCode = main(process.argv.slice(2));
