/**
 * npm run bench — runs every `bench:*` script of the root package.json in turn (name order), stops at the
 * first that fails and exits with its status.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const scripts =
  (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> })
    .scripts ?? {};
const benches = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .sort();
for (const name of benches) {
  process.stderr.write(`\n=== npm run ${name}\n`);
  const result = spawnSync('npm', ['run', name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`npm run ${name} failed (${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}
