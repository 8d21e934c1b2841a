import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { holdFreePorts, localStackSettings } from '@newsflow/testing';
import type { Servers } from '../../support/runtime-harness.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const LOCAL = join(root, 'deploy', 'local');

/** A server, or one node of a Kafka cluster (`kafka` is every node). */
export type ServerName = 'kafka' | 'redis' | 'mongo' | `kafka-${number}`;

export interface PrivateStackOptions {
  /** Kafka nodes: 3 makes a KRaft cluster (replication factor 3, min.insync.replicas 2). @default 1 */
  readonly kafkaNodes?: number;
  /** The servers to start; the others' addresses in `servers` then answer nothing. @default all three */
  readonly only?: readonly ('kafka' | 'redis' | 'mongo')[];
}

/**
 * A private Kafka + Redis + MongoDB-wire stack from deploy/local on free ports with its own state folder, so
 * the restart scenarios can stop and start servers without pulling them from under other test runs on the
 * same machine (the shared servers carry their leases). Same scripts, same configs (Redis appendonly).
 */
export interface PrivateStack {
  readonly servers: Servers;
  /** Settings the services need on this stack: the topics' KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  /** Stops one server (deploy/local/down: SIGTERM, clean shutdown). */
  stop(name: ServerName): Promise<void>;
  /** Kills one server with SIGKILL, as a crash would (deploy/local/down --kill). */
  kill(name: ServerName): Promise<void>;
  /** Starts it again and resolves, with what deploy/local/up logged (its stderr), once it answers a real request. */
  start(name: ServerName): Promise<string>;
  /** Stops every server and deletes the state folder. */
  close(): Promise<void>;
}

/**
 * Why the private stack cannot run here, or undefined when it can: asks `deploy/local/where` (the installer's
 * own record of what it installed and where), so no path is repeated here.
 */
export function privateStackUnavailable(
  servers: readonly ('kafka' | 'redis' | 'mongo')[] = ['kafka', 'redis', 'mongo'],
): string | undefined {
  const where = spawnSync('bash', [join(LOCAL, 'where'), ...servers], {
    cwd: root,
    encoding: 'utf8',
  });
  if (where.status === 0) return undefined;
  const why = where.stderr.replaceAll('[local] ', '').trim().split('\n').join('; ');
  return `deploy/local has not installed every server (${why || `deploy/local/where exited with ${where.status}`}); run deploy/local/up once`;
}

/**
 * The stack's ports, all distinct. One Kafka node takes two ports; a cluster's node i listens on
 * KAFKA_PORT+2(i-1) and the controller port after it (deploy/local/lib.sh), so it takes one block of
 * 2 × nodes ports. All are held together and released just before the servers start.
 */
async function stackPorts(nodes: number): Promise<Record<string, string>> {
  const held = await holdFreePorts(nodes === 1 ? 4 : 2);
  const block = nodes === 1 ? undefined : await holdFreePorts(2 * nodes, { consecutive: true });
  try {
    const [redis, mongo, kafka, controller] = held.ports.map(String);
    const servers = { REDIS_PORT: redis!, MONGO_PORT: mongo! };
    if (block) return { ...servers, KAFKA_PORT: String(block.ports[0]) };
    return { ...servers, KAFKA_PORT: kafka!, KAFKA_CONTROLLER_PORT: controller! };
  } finally {
    await Promise.all([held.release(), block?.release()]);
  }
}

/** Starts the three servers on free ports (about 25 s with one Kafka node, Kafka dominating). */
export async function startPrivateStack(options: PrivateStackOptions = {}): Promise<PrivateStack> {
  const nodes = options.kafkaNodes ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-reliability-'));
  const env = {
    ...process.env,
    ...(await stackPorts(nodes)),
    NEWSFLOW_KAFKA_NODES: String(nodes),
    NEWSFLOW_LOCAL_DIR: dir,
    KAFKA_HEAP: '-Xms128m -Xmx384m',
    // The client JIT only (C1): a private broker lives for a file or a scenario, under a test's light load, and
    // the server JIT's compiles cost more CPU than they give back in that time. A node's start took 2.9-3.4 s
    // of CPU instead of 4.5-6.0 s (2-core machine, load ~9). The JVM reads it itself: deploy/local unchanged.
    JAVA_TOOL_OPTIONS: [process.env.JAVA_TOOL_OPTIONS, '-XX:TieredStopAtLevel=1'].filter(Boolean).join(' '),
  };
  const script = async (name: 'up' | 'down', args: string[]): Promise<string> => {
    try {
      return (await run('bash', [join(LOCAL, name), ...args], { env, cwd: root, timeout: 180_000 })).stderr;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`deploy/local/${name} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
    }
  };
  await script('up', [...(options.only ?? [])]);
  const settings = await localStackSettings(env);
  const stack: PrivateStack = {
    servers: {
      kafkaBrokers: settings.KAFKA_BROKERS!.split(','),
      redisUrl: settings.REDIS_URL!,
      mongoUri: settings.MONGODB_URI!,
    },
    serviceEnv: {
      KAFKA_REPLICATION_FACTOR: settings.KAFKA_REPLICATION_FACTOR!,
      KAFKA_MIN_INSYNC_REPLICAS: settings.KAFKA_MIN_INSYNC_REPLICAS!,
    },
    stop: async (name) => void (await script('down', [name, '--force'])),
    kill: async (name) => void (await script('down', [name, '--force', '--kill'])),
    start: (name) => script('up', [name]),
    async close() {
      await script('down', ['--force']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
