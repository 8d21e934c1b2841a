import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ALLOWED_SKIPS, type AllowedSkip } from './allowed-skips.js';
import { checkSkipReport, judgeSkips, probeHolds } from './check-skips.js';
import type { SkipReport } from './skip-reporter.js';

const root = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'newsflow-skips-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A test file's source and that of the modules it imports for their tests (`import './x.js';`): the reliability
 * suite is one file that imports its scenario modules, which hold the suite titles.
 */
function testSource(path: string): string {
  const text = readFileSync(path, 'utf8');
  const imported = [...text.matchAll(/^import '(\.\.?\/[^']+)\.js';$/gm)].map((m) =>
    readFileSync(resolve(dirname(path), `${m[1]}.ts`), 'utf8'),
  );
  return [text, ...imported].join('\n');
}

const entry: AllowedSkip = {
  file: 'test/x.test.ts',
  test: 'suite',
  reason: 'needs a tool',
  holdsWhen: 'probe-x',
};

describe('the skip check (scripts/test.sh fails a run that skipped a test it should have run)', () => {
  it('allows a listed skip only while its reason holds, and refuses an unlisted one', () => {
    const skipped = [
      { file: 'test/x.test.ts', test: 'suite > a' },
      { file: 'test/x.test.ts', test: 'suite > inner > b' },
      { file: 'test/x.test.ts', test: 'suites > c' },
      { file: 'test/y.test.ts', test: 'suite > a', note: 'no reason here' },
    ];
    const holds = vi.fn(() => true);
    expect(judgeSkips(skipped, [entry], holds).map((v) => v.allowed)).toEqual([true, true, false, false]);
    // One probe per entry, however many tests it covers.
    expect(holds).toHaveBeenCalledTimes(1);
    expect(judgeSkips(skipped, [entry], () => false).map((v) => v.allowed)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('fails the run and names each skip that should have run; passes when all are allowed', () => {
    const report: SkipReport = {
      skipped: [
        { file: 'test/x.test.ts', test: 'suite > a' },
        { file: 'test/y.test.ts', test: 'other', note: 'server missing' },
      ],
    };
    const bad = checkSkipReport(report, [entry], () => true);
    expect(bad.status).toBe(1);
    expect(bad.lines.join('\n')).toContain('allowed here: test/x.test.ts > suite > a: needs a tool');
    expect(bad.lines.join('\n')).toContain('NOT ALLOWED: test/y.test.ts > other (server missing)');
    const notHere = checkSkipReport({ skipped: [report.skipped[0]!] }, [entry], () => false);
    expect(notHere.status).toBe(1);
    expect(notHere.lines[0]).toContain('its reason does not hold on this machine');
    expect(checkSkipReport({ skipped: [report.skipped[0]!] }, [entry], () => true).status).toBe(0);
    expect(checkSkipReport({ skipped: [] }, [entry], () => false).status).toBe(0);
    // A name filter (-t) skips every other test: nothing to judge.
    expect(checkSkipReport({ ...report, testNamePattern: '/a/' }, [entry], () => false).status).toBe(0);
  });

  it('runs a probe with bash in the repository root', () => {
    expect(probeHolds('test -f package.json')).toBe(true);
    expect(probeHolds('! test -f package.json')).toBe(false);
  });

  it('every allowed skip names a test that exists', () => {
    for (const e of ALLOWED_SKIPS) {
      const path = join(root, e.file);
      expect(existsSync(path), e.file).toBe(true);
      const title = e.test.split(' > ').at(-1)!;
      // The title may come from a template literal; its fixed start is in the source.
      expect(testSource(path), `${e.file}: ${e.test}`).toContain(title.split('`')[0]);
    }
  });

  it('the reporter records skipped tests with their notes, and the checker exits 1 on an unlisted one', () => {
    writeFileSync(
      join(scratch, 'sample.test.ts'),
      [
        "describe('suite', () => {",
        "  it.skip('skipped by flag', () => {});",
        "  it('skipped at run time', (ctx) => ctx.skip('no tool here'));",
        "  it('runs', () => {});",
        '});',
      ].join('\n'),
    );
    const reportFile = join(scratch, 'skips.json');
    const vitest = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--root',
        scratch,
        '--globals',
        '--reporter',
        join(root, 'test', 'skips', 'skip-reporter.ts'),
      ],
      {
        cwd: scratch,
        env: { ...process.env, NEWSFLOW_SKIPS_FILE: reportFile },
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect(vitest.status, vitest.stderr).toBe(0);
    expect(vitest.stderr).toContain('[skips] 2 test(s) skipped');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as SkipReport;
    expect(report.skipped.map(({ test, note }) => ({ test, note }))).toEqual([
      { test: 'suite > skipped by flag', note: undefined },
      { test: 'suite > skipped at run time', note: 'no tool here' },
    ]);
    const check = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'test', 'skips', 'check-skips.ts'), reportFile],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(check.status, check.stderr).toBe(1);
    expect(check.stderr).toContain('2 of 2 skipped test(s) should have run here');
  });
});
