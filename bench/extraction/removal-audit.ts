/**
 * Which rendering check removes story text: every subtree that rendering drops as conditional junk
 * (conditional-junk.ts: link-density boxes, card lists, forms, negative-weight boxes) inside the chosen
 * content, counted by check with the words it removes and how many of them are truth words.
 *
 *   npm run audit:extraction -- [--data DIR] [--half tune|held-out] [--boxes N] [--rows FILE]
 *
 * A removed word is a truth word when a 3-word shingle holding it is in the page's truth text (lower-cased
 * words; a word alone would count "the", "New York" and every menu word the story also uses) and the rendered
 * text does not have it anyway (a table of contents repeats the story's headings: removing it loses nothing).
 * Link-density boxes are also split by the traits that might tell story from furniture (sentence marks per
 * line, words per link, position in the content, list or prose, repeated on another page of the site).
 * The tune half (default) prints the N link-density boxes that remove the most truth words; the held-out
 * half prints only counts, so that rules are still written without reading its pages. --rows writes every
 * removal with its traits as JSON, for cross-tabulating them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element } from 'domhandler';
import { renderBlocks } from '../../libs/extraction/src/blocks.js';
import { analyzeContent } from '../../libs/extraction/src/content-analysis.js';
import { selectContent } from '../../libs/extraction/src/content-selection.js';
import { forEachElement, parseHtml, textOf } from '../../libs/extraction/src/dom.js';
import { siteHost } from '../../libs/extraction/src/host-labels.js';
import { choiceOption, countOption, parseCliArgs } from '../cli-args.js';
import { HALVES, SETS, loadSet, type EvalPage } from './datasets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE =
  'usage: npm run audit:extraction -- [--data DIR] [--half tune|held-out] [--boxes N] [--rows FILE]';

const wordsOf = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];

const shinglesOf = (ws: readonly string[]): string[] =>
  ws.slice(0, -2).map((_, i) => ws.slice(i, i + 3).join(' '));

/** Words of `ws` covered by a shingle of `truth` (a text under three words counts when the truth has it whole). */
function truthWordCount(ws: readonly string[], truth: ReadonlySet<string>): number {
  const covered = new Array<boolean>(ws.length).fill(false);
  for (let i = 0; i + 2 < ws.length; i++)
    if (truth.has(ws.slice(i, i + 3).join(' '))) covered[i] = covered[i + 1] = covered[i + 2] = true;
  return covered.filter(Boolean).length;
}

interface Removal {
  key: string;
  site: string;
  cause: string;
  tag: string;
  words: number;
  truthWords: number;
  /** Share of the content's prose rendered before the box. */
  position: number;
  /** Sentence ends (". ", "! ", "? " and the last mark) per line of text. */
  sentencesPerLine: number;
  wordsPerLink: number;
  /** The box's text also stands on another page of the same site. */
  repeated: boolean;
  text: string;
}

function removalsOf(page: EvalPage): { removals: Removal[]; bodyText: string } {
  const { document } = parseHtml(page.html);
  const pageHost = siteHost(page.url);
  const a = analyzeContent(document, pageHost === undefined ? {} : { pageHost });
  const { nodes } = selectContent(a);
  const truth = new Set(shinglesOf(wordsOf(page.truth.text)));
  const removals: Removal[] = [];
  const blocks = renderBlocks(nodes, a, (el: Element, cause, before, total) => {
    const text = textOf(el);
    const ws = wordsOf(text);
    if (ws.length === 0) return;
    let links = 0;
    forEachElement(el, (n) => {
      if (n.name === 'a') links++;
    });
    const lines = text.split(/\n+/).filter((l) => /\S/.test(l)).length || 1;
    const sentences = (text.match(/[.!?](?:\s|$)/g) ?? []).length;
    removals.push({
      key: page.key,
      site: page.site,
      cause,
      tag: el.name,
      words: ws.length,
      truthWords: truthWordCount(ws, truth),
      position: Number.isFinite(total) && total > 0 ? before / total : 0,
      sentencesPerLine: sentences / lines,
      wordsPerLink: links > 0 ? ws.length / links : Infinity,
      repeated: false,
      text: text.replace(/\s+/g, ' ').trim(),
    });
  });
  // Truth the rendered text has anyway (a table of contents repeats the story's headings) is not lost.
  for (const b of blocks) for (const sh of shinglesOf(wordsOf(b.text))) truth.delete(sh);
  for (const r of removals) r.truthWords = truthWordCount(wordsOf(r.text), truth);
  const body = document.children.find((c): c is Element => 'name' in c && c.name === 'html') ?? document;
  return { removals, bodyText: textOf(body).replace(/\s+/g, ' ') };
}

interface Tally {
  boxes: number;
  words: number;
  truthWords: number;
  pages: Set<string>;
  sites: Set<string>;
}

function tally(rows: readonly Removal[], keyOf: (r: Removal) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const k = keyOf(r);
    const t = out.get(k) ?? { boxes: 0, words: 0, truthWords: 0, pages: new Set(), sites: new Set() };
    t.boxes++;
    t.words += r.words;
    t.truthWords += r.truthWords;
    t.pages.add(r.key);
    t.sites.add(r.site);
    out.set(k, t);
  }
  return out;
}

function printTally(title: string, t: Map<string, Tally>): void {
  console.log(`\n${title}`);
  console.log(`   ${'entry'.padEnd(34)} boxes  pages  sites   words  truth  non-truth  truth %`);
  for (const [k, v] of [...t].sort((x, y) => y[1].truthWords - x[1].truthWords))
    console.log(
      `   ${k.padEnd(34)} ${String(v.boxes).padStart(5)} ${String(v.pages.size).padStart(6)} ${String(v.sites.size).padStart(6)} ${String(v.words).padStart(7)} ${String(v.truthWords).padStart(6)} ${String(v.words - v.truthWords).padStart(10)} ${((100 * v.truthWords) / Math.max(1, v.words)).toFixed(0).padStart(8)}`,
    );
}

const bucket = (x: number, edges: readonly number[]): string => {
  for (const e of edges) if (x < e) return `< ${e}`;
  return `>= ${edges[edges.length - 1]}`;
};

function main(): void {
  const { values } = parseCliArgs(
    {
      options: {
        data: { type: 'string', default: path.resolve(ROOT, '../shared/data') },
        half: { type: 'string', default: 'tune' },
        boxes: { type: 'string', default: '25' },
        rows: { type: 'string' },
      },
    },
    USAGE,
  );
  const half = choiceOption('half', values.half, HALVES, USAGE);
  const showBoxes = countOption('boxes', values.boxes, USAGE);
  const all: Removal[] = [];
  for (const set of SETS) {
    const pages = loadSet(path.resolve(values.data), set).filter((p) => p.half === half);
    const rows: Removal[] = [];
    const bodies = new Map<string, { key: string; text: string }[]>();
    for (const page of pages) {
      const { removals, bodyText } = removalsOf(page);
      rows.push(...removals);
      const list = bodies.get(page.site) ?? [];
      list.push({ key: page.key, text: bodyText });
      bodies.set(page.site, list);
    }
    for (const r of rows) {
      const probe = r.text.slice(0, 120);
      r.repeated = (bodies.get(r.site) ?? []).some((b) => b.key !== r.key && b.text.includes(probe));
    }
    printTally(
      `${set} ${half}: ${pages.length} pages; conditional-junk removals by check`,
      tally(rows, (r) => r.cause),
    );
    all.push(...rows);
  }
  if (values.rows !== undefined)
    writeFileSync(
      values.rows,
      JSON.stringify(all.map((r) => ({ ...r, wordsPerLink: Math.min(r.wordsPerLink, 1e9) }))),
    );
  printTally(
    `all sets ${half}: conditional-junk removals by check`,
    tally(all, (r) => r.cause),
  );
  const dense = all.filter((r) => r.cause === 'link-density');
  printTally(
    'link-density boxes by list or prose',
    tally(dense, (r) => (r.tag === 'ul' || r.tag === 'ol' ? 'list' : `prose (${r.tag})`)),
  );
  printTally(
    'link-density boxes by position in the content',
    tally(dense, (r) => `position ${bucket(r.position, [0.25, 0.5, 0.9, 1])}`),
  );
  printTally(
    'link-density boxes by sentence ends per line',
    tally(dense, (r) => `sentences/line ${bucket(r.sentencesPerLine, [0.25, 0.5, 1, 2])}`),
  );
  printTally(
    'link-density boxes by words per link',
    tally(dense, (r) => `words/link ${bucket(r.wordsPerLink, [3, 6, 12, 25, 50])}`),
  );
  printTally(
    'link-density boxes by words',
    tally(dense, (r) => `words ${bucket(r.words, [20, 50, 100, 200, 500])}`),
  );
  printTally(
    'link-density boxes repeated on another page of the site',
    tally(dense, (r) => (r.repeated ? 'repeated' : 'once')),
  );
  if (half === 'tune' && showBoxes > 0) {
    console.log(`\nthe ${showBoxes} link-density boxes removing the most truth words (tune):`);
    for (const r of [...dense].sort((x, y) => y.truthWords - x.truthWords).slice(0, showBoxes))
      console.log(
        `   ${r.key.padEnd(22)} ${r.tag.padEnd(7)} ${r.truthWords}/${r.words} pos ${r.position.toFixed(2)} s/l ${r.sentencesPerLine.toFixed(2)} w/l ${r.wordsPerLink.toFixed(1)}${r.repeated ? ' rep' : ''}  ${r.text.slice(0, 120)}`,
      );
  }
}

main();
