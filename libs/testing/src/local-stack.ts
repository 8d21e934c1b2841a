import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { removeTestLeftovers } from './test-leftovers.js';
import { TestingError, TestingErrorCode } from './testing-error.js';
import type { TestServers } from './test-servers.js';

/** The repository root (this file is libs/testing/src/local-stack.ts). */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface LocalStackOptions {
  /**
   * Longest wait for `deploy/local/up`. The first run downloads Kafka and builds FerretDB (minutes on a
   * small machine); later runs take seconds. @default 900_000
   */
  readonly upTimeoutMs?: number;
  /** Longest wait for `deploy/local/down`. @default 120_000 */
  readonly downTimeoutMs?: number;
}

/**
 * Runs `deploy/local/up` (Kafka 3.9, Redis, FerretDB on loopback; ports from KAFKA_PORT, REDIS_PORT,
 * MONGO_PORT in `env`, a Kafka cluster with NEWSFLOW_KAFKA_NODES=3). Servers already running are reused and left running by `close()`; only the ones
 * this call started are stopped, and only when no other live test run holds a lease on the stack (several
 * people may run tests on one machine at once). When it starts Kafka itself, it first removes the test
 * namespaces earlier runs left (`removeTestLeftovers`). The scripts' progress goes to this process's stderr.
 * @throws TestingError `TESTING_SERVERS_UNAVAILABLE` when `up` fails or runs out of time.
 */
export async function startLocalStack(
  env: NodeJS.ProcessEnv,
  options: LocalStackOptions = {},
): Promise<TestServers> {
  const { upTimeoutMs = 900_000, downTimeoutMs = 120_000 } = options;
  const scratch = await mkdtemp(join(tmpdir(), 'newsflow-local-'));
  const startedFile = join(scratch, 'started');
  const leftoverFile = join(scratch, 'leftover-topics');
  const lease = `--lease=testing-${process.pid}-${randomUUID()}`;
  let started: string[] = [];
  const down = (): Promise<void> =>
    runScript('down', [lease, ...(started.length > 0 ? started : ['--release-only'])], env, downTimeoutMs);
  try {
    await runScript(
      'up',
      [`--started-file=${startedFile}`, `--leftover-topics=${leftoverFile}`, lease],
      env,
      upTimeoutMs,
    );
  } catch (err) {
    // `up` records each server as it starts it, so a half-started stack can still be taken down.
    started = await readLines(startedFile);
    await down().catch(() => {});
    await rm(scratch, { recursive: true, force: true });
    throw new TestingError(
      TestingErrorCode.serversUnavailable,
      `deploy/local/up failed: ${(err as Error).message}. Its log lines are above; server logs are in .local/.`,
      { cause: err },
    );
  }
  started = await readLines(startedFile);
  const leftoverTopics = await readLines(leftoverFile);
  await rm(scratch, { recursive: true, force: true });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= down();
    return closed;
  };
  const settings = await localStackSettings(env);
  const addresses = {
    kafkaBrokers: (settings.KAFKA_BROKERS ?? '').split(','),
    redisUrl: settings.REDIS_URL ?? '',
    mongoUri: settings.MONGODB_URI ?? '',
  };
  // What killed runs left (`.local/` persists): never anything of a run that started since (removeTestLeftovers).
  if (leftoverTopics.length > 0) await removeTestLeftovers(addresses, leftoverTopics);
  return {
    ...addresses,
    source: 'local',
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * The settings `deploy/local/env` prints for the stack `env` describes (KAFKA_BROKERS, REDIS_URL, MONGODB_URI,
 * KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS): the scripts own the ports and the cluster layout.
 */
export async function localStackSettings(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)('bash', [join(repoRoot, 'deploy/local/env')], {
    cwd: repoRoot,
    env,
  });
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line))
      .flatMap((m) => (m ? [[m[1]!, m[2]!] as const] : [])),
  );
}

/** The lines of a file a script appended to (none when it wrote nothing). */
async function readLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Runs deploy/local/<script> with bash, bounded by `timeoutMs`; rejects on a non-zero exit. */
function runScript(
  script: 'up' | 'down',
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'deploy/local', script), ...args], {
      cwd: repoRoot,
      env,
      // stdout too goes to stderr: Vitest reporters own stdout.
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`deploy/local/${script} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`deploy/local/${script} exited with ${signal ?? `code ${code}`}`));
    });
  });
}
