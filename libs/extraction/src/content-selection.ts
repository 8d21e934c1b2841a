import { isText, isTag } from 'domhandler';
import type { Element } from 'domhandler';
import type { ContentAnalysis } from './content-analysis.js';
import { contains, elementChildren } from './dom.js';
import { guardProseShare } from './prose-guard.js';

/**
 * Content selection: the best-scored candidate, promoted to an ancestor that several strong candidates
 * share or that gathers substantially more prose, plus the siblings that score close to it.
 */

/** Candidates holding less than this share of the best candidate's prose cannot win on class weight alone. */
const MIN_CANDIDATE_PROSE_SHARE = 0.25;
/** Siblings of the winner join it when they score this share of its score (Readability: 0.2). */
const SIBLING_SCORE_SHARE = 0.2;
const MIN_SIBLING_SCORE = 10;
/** A paragraph sibling with this much text and low link density joins even without a score. */
const SIBLING_PARAGRAPH_CHARS = 80;
/** Link density below which a sibling's prose is text, not a link list. */
const SIBLING_MAX_LINK_DENSITY = 0.25;

/** Number of top candidates that must share an ancestor to promote it (Readability). */
const MIN_TOP_CANDIDATES = 3;
const TOP_CANDIDATE_SHARE = 0.75;

/** Picks the main-content nodes: the best candidate plus qualifying siblings, in document order. */
export function selectContent(a: ContentAnalysis): { nodes: Element[]; top: Element | undefined } {
  return guardProseShare(scoredSelection(a), a, (el) => isPageLevel(el, a));
}

function scoredSelection(a: ContentAnalysis): { nodes: Element[]; top: Element | undefined } {
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
  const alternatives = ranked
    .slice(1, 6)
    .filter(([, s]) => s >= TOP_CANDIDATE_SHARE * topScore)
    .map(([el]) => el);
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
  while (
    top.parent &&
    isTag(top.parent) &&
    !isPageLevel(top.parent, a) &&
    elementChildren(top.parent, a.removed).length === 1
  ) {
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
      if (
        st &&
        st.paraChars >= SIBLING_PARAGRAPH_CHARS &&
        st.linkChars < SIBLING_MAX_LINK_DENSITY * st.chars
      ) {
        nodes.push(sib);
        continue;
      }
    }
    if (sib.name === 'p') {
      const st = a.stats.get(sib);
      if (!st) continue;
      const density = st.chars > 0 ? st.linkChars / st.chars : 1;
      if (st.chars >= SIBLING_PARAGRAPH_CHARS && density < SIBLING_MAX_LINK_DENSITY) nodes.push(sib);
      else if (
        st.chars > 0 &&
        st.chars < SIBLING_PARAGRAPH_CHARS &&
        density === 0 &&
        /\.(\s|$)/.test(textSample(sib))
      )
        nodes.push(sib);
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
  return el === a.body || (el.name === 'body' && a.body === undefined) || !el.parent || !isTag(el.parent);
}

function textSample(el: Element): string {
  let out = '';
  for (const c of el.children) if (isText(c)) out += c.data;
  return out;
}
