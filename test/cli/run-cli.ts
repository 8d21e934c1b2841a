import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { testNamespace, type TestNamespace } from '@newsflow/testing';
import { builtEntries } from '../support/built-entries.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

export interface CliEnv {
  readonly KAFKA_BROKERS: string;
  readonly REDIS_URL: string;
  readonly MONGODB_URI: string;
  readonly TOPIC_PREFIX: string;
  readonly QUEUE_PREFIX: string;
  readonly [name: string]: string;
}

/**
 * Servers from global setup plus a topic prefix, queue prefix and database no other test uses: those of
 * `namespace` (default a new one of kind `cli`). Give the namespace to remove it at teardown
 * (`removeTestNamespace`, as `useCliContext` does).
 */
export function isolatedEnv(
  servers: {
    kafkaBrokers: string[];
    redisUrl: string;
    mongoUri: string;
  },
  namespace: TestNamespace<'cli'> = testNamespace('cli'),
): CliEnv & { dbName: string } {
  const mongo = new URL(servers.mongoUri);
  mongo.pathname = `/${namespace.dbName}`;
  return {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    REDIS_URL: servers.redisUrl,
    MONGODB_URI: mongo.toString(),
    TOPIC_PREFIX: namespace.topicPrefix,
    QUEUE_PREFIX: namespace.queuePrefix,
    dbName: namespace.dbName,
  };
}

export interface RunningCli {
  readonly result: Promise<CliResult>;
  /** The CLI's process id (the node process running bin/newsflow.mjs). */
  readonly pid: number;
  /** Resolves once stderr contains `text` (rejects when the process ends first or after `timeoutMs`). */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
  kill(): void;
}

export interface CliOptions {
  /**
   * Run bin/newsflow.mjs itself (which compiles the sources through tsx) even where the run built it
   * (test/support/built-entries.ts): for a test of what the process loads. @default false
   */
  readonly source?: boolean;
}

/**
 * Starts `bin/newsflow.mjs <args>` (as the run built it, unless `options.source`) as its own process with only
 * the given environment (plus PATH, HOME).
 */
export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  stdin?: string,
  options: CliOptions = {},
): RunningCli {
  const started = Date.now();
  const bin = (!options.source && builtEntries()?.cli) || resolve(root, 'bin', 'newsflow.mjs');
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of watchers.filter((x) => stderr.includes(x.text))) w.resolve();
  });
  child.stdin.end(stdin ?? '');
  const result = new Promise<CliResult>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr, elapsedMs: Date.now() - started })),
  );
  return {
    result,
    pid: child.pid!,
    kill: () => child.kill('SIGKILL'),
    waitForStderr(text, timeoutMs = 30_000) {
      if (stderr.includes(text)) return Promise.resolve();
      return new Promise<void>((resolveWait, rejectWait) => {
        const timer = setTimeout(
          () => rejectWait(new Error(`no "${text}" on stderr within ${timeoutMs} ms:\n${stderr}`)),
          timeoutMs,
        );
        watchers.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolveWait();
          },
        });
        void result.then((r) => {
          clearTimeout(timer);
          rejectWait(new Error(`newsflow exited ${r.code} before "${text}":\n${r.stderr}`));
        });
      });
    },
  };
}

/** Runs the CLI to the end; a process that runs past `timeoutMs` is killed and the test fails. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  stdin?: string,
  timeoutMs = 90_000,
  options: CliOptions = {},
): Promise<CliResult> {
  const running = startCli(args, env, stdin, options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      running.kill();
      reject(new Error(`newsflow ${args.join(' ')} ran past ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([running.result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
