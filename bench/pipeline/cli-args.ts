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
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
    process.exit(2);
  }
}

/** Reads a number option: finite and positive (or zero when `allowZero`), else usage error (exit 2). */
export function numberOption(name: string, raw: string, help: string, allowZero = false): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    console.error(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number (got ${JSON.stringify(raw)})\n\n${help}`,
    );
    process.exit(2);
  }
  return n;
}
