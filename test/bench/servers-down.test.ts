import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A bench started without its servers died with a MongoServerSelectionError stack trace after the driver's 30 s
// server selection (bench:pipeline) or a kafkajs retry schedule (bench:warc). bench/servers.ts now asks each
// server once, bounded, and names the ones that do not answer.

const root = resolve(import.meta.dirname, '..', '..');

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Bound on the whole run (tsx start-up included): "exits at all", not a speed; the check itself waits 10 s at most. */
const RUN_BOUND_MS = 90_000;

function runBench(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stderr });
    }),
  );
}

describe('a bench whose servers are not running', () => {
  it.each([
    ['bench:pipeline', 'bench/pipeline/main.ts'],
    ['bench:warc', 'bench/bench-warc.ts'],
  ])(
    '%s names each server that does not answer, says how to start them and exits 3',
    async (name, script) => {
      const [kafka, redis, mongo] = [await closedPort(), await closedPort(), await closedPort()];
      const { code, stderr } = await runBench(script, {
        KAFKA_BROKERS: `127.0.0.1:${kafka}`,
        REDIS_URL: `redis://127.0.0.1:${redis}`,
        MONGODB_URI: `mongodb://127.0.0.1:${mongo}/newsflow`,
      });
      expect(stderr).toContain(`${name}: servers did not answer`);
      expect(stderr).toContain(`kafka 127.0.0.1:${kafka}`);
      expect(stderr).toContain(`redis redis://127.0.0.1:${redis}`);
      expect(stderr).toContain(`mongo mongodb://127.0.0.1:${mongo}/newsflow`);
      expect(stderr).toContain('npm run servers:up');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(code).toBe(3);
    },
    RUN_BOUND_MS + 10_000,
  );
});
