import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** One skipped test, as test/skips/check-skips.ts reads it. */
export interface SkippedTest {
  /** Relative to the repository root. */
  readonly file: string;
  /** Suite titles and the test title joined by " > ". */
  readonly test: string;
  /** `ctx.skip(note)`'s note, when the test gave one. */
  readonly note?: string;
}

/** What the reporter writes to `NEWSFLOW_SKIPS_FILE`. */
export interface SkipReport {
  /** `-t` / `--testNamePattern`: tests left out by the filter are "skipped" too, so no check applies. */
  readonly testNamePattern?: string;
  readonly skipped: readonly SkippedTest[];
}

const root = resolve(import.meta.dirname, '..', '..');

/**
 * Lists every skipped test on stderr at the end of a run, with its note, and — when `NEWSFLOW_SKIPS_FILE` is
 * set (scripts/test.sh sets it) — writes them as a {@link SkipReport} for test/skips/check-skips.ts, which fails
 * the run on a skip not in test/skips/allowed-skips.ts.
 */
export default class SkipReporter implements Reporter {
  #testNamePattern: RegExp | undefined;

  onInit(vitest: Vitest): void {
    this.#testNamePattern = vitest.config.testNamePattern;
  }

  onTestRunEnd(testModules: readonly TestModule[]): void {
    const skipped: SkippedTest[] = [];
    for (const module of testModules) {
      for (const testCase of module.children.allTests('skipped')) {
        const result = testCase.result();
        const note = result.state === 'skipped' ? result.note : undefined;
        skipped.push({
          file: relative(root, module.moduleId),
          test: testCase.fullName,
          ...(note === undefined ? {} : { note }),
        });
      }
    }
    if (skipped.length > 0) {
      const lines = skipped.map(
        (s) => `  ${s.file} > ${s.test}${s.note === undefined ? '' : ` (${s.note})`}`,
      );
      process.stderr.write(`\n[skips] ${skipped.length} test(s) skipped:\n${lines.join('\n')}\n`);
    }
    const file = process.env.NEWSFLOW_SKIPS_FILE;
    if (file) {
      const report: SkipReport = {
        ...(this.#testNamePattern === undefined ? {} : { testNamePattern: String(this.#testNamePattern) }),
        skipped,
      };
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    }
  }
}
