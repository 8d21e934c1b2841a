/**
 * The whole local stack in the background: the servers (deploy/local/up; `NEWSFLOW_KAFKA_NODES=3` makes Kafka a
 * 3-node cluster, and the services then create topics with 3 replicas) plus every service in services/*,
 * each its own process (`node --import tsx services/<name>/src/main.ts`), logs and pid files under .stack/.
 * `up` returns once every service answers /readyz; run again it starts only what is not running.
 *
 *   tsx deploy/local/stack.ts up|down|status [--services fetcher,cleaner]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..', '..');
const stackDir = join(root, '.stack');
const logDir = join(stackDir, 'logs');

/** Local HTTP ports of each service's /healthz, /readyz and /metrics. */
export const SERVICE_PORTS: Readonly<Record<string, number>> = {
  fetcher: 8081,
  cleaner: 8082,
  entities: 8083,
  store: 8084,
  discovery: 8085,
  console: 8086,
};
/** Where the console (services/console) serves its pages unless CONSOLE_PORT says otherwise. */
const CONSOLE_PORT = 8090;
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

/** Reads KEY=value lines (comments and blanks skipped). */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

function rank(order: readonly string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}

/** Services that exist in this checkout, in pipeline order. */
export function listServices(): string[] {
  const order = Object.keys(SERVICE_PORTS);
  return readdirSync(join(root, 'services'))
    .filter((name) => existsSync(join(root, 'services', name, 'src', 'main.ts')))
    .sort((a, b) => rank(order, a) - rank(order, b));
}

function pidFile(name: string): string {
  return join(stackDir, `${name}.pid`);
}

function runningPid(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * What deploy/local/env prints for the servers deploy/local runs (addresses of every Kafka node, the topics'
 * replication); nothing when KAFKA_BROKERS points the stack at other servers.
 */
function localServerEnv(): Record<string, string> {
  if (process.env.KAFKA_BROKERS) return {};
  const out = spawnSync('bash', [join(root, 'deploy', 'local', 'env')], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`deploy/local/env failed: ${out.stderr}`);
  return Object.fromEntries(
    out.stdout.split('\n').flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!]] : [];
    }),
  );
}

function serviceEnv(name: string): NodeJS.ProcessEnv {
  return {
    ...readEnvFile(join(root, 'deploy', 'service-defaults.env')),
    // The demo site and test fixtures are served on loopback, which the fetcher refuses by default.
    FETCH_ALLOWED_HOSTS: '127.0.0.1,localhost',
    ...localServerEnv(),
    ...process.env,
    HTTP_PORT: String(SERVICE_PORTS[name] ?? 0),
    SERVICE_NAME: name,
  };
}

function startService(name: string): number {
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    env: serviceEnv(name),
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  writeFileSync(pidFile(name), String(child.pid));
  return child.pid!;
}

function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function up(services: string[]): Promise<number> {
  if (!process.env.KAFKA_BROKERS) {
    const servers = spawnSync('bash', [join(root, 'deploy', 'local', 'up')], { stdio: 'inherit' });
    if (servers.status !== 0) return servers.status ?? 1;
  }
  const started: string[] = [];
  for (const name of services) {
    const pid = runningPid(name);
    if (pid !== undefined) {
      console.log(`stack: ${name} already running (pid ${pid})`);
      continue;
    }
    console.log(`stack: starting ${name} (pid ${startService(name)}, log .stack/logs/${name}.log)`);
    started.push(name);
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (const name of services) {
    const port = SERVICE_PORTS[name] ?? 0;
    while (!(await isReady(port))) {
      if (runningPid(name) === undefined || Date.now() > deadline) {
        console.error(
          `stack: ${name} did not become ready; last log lines:\n${tail(join(logDir, `${name}.log`))}`,
        );
        return 1;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`stack: ${name} ready on http://127.0.0.1:${port}/readyz`);
  }
  if (services.includes('console'))
    console.log(`stack: the console is on http://127.0.0.1:${process.env.CONSOLE_PORT ?? CONSOLE_PORT}/`);
  return 0;
}

async function down(services: string[], withServers: boolean): Promise<number> {
  for (const name of services) {
    const pid = runningPid(name);
    if (pid === undefined) continue;
    process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (runningPid(name) !== undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    if (runningPid(name) !== undefined) process.kill(-pid, 'SIGKILL');
    rmSync(pidFile(name), { force: true });
    console.log(`stack: stopped ${name}`);
  }
  if (withServers && !process.env.KAFKA_BROKERS) {
    return spawnSync('bash', [join(root, 'deploy', 'local', 'down')], { stdio: 'inherit' }).status ?? 1;
  }
  return 0;
}

async function status(services: string[]): Promise<number> {
  let ok = true;
  for (const name of services) {
    const pid = runningPid(name);
    const ready = pid !== undefined && (await isReady(SERVICE_PORTS[name] ?? 0));
    ok &&= ready;
    console.log(
      `${name.padEnd(9)} ${pid === undefined ? 'stopped' : `pid ${pid}`} ${ready ? 'ready' : 'not ready'}`,
    );
  }
  return ok ? 0 : 1;
}

const HELP = `Usage: tsx deploy/local/stack.ts <up|down|status> [--services a,b] [--keep-servers]

  up      start the local servers and every service in the background; returns when all are ready
  down    stop the services, then the servers (unless --keep-servers)
  status  show each service's pid and readiness
`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      services: { type: 'string' },
      'keep-servers': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const services = values.services ? values.services.split(',') : listServices();
  if (command === 'up') return up(services);
  if (command === 'down') return down(services, !values['keep-servers']);
  if (command === 'status') return status(services);
  console.error(`stack: unknown command '${command}'\n${HELP}`);
  return 2;
}

if (import.meta.filename === process.argv[1]) process.exitCode = await main();
