import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isNewsflowError } from '@newsflow/errors';

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
  /**
   * The command's flags, from the same light module: `newsflow` checks them before {@link load}, so a mistyped
   * flag is answered without loading the client libraries. The command parses its arguments with the same table.
   */
  readonly args: CommandArgs;
  /**
   * The command's whole argument check where values need one too (an archive named, a date, a positive number),
   * from the same light module and with the same function the command parses with: a string naming the problem,
   * anything else when the arguments are right. Without it only the flags are checked before {@link load}.
   */
  readonly check?: (args: readonly string[]) => unknown;
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

/**
 * A failure as a command prints it after `newsflow <name>: <input>: `: `CODE: message` for one of the typed
 * errors (ours, the fetcher's, the archives'…), for scripts and docs/errors.md; else the message alone.
 */
export function failureText(error: unknown): string {
  if (isNewsflowError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** What a command's arguments are parsed against: its options table and whether it takes positional arguments. */
export interface ArgsConfig {
  readonly options: OptionsTable;
  readonly allowPositionals?: boolean;
}

/** A command's arguments: one {@link ArgsConfig}, or one per sub-command (`newsflow sources add …`). */
export type CommandArgs = ArgsConfig | { readonly subcommands: Readonly<Record<string, ArgsConfig>> };

/** What is wrong with the sub-command `sub` when the command has those in `names`. */
export function subcommandProblem(sub: string | undefined, names: readonly string[]): string {
  return sub === undefined
    ? `give a sub-command: ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
    : `unknown sub-command ${JSON.stringify(sub)}`;
}

/**
 * What is wrong with `args` for a command that declares `spec`, as {@link parseCommandArgs} finds it: an unknown
 * flag, a flag without its value, a positional argument where none is taken, a missing or unknown sub-command.
 * Undefined when the flags are right; their values (numbers, dates) are the command's to check.
 */
export function checkCommandArgs(args: readonly string[], spec: CommandArgs): string | undefined {
  if (!('subcommands' in spec)) {
    const parsed = parseCommandArgs(args, spec);
    return typeof parsed === 'string' ? parsed : undefined;
  }
  const [sub, ...rest] = args;
  const config =
    sub !== undefined && Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined;
  if (config === undefined) return subcommandProblem(sub, Object.keys(spec.subcommands));
  return checkCommandArgs(rest, config);
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
