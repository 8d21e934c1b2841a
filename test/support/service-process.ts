import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { builtEntries } from './built-entries.js';
import type { Servers } from './runtime-harness.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Port of /healthz, /readyz, /metrics (known once ready). */
  readonly port: number;
  /** Every log line the process printed (JSON lines, and anything else). */
  readonly lines: string[];
  /** Sends `signal` and resolves with the exit code (or signal name) once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** Resolves with the exit code (or signal name) once the process ends by itself or is stopped. */
  readonly exited: Promise<number | string>;
}

export interface StartServiceOptions {
  readonly servers: Servers;
  readonly topicPrefix: string;
  readonly queuePrefix: string;
  readonly dbName: string;
  readonly env?: Record<string, string>;
  /** @default 90000 */
  readonly readyTimeoutMs?: number;
  /**
   * The file to run (through tsx), relative to the repository root. @default `services/<name>/src/main.ts`, as
   * the run built it (test/support/built-entries.ts) where it did
   */
  readonly entry?: string;
}

/**
 * Runs `services/<name>/src/main.ts` as its own process against the test servers, isolated by prefixes and
 * database, and resolves once it logs `ready`. Rejects with its last log lines if it exits or times out.
 */
export function startServiceProcess(name: string, options: StartServiceOptions): Promise<ServiceProcess> {
  const mongo = new URL(options.servers.mongoUri);
  mongo.pathname = `/${options.dbName}`;
  const built = options.entry === undefined ? builtEntries()?.services[name] : undefined;
  const entry = options.entry ?? `services/${name}/src/main.ts`;
  const child = spawn(process.execPath, built === undefined ? ['--import', 'tsx', entry] : [built], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KAFKA_BROKERS: options.servers.kafkaBrokers.join(','),
      REDIS_URL: options.servers.redisUrl,
      MONGODB_URI: mongo.toString(),
      TOPIC_PREFIX: options.topicPrefix,
      QUEUE_PREFIX: options.queuePrefix,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SERVICE_NAME: name,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let exited: number | string | undefined;
  const exit = new Promise<number | string>((done) =>
    child.on('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown';
      done(exited);
    }),
  );
  return new Promise((resolveReady, rejectReady) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectReady(
        new Error(
          `${name} not ready within ${options.readyTimeoutMs ?? 90_000} ms:\n${lines.slice(-20).join('\n')}`,
        ),
      );
    }, options.readyTimeoutMs ?? 90_000);
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > 5000) lines.splice(0, 1000);
        if (line.includes('"msg":"ready"')) {
          const port = (JSON.parse(line) as { port: number }).port;
          clearTimeout(timer);
          resolveReady({
            name,
            child,
            port,
            lines,
            async stop(signal = 'SIGTERM') {
              if (exited !== undefined) return exited;
              child.kill(signal);
              return exit;
            },
            exited: exit,
          });
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      rejectReady(new Error(`${name} exited (${code}) before ready:\n${lines.slice(-20).join('\n')}`));
    });
  });
}
