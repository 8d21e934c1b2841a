import type { CommandEntry, CommandIo } from './command.js';
import { ExitCode, checkCommandArgs, usageError } from './command.js';
import { commands } from './commands/index.js';

export type { Command, CommandIo } from './command.js';
export { ExitCode } from './command.js';

function usage(all: readonly CommandEntry[]): string {
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    'Usage: newsflow <command> [options]',
    '',
    'Commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `newsflow <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(
  argv: readonly string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Bad usage (exit 2): on stderr, as every other usage error, so a script's captured stdout stays empty.
    io.stderr.write(usage(commands));
    return ExitCode.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage(commands));
    return ExitCode.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`newsflow: unknown command '${name}'\n\n${usage(commands)}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(entry.help.endsWith('\n') ? entry.help : `${entry.help}\n`);
    return ExitCode.ok;
  }
  // Arguments are checked from the light module: a mistyped one costs no client library's loading.
  const checked = entry.check ? entry.check(rest) : checkCommandArgs(rest, entry.args);
  const problem = typeof checked === 'string' ? checked : undefined;
  if (problem !== undefined) return usageError(io, name, problem);
  return (await entry.load()).run(rest, io);
}
