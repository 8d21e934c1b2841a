import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { holdFreePorts } from '@newsflow/testing';

/** Pipeline order; each is `services/<name>/src/main.ts`. */
export const SERVICE_NAMES = ['fetcher', 'cleaner', 'entities', 'store'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RunningReplica {
  readonly service: ServiceName;
  readonly replica: number;
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  readonly child: ChildProcess;
}

export interface StartOptions {
  readonly root: string;
  readonly replicas: number;
  readonly env: Record<string, string>;
  readonly logDir: string;
  /** Extra node flags (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
}

/** Every service process this bench started and that has not exited, for {@link killAllServices}. */
const live = new Set<ChildProcess>();

/** SIGTERM to every service process still running (the bench itself is being interrupted). */
export function killAllServices(): void {
  for (const child of live) child.kill('SIGTERM');
}

async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `replicas` processes of every service (`node --import tsx services/<name>/src/main.ts`), logs to
 * `<logDir>/<service>-<n>.log` (not through this process, so reading logs costs the bench nothing), and
 * resolves once every one answers /readyz. Rejects with the log tail of one that exits or is late.
 */
export async function startServices(options: StartOptions): Promise<RunningReplica[]> {
  await mkdir(options.logDir, { recursive: true });
  // Every replica's port is chosen while all are held: ports picked one by one (listen on 0, close) can be
  // handed out twice, and two replicas then fight over one /readyz port.
  const held = await holdFreePorts(SERVICE_NAMES.length * options.replicas);
  await held.release();
  const ports = [...held.ports];
  const replicas: RunningReplica[] = [];
  for (const service of SERVICE_NAMES) {
    for (let replica = 1; replica <= options.replicas; replica++) {
      const port = ports.shift();
      if (port === undefined) throw new Error('holdFreePorts returned fewer ports than asked for');
      const logFile = join(options.logDir, `${service}-${replica}.log`);
      const fd = openSync(logFile, 'w');
      const child = spawn(
        process.execPath,
        [...(options.nodeArgs ?? []), '--import', 'tsx', `services/${service}/src/main.ts`],
        {
          cwd: options.root,
          env: { ...options.env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', SERVICE_NAME: service },
          stdio: ['ignore', fd, fd],
        },
      );
      closeSync(fd);
      live.add(child);
      child.once('exit', () => live.delete(child));
      replicas.push({ service, replica, pid: child.pid ?? 0, port, logFile, child });
    }
  }
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  for (const r of replicas) {
    while (!(await isReady(r.port))) {
      if (r.child.exitCode !== null || r.child.signalCode !== null || Date.now() > deadline) {
        await stopServices(replicas);
        throw new Error(`${r.service}-${r.replica} did not become ready:\n${tail(r.logFile)}`);
      }
      await sleep(300);
    }
  }
  return replicas;
}

/** SIGTERM to each (graceful: profiles get written), SIGKILL after `graceMs`. */
export async function stopServices(replicas: readonly RunningReplica[], graceMs = 30_000): Promise<void> {
  await Promise.all(
    replicas.map(async (r) => {
      if (r.child.exitCode !== null || r.child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => r.child.once('exit', () => resolve()));
      r.child.kill('SIGTERM');
      const timer = setTimeout(() => r.child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** Peak resident set (VmHWM) of a live process, bytes; 0 when unreadable. */
export function peakRssBytes(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a live process has used; 0 when unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command name), in ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Sum and count of a histogram (by `queue` label) and a counter from a Prometheus text page. */
export interface JobMetrics {
  readonly durationSumS: number;
  readonly durationCount: number;
  readonly failed: number;
}

export async function scrapeJobMetrics(port: number): Promise<JobMetrics> {
  const text = await (
    await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })
  ).text();
  const sum = (name: string): number => {
    let total = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name)) continue;
      const rest = line.slice(name.length);
      if (rest[0] !== '{' && rest[0] !== ' ') continue;
      total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
    }
    return total;
  };
  return {
    durationSumS: sum('newsflow_job_duration_seconds_sum'),
    durationCount: sum('newsflow_job_duration_seconds_count'),
    failed: sum('newsflow_jobs_failed_total'),
  };
}
