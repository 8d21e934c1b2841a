/**
 * tsx bench/pipeline/profile-summary.ts FILE.cpuprofile... [--top 25]
 *
 * Self time of a V8 CPU profile (node --cpu-prof) by function and by where the code lives (a package under
 * node_modules, a workspace folder, node internals), to read which part of a service spends its CPU.
 */
import { readFileSync } from 'node:fs';
import { numberOption, parseCliArgs } from '../cli-args.js';

const HELP = `tsx bench/pipeline/profile-summary.ts FILE.cpuprofile... [options]

Self time of V8 CPU profiles (npm run bench:pipeline -- --cpu-prof writes them under the results folder)
by place (package, workspace folder, node internals) and by function.

Options:
  --top N     rows per table (default 25)
  -h, --help  this text`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: `pkg:<name>` for node_modules, the workspace folder, `node:` internals, or a V8 bucket. */
export function placeOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  const ws = /\/((?:libs|services|bench|test)\/[^/]+)\//.exec(url);
  return ws ? ws[1]! : url;
}

const { values, positionals } = parseCliArgs(
  {
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  HELP,
);
const top = Math.floor(numberOption('top', values.top, HELP));
if (positionals.length === 0) {
  console.error(`no profile given\n\n${HELP}`);
  process.exit(2);
}
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const place = placeOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const show = (title: string, map: Map<string, number>): void => {
    console.log(`  ${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `    ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
    }
  };
  console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled`);
  show('self time by place', byPlace);
  show('self time by function', byFunction);
}
