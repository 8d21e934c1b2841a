/**
 * npm run eval:ner -- <conll-file> [--out predictions.txt] [--model DIR] [--cased-only] [--split sel|held] [--doc-rules all|relabel|none] [--truecase]
 *
 * `--split` scores part of the file's documents, split as training/ner/train.py splits eng.testa: `held`
 * is every HELD_OUT_EVERY-th document (index % 4 == 3), the slice no training run selects on; `sel`
 * the rest, on which epochs and settings are chosen.
 * conlleval-equivalent entity-level precision/recall/F1, overall and per type, for any CoNLL file
 * (token in the first column, tag in the last; IOB1, IOB2 or BIOES). `-DOCSTART-` lines separate
 * documents, and each document is tagged as one (the tagger uses document-level features).
 * `--out` writes `TOKEN GOLD PRED` lines (PRED in IOB2), blank lines between sentences.
 * A model folder with a case-robust model (`ner-case.onnx`) routes ALL-CAPS and lowercase sentences to
 * it (`casingRoute`); `--cased-only` tags every sentence with the cased model as a folder without one would.
 * `--truecase` truecases ALL-CAPS lines from the rest of the document first (as findEntities does).
 * `--doc-rules` applies findEntities' one-sense-per-document rules to the tags (`harmonizeTags`):
 * `all` (majority type per name, and untagged repeats of a tagged name), `relabel` (majority
 * type only) or `none` (default: the model's tags as they are; the rules cost 0.1–0.2 F1 on eng.testa).
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  casingRoute,
  chunksOf,
  createTagger,
  foldPunctuation,
  harmonizeTags,
  truecaseAllCapsLines,
} from '@newsflow/entities';
import { DEFAULT_MODEL_DIR, loadModelFiles } from '@newsflow/entities/load-model';
import { choiceOption, parseCliArgs, usageExit } from './cli-args.js';

/** Twin of HELD_OUT_EVERY in training/ner/train.py. */
const HELD_OUT_EVERY = 4;

interface Doc {
  sentences: { tokens: string[]; gold: string[] }[];
}

function parseConll(text: string): Doc[] {
  const docs: Doc[] = [];
  let doc: Doc = { sentences: [] };
  let tokens: string[] = [];
  let gold: string[] = [];
  const endSentence = (): void => {
    if (tokens.length > 0) doc.sentences.push({ tokens, gold });
    tokens = [];
    gold = [];
  };
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (line.trim() === '') {
      endSentence();
      continue;
    }
    if (cols[0] === '-DOCSTART-') {
      endSentence();
      if (doc.sentences.length > 0) docs.push(doc);
      doc = { sentences: [] };
      continue;
    }
    tokens.push(cols[0] ?? '');
    gold.push(cols[cols.length - 1] ?? 'O');
  }
  endSentence();
  if (doc.sentences.length > 0) docs.push(doc);
  return docs;
}

function toIob2(tags: readonly string[]): string[] {
  const out = tags.map(() => 'O');
  for (const c of chunksOf(tags))
    for (let i = c.start; i < c.end; i++) out[i] = `${i === c.start ? 'B' : 'I'}-${c.type}`;
  return out;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function prf(c: Counts): { p: number; r: number; f: number } {
  const p = c.tp + c.fp > 0 ? (100 * c.tp) / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn > 0 ? (100 * c.tp) / (c.tp + c.fn) : 0;
  return { p, r, f: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

const USAGE =
  'usage: npm run eval:ner -- <conll-file> [--out predictions.txt] [--model DIR] [--cased-only] [--split sel|held] [--doc-rules all|relabel|none] [--truecase]';

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs(
    {
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        model: { type: 'string', default: DEFAULT_MODEL_DIR },
        'doc-rules': { type: 'string', default: 'none' },
        truecase: { type: 'boolean', default: false },
        'cased-only': { type: 'boolean', default: false },
        split: { type: 'string' },
      },
    },
    USAGE,
  );
  const [file, ...more] = positionals;
  if (file === undefined || more.length > 0) usageExit('give one CoNLL file', USAGE);
  const { out, model: modelDir, truecase } = values;
  const docRules = choiceOption('doc-rules', values['doc-rules'], ['all', 'relabel', 'none'], USAGE);
  const split =
    values.split === undefined ? undefined : choiceOption('split', values.split, ['sel', 'held'], USAGE);
  const held = (i: number): boolean => i % HELD_OUT_EVERY === HELD_OUT_EVERY - 1;
  const docs = parseConll(await readFile(file, 'utf8')).filter(
    (_, i) => split === undefined || (split === 'held') === held(i),
  );
  const files = await loadModelFiles(modelDir);
  const tagger = await createTagger(
    values['cased-only'] ? { onnx: files.onnx, sidecar: files.sidecar } : files,
  );
  let sentences = 0;
  let routed = 0;
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const byType = new Map<string, Counts>();
  const counts = (t: string): Counts => {
    let c = byType.get(t);
    if (!c) byType.set(t, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  let tokens = 0;
  let correctTags = 0;
  let goldChunks = 0;
  let predChunks = 0;
  const lines: string[] = [];
  const started = performance.now();
  for (const doc of docs) {
    const folded = doc.sentences.map((s) => s.tokens.map(foldPunctuation));
    const forms = truecase ? truecaseAllCapsLines(folded) : folded;
    const raw = await tagger.tagDocument(forms);
    sentences += forms.length;
    if (tagger.info.caseRobust) routed += forms.filter((f) => casingRoute(f) === 'caseRobust').length;
    const pred =
      docRules === 'none' ? raw : harmonizeTags(forms, raw, { relabel: true, propagate: docRules === 'all' });
    doc.sentences.forEach((s, si) => {
      const p = toIob2(pred[si] ?? []);
      const g = s.gold;
      const key = (c: { start: number; end: number; type: string }): string =>
        `${c.start}:${c.end}:${c.type}`;
      const gc = chunksOf(g);
      const pc = chunksOf(p);
      goldChunks += gc.length;
      predChunks += pc.length;
      const gset = new Set(gc.map(key));
      const pset = new Set(pc.map(key));
      for (const c of pc) {
        if (gset.has(key(c))) {
          total.tp++;
          counts(c.type).tp++;
        } else {
          total.fp++;
          counts(c.type).fp++;
        }
      }
      for (const c of gc) {
        if (!pset.has(key(c))) {
          total.fn++;
          counts(c.type).fn++;
        }
      }
      const goldIob2 = toIob2(g);
      s.tokens.forEach((t, i) => {
        tokens++;
        if ((goldIob2[i] ?? 'O') === (p[i] ?? 'O')) correctTags++;
        if (out) lines.push(`${t} ${g[i] ?? 'O'} ${p[i] ?? 'O'}`);
      });
      if (out) lines.push('');
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await tagger.release();
  const o = prf(total);
  const fmt = (x: number): string => x.toFixed(2).padStart(6);
  const w = process.stdout;
  w.write(
    `processed ${tokens} tokens with ${goldChunks} phrases; found: ${predChunks} phrases; correct: ${total.tp}.\n`,
  );
  w.write(
    `accuracy: ${fmt((100 * correctTags) / Math.max(1, tokens))}%; precision: ${fmt(o.p)}%; recall: ${fmt(o.r)}%; FB1: ${fmt(o.f)}\n`,
  );
  for (const [type, c] of [...byType.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const m = prf(c);
    w.write(
      `${type.padStart(17)}: precision: ${fmt(m.p)}%; recall: ${fmt(m.r)}%; FB1: ${fmt(m.f)}  ${c.tp + c.fp}\n`,
    );
  }
  w.write(
    `(doc rules: ${docRules}; ${split ? `split ${split}, ` : ''}${docs.length} documents, ${tagger.info.caseRobust ? `${routed} of ${sentences} sentences to the case-robust model` : 'cased model only'}, ${seconds.toFixed(1)} s, ${Math.round(tokens / seconds)} tokens/s)\n`,
  );
  if (out) await writeFile(out, `${lines.join('\n')}\n`);
  return 0;
}

process.exitCode = await main();
