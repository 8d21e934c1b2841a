import { isText, isTag, isDocument } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import {
  CAPTION_ATTR_RE,
  COMMENT_ATTR_RE,
  HARD_JUNK_ATTR_RE,
  NEGATIVE_WEIGHT_RE,
  POSITIVE_ATTR_RE,
  POSITIVE_WEIGHT_RE,
  WHOLE_TOKEN_JUNK_RE,
} from './boilerplate.js';
import { BLOCK_TAGS, classAndId, forEachElement, textOf } from './dom.js';

/** Elements whose content is never article text. */
const REMOVE_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'button', 'select', 'input',
  'textarea', 'option', 'dialog', 'head', 'title', 'meta', 'link', 'video', 'audio', 'map', 'area', 'noembed', 'frameset',
  'frame', 'applet', 'label', 'figcaption',
]);
/** Layout elements that are junk unless they hold most of the prose (an unclosed `<aside>` swallows the page). */
const LAYOUT_TAGS: ReadonlySet<string> = new Set(['nav', 'aside', 'footer', 'menu']);
/** Structural elements never removed by class/id words (pages put `has-sidebar` on them). */
const STRUCTURAL_TAGS: ReadonlySet<string> = new Set(['html', 'body', 'main', 'article']);
/** Blocks scored as paragraphs (Readability's `DEFAULT_TAGS_TO_SCORE` plus text-only divs). */
const PARAGRAPH_TAGS: ReadonlySet<string> = new Set(['p', 'pre', 'blockquote', 'td', 'dd']);
const TEXT_CONTAINER_TAGS: ReadonlySet<string> = new Set(['div', 'section', 'article', 'span', 'font', 'center', 'li', 'main']);

/**
 * The sets above as bits per tag: the content walk asks several of them of every element, and one map
 * lookup answers them all.
 */
const REMOVE_ROLE = 1;
const LAYOUT_ROLE = 2;
const STRUCTURAL_ROLE = 4;
const PARAGRAPH_ROLE = 8;
const TEXT_CONTAINER_ROLE = 16;
const TAG_ROLES: ReadonlyMap<string, number> = tagRoles([
  [REMOVE_TAGS, REMOVE_ROLE],
  [LAYOUT_TAGS, LAYOUT_ROLE],
  [STRUCTURAL_TAGS, STRUCTURAL_ROLE],
  [PARAGRAPH_TAGS, PARAGRAPH_ROLE],
  [TEXT_CONTAINER_TAGS, TEXT_CONTAINER_ROLE],
]);

function tagRoles(sets: readonly (readonly [ReadonlySet<string>, number])[]): Map<string, number> {
  const roles = new Map<string, number>();
  for (const [tags, role] of sets) for (const tag of tags) roles.set(tag, (roles.get(tag) ?? 0) | role);
  return roles;
}

/** Paragraphs shorter than this carry no weight (Readability uses 25). */
export const MIN_PARAGRAPH_CHARS = 25;
/** One extra point per this many characters, capped (Readability). */
const CHARS_PER_POINT = 100;
const MAX_LENGTH_POINTS = 3;
/** How many ancestor levels a paragraph's score reaches (Readability scores 5 levels). */
const SCORE_ANCESTOR_LEVELS = 5;
/** ±class weight (Readability). */
const CLASS_WEIGHT = 25;
/** A paragraph with more link text than this share is navigation, not prose. */
const MAX_PARAGRAPH_LINK_DENSITY = 0.5;
/** A junk-classed block holding more than this share of the page's prose is the content wrapper, not junk. */
const JUNK_RESCUE_SHARE = 0.5;
/** Nested junk wrappers are rescued one level per pass; real pages need at most a few. */
const MAX_RESCUE_PASSES = 6;
/** Candidates holding less than this share of the best candidate's prose cannot win on class weight alone. */
const MIN_CANDIDATE_PROSE_SHARE = 0.25;
/** Siblings of the winner join it when they score this share of its score (Readability: 0.2). */
const SIBLING_SCORE_SHARE = 0.2;
const MIN_SIBLING_SCORE = 10;
/** A paragraph sibling with this much text and low link density joins even without a score. */
const SIBLING_PARAGRAPH_CHARS = 80;
/** Link density below which a sibling's prose is text, not a link list. */
const SIBLING_MAX_LINK_DENSITY = 0.25;
/** Containers with fewer commas than this are candidates for conditional removal (Readability). */
const CONDITIONAL_MAX_COMMAS = 10;
/** Link density above which a comma-poor container inside the content is a link list (Readability: 0.2 / 0.5 by weight). */
const CONDITIONAL_LINK_DENSITY = 0.35;
const CONDITIONAL_LINK_DENSITY_POSITIVE = 0.5;
/** Lists keep up to this link density (Readability keeps lists unless they carry a positive class and are > 0.5 links). */
const CONDITIONAL_LIST_LINK_DENSITY = 0.65;

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

/** Text written directly into a container between its block children (an implicit paragraph). */
interface LooseRun {
  readonly el: Element;
  readonly chars: number;
  readonly commas: number;
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

/**
 * Utility-CSS tokens (Tailwind and the like: `md:hidden`, `tw-text-fg-secondary`, `bg-secondary`) name
 * colours and breakpoints, not the block's role, so junk words inside them mean nothing.
 */
const UTILITY_CLASS_RE =
  /(?:^|\s)(?:[^\s:]*:\S*|(?:tw-)?(?:text|bg|border|fg|font|ring|shadow|fill|stroke|from|to|via|divide|decoration|outline|placeholder|accent|caret)-\S*)(?=\s|$)/g;

/** `attrs` (the element's {@link classAndId}) without utility classes; `attrs` itself when it has none. */
function withoutUtilityClasses(el: Element, attrs: string): string {
  const cls = el.attribs.class;
  if (cls === undefined) return attrs;
  const stripped = cls.replace(UTILITY_CLASS_RE, ' ');
  return stripped === cls ? attrs : `${stripped} ${el.attribs.id ?? ''}`.toLowerCase();
}

/**
 * React streaming SSR (Next.js and others) sends Suspense content in `<div hidden id="S:0">` and moves it
 * into place with a script: it is what the reader sees, not hidden text.
 */
const STREAMED_SEGMENT_ID_RE = /^S:[0-9a-f]+$/; // React numbers segments in hex (S:1e)

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined && !(a.id !== undefined && STREAMED_SEGMENT_ID_RE.test(a.id))) return true;
  if (a['aria-hidden'] === 'true' && el.name !== 'span' && el.name !== 'i') return true;
  const style = a.style;
  if (style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return !isCollapsedPanel(el);
  return false;
}

/**
 * A collapsed accordion or tab panel (`role="region"`/`"tabpanel"` or labelled by its toggle) is one click
 * away and part of the story (FAQ answers, step details); menus and dialogs are dropped by their own rules.
 */
function isCollapsedPanel(el: Element): boolean {
  const a = el.attribs;
  return a.role === 'region' || a.role === 'tabpanel' || a['aria-labelledby'] !== undefined;
}

type JunkKind = 'none' | 'hard' | 'comment';

const HEADING_ANCHOR_MIN_CHARS = 12;
const alnumOf = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * A story section whose id is its heading's slug (`id="menu-innovation-strategies"` around
 * `<h2>Menu Innovation Strategies</h2>`): the id's words are the heading's, not a furniture class.
 * Only asked of elements already found junk.
 */
function isHeadingAnchor(el: Element): boolean {
  const id = el.attribs.id;
  // A slug is never longer than its id, so short ids go before any string is built (a third of elements are junk).
  if (id === undefined || id.length < HEADING_ANCHOR_MIN_CHARS || REMOVE_TAGS.has(el.name) || LAYOUT_TAGS.has(el.name) || isHidden(el)) return false;
  const slug = alnumOf(id);
  if (slug.length < HEADING_ANCHOR_MIN_CHARS) return false;
  const cls = el.attribs.class;
  if (cls !== undefined && JUNK_ATTR_RE.test(cls.toLowerCase())) return false;
  const heading = firstHeading(el, 0);
  if (!heading) return false;
  const text = alnumOf(textOf(heading, 300));
  return text.length >= HEADING_ANCHOR_MIN_CHARS && (text.startsWith(slug) || slug.startsWith(text));
}

function firstHeading(el: Element, depth: number): Element | undefined {
  for (const c of el.children) {
    if (!isTag(c)) continue;
    if (/^h[1-6]$/.test(c.name)) return c;
    if (depth < 2) {
      const h = firstHeading(c, depth + 1);
      if (h) return h;
    }
  }
  return undefined;
}

/** Any junk word of class/id: the three patterns in one pass (each keeps its own word boundaries). */
const JUNK_ATTR_RE = new RegExp([HARD_JUNK_ATTR_RE, WHOLE_TOKEN_JUNK_RE, CAPTION_ATTR_RE].map((re) => re.source).join('|'));

/** `attrs`: the element's {@link classAndId}; `roles`: its {@link TAG_ROLES}. */
function junkKind(el: Element, attrs: string, roles: number): JunkKind {
  if ((roles & (REMOVE_ROLE | LAYOUT_ROLE)) !== 0) return 'hard';
  if (isHidden(el)) return 'hard';
  if ((roles & STRUCTURAL_ROLE) !== 0) return 'none';
  const role = el.attribs.role;
  if (role === 'navigation' || role === 'complementary' || role === 'contentinfo' || role === 'banner' || role === 'dialog') return 'comment';
  if (attrs === '' || !JUNK_ATTR_RE.test(attrs)) return 'none';
  // Re-read without utility classes only when a junk word was found (the walk is hot).
  const s = withoutUtilityClasses(el, attrs);
  if (s !== attrs && !JUNK_ATTR_RE.test(s)) return 'none';
  if (POSITIVE_ATTR_RE.test(s)) return 'none';
  if (COMMENT_ATTR_RE.test(s)) return 'comment';
  return 'hard';
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
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
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
export function analyzeContent(root: AnyNode, options: AnalysisOptions = {}, visit?: ElementVisitor): ContentAnalysis {
  const a = analyzeWithRescue(root, visit);
  return options.pageHost === undefined ? a : { ...a, pageHost: options.pageHost };
}

function analyzeWithRescue(root: AnyNode, visit?: ElementVisitor): RawAnalysis {
  let exempt: Set<Element> = new Set();
  for (let attempt = 0; attempt < MAX_RESCUE_PASSES; attempt++) {
    const a = runAnalysis(root, exempt, attempt === 0 ? visit : undefined);
    const total = a.totalParaChars;
    const rescue = a.junkCandidates.filter(
      ([el, st, kind]) => kind === 'hard' && !REMOVE_TAGS.has(el.name) && st.paraChars > JUNK_RESCUE_SHARE * (total + st.paraChars),
    );
    if (rescue.length === 0) return a;
    // A page that marks its main content (<main>, role=main, with prose) outside a junk block does not
    // need that block (a footer with wordy disclaimers) rescued; junk-classed wrappers around or inside it still are.
    const mains = markedMains(a);
    const rescued = mains.length === 0 ? rescue : rescue.filter(([el]) => mains.some((m) => contains(m, el) || contains(el, m)));
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
    if ((el.name === 'main' || el.attribs.role === 'main') && st.paraChars >= MARKED_MAIN_MIN_PROSE) out.push(el);
  }
  return out;
}

interface RawAnalysis extends ContentAnalysis {
  readonly totalParaChars: number;
  readonly junkCandidates: [Element, NodeStats, JunkKind][];
}

function runAnalysis(root: AnyNode, exempt: ReadonlySet<Element>, visit: ElementVisitor | undefined): RawAnalysis {
  const stats = new Map<Element, NodeStats>();
  const removed = new Set<Element>();
  const paragraphs: Element[] = [];
  const junkCandidates: [Element, NodeStats, JunkKind][] = [];
  const looseRuns: LooseRun[] = [];
  let body: Element | undefined;

  // Recursive: the parser refused pages nested deeper than the depth limit. `inJunk`: an ancestor is junk
  // (removed at the end of its own visit), so paragraphs below it do not score.
  const measure = (el: Element, inLink: boolean, inCode: boolean, inJunk: boolean, visit: ElementVisitor | undefined): NodeStats | undefined => {
    // Inside code, classes are syntax highlighting (`hljs-comment`, `token comment`), not page furniture.
    const attrs = classAndId(el);
    const roles = TAG_ROLES.get(el.name) ?? 0;
    const removable = (roles & REMOVE_ROLE) !== 0;
    let kind = exempt.has(el) ? 'none' : inCode ? (removable || isHidden(el) ? 'hard' : 'none') : junkKind(el, attrs, roles);
    if (kind !== 'none' && isHeadingAnchor(el)) kind = 'none';
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
    const st: NodeStats = { chars: 0, linkChars: 0, commas: 0, paraChars: 0, paraCount: 0, hasBlock: false, images: 0 };
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
    const isPara = (roles & PARAGRAPH_ROLE) !== 0 || (track && !st.hasBlock) || (el.name === 'p' && st.hasBlock);
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

function classWeight(el: Element): number {
  const s = classAndId(el);
  if (s === '') return 0;
  let w = 0;
  if (matchesWithoutUtilities(NEGATIVE_WEIGHT_RE, el, s)) w -= CLASS_WEIGHT;
  if (matchesWithoutUtilities(POSITIVE_WEIGHT_RE, el, s)) w += CLASS_WEIGHT;
  return w;
}

/** Whether `re` matches `attrs` (the element's {@link classAndId}) with its utility classes left out. */
function matchesWithoutUtilities(re: RegExp, el: Element, attrs: string): boolean {
  if (!re.test(attrs)) return false;
  const plain = withoutUtilityClasses(el, attrs);
  return plain === attrs || re.test(plain);
}

function tagWeight(el: Element): number {
  switch (el.name) {
    case 'div':
    case 'article':
    case 'main':
    case 'section':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

export function isInsideRemoved(el: Element, removed: ReadonlySet<Element>): boolean {
  for (let n: Element | null = el; n; n = n.parent && isTag(n.parent) ? n.parent : null) {
    if (removed.has(n)) return true;
  }
  return false;
}

/** Spreads the score of each paragraph and loose run (none inside junk) over its ancestors. */
function scoreParagraphs(paragraphs: readonly Element[], looseRuns: readonly LooseRun[], stats: Map<Element, NodeStats>): Map<Element, number> {
  const scores = new Map<Element, number>();
  const spread = (first: Element | null, chars: number, commas: number): void => {
    const score = 1 + commas + Math.min(Math.floor(chars / CHARS_PER_POINT), MAX_LENGTH_POINTS);
    let level = 0;
    for (let a = first; a && level < SCORE_ANCESTOR_LEVELS; a = a.parent && isTag(a.parent) ? a.parent : null, level++) {
      let base = scores.get(a);
      if (base === undefined) base = tagWeight(a) + classWeight(a);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(a, base + score / divider);
    }
  };
  for (const p of paragraphs) {
    const st = stats.get(p);
    if (!st || st.paraChars === 0) continue;
    spread(p.parent && isTag(p.parent) ? p.parent : null, st.chars, st.commas);
  }
  // A loose run scores as a paragraph whose parent is the container holding it.
  for (const r of looseRuns) spread(r.el, r.chars, r.commas);
  // Final score: scale by how much of the candidate is not link text.
  for (const [el, s] of scores) {
    const st = stats.get(el);
    const density = st && st.chars > 0 ? st.linkChars / st.chars : 0;
    scores.set(el, s * (1 - density));
  }
  return scores;
}

/** Number of top candidates that must share an ancestor to promote it (Readability). */
const MIN_TOP_CANDIDATES = 3;
const TOP_CANDIDATE_SHARE = 0.75;

/** Picks the main-content nodes: the best candidate plus qualifying siblings, in document order. */
export function selectContent(a: ContentAnalysis): { nodes: Element[]; top: Element | undefined } {
  let top: Element | undefined;
  let topScore = -Infinity;
  const ranked: [Element, number][] = [];
  let maxProse = 0;
  for (const el of a.scores.keys()) maxProse = Math.max(maxProse, a.stats.get(el)?.paraChars ?? 0);
  for (const [el, s] of a.scores) {
    if (a.removed.has(el)) continue;
    if ((a.stats.get(el)?.paraChars ?? 0) < MIN_CANDIDATE_PROSE_SHARE * maxProse) continue;
    ranked.push([el, s]);
    if (s > topScore) {
      topScore = s;
      top = el;
    }
  }
  if (!top) return { nodes: a.body ? [a.body] : [], top: undefined };
  ranked.sort((x, y) => y[1] - x[1]);

  // Several strong candidates under one ancestor: the ancestor is the article (Readability's promotion).
  const alternatives = ranked.slice(1, 6).filter(([, s]) => s >= TOP_CANDIDATE_SHARE * topScore).map(([el]) => el);
  if (alternatives.length >= MIN_TOP_CANDIDATES - 1) {
    let parent = top.parent;
    while (parent && isTag(parent) && !isPageLevel(parent, a)) {
      const holds = alternatives.filter((alt) => contains(parent as Element, alt)).length;
      if (holds >= MIN_TOP_CANDIDATES - 1) {
        top = parent;
        break;
      }
      parent = parent.parent;
    }
  }
  top = climbForProse(top, a);
  // A winner that is its parent's only element child adds nothing by itself: climb.
  while (top.parent && isTag(top.parent) && !isPageLevel(top.parent, a) && elementChildren(top.parent, a.removed).length === 1) {
    top = top.parent;
  }
  const finalTopScore = a.scores.get(top) ?? topScore;
  const parent = top.parent;
  if (!parent || !isTag(parent)) return { nodes: [top], top };

  const threshold = Math.max(MIN_SIBLING_SCORE, finalTopScore * SIBLING_SCORE_SHARE);
  const topClass = top.attribs.class ?? '';
  const nodes: Element[] = [];
  for (const sib of elementChildren(parent, a.removed)) {
    if (sib === top) {
      nodes.push(sib);
      continue;
    }
    let s = a.scores.get(sib) ?? -Infinity;
    if (topClass !== '' && sib.attribs.class === topClass) s += finalTopScore * SIBLING_SCORE_SHARE;
    if (s >= threshold) {
      nodes.push(sib);
      continue;
    }
    // Page builders split a story into blocks of one class; a sibling block of the winner's class with
    // real prose joins even when a low-scoring story spreads the score too thin to reach the threshold.
    if (topClass !== '' && sib.name === top.name && sib.attribs.class === topClass) {
      const st = a.stats.get(sib);
      if (st && st.paraChars >= SIBLING_PARAGRAPH_CHARS && st.linkChars < SIBLING_MAX_LINK_DENSITY * st.chars) {
        nodes.push(sib);
        continue;
      }
    }
    if (sib.name === 'p') {
      const st = a.stats.get(sib);
      if (!st) continue;
      const density = st.chars > 0 ? st.linkChars / st.chars : 1;
      if (st.chars >= SIBLING_PARAGRAPH_CHARS && density < SIBLING_MAX_LINK_DENSITY) nodes.push(sib);
      else if (st.chars > 0 && st.chars < SIBLING_PARAGRAPH_CHARS && density === 0 && /\.(\s|$)/.test(textSample(sib))) nodes.push(sib);
    }
  }
  return { nodes, top };
}

/** An ancestor replaces the winner when it holds at least this much more good prose… */
const CLIMB_MIN_GAIN = 1.2;
/** …in paragraphs this long on average (teaser excerpts and captions are shorter)… */
const CLIMB_MIN_ADDED_PARAGRAPH_CHARS = 150;
/** …without turning into a link farm. */
const CLIMB_MAX_LINK_DENSITY = 0.3;
/** How far up to look: page builders nest section > container > row > column > module > text. */
const CLIMB_MAX_LEVELS = 7;

/**
 * Page builders (Elementor, Divi, WPBakery) split one article over sibling sections; the scored winner
 * is then one section. Climb to the ancestor that gathers substantially more article-like prose.
 */
function climbForProse(start: Element, a: ContentAnalysis): Element {
  let top = start;
  for (;;) {
    const base = a.stats.get(top);
    if (!base) return top;
    let best: Element | undefined;
    let n = top.parent;
    let below = base.chars;
    for (let level = 0; n && isTag(n) && !isPageLevel(n, a) && level < CLIMB_MAX_LEVELS; n = n.parent) {
      const st = a.stats.get(n);
      if (!st) break;
      // A wrapper with nothing but the element below it (builders stack several) is not a level.
      if (st.chars !== below) level++;
      below = st.chars;
      const addedChars = st.paraChars - base.paraChars;
      const addedCount = st.paraCount - base.paraCount;
      if (
        st.paraChars >= CLIMB_MIN_GAIN * base.paraChars &&
        addedCount > 0 &&
        addedChars / addedCount >= CLIMB_MIN_ADDED_PARAGRAPH_CHARS &&
        st.linkChars <= CLIMB_MAX_LINK_DENSITY * st.chars
      ) {
        best = n;
      }
    }
    if (!best) return top;
    top = best;
  }
}

/** The page's own body or html element (not one nested inside the page by a pasted fragment). */
function isPageLevel(el: Element, a: ContentAnalysis): boolean {
  return el === a.body || el.name === 'body' && a.body === undefined || !el.parent || !isTag(el.parent);
}

function textSample(el: Element): string {
  let out = '';
  for (const c of el.children) if (isText(c)) out += c.data;
  return out;
}

export function elementChildren(el: Element, removed: ReadonlySet<Element>): Element[] {
  const out: Element[] = [];
  for (const c of el.children) if (isTag(c) && !removed.has(c)) out.push(c);
  return out;
}

export function contains(ancestor: Element, node: Element): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/**
 * Readability's `_cleanConditionally`, simplified: comma-poor link lists and empty shells inside the content go.
 * `renderedBefore` (characters of content rendered before `el`) and `contentTotal` (the content's prose)
 * let story-card lists after the story go even when their excerpts are comma-rich.
 */
export function isConditionallyJunk(el: Element, a: ContentAnalysis, renderedBefore = 0, contentTotal = Infinity): boolean {
  if (!CONDITIONAL_TAGS.has(el.name)) return false;
  const st = a.stats.get(el);
  if (!st) return true;
  // Sign-up and contact forms inside the story (their fields are gone; labels, hints and headings remain).
  if (el.name === 'form' && st.paraChars < FORM_MAX_CONTENT_SHARE * contentTotal) return true;
  // Story cards carry comma-rich excerpts, so after the story the card check comes before the comma
  // exemption (a listicle whose sections start with linked headings has them before or as the story).
  // A card list after a story of comparable length is recirculation too, however long the page goes on.
  const afterStory =
    st.paraChars > 0 && st.paraChars < TEASER_MAX_CONTENT_SHARE * contentTotal && renderedBefore >= TEASER_AFTER_STORY_RATIO * st.paraChars;
  const tail = renderedBefore >= TEASER_TAIL_SHARE * contentTotal || afterStory;
  if (st.linkChars > 0 && tail && isTeaserList(el, a)) return true;
  // Truncated excerpts under linked headlines are other stories wherever they stand, however comma-rich.
  if (st.linkChars > 0 && st.paraChars < TEASER_MAX_CONTENT_SHARE * contentTotal && isExcerptList(el, a)) return true;
  if (st.commas >= CONDITIONAL_MAX_COMMAS) return false;
  const density = st.chars > 0 ? st.linkChars / st.chars : 0;
  const weight = classWeight(el);
  if (weight < 0 && st.paraChars === 0) return true;
  // Lists inside the story often link every item (products, sources); only link-dominated ones are navigation.
  const maxDensity = el.name === 'ul' || el.name === 'ol' ? CONDITIONAL_LIST_LINK_DENSITY : weight >= CLASS_WEIGHT ? CONDITIONAL_LINK_DENSITY_POSITIVE : CONDITIONAL_LINK_DENSITY;
  if (density > maxDensity && !(renderedBefore > 0 && renderedBefore < OFFSITE_LIST_MAX_POSITION * contentTotal && isOffsiteItemList(el, a))) return true;
  // Cards holding most of the content are the story (a listicle), not recirculation.
  if (st.paraChars >= TEASER_MAX_CONTENT_SHARE * contentTotal) return false;
  return isTeaserList(el, a);
}

/** A form holding less than this share of the content's prose is a widget, not a page wrapped in a form. */
const FORM_MAX_CONTENT_SHARE = 0.5;
/** …or, for a list holding less than half the content, after story of at least this share of the list's own prose. */
const TEASER_AFTER_STORY_RATIO = 0.5;
/** Comma-rich card lists are dropped only after this share of the content's prose has been rendered. */
const TEASER_TAIL_SHARE = 0.5;
/** A card list holding at least this share of the content's prose is the content. */
const TEASER_MAX_CONTENT_SHARE = 0.5;
/** A list of story cards has at least this many items… */
const TEASER_MIN_ITEMS = 3;
/** …most of which start with a linked headline. */
const TEASER_ITEM_SHARE = 0.6;
const HEADING_TAGS: ReadonlySet<string> = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

function hasLinkedHeading(el: Element, depth = 0): boolean {
  if (depth > 4) return false;
  for (const c of el.children) {
    if (!isTag(c)) continue;
    if ((HEADING_TAGS.has(c.name) || isTitleBox(c)) && c.children.some((x) => isTag(x) && x.name === 'a')) return true;
    if (c.name === 'a' && c.children.some((x) => isTag(x) && HEADING_TAGS.has(x.name))) return true;
    if (hasLinkedHeading(c, depth + 1)) return true;
  }
  return false;
}

/** Card titles not marked up as headings: `<div class="title"><a …>`, `<span class="post-title">`. */
const TITLE_CLASS_RE = /(?:^|[\s_-])(?:title|headline)(?:$|[\s_-])/i;
function isTitleBox(el: Element): boolean {
  const c = el.attribs.class;
  return c !== undefined && (el.name === 'div' || el.name === 'span' || el.name === 'p') && TITLE_CLASS_RE.test(c);
}

/** A link-only list past this share of the story is its tail (sources, "more from"), not part of it. */
const OFFSITE_LIST_MAX_POSITION = 0.9;
/** Product and source lists are short… */
const OFFSITE_LIST_MAX_ITEMS = 8;
/** …and name things in a few words ("Klein Tools 11061"), unlike share bars ("Facebook"). */
const OFFSITE_ITEM_MIN_WORDS = 2;

/**
 * A short list inside the story whose every link leaves the site ("Fluke 117", "Klein Tools MM400"): the
 * products or sources the story names. Navigation and recirculation link within the site.
 */
function isOffsiteItemList(el: Element, a: ContentAnalysis): boolean {
  if (a.pageHost === undefined || (el.name !== 'ul' && el.name !== 'ol')) return false;
  const items = elementChildren(el, a.removed);
  if (items.length === 0 || items.length > OFFSITE_LIST_MAX_ITEMS) return false;
  let words = 0;
  for (const it of items) {
    let links = 0;
    let onSite = false;
    forEachElement(it, (n) => {
      if (n.name !== 'a' || onSite) return;
      links++;
      const host = hostOfHref(n.attribs.href);
      onSite = host === undefined || host === a.pageHost || host.endsWith(`.${a.pageHost}`);
    });
    if (links === 0 || onSite) return false;
    words += textOf(it).split(/\s+/).filter(Boolean).length;
  }
  return words >= OFFSITE_ITEM_MIN_WORDS * items.length;
}

/** The host of an absolute http(s) link without `www.`; undefined for relative links (they stay on the site). */
function hostOfHref(href: string | undefined): string | undefined {
  const m = href === undefined ? null : /^(?:https?:)?\/\/(?:www\.)?([^/?#:]+)/i.exec(href.trim());
  return m?.[1]?.toLowerCase();
}

/** An excerpt cut short: "…may soon...", "…the council said …". */
const TRUNCATED_RE = /(?:\.\.\.|…)\s*(?:\[?(?:read )?more\]?)?$/i;

/** Whether the first non-blank text of `el` is inside a link (searched from the front). */
function opensWithLink(n: AnyNode, inLink = false, depth = 0): boolean | undefined {
  if (isText(n)) return /\S/.test(n.data) ? inLink : undefined;
  if (!isTag(n) || depth > 12) return undefined;
  for (const c of n.children) {
    const found = opensWithLink(c, inLink || n.name === 'a', depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The last non-blank text of `el` (searched from the back). */
function lastText(n: AnyNode, depth = 0): string | undefined {
  if (isText(n)) return /\S/.test(n.data) ? n.data : undefined;
  if (!isTag(n) || depth > 12) return undefined;
  for (let i = n.children.length - 1; i >= 0; i--) {
    const found = lastText(n.children[i]!, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A list of story cards whose items open with a linked headline and end in a truncated excerpt. */
function isExcerptList(el: Element, a: ContentAnalysis): boolean {
  const items = elementChildren(el, a.removed);
  if (items.length < TEASER_MIN_ITEMS) return false;
  let cards = 0;
  for (const it of items) if (opensWithLink(it) === true && TRUNCATED_RE.test(lastText(it)?.trim() ?? '')) cards++;
  return cards >= TEASER_ITEM_SHARE * items.length;
}

/** "More stories" blocks: several sibling cards, each a linked headline with an optional excerpt. */
function isTeaserList(el: Element, a: ContentAnalysis): boolean {
  const items = elementChildren(el, a.removed);
  if (items.length < TEASER_MIN_ITEMS) return false;
  let linked = 0;
  for (const it of items) if (hasLinkedHeading(it)) linked++;
  return linked >= TEASER_ITEM_SHARE * items.length;
}
const CONDITIONAL_TAGS: ReadonlySet<string> = new Set(['div', 'section', 'ul', 'ol', 'table', 'form', 'header', 'dl', 'figure', 'center']);
