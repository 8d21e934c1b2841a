import { isTag } from 'domhandler';
import type { Element } from 'domhandler';
import { NEGATIVE_WEIGHT_RE, POSITIVE_WEIGHT_RE } from './boilerplate.js';
import { classAndId } from './dom.js';
import { withoutUtilityClasses } from './element-junk.js';

/**
 * Candidate scoring (Readability's): each paragraph scores by its length and commas, and its score is
 * spread over a few ancestor levels, weighted by their tag and class; a candidate's final score is scaled
 * down by its link density.
 */

/** One extra point per this many characters, capped (Readability). */
const CHARS_PER_POINT = 100;
const MAX_LENGTH_POINTS = 3;
/** How many ancestor levels a paragraph's score reaches (Readability scores 5 levels). */
const SCORE_ANCESTOR_LEVELS = 5;
/** ±class weight (Readability). */
export const CLASS_WEIGHT = 25;

/** What scoring reads of an element's measures (the content analysis's `NodeStats`). */
export interface ScoringStats {
  readonly chars: number;
  readonly linkChars: number;
  readonly commas: number;
  /** Characters of good paragraphs in the subtree. */
  readonly paraChars: number;
}

/** Text written directly into a container between its block children (an implicit paragraph). */
export interface LooseRun {
  readonly el: Element;
  readonly chars: number;
  readonly commas: number;
}

/** ±{@link CLASS_WEIGHT} for negative and positive class/id words (Readability). */
export function classWeight(el: Element): number {
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

/** Spreads the score of each paragraph and loose run (none inside junk) over its ancestors. */
export function scoreParagraphs(
  paragraphs: readonly Element[],
  looseRuns: readonly LooseRun[],
  stats: ReadonlyMap<Element, ScoringStats>,
): Map<Element, number> {
  const scores = new Map<Element, number>();
  const spread = (first: Element | null, chars: number, commas: number): void => {
    const score = 1 + commas + Math.min(Math.floor(chars / CHARS_PER_POINT), MAX_LENGTH_POINTS);
    let level = 0;
    for (
      let a = first;
      a && level < SCORE_ANCESTOR_LEVELS;
      a = a.parent && isTag(a.parent) ? a.parent : null, level++
    ) {
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
