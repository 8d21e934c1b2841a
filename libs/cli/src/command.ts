/** What a CLI command writes to; injected so tests can capture output. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** One `newsflow <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  /** One line for `newsflow --help`. */
  readonly summary: string;
  /** Full text for `newsflow <name> --help`. */
  readonly help: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Exit codes scripts can rely on. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  unreachable: 3,
} as const;

/** Reports bad arguments of `newsflow <name>` with a pointer to its help; returns {@link ExitCode.usage}. */
export function usageError(io: CommandIo, name: string, problem: string): number {
  io.stderr.write(`newsflow ${name}: ${problem}\n\nRun \`newsflow ${name} --help\` for usage.\n`);
  return ExitCode.usage;
}
