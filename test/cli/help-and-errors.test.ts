import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { mongoAttemptsWithin, startClosingServer } from './closing-server.js';
import { isolatedEnv, runCli, type CliResult } from './run-cli.js';

const COMMANDS = ['push', 'status', 'articles', 'dlq', 'topics', 'import-warc', 'export-warc'] as const;
/** No server answers here: bad usage must be reported before any connection is tried. */
const NOBODY = {
  KAFKA_BROKERS: '127.0.0.1:1',
  REDIS_URL: 'redis://127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/x',
};
/** Modules of the client libraries, which a command's own module loads and its help module must not. */
const CLIENT_LIBRARY = /\/node_modules\/(kafkajs|mongodb|bullmq|ioredis)\//;

/** Runs the CLI with test/cli/record-imports.mjs, which lists the URL of every module the process imported. */
async function runRecordingImports(args: readonly string[]): Promise<CliResult & { modules: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'newsflow-imports-'));
  try {
    const log = join(dir, 'imports.log');
    // bin/newsflow.mjs itself: the modules are the source files it loads through tsx, one each.
    const r = await runCli(
      args,
      {
        ...NOBODY,
        NODE_OPTIONS: `--import ${resolve(import.meta.dirname, 'record-imports.mjs')}`,
        NEWSFLOW_IMPORTS_LOG: log,
      },
      undefined,
      undefined,
      { source: true },
    );
    return { ...r, modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('newsflow CLI: help and unreachable servers (subprocess)', () => {
  it('lists every command in `newsflow --help`', async () => {
    // bin/newsflow.mjs as shipped (the other tests may run it as the run built it: test/support/built-entries.ts).
    const r = await runCli(['--help'], {}, undefined, undefined, { source: true });
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

  it('answers a mistyped flag from the help module: neither the command module nor a client library is loaded', async () => {
    // Control: a URL push refuses is found by the command itself, after its module and kafkajs were loaded.
    const loaded = await runRecordingImports(['push', 'not-a-url']);
    expect(loaded.code).toBe(2);
    expect(loaded.modules.some((url) => url.endsWith('/libs/cli/src/commands/push.ts'))).toBe(true);
    expect(loaded.modules.some((url) => CLIENT_LIBRARY.test(url))).toBe(true);

    // Every command's flags are checked by the same code (main, with the table of its help module): one of each kind.
    const bad: [string, ...string[]][] = [
      ['push', 'https://news.example/a', '--frobnicate'],
      ['status', '--frobnicate'],
      ['export-warc', 'stray.warc'],
      ['sources', 'add', 'https://news.example/', '--frobnicate'],
      ['sources', 'frobnicate'],
      // Values too, where a command's help module checks them (import-warc, export-warc).
      ['import-warc'],
      ['import-warc', 'a.warc.gz', '--limit', '0'],
      ['export-warc', '--since', 'yesterday'],
    ];
    for (const args of bad) {
      const r = await runRecordingImports(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(
        /Unknown option '--frobnicate'|Unexpected argument|unknown sub-command|name at least one archive|--limit needs|--since needs/,
      );
      expect(r.stderr).toContain(`newsflow ${args[0]} --help`);
      expect(r.modules.filter((url) => CLIENT_LIBRARY.test(url))).toEqual([]);
      expect(r.modules.filter((url) => url.endsWith(`/libs/cli/src/commands/${args[0]}.ts`))).toEqual([]);
    }
  });

  it.each([
    ['import-warc', ['--frobnicate', 'a.warc.gz'], "Unknown option '--frobnicate'"],
    ['import-warc', [], 'name at least one archive (file, directory or URL)'],
    ['import-warc', ['a.warc.gz', '--limit', '0'], '--limit needs a positive integer'],
    ['import-warc', ['a.warc.gz', '--since', 'yesterday'], '--since needs an ISO 8601 date'],
    ['export-warc', ['--frobnicate'], "Unknown option '--frobnicate'"],
    ['export-warc', ['stray.warc'], "Unexpected argument 'stray.warc'"],
    ['export-warc', ['--since', 'yesterday'], '--since needs an ISO 8601 date'],
    ['console', ['--port', 'abc'], '--port needs a port number'],
    // Five digits past the last port: it was passed on as CONSOLE_PORT, 'invalid configuration', exit 1.
    ['console', ['--port', '99999'], '--port needs a port number'],
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

  it('push names bad input briefly: why (too long), at most 20 lines, no control characters; exit 2', async () => {
    const lines = [
      `https://example.com/${'a'.repeat(10_000)}`,
      ...Array.from({ length: 30 }, (_, i) => `\u001b[2Jbad ${i}`),
    ];
    const r = await runCli(['push', '-'], { KAFKA_BROKERS: '127.0.0.1:1' }, lines.join('\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('31 not valid http(s) URLs (or longer than 8192 characters), nothing pushed');
    expect(r.stderr).toContain('… and 11 more');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.length).toBeLessThan(6000);
  });

  // "Fails fast" is counted, not timed: each address below is a server that closes every connection at once
  // (startClosingServer), so each attempt a command makes shows there, and a command that retried (kafkajs's
  // own schedule would take over 30 s) is caught by its count whatever the machine's load.

  it('push to a Kafka address that closes every connection gives up after one attempt: exit 3, "cannot reach Kafka at …"', async () => {
    await using kafka = await startClosingServer();
    const env = { ...isolatedEnv(inject('servers')), KAFKA_BROKERS: kafka.address };
    const r = await runCli(['push', 'https://example.com/a'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`newsflow push: cannot reach Kafka at ${kafka.address}`);
    expect(kafka.connections()).toBe(1);
  });

  it('dlq --replay with a Kafka address that closes every connection gives up after one attempt: exit 3, names Kafka, takes no replay lock', async () => {
    await using kafka = await startClosingServer();
    const env = { ...isolatedEnv(inject('servers')), KAFKA_BROKERS: kafka.address };
    const r = await runCli(['dlq', '--replay'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`newsflow dlq: cannot reach Kafka at ${kafka.address}`);
    expect(r.stdout).toBe('');
    expect(kafka.connections()).toBe(1);
    const redis = new Redis(inject('servers').redisUrl);
    try {
      expect(await redis.keys(`${env.QUEUE_PREFIX}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('articles with a MongoDB address that closes every connection: exit 3, "cannot reach MongoDB at …" without the password, within its connect budget', async () => {
    await using mongo = await startClosingServer();
    const budgetMs = 1500;
    const env = {
      ...isolatedEnv(inject('servers')),
      MONGODB_URI: `mongodb://reader:s3cret@${mongo.address}/news`,
      NEWSFLOW_CONNECT_TIMEOUT_MS: String(budgetMs),
    };
    const r = await runCli(['articles'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot reach MongoDB at mongodb://reader:***@${mongo.address}/news`);
    expect(r.stderr).not.toContain('s3cret');
    expect(mongo.connections()).toBeGreaterThanOrEqual(1);
    expect(mongo.connections()).toBeLessThanOrEqual(mongoAttemptsWithin(budgetMs));
  });

  it('status with Redis unreachable still shows Kafka and MongoDB figures, names Redis after one attempt, exits 3', async () => {
    await using redis = await startClosingServer();
    const env = { ...isolatedEnv(inject('servers')), REDIS_URL: `redis://:pw@${redis.address}` };
    const r = await runCli(['status'], env);
    expect(r.code).toBe(3);
    // Named once, on stderr (the diagnostic); stdout keeps the figures.
    expect(r.stderr.split(`cannot reach Redis at redis://:***@${redis.address}`)).toHaveLength(2);
    expect(r.stdout).not.toContain('cannot reach');
    expect(r.stdout).toMatch(/^fetcher\s+url\.requested\s+0\s+0\s+-\s+-\s+-\s+-\s+0\s+0$/m);
    expect(r.stdout).toContain('articles stored: 0');
    expect(redis.connections()).toBe(1);
  });
});
