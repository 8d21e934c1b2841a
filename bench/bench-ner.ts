/**
 * npm run bench:ner -- [--conll FILE] [--model DIR] [--baseline DIR]
 *
 * With --baseline, the tagger and findEntities passes run for both models in turns (three rounds each, so
 * both see the same machine load) and the report adds the ratios model / baseline. Make a baseline folder
 * from an earlier commit with `git show REV:libs/entities/model/ner.onnx > DIR/ner.onnx` (and ner.json).
 *
 * Tagging speed on one core (ONNX Runtime with one thread), per wall second and per CPU second of this
 * process (the fair figure on a shared machine): tokens/s of the tagger over a CoNLL file
 * (default ../shared/data/conll2003/eng.testa) and of findEntities end to end over the seed pages;
 * time for a 1 MB article; peak RSS; cold start (process start to the first result).
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTagger, findEntities, foldPunctuation, type Tagger } from '@newsflow/entities';
import { DEFAULT_MODEL_DIR, loadModelFiles } from '@newsflow/entities/load-model';
import { parseCliArgs } from './cli-args.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const USAGE = 'usage: npm run bench:ner -- [--conll FILE] [--model DIR] [--baseline DIR]';
const { values } = parseCliArgs(
  {
    options: {
      conll: { type: 'string', default: `${repo}../shared/data/conll2003/eng.testa` },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      baseline: { type: 'string' },
    },
  },
  USAGE,
);
const { conll, model: modelDir, baseline: baselineDir } = values;

let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 20);

const tagger = await createTagger(await loadModelFiles(modelDir), { threads: 1 });
await findEntities(tagger, 'Sergey Lavrov met Rex Tillerson in Moscow.');
const coldStartMs = process.uptime() * 1000;
const startup = process.cpuUsage();
const coldStartCpuMs = (startup.user + startup.system) / 1000;
sampleRss();

// 1. The tagger alone, document by document, over a CoNLL file.
const docs: string[][][] = [];
{
  let doc: string[][] = [];
  let sent: string[] = [];
  for (const line of (await readFile(conll, 'utf8')).split('\n')) {
    const word = line.trim().split(/\s+/)[0] ?? '';
    if (line.trim() === '' || word === '-DOCSTART-') {
      if (sent.length) doc.push(sent);
      sent = [];
      if (word === '-DOCSTART-' && doc.length) {
        docs.push(doc);
        doc = [];
      }
      continue;
    }
    sent.push(foldPunctuation(word));
  }
  if (sent.length) doc.push(sent);
  if (doc.length) docs.push(doc);
}
// CPU seconds as well as wall seconds: on a shared machine the wall clock also counts time other
// processes held the core; with one ONNX thread, tokens per CPU second is the per-core figure.
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
interface Speed {
  tokens: number;
  wallS: number;
  cpuS: number;
}
const add = (x: Speed, y: Speed): Speed => ({
  tokens: x.tokens + y.tokens,
  wallS: x.wallS + y.wallS,
  cpuS: x.cpuS + y.cpuS,
});
const ZERO: Speed = { tokens: 0, wallS: 0, cpuS: 0 };

async function taggerPass(t: Tagger): Promise<Speed> {
  let n = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const doc of docs) {
    await t.tagDocument(doc);
    n += doc.reduce((m, s) => m + s.length, 0);
  }
  return { tokens: n, wallS: (performance.now() - started) / 1000, cpuS: cpuSeconds(cpu) };
}

// 2. findEntities end to end (tokenise, tag, merge) over the seed pages, repeated.
const seedDir = `${repo}test/fixtures/seeds`;
const seeds = await Promise.all(
  (await readdir(seedDir)).filter((f) => f.endsWith('.txt')).map((f) => readFile(`${seedDir}/${f}`, 'utf8')),
);
async function findEntitiesPass(t: Tagger, repeats: number): Promise<Speed> {
  let n = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let r = 0; r < repeats; r++) for (const s of seeds) n += (await findEntities(t, s)).tokens;
  return { tokens: n, wallS: (performance.now() - started) / 1000, cpuS: cpuSeconds(cpu) };
}

const baseline = baselineDir
  ? await createTagger(await loadModelFiles(baselineDir), { threads: 1 })
  : undefined;
const rounds = baseline ? 3 : 1;
let taggerSpeed = ZERO;
let e2eSpeed = ZERO;
let baseTagger = ZERO;
let baseE2e = ZERO;
for (let r = 0; r < rounds; r++) {
  taggerSpeed = add(taggerSpeed, await taggerPass(tagger));
  if (baseline) baseTagger = add(baseTagger, await taggerPass(baseline));
  e2eSpeed = add(e2eSpeed, await findEntitiesPass(tagger, 10 / rounds));
  if (baseline) baseE2e = add(baseE2e, await findEntitiesPass(baseline, 10 / rounds));
  sampleRss();
}
const tokens = taggerSpeed.tokens / rounds;
const taggerTokensPerS = taggerSpeed.tokens / taggerSpeed.wallS;
const taggerTokensPerCpuS = taggerSpeed.tokens / taggerSpeed.cpuS;
const e2eTokensPerS = e2eSpeed.tokens / e2eSpeed.wallS;
const e2eTokensPerCpuS = e2eSpeed.tokens / e2eSpeed.cpuS;
const ratio = (x: Speed, y: Speed): number =>
  Math.round((x.tokens / x.cpuS / (y.tokens / y.cpuS)) * 100) / 100;
const vsBaseline = baseline
  ? {
      model: modelDir,
      baseline: baselineDir,
      baselineTaggerTokensPerCpuS: Math.round(baseTagger.tokens / baseTagger.cpuS),
      baselineFindEntitiesTokensPerCpuS: Math.round(baseE2e.tokens / baseE2e.cpuS),
      taggerRatio: ratio(taggerSpeed, baseTagger),
      findEntitiesRatio: ratio(e2eSpeed, baseE2e),
    }
  : undefined;
await baseline?.release();

// 3. A 1 MB article: work is capped by maxTokens.
let big = '';
while (big.length < 1_000_000) big += `${seeds[0] ?? 'Lavrov met Tillerson.'}\n`;
const started = performance.now();
const bigResult = await findEntities(tagger, big);
const bigMs = performance.now() - started;
sampleRss();
clearInterval(timer);
await tagger.release();

const report = {
  device: 'CPU, ONNX Runtime intraOpNumThreads=1',
  taggerTokensPerS: Math.round(taggerTokensPerS),
  taggerTokensPerCpuS: Math.round(taggerTokensPerCpuS),
  findEntitiesTokensPerS: Math.round(e2eTokensPerS),
  findEntitiesTokensPerCpuS: Math.round(e2eTokensPerCpuS),
  coldStartMs: Math.round(coldStartMs),
  coldStartCpuMs: Math.round(coldStartCpuMs),
  peakRssMb: Math.round(peakRss / 2 ** 20),
  oneMbArticle: { ms: Math.round(bigMs), tokensTagged: bigResult.tokens, truncated: bigResult.truncated },
  conllTokens: tokens,
  targets: { tokensPerS: 20_000, rssMb: 400, coldStartMs: 3000 },
  ...(vsBaseline && { vsBaseline }),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
