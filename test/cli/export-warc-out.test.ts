import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
 * FIFO, a device such as /dev/null, /dev/stdout) must be written as it is, not replaced by a regular file, and a
 * symbolic link written through, not replaced.
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

  it('writes through a symbolic link to the file it leads to, as `>` and cp do; the link stays a link', async () => {
    const { env } = context();
    const linkDir = join(dir, 'through-link');
    mkdirSync(linkDir);
    const file = join(linkDir, 'dated.warc.gz');
    writeFileSync(file, 'an older export');
    const link = join(linkDir, 'latest.warc.gz');
    symlinkSync('dated.warc.gz', link);
    const r = await runCli(['export-warc', '--out', link], env);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('dated.warc.gz');
    expect(gunzipSync(readFileSync(file)).toString('latin1')).toMatch(
      /^WARC\/1\.1\r\nWARC-Filename: dated\.warc\.gz\r\n[^]*warcinfo/,
    );
    expect(readdirSync(linkDir).sort()).toEqual(['dated.warc.gz', 'latest.warc.gz']);
  });

  it('refuses a symbolic link that leads nowhere as ARCHIVE_WRITE_FAILED (exit 1), creating nothing', async () => {
    const { env } = context();
    const linkDir = join(dir, 'dangling-link');
    mkdirSync(linkDir);
    const link = join(linkDir, 'latest.warc.gz');
    symlinkSync('missing.warc.gz', link);
    const r = await runCli(['export-warc', '--out', link], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `newsflow export-warc: ARCHIVE_WRITE_FAILED: ${link} is a symbolic link to missing.warc.gz, which cannot be opened`,
    );
    expect(readdirSync(linkDir)).toEqual(['latest.warc.gz']);
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
