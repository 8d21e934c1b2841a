import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A `parseArgs` options table: flag name to `{ type, short?, default?, multiple? }`. */
export type OptionsTable = NonNullable<ParseArgsConfig['options']>;

/** What a CLI command writes to; injected so tests can capture output. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** One `newsflow <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/**
 * A command as `newsflow --help` lists it; its module (Kafka, MongoDB, the extractor…) is loaded only when the
 * command runs, so `--help`, `newsflow <name> --help` and `extract` do not pay for every client library.
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for `newsflow --help`. */
  readonly summary: string;
  /**
   * Full text for `newsflow <name> --help`, from the command's `<name>-help.ts`, which imports no client
   * library (loading kafkajs, mongodb and bullmq took 1.1-1.6 s of CPU per call).
   */
  readonly help: string;
  load(): Promise<Command>;
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

/** What a command's arguments are parsed against: its options table and whether it takes positional arguments. */
export interface ArgsConfig {
  readonly options: OptionsTable;
  readonly allowPositionals?: boolean;
}

/** What {@link parseCommandArgs} gives for the config `C`: values and positionals, typed as `parseArgs` types them. */
export type ParsedArgs<C extends ArgsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: C['options']; allowPositionals: C['allowPositionals'] }>
>;

/**
 * Parses a command's arguments with `node:util` parseArgs (strict: unknown flags, missing values and, unless
 * allowed, positional arguments are errors). Returns parseArgs's message in place of the result on bad
 * arguments, for the command to report with {@link usageError}.
 */
export function parseCommandArgs<const C extends ArgsConfig>(
  args: readonly string[],
  config: C,
): ParsedArgs<C> | string {
  try {
    return parseArgs({
      args: [...args],
      options: config.options,
      allowPositionals: config.allowPositionals ?? false,
    }) as ParsedArgs<C>;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The values {@link parseOptions} gives for the options table `O`, typed as `parseArgs` types them. */
export type OptionValues<O extends OptionsTable> = ParsedArgs<{ options: O }>['values'];

/**
 * Parses the flags of `newsflow <name>` against `options` (strict: unknown flags and positional arguments are
 * errors). On bad arguments reports them as {@link usageError} does and returns {@link ExitCode.usage} in place
 * of the values, for the command to return.
 */
export function parseOptions<const O extends OptionsTable>(
  io: CommandIo,
  name: string,
  args: readonly string[],
  options: O,
): OptionValues<O> | number {
  const parsed = parseCommandArgs(args, { options });
  return typeof parsed === 'string' ? usageError(io, name, parsed) : parsed.values;
}
