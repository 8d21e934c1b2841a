import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { useCliContext } from './cli-context.js';
import { runCli } from './run-cli.js';

const run = promisify(execFile);

/**
 * `export-warc --out` writes `FILE.part` and renames it over FILE when complete; a FILE that is no regular file (a
 * FIFO, a device such as /dev/null, /dev/stdout) must be written as it is, not replaced by a regular file.
 */
describe('newsflow export-warc --out (subprocess, real MongoDB)', () => {
  const context = useCliContext();
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-export-out-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes into a FIFO and leaves it a FIFO (no FILE.part renamed over it)', async () => {
    const { env } = context();
    const fifo = join(dir, 'export.fifo');
    await run('mkfifo', [fifo]);
    // A reader of its own process: were the FIFO replaced, the reader would wait on it forever and is killed.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      const r = await runCli(['export-warc', '--out', fifo], env);
      expect(r.code, r.stderr).toBe(0);
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(dir)).toEqual(['export.fifo']);
      await readerDone;
      // An empty database: the warcinfo record alone, gzipped.
      expect(gunzipSync(Buffer.concat(chunks)).toString('latin1')).toMatch(/^WARC\/1\.1\r\n[^]*warcinfo/);
    } finally {
      reader.kill('SIGKILL');
    }
  });

  it('refuses a directory as ARCHIVE_WRITE_FAILED (exit 1) and leaves it as it was', async () => {
    const { env } = context();
    const target = join(dir, 'a-directory');
    mkdirSync(target);
    const r = await runCli(['export-warc', '--out', target], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ARCHIVE_WRITE_FAILED');
    expect(statSync(target).isDirectory()).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);
  });
});
