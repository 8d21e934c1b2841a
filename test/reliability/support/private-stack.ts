import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { Servers } from '../../support/runtime-harness.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const LOCAL = join(root, 'deploy', 'local');

export type ServerName = 'kafka' | 'redis' | 'mongo';

/**
 * A private Kafka + Redis + MongoDB-wire stack from deploy/local on free ports with its own state folder, so
 * the restart scenarios can stop and start servers without pulling them from under other test runs on the
 * same machine (the shared servers carry their leases). Same scripts, same configs (Redis appendonly).
 */
export interface PrivateStack {
  readonly servers: Servers;
  /** Stops one server (deploy/local/down: SIGTERM, clean shutdown). */
  stop(name: ServerName): Promise<void>;
  /** Starts it again and resolves once it answers a real request (deploy/local/up). */
  start(name: ServerName): Promise<void>;
  /** Stops every server and deletes the state folder. */
  close(): Promise<void>;
}

/**
 * Why the private stack cannot run here, or undefined when it can: asks `deploy/local/where` (the installer's
 * own record of what it installed and where), so no path is repeated here.
 */
export function privateStackUnavailable(): string | undefined {
  const where = spawnSync('bash', [join(LOCAL, 'where'), 'kafka', 'redis', 'mongo'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (where.status === 0) return undefined;
  const why = where.stderr.replaceAll('[local] ', '').trim().split('\n').join('; ');
  return `deploy/local has not installed every server (${why || `deploy/local/where exited with ${where.status}`}); run deploy/local/up once`;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts the three servers on free ports (about 25 s, Kafka dominating). */
export async function startPrivateStack(): Promise<PrivateStack> {
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-reliability-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    REDIS_PORT: String(await freePort()),
    MONGO_PORT: String(await freePort()),
    NEWSFLOW_LOCAL_DIR: dir,
    KAFKA_HEAP: '-Xms128m -Xmx384m',
  };
  const script = async (name: 'up' | 'down', args: string[]): Promise<void> => {
    try {
      await run('bash', [join(LOCAL, name), ...args], { env, cwd: root, timeout: 180_000 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`deploy/local/${name} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
    }
  };
  await script('up', []);
  const stack: PrivateStack = {
    servers: {
      kafkaBrokers: [`127.0.0.1:${env.KAFKA_PORT}`],
      redisUrl: `redis://127.0.0.1:${env.REDIS_PORT}`,
      mongoUri: `mongodb://127.0.0.1:${env.MONGO_PORT}/newsflow`,
    },
    stop: (name) => script('down', [name, '--force']),
    start: (name) => script('up', [name]),
    async close() {
      await script('down', ['--force']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
