import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliContext } from '../cli/cli-context.js';

const root = resolve(import.meta.dirname, '..', '..');

/** Runs a service's main until it exits by itself; its exit code and every line it printed. */
function runToExit(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((done) =>
    child.on('close', (code) => done({ code, lines: out.split('\n').filter(Boolean) })),
  );
}

describe('a service that cannot start (subprocess, real servers)', () => {
  // Its topic prefix, queue prefix and database, removed afterwards.
  const context = useCliContext();

  it('logs why as a JSON fatal line, closes its connections and exits 1 (a port already taken)', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const port = (taken.address() as AddressInfo).port;
      const { env } = context();
      const r = await runToExit('services/console/src/main.ts', {
        ...env,
        HTTP_PORT: '0',
        CONSOLE_PORT: String(port),
        CONSOLE_HOST: '127.0.0.1',
      });
      expect(r.code).toBe(1);
      const fatal = r.lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; msg: string; err?: { code?: string } })
        .find((entry) => entry.level === 'fatal');
      expect(fatal, r.lines.slice(-10).join('\n')).toMatchObject({
        msg: 'could not start; exiting',
        err: { code: 'EADDRINUSE' },
      });
      // Said once, as JSON: no unhandled rejection's stack after it.
      expect(r.lines.some((line) => line.includes('Node.js v'))).toBe(false);
    } finally {
      taken.close();
    }
  });

  it('logs why as a JSON fatal line and exits 1 when a server does not answer (MongoDB refused)', async () => {
    // Kafka and Redis answer and are opened first; MongoDB's port refuses every connection.
    const refused = createServer();
    await new Promise<void>((done) => refused.listen(0, '127.0.0.1', done));
    const port = (refused.address() as AddressInfo).port;
    await new Promise<void>((done) => refused.close(() => done()));
    const { env } = context();
    const r = await runToExit('services/console/src/main.ts', {
      ...env,
      HTTP_PORT: '0',
      CONSOLE_PORT: '0',
      MONGODB_URI: `mongodb://127.0.0.1:${port}/newsflow`,
    });
    expect(r.code).toBe(1);
    const fatal = r.lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string; err?: { message?: string } })
      .find((entry) => entry.level === 'fatal');
    expect(fatal, r.lines.slice(-10).join('\n')).toMatchObject({ msg: 'could not connect; exiting' });
    expect(fatal?.err?.message).toContain(`127.0.0.1:${port}`);
    expect(r.lines.some((line) => line.includes('Node.js v'))).toBe(false);
  });
});
