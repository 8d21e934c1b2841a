import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from '../command.js';
import { ExitCode, parseOptions, usageError } from '../command.js';
import { consoleArgs } from './console-help.js';

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

/** `newsflow console`: the web console (services/console) in the foreground. */
export const consoleCommand: Command = {
  name: 'console',
  async run(args, io) {
    const values = parseOptions(io, 'console', args, consoleArgs.options);
    if (typeof values === 'number') return values;
    if (values.port !== undefined && !(/^\d{1,5}$/.test(values.port) && Number(values.port) <= 65_535))
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
