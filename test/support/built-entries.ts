import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/**
 * The CLI and the services compiled once for a test run, so a test that starts them does not pay for the
 * TypeScript loader on every process: `node bin/newsflow.mjs …` (which registers tsx) spent about 1.6 s of CPU
 * before a command ran, the built CLI about 0.9 s; a service 2.4–3.3 s before `ready`, built 1.1–1.3 s (2-core
 * machine, 2026-12-07). On a busy CI machine those seconds are the suite's.
 */
export interface BuiltEntries {
  /** bin/newsflow.mjs, built. */
  readonly cli: string;
  /** services/<name>/src/main.ts, built, by service name. */
  readonly services: Readonly<Record<string, string>>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** What test/global-setup.ts built (buildEntries), or null where tests run the sources through tsx. */
    builtEntries: BuiltEntries | null;
  }
}

/** The folder every run's build goes under: inside the checkout, so the built files import its node_modules. */
const BUILDS = join(root, '.cache', 'test-entries');

/**
 * Compiles bin/newsflow.mjs and every services/<name>/src/main.ts into `BUILDS/<label>-<pid>` with esbuild, the
 * compiler tsx runs on each file, with tsx's settings (target this Node, names kept). The same code runs:
 * - the project's own modules are bundled, each `import.meta.url`/`dirname`/`filename` replaced by its source
 *   file's, so paths built from them (the entities model, the console's assets, a service's name) are the same;
 * - packages stay imports of node_modules, as under tsx;
 * - a dynamic `import('./x.js')` stays a separate chunk loaded when it runs (the CLI's commands);
 * - bin/newsflow.mjs's `register()` of tsx does nothing: nothing is left for it to compile.
 * Builds of runs whose process is gone are removed first. Returns the entries and a function removing this build.
 */
export async function buildEntries(label: string): Promise<{ entries: BuiltEntries; remove: () => void }> {
  removeAbandonedBuilds();
  const outdir = join(BUILDS, `${label}-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const services = readdirSync(join(root, 'services')).filter((name) =>
    existsSync(join(root, 'services', name, 'src', 'main.ts')),
  );
  // The esbuild tsx itself runs (a dependency of tsx, not of the project).
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = fromTsx('esbuild') as typeof import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      'bin/newsflow': join(root, 'bin', 'newsflow.mjs'),
      ...Object.fromEntries(
        services.map((name) => [`services/${name}/main`, join(root, 'services', name, 'src', 'main.ts')]),
      ),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'same-as-tsx',
        setup(build) {
          build.onResolve({ filter: /^tsx\/esm\/api$/ }, (args) => ({
            path: args.path,
            namespace: 'no-tsx',
          }));
          build.onLoad({ filter: /.*/, namespace: 'no-tsx' }, () => ({
            contents: 'export function register() { return async () => {}; }',
            loader: 'js',
          }));
          // Packages (and node: modules) are imported from node_modules at run time; workspaces are bundled.
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@newsflow/') ? undefined : { path: args.path, external: true },
          );
          build.onLoad({ filter: /\.(ts|mjs)$/ }, async (args) => {
            let contents = await readFile(args.path, 'utf8');
            if (contents.includes('import.meta.')) {
              contents = contents
                .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
                .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
                .replaceAll('import.meta.filename', JSON.stringify(args.path));
            }
            return { contents, loader: extname(args.path) === '.ts' ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  const entries: BuiltEntries = {
    cli: join(outdir, 'bin', 'newsflow.mjs'),
    services: Object.fromEntries(services.map((name) => [name, join(outdir, 'services', name, 'main.mjs')])),
  };
  return { entries, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** Removes the builds of runs that ended without removing theirs (killed), by the pid in the folder's name. */
function removeAbandonedBuilds(): void {
  if (!existsSync(BUILDS)) return;
  for (const name of readdirSync(BUILDS)) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && isAlive(pid)) continue;
    rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What a test starts for `node <entry>`: the built file when the run built them (test/global-setup.ts),
 * else the source through tsx (`--import tsx`, or bin/newsflow.mjs, which registers it).
 */
export function builtEntries(): BuiltEntries | null {
  try {
    return inject('builtEntries') ?? null;
  } catch {
    // Outside a project with the global setup (the soak): the sources.
    return null;
  }
}
