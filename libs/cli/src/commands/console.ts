import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from '../command.js';
import { ExitCode, parseOptions, usageError } from '../command.js';

/** The console service's entry (services/console), run as its own process. */
const CONSOLE_MAIN = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'services',
  'console',
  'src',
  'main.ts',
);

const HELP = `Usage: newsflow console [--port PORT] [--host HOST]

Runs the web console against the stack the environment names (the same variables as every command), until
Ctrl-C: the pipeline at work (lag, queues, throughput, dead letters, server health), dead letters with replay,
stored articles with their entities, the BullMQ queues (Bull Board) and the followed sources.

Options:
  --port PORT   port of the console (default: CONSOLE_PORT, else 8090)
  --host HOST   address to bind (default: CONSOLE_HOST, else 127.0.0.1: this machine only)
  -h, --help    this text

Environment: KAFKA_BROKERS, REDIS_URL, MONGODB_URI, TOPIC_PREFIX, QUEUE_PREFIX, STORE_ARTICLES_COLLECTION,
DISCOVERY_SOURCES_COLLECTION, and the console's own CONSOLE_* settings (docs/console.md). Changes (replays,
pausing sources, queue actions) need CONSOLE_TOKEN; without it the console is read-only.

The console's JSON log goes to stderr; its address is printed on stdout once it listens.

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 it could not start (a bad setting, a server not answering).
`;

/** `newsflow console`: the web console (services/console) in the foreground. */
export const consoleCommand: Command = {
  name: 'console',
  help: HELP,
  async run(args, io) {
    const values = parseOptions(io, 'console', args, { port: { type: 'string' }, host: { type: 'string' } });
    if (typeof values === 'number') return values;
    if (values.port !== undefined && !/^\d{1,5}$/.test(values.port))
      return usageError(io, 'console', `--port needs a port number, got ${JSON.stringify(values.port)}`);
    const child = spawn(process.execPath, ['--import', 'tsx', CONSOLE_MAIN], {
      env: {
        // Its health and metrics port is of no use to a console run by hand: any free one.
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        ...process.env,
        ...(values.port === undefined ? {} : { CONSOLE_PORT: values.port }),
        ...(values.host === undefined ? {} : { CONSOLE_HOST: values.host }),
        SERVICE_NAME: 'console',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so that Ctrl-C reaches it once, forwarded below (a terminal signals its whole
      // foreground group, and the service's second SIGINT would skip its graceful shutdown).
      detached: true,
    });
    const stop = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    for await (const line of createInterface({ input: child.stdout })) {
      io.stderr.write(`${line}\n`);
      if (!line.includes('"msg":"console listening"')) continue;
      const { url, readOnly } = JSON.parse(line) as { url: string; readOnly: boolean };
      io.stdout.write(
        `newsflow console on ${url}/${readOnly ? ' (read-only: set CONSOLE_TOKEN to allow changes)' : ''}\n`,
      );
    }
    const code = await new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
      else child.once('exit', (exitCode) => done(exitCode));
    });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return code === 0 ? ExitCode.ok : ExitCode.failure;
  },
};
