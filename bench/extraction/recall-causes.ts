/**
 * Where our text loses recall: each truth paragraph we miss, placed by the step that lost it.
 *
 *   npm run recall:extraction -- [--data DIR] [--set NAME] [--half tune|held-out] [--trafilatura DIR]
 *
 * A truth paragraph of at least {@link MIN_WORDS} words is missed when fewer than half of its 3-word shingles
 * are in our text (each of our shingles used once, so a paragraph the truth repeats counts twice). Its place
 * is the deepest element whose text holds its first {@link PROBE_WORDS} words:
 *
 * - `junk:<tag>`: inside a subtree the content analysis dropped (element-junk.ts), by the outermost one's tag;
 * - `standfirst`: outside the chosen content, after the last `h1` before it (summaries, deks; the `h1` may
 *   sit in dropped markup);
 * - `before` / `after`: elsewhere outside the chosen content; `around`: split between it and its wrapper;
 * - `rendering`: inside it, skipped as conditional junk (link lists, story cards, forms);
 * - `block-rule`: rendered, then dropped by the block rules;
 * - `kept`: the block is in the story, yet the paragraph is missed: the truth has it twice (a summary that
 *   restates the body), or the text came from elsewhere (`itemprop=articleBody`, JSON-LD);
 * - `not-in-dom`: no element's text holds it (scripts, JSON, words glued across elements).
 *
 * The tune half (default) prints each page's missed paragraphs; the held-out half prints only the counts,
 * so that rules are still written without reading its pages. With --trafilatura (the eval's output
 * folder, holding trafilatura-<set>.json), counts say how many of the paragraphs trafilatura has.
 *
 * --ends counts instead, on every set and both halves, the pages whose first, opening (first not the title)
 * or last truth paragraph is missed (see {@link endsOf}; missed as above, each against the whole text), ours
 * beside trafilatura (its outputs from the eval's cache, .cache/eval-extraction), and names the tune pages:
 * snippet-scored sets (trafilatura's own) mostly test a text's first and last sentences.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { cleanBlocks, publisherLabelsOf } from '../../libs/extraction/src/block-rules.js';
import { renderBlocks } from '../../libs/extraction/src/blocks.js';
import { analyzeContent } from '../../libs/extraction/src/content-analysis.js';
import { selectContent } from '../../libs/extraction/src/content-selection.js';
import { contains, nextNode, parseHtml, textOf } from '../../libs/extraction/src/dom.js';
import { signalCollector } from '../../libs/extraction/src/page-signals.js';
import { choiceOption, parseCliArgs } from '../cli-args.js';
import { HALVES, SETS, loadSet, type EvalPage } from './datasets.js';
import { runOurs, runTrafilatura, type Extraction } from './extractors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Shorter truth lines (labels, captions) are left out: their shingles say little. */
const MIN_WORDS = 5;
/** A paragraph is found by its first words (the rest may be split over elements). */
const PROBE_WORDS = 6;
/** Share of a paragraph's shingles that must be in a text for the paragraph to count as there. */
const PRESENT_SHARE = 0.5;

const USAGE =
  'usage: npm run recall:extraction -- [--data DIR] [--set scrapinghub|wcxb|fundus] [--half tune|held-out] [--trafilatura DIR]\n' +
  '       npm run recall:extraction -- --ends [--data DIR]';

const words = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
const shingles = (ws: readonly string[]): string[] =>
  ws.length < 3 ? [ws.join(' ')] : ws.slice(0, -2).map((_, i) => ws.slice(i, i + 3).join(' '));

/** A multiset of shingles; {@link take} uses them up. */
function bagOf(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const s of shingles(words(text))) bag.set(s, (bag.get(s) ?? 0) + 1);
  return bag;
}

/** Share of `paragraph`'s shingles found in `bag`, taking them out of it. */
function take(bag: Map<string, number>, paragraph: string): number {
  const ss = shingles(words(paragraph));
  let found = 0;
  for (const s of ss) {
    const n = bag.get(s) ?? 0;
    if (n > 0) {
      bag.set(s, n - 1);
      found++;
    }
  }
  return found / ss.length;
}

interface Missed {
  cause: string;
  words: number;
  trafilaturaHas: boolean;
  text: string;
}

/** The missed paragraphs of one page, each with the step that lost it. */
function missedParagraphs(page: EvalPage, ours: string, trafilatura: string | undefined): Missed[] {
  const oursBag = bagOf(ours);
  const trafBag = bagOf(trafilatura ?? '');
  const paragraphs = page.truth.text
    .split(/\n+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length >= MIN_WORDS);
  const missed = paragraphs
    .map((text) => ({
      text,
      trafilaturaHas: trafilatura !== undefined && take(trafBag, text) >= PRESENT_SHARE,
      present: take(oursBag, text) >= PRESENT_SHARE,
    }))
    .filter((p) => !p.present);
  if (missed.length === 0) return [];

  const { document } = parseHtml(page.html);
  const a = analyzeContent(document, {}, signalCollector().visit);
  const { nodes } = selectContent(a);
  const first = nodes[0];
  const raw = renderBlocks(nodes, a);
  const rendered = raw.map((b) => words(b.text).join(' '));
  const kept = cleanBlocks(raw, {
    title: '',
    hostLabels: publisherLabelsOf(page.url),
    profile: undefined,
  }).kept.map((b) => words(b.text).join(' '));
  // Elements in document order with their normalised text and the outermost dropped subtree above each;
  // where the chosen content starts, and the last h1 before it.
  const elements: { el: Element; text: string; junk: Element | undefined; order: number }[] = [];
  let firstOrder = Infinity;
  let lastH1Order = -1;
  const junkAbove = new Map<Element, Element | undefined>();
  for (let n: AnyNode | null = nextNode(document, document, true), i = 0; n; i++) {
    if (isTag(n)) {
      const up = n.parent && isTag(n.parent) ? junkAbove.get(n.parent) : undefined;
      const junk = up ?? (a.removed.has(n) ? n : undefined);
      junkAbove.set(n, junk);
      if (n === first) firstOrder = i;
      if (n.name === 'h1' && i < firstOrder && (!first || !contains(n, first))) lastH1Order = i;
      elements.push({ el: n, text: words(textOf(n)).join(' '), junk, order: i });
    }
    n = nextNode(n, document, true);
  }
  return missed.map(({ text, trafilaturaHas }) => {
    const probe = words(text).slice(0, PROBE_WORDS).join(' ');
    let at: (typeof elements)[number] | undefined;
    for (const e of elements) if (e.text.includes(probe)) at = e;
    let cause: string;
    if (!at) cause = 'not-in-dom';
    else if (at.junk) cause = `junk:${at.junk.name}`;
    else if (first && contains(at.el, first)) cause = 'around';
    else if (!nodes.some((n) => contains(n, at.el)))
      cause =
        at.order > firstOrder
          ? 'after'
          : lastH1Order >= 0 && at.order > lastH1Order
            ? 'standfirst'
            : 'before';
    else if (!rendered.some((b) => b.includes(probe))) cause = 'rendering';
    else if (!kept.some((b) => b.includes(probe))) cause = 'block-rule';
    else cause = 'kept';
    return { cause, words: words(text).length, trafilaturaHas, text };
  });
}

/**
 * The truth's first and last paragraphs of at least {@link MIN_WORDS} words. `first` may be the page title,
 * which WCXB's truths open with and trafilatura often keeps in its text while ours gives it as the title only;
 * `opening` passes over a line that is the title, so it counts the story's own opening paragraph.
 */
function endsOf(page: EvalPage): Record<End, string | undefined> {
  const title = words(page.truth.title ?? '').join(' ');
  const paragraphs = page.truth.text
    .split(/\n+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length >= MIN_WORDS);
  return {
    first: paragraphs[0],
    opening: paragraphs.find((p) => words(p).join(' ') !== title),
    last: paragraphs.at(-1),
  };
}

const ENDS = ['first', 'opening', 'last'] as const;
type End = (typeof ENDS)[number];

/** Whether `text` holds at least {@link PRESENT_SHARE} of `paragraph`'s shingles. */
const holds = (text: string, paragraph: string): boolean => take(bagOf(text), paragraph) >= PRESENT_SHARE;

/** --ends: per set and half, pages missing their first / last truth paragraph, ours beside trafilatura. */
function countEnds(data: string): void {
  const python = process.env.PYTHON ?? 'python3';
  console.log(
    `pages whose first / opening (first not the title) / last truth paragraph (>= ${MIN_WORDS} words) is missed: under ${PRESENT_SHARE * 100} % of its 3-word shingles in the text`,
  );
  for (const set of SETS) {
    const pages = loadSet(data, set);
    const ours = runOurs(pages).out;
    const traf = runTrafilatura(pages, {
      cacheDir: path.join(ROOT, '.cache/eval-extraction'),
      venv: path.join(ROOT, '.cache/trafilatura-venv'),
      python,
    }).out;
    const missedBy = (e: ReadonlyMap<string, Extraction>, p: EvalPage, end: End): boolean => {
      const paragraph = endsOf(p)[end];
      return paragraph !== undefined && !holds(e.get(p.key)?.text ?? '', paragraph);
    };
    for (const half of HALVES) {
      const hp = pages.filter((p) => p.half === half);
      const cells = ENDS.map((end) => {
        const o = hp.filter((p) => missedBy(ours, p, end));
        const t = hp.filter((p) => missedBy(traf, p, end));
        const both = o.filter((p) => t.includes(p)).length;
        return `${end} ${o.length} / ${t.length} (both ${both})`;
      });
      console.log(
        `${set.padEnd(11)} ${half.padEnd(8)} ${String(hp.length).padStart(3)} pages, ours / trafilatura: ${cells.join('; ')}`,
      );
      if (half !== 'tune') continue;
      for (const end of ENDS) {
        const ids = (e: ReadonlyMap<string, Extraction>): string =>
          hp
            .filter((p) => missedBy(e, p, end))
            .map((p) => p.id)
            .join(' ') || '-';
        console.log(`   ${end} missed, ours: ${ids(ours)}`);
        console.log(`   ${end} missed, trafilatura: ${ids(traf)}`);
      }
    }
  }
}

function main(): void {
  const { values } = parseCliArgs(
    {
      options: {
        ends: { type: 'boolean', default: false },
        data: { type: 'string', default: path.resolve(ROOT, '../shared/data') },
        set: { type: 'string', default: 'fundus' },
        half: { type: 'string', default: 'tune' },
        trafilatura: { type: 'string', default: path.join(ROOT, 'bench/results/eval-extraction') },
      },
    },
    USAGE,
  );
  if (values.ends) return countEnds(path.resolve(values.data));
  const set = choiceOption('set', values.set, SETS, USAGE);
  const half = choiceOption('half', values.half, HALVES, USAGE);
  const trafFile = path.join(path.resolve(values.trafilatura), `trafilatura-${set}.json`);
  const traf = existsSync(trafFile)
    ? (JSON.parse(readFileSync(trafFile, 'utf8')) as Record<string, string>)
    : undefined;
  const pages = loadSet(path.resolve(values.data), set).filter((p) => p.half === half);
  const ours = runOurs(pages).out;
  const tally = new Map<string, { paragraphs: number; words: number; pages: number; trafilatura: number }>();
  for (const page of pages) {
    const missed = missedParagraphs(page, ours.get(page.key)?.text ?? '', traf?.[page.id]);
    if (missed.length === 0) continue;
    if (half === 'tune') {
      console.log(`== ${page.key} ${page.url ?? ''}`);
      for (const m of missed)
        console.log(`   ${m.cause.padEnd(12)} ${m.trafilaturaHas ? '[T]' : '   '} ${m.text.slice(0, 110)}`);
    }
    for (const cause of new Set(missed.map((m) => m.cause))) {
      const t = tally.get(cause) ?? { paragraphs: 0, words: 0, pages: 0, trafilatura: 0 };
      t.pages++;
      for (const m of missed.filter((x) => x.cause === cause)) {
        t.paragraphs++;
        t.words += m.words;
        if (m.trafilaturaHas) t.trafilatura++;
      }
      tally.set(cause, t);
    }
  }
  console.log(
    `\n${set} ${half}: ${pages.length} pages; missed truth paragraphs by cause${traf ? ' (trafilatura has)' : ''}`,
  );
  for (const [cause, t] of [...tally].sort((x, y) => y[1].paragraphs - x[1].paragraphs))
    console.log(
      `   ${cause.padEnd(14)} ${String(t.paragraphs).padStart(4)} paragraphs${traf ? ` (${t.trafilatura})` : ''}, ${t.words} words, ${t.pages} pages`,
    );
}

main();
