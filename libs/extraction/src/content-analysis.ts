import { isText, isTag, isDocument } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { scoreParagraphs, type LooseRun } from './candidate-scoring.js';
import { BLOCK_TAGS, classAndId, contains, forEachElement } from './dom.js';
import {
  isDisclosureQuestion,
  isHeadingAnchor,
  isLinkInSentence,
  isHidden,
  junkKind,
  PARAGRAPH_ROLE,
  REMOVE_ROLE,
  REMOVE_TAGS,
  TAG_ROLES,
  TEXT_CONTAINER_ROLE,
  type JunkKind,
} from './element-junk.js';

/** Paragraphs shorter than this carry no weight (Readability uses 25). */
export const MIN_PARAGRAPH_CHARS = 25;
/** A paragraph with more link text than this share is navigation, not prose. */
const MAX_PARAGRAPH_LINK_DENSITY = 0.5;
/** A junk-classed block holding more than this share of the page's prose is the content wrapper, not junk. */
const JUNK_RESCUE_SHARE = 0.5;
/** Nested junk wrappers are rescued one level per pass; real pages need at most a few. */
const MAX_RESCUE_PASSES = 6;

export interface NodeStats {
  chars: number;
  linkChars: number;
  commas: number;
  /** Characters of good paragraphs (≥ MIN_PARAGRAPH_CHARS, low link density) in the subtree. */
  paraChars: number;
  /** Number of good paragraphs in the subtree. */
  paraCount: number;
  hasBlock: boolean;
  images: number;
}

export interface ContentAnalysis {
  readonly stats: Map<Element, NodeStats>;
  readonly removed: Set<Element>;
  readonly scores: Map<Element, number>;
  readonly body: Element | undefined;
  /** The page's host without `www.`, when its URL is known: links elsewhere are off-site. */
  readonly pageHost?: string;
}

export interface AnalysisOptions {
  /** See {@link ContentAnalysis.pageHost}. */
  readonly pageHost?: string;
}

/** Commas counted by the last `countText` call (a scalar beside its return value: this is the hot loop). */
let countedCommas = 0;

/**
 * Length of `text` with each whitespace run counted as one character (`text.replace(/\s+/g, ' ').length`),
 * and its commas (, ， 、 ،) into `countedCommas`, in one pass and without building strings: measuring every
 * text node that way was the largest cost of the content analysis.
 */
function countText(text: string): number {
  let chars = 0;
  let commas = 0;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (!inSpace) chars++;
      inSpace = true;
      continue;
    }
    chars++;
    inSpace = false;
    if (c === 0x2c || c === 0xff0c || c === 0x3001 || c === 0x60c) commas++;
  }
  countedCommas = commas;
  return chars;
}

/** The characters JavaScript's `\s` matches. */
function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Sees an element, with its {@link classAndId} when the caller has it at hand; false when the element's
 * descendants are of no interest to it.
 */
export type ElementVisitor = (el: Element, attrs?: string) => boolean | undefined;

/**
 * One post-order pass: drops junk subtrees, measures text/link/comma counts, and collects paragraphs.
 * Junk that turns out to hold most of the page's prose (a `content-with-sidebar` wrapper) is rescued by
 * a second pass with that element exempted.
 *
 * `visit` rides along the first pass (saving callers a walk of their own): it sees every element once in
 * document order, those inside dropped subtrees included, like {@link forEachElement}.
 */
export function analyzeContent(
  root: AnyNode,
  options: AnalysisOptions = {},
  visit?: ElementVisitor,
): ContentAnalysis {
  const a = analyzeWithRescue(root, visit);
  return options.pageHost === undefined ? a : { ...a, pageHost: options.pageHost };
}

function analyzeWithRescue(root: AnyNode, visit?: ElementVisitor): RawAnalysis {
  let exempt: Set<Element> = new Set();
  for (let attempt = 0; attempt < MAX_RESCUE_PASSES; attempt++) {
    const a = runAnalysis(root, exempt, attempt === 0 ? visit : undefined);
    const total = a.totalParaChars;
    const rescue = a.junkCandidates.filter(
      ([el, st, kind]) =>
        kind === 'hard' &&
        !REMOVE_TAGS.has(el.name) &&
        st.paraChars > JUNK_RESCUE_SHARE * (total + st.paraChars),
    );
    if (rescue.length === 0) return a;
    // A page that marks its main content (<main>, role=main, with prose) outside a junk block does not
    // need that block (a footer with wordy disclaimers) rescued; junk-classed wrappers around or inside it still are.
    const mains = markedMains(a);
    const rescued =
      mains.length === 0
        ? rescue
        : rescue.filter(([el]) => mains.some((m) => contains(m, el) || contains(el, m)));
    if (rescued.length === 0) return a;
    exempt = new Set([...exempt, ...rescued.map(([el]) => el)]);
  }
  return runAnalysis(root, exempt, undefined);
}

/** A `<main>`/role=main outside the junk with at least this much prose is where the page says its content is. */
const MARKED_MAIN_MIN_PROSE = 200;

function markedMains(a: RawAnalysis): Element[] {
  const out: Element[] = [];
  for (const [el, st] of a.stats) {
    if ((el.name === 'main' || el.attribs.role === 'main') && st.paraChars >= MARKED_MAIN_MIN_PROSE)
      out.push(el);
  }
  return out;
}

interface RawAnalysis extends ContentAnalysis {
  readonly totalParaChars: number;
  readonly junkCandidates: [Element, NodeStats, JunkKind][];
}

function runAnalysis(
  root: AnyNode,
  exempt: ReadonlySet<Element>,
  visit: ElementVisitor | undefined,
): RawAnalysis {
  const stats = new Map<Element, NodeStats>();
  const removed = new Set<Element>();
  const paragraphs: Element[] = [];
  const junkCandidates: [Element, NodeStats, JunkKind][] = [];
  const looseRuns: LooseRun[] = [];
  let body: Element | undefined;

  // Recursive: the parser refused pages nested deeper than the depth limit. `inJunk`: an ancestor is junk
  // (removed at the end of its own visit), so paragraphs below it do not score.
  const measure = (
    el: Element,
    inLink: boolean,
    inCode: boolean,
    inJunk: boolean,
    visit: ElementVisitor | undefined,
  ): NodeStats | undefined => {
    // Inside code, classes are syntax highlighting (`hljs-comment`, `token comment`), not page furniture.
    const attrs = classAndId(el);
    const roles = TAG_ROLES.get(el.name) ?? 0;
    const removable = (roles & REMOVE_ROLE) !== 0;
    let kind = exempt.has(el)
      ? 'none'
      : inCode
        ? removable || isHidden(el)
          ? 'hard'
          : 'none'
        : junkKind(el, attrs, roles);
    if (
      kind !== 'none' &&
      (isHeadingAnchor(el) || isDisclosureQuestion(el) || (kind === 'hard' && isLinkInSentence(el, attrs)))
    )
      kind = 'none';
    const code = inCode || el.name === 'pre' || el.name === 'code';
    const junk = inJunk || kind !== 'none';
    if (kind === 'hard' && (removable || isHidden(el))) {
      removed.add(el);
      if (visit) forEachElement(el, visit);
      return undefined;
    }
    const visitChildren = visit !== undefined && visit(el, attrs) !== false ? visit : undefined;
    // The outermost body: pasted fragments nest further <html><body> elements inside the page.
    if (el.name === 'body' && body === undefined) body = el;
    const link = inLink || el.name === 'a';
    const st: NodeStats = {
      chars: 0,
      linkChars: 0,
      commas: 0,
      paraChars: 0,
      paraCount: 0,
      hasBlock: false,
      images: 0,
    };
    // Text written straight into a container between its blocks (`<div>text<br>more<div>…`) is a paragraph
    // without a `<p>`; Readability wraps such runs in one. Runs are measured here (scalars: this is the
    // hot loop) and kept when long.
    const track = (roles & TEXT_CONTAINER_ROLE) !== 0;
    let runChars = 0;
    let runLink = 0;
    let runCommas = 0;
    let runs: LooseRun[] | undefined;
    for (const child of el.children) {
      if (isText(child)) {
        const n = countText(child.data);
        if (n === 0) continue;
        const commas = countedCommas;
        st.chars += n;
        if (link) st.linkChars += n;
        st.commas += commas;
        if (track && n > 1) {
          runChars += n;
          if (link) runLink += n;
          runCommas += commas;
        }
      } else if (isTag(child)) {
        const c = measure(child, link, code, junk, visitChildren);
        if (!c) continue;
        const block = c.hasBlock || BLOCK_TAGS.has(child.name);
        if (track) {
          if (block) {
            if (runChars >= MIN_PARAGRAPH_CHARS && runLink <= MAX_PARAGRAPH_LINK_DENSITY * runChars) {
              (runs ??= []).push({ el, chars: runChars, commas: runCommas });
            }
            runChars = runLink = runCommas = 0;
          } else if (c.paraCount === 0) {
            runChars += c.chars;
            runLink += c.linkChars;
            runCommas += c.commas;
          }
        }
        st.chars += c.chars;
        st.linkChars += c.linkChars;
        st.commas += c.commas;
        st.paraChars += c.paraChars;
        st.paraCount += c.paraCount;
        st.images += c.images;
        if (block) st.hasBlock = true;
        if (child.name === 'img') st.images++;
      }
    }
    stats.set(el, st);
    const isPara =
      (roles & PARAGRAPH_ROLE) !== 0 || (track && !st.hasBlock) || (el.name === 'p' && st.hasBlock);
    if (!isPara && st.hasBlock && track) {
      if (runChars >= MIN_PARAGRAPH_CHARS && runLink <= MAX_PARAGRAPH_LINK_DENSITY * runChars) {
        (runs ??= []).push({ el, chars: runChars, commas: runCommas });
      }
      for (const r of runs ?? []) {
        if (!junk) looseRuns.push(r);
        st.paraChars += r.chars;
        st.paraCount++;
      }
    }
    if (isPara && st.chars >= MIN_PARAGRAPH_CHARS && st.paraChars === 0) {
      if (!junk) paragraphs.push(el);
      if (st.linkChars <= MAX_PARAGRAPH_LINK_DENSITY * st.chars) {
        st.paraChars = st.chars;
        st.paraCount = 1;
      }
    }
    if (kind !== 'none') {
      junkCandidates.push([el, st, kind]);
      removed.add(el);
      return undefined;
    }
    return st;
  };

  let rootStats: NodeStats | undefined;
  if (isDocument(root) || isTag(root)) {
    for (const child of root.children) {
      if (isTag(child)) {
        const s = measure(child, false, false, false, visit);
        if (s && (child.name === 'html' || !rootStats)) rootStats = s;
      }
    }
  }
  const scores = scoreParagraphs(paragraphs, looseRuns, stats);
  return { stats, removed, scores, body, totalParaChars: rootStats?.paraChars ?? 0, junkCandidates };
}

export function isInsideRemoved(el: Element, removed: ReadonlySet<Element>): boolean {
  for (let n: Element | null = el; n; n = n.parent && isTag(n.parent) ? n.parent : null) {
    if (removed.has(n)) return true;
  }
  return false;
}
