/**
 * npm run bench [-- --quick]: runs every `bench:*` script of the root package.json in turn (name order),
 * stops at the first that fails and exits with its status.
 *
 * --quick runs each at the small size of {@link QUICK_ARGS}, so the whole set finishes in minutes: a smoke
 * run that every bench still works and prints its table, not figures to compare or report.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCliArgs, usageExit } from '../cli-args.js';

const HELP = `npm run bench [-- --quick]

Runs every bench:* script of package.json in turn, stopping at the first that fails.
  --quick     each bench at a small size (a smoke run of all of them in minutes; figures not comparable)
  -h, --help  this text`;

/**
 * The arguments of each bench in a quick run: sizes small enough that every bench takes a minute or so on
 * two loaded cores. A bench missing here stops `--quick` before anything runs, so a new bench gets one.
 */
const QUICK_ARGS: Readonly<Record<string, readonly string[]>> = {
  'bench:discovery': ['--sources', '200', '--polls', '20'],
  'bench:extraction': ['--pages', '20'],
  'bench:ner': [], // one pass over eng.testa (51 000 tokens) already takes seconds
  'bench:pipeline': ['--n', '100', '--replicas', '1', '--rate', '0'],
  'bench:scale': ['--steps', '2'],
  'bench:warc': ['--records', '300', '--e2e-records', '100', '--big-mib', '16'],
};

const { values } = parseCliArgs(
  {
    options: {
      quick: { type: 'boolean', default: false },
    },
  },
  HELP,
);
const root = resolve(import.meta.dirname, '..', '..');
const scripts =
  (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> })
    .scripts ?? {};
const benches = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .sort();
const unsized = benches.filter((name) => !(name in QUICK_ARGS));
if (values.quick && unsized.length > 0) {
  usageExit(
    `no quick size for ${unsized.join(', ')}: add one to QUICK_ARGS in bench/pipeline/run-all.ts`,
    HELP,
  );
}
const startedAt = Date.now();
for (const name of benches) {
  const args = values.quick ? (QUICK_ARGS[name] ?? []) : [];
  process.stderr.write(`\n=== npm run ${name}${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\n`);
  const benchStartedAt = Date.now();
  const result = spawnSync('npm', ['run', name, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write(`npm run ${name} failed (${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
  process.stderr.write(`=== ${name}: ${((Date.now() - benchStartedAt) / 1000).toFixed(0)} s\n`);
}
process.stderr.write(
  `\n=== ${benches.length} benches in ${((Date.now() - startedAt) / 60_000).toFixed(1)} min\n`,
);
