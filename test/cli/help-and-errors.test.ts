import { describe, expect, inject, it } from 'vitest';
import { isolatedEnv, runCli } from './run-cli.js';

const COMMANDS = ['push', 'status', 'articles', 'dlq', 'topics', 'import-warc', 'export-warc'] as const;
/** No server answers here: bad usage must be reported before any connection is tried. */
const NOBODY = {
  KAFKA_BROKERS: '127.0.0.1:1',
  REDIS_URL: 'redis://127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/x',
};
/**
 * How much longer than a bad-usage call (the same process start-up and command loading, under the same machine
 * load) reporting an unreachable server may take: NEWSFLOW_CONNECT_TIMEOUT_MS is 4 s by default, kafkajs's own
 * retries would take over 30 s.
 */
const FAIL_FAST_MS = 10_000;

/**
 * Wall time of `newsflow <command> <badArgs>`, rejected before any connection: process start-up plus loading
 * the command's client libraries, which `--help` leaves out.
 */
async function startupMs(command: string, badArgs: readonly string[]): Promise<number> {
  const r = await runCli([command, ...badArgs], NOBODY);
  expect(r.code).toBe(2);
  return r.elapsedMs;
}

describe('newsflow CLI: help and unreachable servers (subprocess)', () => {
  it('lists every command in `newsflow --help`', async () => {
    const r = await runCli(['--help'], {});
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it.each(COMMANDS)(
    '`newsflow %s --help` prints usage, options and exit codes, and exits 0 without servers',
    async (name) => {
      // No server answers: --help must not try to connect.
      const r = await runCli([name, '--help'], NOBODY);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: newsflow ${name}`));
      expect(r.stdout).toContain('Exit codes:');
      expect(r.stdout).toContain('-h, --help');
    },
  );

  it('rejects an unknown option with exit 2 and a pointer to --help', async () => {
    const r = await runCli(['status', '--frobnicate'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--frobnicate'");
    expect(r.stderr).toContain('newsflow status --help');
  });

  it.each([
    ['import-warc', ['--frobnicate', 'a.warc.gz'], "Unknown option '--frobnicate'"],
    ['import-warc', [], 'name at least one archive (file, directory or URL)'],
    ['import-warc', ['a.warc.gz', '--limit', '0'], '--limit needs a positive integer'],
    ['import-warc', ['a.warc.gz', '--since', 'yesterday'], '--since needs an ISO 8601 date'],
    ['export-warc', ['--frobnicate'], "Unknown option '--frobnicate'"],
    ['export-warc', ['stray.warc'], "Unexpected argument 'stray.warc'"],
    ['export-warc', ['--since', 'yesterday'], '--since needs an ISO 8601 date'],
  ] as const)(
    '`newsflow %s %j` is bad usage: exit 2, the reason and a pointer to --help, no connection tried',
    async (name, args, reason) => {
      const r = await runCli([name, ...args], NOBODY);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).toContain(`newsflow ${name} --help`);
      expect(r.stderr).not.toContain('cannot reach');
    },
  );

  it('push refuses anything but http(s) URLs before connecting, exit 2', async () => {
    const r = await runCli(['push', 'https://example.com/ok', 'ftp://example.com/x', 'not a url'], {
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing pushed');
    expect(r.stderr).toContain('ftp://example.com/x');
    expect(r.stderr).not.toContain('cannot reach');
  });

  it('push to a Kafka address nobody listens on fails fast: exit 3, "cannot reach Kafka at 127.0.0.1:9999"', async () => {
    const env = { ...isolatedEnv(inject('servers')), KAFKA_BROKERS: '127.0.0.1:9999' };
    const baselineMs = await startupMs('push', []);
    const r = await runCli(['push', 'https://example.com/a'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('newsflow push: cannot reach Kafka at 127.0.0.1:9999');
    expect(r.elapsedMs - baselineMs).toBeLessThan(FAIL_FAST_MS);
  });

  it('articles with a MongoDB address nobody listens on: exit 3, "cannot reach MongoDB at …" without the password', async () => {
    const env = {
      ...isolatedEnv(inject('servers')),
      MONGODB_URI: 'mongodb://reader:s3cret@127.0.0.1:9998/news',
      NEWSFLOW_CONNECT_TIMEOUT_MS: '1500',
    };
    const baselineMs = await startupMs('articles', ['--limit', '0']);
    const r = await runCli(['articles'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot reach MongoDB at mongodb://reader:***@127.0.0.1:9998/news');
    expect(r.stderr).not.toContain('s3cret');
    expect(r.elapsedMs - baselineMs).toBeLessThan(FAIL_FAST_MS);
  });

  it('status with Redis unreachable still shows Kafka and MongoDB figures, names Redis, exits 3', async () => {
    const env = { ...isolatedEnv(inject('servers')), REDIS_URL: 'redis://:pw@127.0.0.1:9997' };
    const baselineMs = await startupMs('status', ['--frobnicate']);
    const r = await runCli(['status'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot reach Redis at redis://:***@127.0.0.1:9997');
    expect(r.stdout).toMatch(/^fetcher\s+url\.requested\s+0\s+0\s+-\s+-\s+-\s+-\s+0\s+0$/m);
    expect(r.stdout).toContain('articles stored: 0');
    expect(r.elapsedMs - baselineMs).toBeLessThan(FAIL_FAST_MS);
  });
});
