import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useCliContext } from './cli-context.js';
import { runCli } from './run-cli.js';

describe('counts the CLI prints (subprocess, real servers)', () => {
  const context = useCliContext();
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-counts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says "1 record read" of an archive holding one record, not "1 records read"', async () => {
    const { env } = context();
    // An empty database exports the warcinfo record alone: an archive of exactly one record.
    const archive = join(dir, 'one-record.warc.gz');
    const exported = await runCli(['export-warc', '--out', archive], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('export-warc: done, 0 pages written');
    const imported = await runCli(['import-warc', archive], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(
      'imported 0 pages from 1 archive (1 record read, 0 already stored, 1 skipped: archive-info 1)\n',
    );
    expect(imported.stderr).toMatch(/: done: 1 record read, 0 imported, /);
  });
});
