import { isTag } from 'domhandler';
import type { Element } from 'domhandler';
import type { ContentAnalysis } from './content-analysis.js';

/**
 * A second opinion on the chosen content, in the spirit of trafilatura's comparison with its fallbacks: a
 * page where we return a fraction of the story costs far more than a leaked line. When the chosen nodes hold
 * little of the page's prose (good paragraphs outside junk), the story most likely goes on outside them (a
 * scored winner that is one part of a story split by a widget over cousin elements); the nearest ancestor that
 * gathers most of the page's prose, and reads as prose rather than a link farm, replaces them.
 */

/** The chosen nodes are trusted when they hold at least this share of the page's prose. */
const GUARD_MIN_SHARE = 0.5;
/** The ancestor widened to must hold this share of the page's prose… */
const WIDEN_SHARE = 0.8;
/** …with its text no more link text than this (climbForProse's bound: past it, a link farm). */
const WIDEN_MAX_LINK_DENSITY = 0.3;

export interface Selection {
  readonly nodes: Element[];
  readonly top: Element | undefined;
}

/**
 * The selection, or the nearest ancestor of its top below `isPageLevel` that holds most of the page's prose
 * when the selection holds little of it. Walks the top's ancestors once: linear in the page's depth.
 */
export function guardProseShare(
  selection: Selection,
  a: ContentAnalysis,
  isPageLevel: (el: Element) => boolean,
): Selection {
  const { nodes, top } = selection;
  const total = a.body ? (a.stats.get(a.body)?.paraChars ?? 0) : 0;
  if (!top || total === 0) return selection;
  let chosen = 0;
  for (const n of nodes) chosen += a.stats.get(n)?.paraChars ?? 0;
  if (chosen >= GUARD_MIN_SHARE * total) return selection;
  for (let n = top.parent; n && isTag(n) && !isPageLevel(n); n = n.parent) {
    const st = a.stats.get(n);
    if (!st) return selection;
    if (st.paraChars < WIDEN_SHARE * total) continue;
    return st.linkChars <= WIDEN_MAX_LINK_DENSITY * st.chars ? { nodes: [n], top: n } : selection;
  }
  return selection;
}
