import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { cpuSeconds } from './service-processes.js';

/** Server-side counters read before and after a run; deltas divided by articles give round-trips per article. */
export interface ServerCounters {
  /** Sum of `calls` over Redis `INFO commandstats`. */
  readonly redisCalls: number;
  /** Sum of commands over MongoDB `serverStatus` (`opcounters`, or FerretDB's `metrics.commands`); undefined if neither. */
  readonly mongoOps: number | undefined;
  /** CPU seconds of the local servers started by deploy/local (kafka, redis, mongo), where their pid files are. */
  readonly serverCpuS: Record<string, number>;
}

async function redisCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/calls=(\d+)/g)) total += Number(match[1]);
  return total;
}

async function mongoOps(db: Db): Promise<number | undefined> {
  try {
    const status = (await db.admin().command({ serverStatus: 1 })) as {
      opcounters?: Record<string, number>;
      metrics?: { commands?: Record<string, { total?: number }> };
    };
    if (status.opcounters) return Object.values(status.opcounters).reduce((a, b) => a + Number(b), 0);
    const commands = status.metrics?.commands;
    if (commands) return Object.values(commands).reduce((a, c) => a + Number(c.total ?? 0), 0);
    return undefined;
  } catch {
    return undefined;
  }
}

/** Where deploy/local keeps each server's pid file, by the port the bench talks to. */
export interface ServerPorts {
  readonly kafka: number;
  readonly redis: number;
  readonly mongo: number;
}

function localServerPids(root: string, ports: ServerPorts): Record<string, number> {
  const files: Record<string, string> = {
    kafka: `.local/kafka-${ports.kafka}/kafka.pid`,
    redis: `.local/redis-${ports.redis}/redis.pid`,
    mongo: `.local/mongo-${ports.mongo}/mongo.pid`,
  };
  const pids: Record<string, number> = {};
  for (const [name, file] of Object.entries(files)) {
    try {
      const pid = Number(readFileSync(join(root, file), 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) pids[name] = pid;
    } catch {
      // not started by deploy/local (servers from the environment): no CPU figure
    }
  }
  return pids;
}

export async function readServerCounters(
  redis: Redis,
  db: Db,
  root: string,
  ports: ServerPorts,
): Promise<ServerCounters> {
  const serverCpuS: Record<string, number> = {};
  for (const [name, pid] of Object.entries(localServerPids(root, ports))) serverCpuS[name] = cpuSeconds(pid);
  return { redisCalls: await redisCalls(redis), mongoOps: await mongoOps(db), serverCpuS };
}
