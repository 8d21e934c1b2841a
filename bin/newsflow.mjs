#!/usr/bin/env node
// The `newsflow` command: registers the TypeScript loader, then hands argv to the CLI package.
import { register } from 'tsx/esm/api';

/**
 * A command has closed its connections (each bounded, libs/cli connect.ts) when `main` returns; a client
 * library that still holds a timer or socket after that (kafkajs retrying a broker that went away) must not
 * keep the process alive, so it exits this long after at the latest.
 */
const EXIT_GRACE_MS = 5000;

register();
const { main } = await import('../libs/cli/src/index.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
setTimeout(() => {
  process.stderr.write(
    `newsflow: a client library still held the process open ${EXIT_GRACE_MS / 1000} s after the command finished; exiting\n`,
  );
  process.exit(code);
}, EXIT_GRACE_MS).unref();
