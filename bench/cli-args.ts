import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `node:util` parseArgs for a bench script, with the script's help: `-h`/`--help` prints it and exits 0; an
 * unknown option, a missing value or a stray argument prints the reason and the help and exits 2 (usage), instead
 * of a stack trace.
 */
export function parseCliArgs<T extends ParseArgsConfig>(
  config: T,
  help: string,
): ReturnType<typeof parseArgs<T>> {
  if (process.argv.slice(2).some((arg) => arg === '-h' || arg === '--help')) {
    console.log(help);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    return usageExit(error instanceof Error ? error.message : String(error), help);
  }
}

/** Prints what is wrong with the arguments and the script's help, and exits 2 (usage). */
export function usageExit(problem: string, help: string): never {
  console.error(`${problem}\n\n${help}`);
  process.exit(2);
}

/** Reads a number option: finite and positive (or zero when `allowZero`), else usage error (exit 2). */
export function numberOption(name: string, raw: string, help: string, allowZero = false): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    usageExit(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number (got ${JSON.stringify(raw)})`,
      help,
    );
  }
  return n;
}

/** Reads a whole-number option of at least 1, else usage error (exit 2). */
export function countOption(name: string, raw: string, help: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1)
    usageExit(`--${name} takes a whole number of at least 1 (got ${JSON.stringify(raw)})`, help);
  return n;
}

/** Reads an option that takes one of `choices`, else usage error (exit 2). */
export function choiceOption<const C extends string>(
  name: string,
  raw: string,
  choices: readonly C[],
  help: string,
): C {
  if (!(choices as readonly string[]).includes(raw))
    usageExit(`--${name} takes one of: ${choices.join(', ')} (got ${JSON.stringify(raw)})`, help);
  return raw as C;
}
