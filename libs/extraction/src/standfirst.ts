import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { blockKey, cleanBlocks, type CleanContext } from './block-rules.js';
import { countWords, renderBlocks, type Block } from './blocks.js';
import type { ContentAnalysis } from './content-analysis.js';
import { nextNode } from './dom.js';
import { isHidden } from './element-junk.js';
import { rankedJsonLd, type PageSignals } from './page-signals.js';
import { SENTENCE_END_RE } from './word-chars.js';

/**
 * The standfirst: the summary a news page sets between its headline and the story (dek, lede, teaser), or
 * the story's own intro set apart from it. The scored content starts at the story's first paragraph, so
 * these fall outside it. A paragraph there is taken when either
 * - the headline and the story sit in one story element and the paragraph says what the page's own
 *   description says (a summary): what sits between a headline and a story is as often a promotion, a
 *   byline or a teaser as a summary, and benchmarks disagree on whether a dek is text at all
 *   (scrapinghub's truth leaves it out, fundus-dev's keeps it); or
 * - it is an intro, prose of at least 30 words, that does not restate the description (guides, recipes and
 *   reviews open so, in a hero box above the body; a paragraph restating the description is a dek, which
 *   WCXB's and scrapinghub's truths leave out), under a headline that is not a link (a blog's name).
 * Only `p` elements: deks in `div`s gained fundus-dev 4 pages and lost WCXB and scrapinghub more (README,
 * "Standfirsts").
 */

/** Shorter lines between the headline and the story are kickers, bylines, captions. */
const MIN_BLOCK_CHARS = 40;
/** A standfirst is prose; a paragraph with more link text than this is a teaser or a link line. */
const MAX_LINK_SHARE = 0.1;
/** A block restates a description when its first this many key characters are in it (or the reverse)… */
const MATCH_CHARS = 60;
/** …and the shorter side has at least this many. */
const MIN_MATCH_CHARS = 20;
/**
 * An intro is prose: at least this many words, ending like a sentence (a one-line dek, a tagline or a prompt is
 * shorter). One long sentence is enough: definitions and guides open so.
 */
const INTRO_MIN_WORDS = 30;
/** schema.org types of a story (`itemtype`), as microdata marks its element. */
const ARTICLE_ITEMTYPE_RE = /schema\.org\/\w*(?:Article|BlogPosting)\b/i;
/** Lists, figures, tables, forms and asides between the headline and the story hold no standfirst. */
const SKIP_TAGS: ReadonlySet<string> = new Set([
  'ul',
  'ol',
  'dl',
  'figure',
  'table',
  'form',
  'nav',
  'aside',
  'footer',
]);

/** The elements that mark one story: `<article>`, `role=article`, a schema.org Article item. */
export function isArticleElement(el: Element): boolean {
  const a = el.attribs;
  return (
    el.name === 'article' ||
    a.role === 'article' ||
    (a.itemtype !== undefined && ARTICLE_ITEMTYPE_RE.test(a.itemtype))
  );
}

/** The page's own summaries of the story: its description meta tags and JSON-LD `description`s. */
export function pageDescriptions(signals: PageSignals): string[] {
  const out: string[] = [];
  for (const key of ['og:description', 'description', 'twitter:description', 'dc.description'])
    for (const v of signals.metas.get(key) ?? []) out.push(v);
  for (const node of rankedJsonLd(signals))
    if (typeof node.description === 'string') out.push(node.description);
  return out;
}

/**
 * The standfirst's blocks: paragraphs after the last visible `h1` before the content and before its
 * first node that restate one of `descriptions` ({@link pageDescriptions}) where the headline and the
 * content share a story element ({@link isArticleElement}), or that are intros ({@link isIntro}) which
 * restate none of them, under a headline that is not a link.
 */
export function standfirstBlocks(
  content: readonly Element[],
  a: ContentAnalysis,
  descriptions: readonly string[],
): Block[] {
  const descKeys = descriptions.map(blockKey).filter((k) => k.length >= MIN_MATCH_CHARS);
  const first = content[0];
  if (!first) return [];
  const region = regionAbove(first, a);
  if (!region) return [];
  const story = descKeys.length > 0 && shareStory(region.h1, first);
  const out: Block[] = [];
  for (const el of region.paragraphs) {
    const blocks = renderBlocks([el], a);
    const restated = blocks.some((b) => restates(b.text, descKeys));
    const summary = story && restated;
    // An intro that restates the description is a dek, which benchmarks other than fundus-dev leave out;
    // under a headline that is a link (a blog's name in its header) it is the site's tagline.
    const intro = !restated && !isLink(region.h1);
    for (const b of blocks)
      if (
        b.text.length >= MIN_BLOCK_CHARS &&
        (b.linkShare ?? 0) <= MAX_LINK_SHARE &&
        (summary || (intro && isIntro(b.text)))
      )
        out.push(b);
  }
  return out;
}

/**
 * The story's blocks after the standfirst's, cleaned by the same rules (a byline or date set beside the
 * dek goes), without a paragraph the story already has.
 */
export function withStandfirst(story: Block[], standfirst: Block[], ctx: CleanContext): Block[] {
  if (standfirst.length === 0) return story;
  const storyKeys = new Set(story.map((b) => blockKey(b.text)));
  const lead = cleanBlocks(standfirst, ctx).kept.filter((b) => !storyKeys.has(blockKey(b.text)));
  return lead.length === 0 ? story : [...lead, ...story];
}

/**
 * The last visible `h1` before `first` (not holding it) and the `p` elements between the two, in document
 * order; dropped and hidden subtrees, lists, figures, tables, forms and asides are skipped.
 */
function regionAbove(first: Element, a: ContentAnalysis): { h1: Element; paragraphs: Element[] } | undefined {
  // The content's ancestors are entered, never taken for the region.
  const above = new Set<AnyNode>();
  let root: AnyNode = first;
  for (; root.parent; root = root.parent) above.add(root.parent);
  let h1: Element | undefined;
  let paragraphs: Element[] = [];
  for (let n: AnyNode | null = nextNode(root, root, true); n && n !== first;) {
    if (above.has(n)) {
      n = nextNode(n, root, true);
      continue;
    }
    if (!isTag(n) || a.removed.has(n) || isHidden(n) || SKIP_TAGS.has(n.name)) {
      n = nextNode(n, root, false);
      continue;
    }
    let enter = true;
    if (n.name === 'h1') {
      h1 = n;
      paragraphs = [];
      enter = false;
    } else if (n.name === 'p') {
      if (h1) paragraphs.push(n);
      enter = false;
    }
    n = nextNode(n, root, enter);
  }
  return h1 ? { h1, paragraphs } : undefined;
}

/** Whether the element's text is all inside one link (`<h1><a href="/">Blog name</a></h1>`). */
function isLink(el: Element): boolean {
  const kids = el.children.filter((c) => isTag(c) || (isText(c) && c.data.trim() !== ''));
  return kids.length === 1 && isTag(kids[0]!) && kids[0].name === 'a';
}

/**
 * An opening paragraph of the story set apart from it: prose, not a one-line dek. Words as {@link countWords}
 * counts them, so a Chinese or Japanese intro counts its characters.
 */
function isIntro(text: string): boolean {
  return countWords(text) >= INTRO_MIN_WORDS && SENTENCE_END_RE.test(text);
}
/** Whether `text` says what one of the description keys says: one begins inside the other. */
function restates(text: string, descKeys: readonly string[]): boolean {
  const key = blockKey(text);
  const head = key.slice(0, MATCH_CHARS);
  if (head.length < MIN_MATCH_CHARS) return false;
  return descKeys.some((d) => d.includes(head) || key.includes(d.slice(0, MATCH_CHARS)));
}

/** Whether the lowest element holding both `h1` and `first` is a story element or inside one. */
function shareStory(h1: Element, first: Element): boolean {
  const aboveH1 = new Set<AnyNode>();
  for (let n: AnyNode | null = h1; n; n = n.parent) aboveH1.add(n);
  let common: AnyNode | null = first;
  while (common && !aboveH1.has(common)) common = common.parent;
  for (let n: AnyNode | null = common; n && isTag(n); n = n.parent) if (isArticleElement(n)) return true;
  return false;
}
