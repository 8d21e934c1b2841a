import { isTag } from 'domhandler';
import type { Document, Element } from 'domhandler';
import { cleanAuthorNames, uniqueNames } from './authors.js';
import type { ContentAnalysis } from './content-analysis.js';
import { isDateLine, parseDate, type DateContext } from './dates.js';
import { forEachElement, textOf } from './dom.js';
import { Confidence, type Metadata } from './metadata.js';
import type { PageSignals } from './page-signals.js';

/**
 * Pages holding several complete posts (blog front pages, archive pages): which elements are the posts,
 * and each post's own title, byline and date.
 */

/** Each post of a multi-post page needs this much paragraph text to count as a full story. */
const MIN_POST_PARA_CHARS = 500;
/** Multi-post pages: the posts together hold at least this share of the page's prose. */
const MIN_POSTS_SHARE = 0.6;
const POST_CLASS_RE = /(?:^|\s)(?:hentry|h-entry|post|blog-post|type-post|single-post)(?:\s|$)/;

/** Finds the elements of a page holding several complete posts (blog front pages, archive pages). */
export function findPosts(doc: Element | Document, a: ContentAnalysis, signals: PageSignals): Element[] {
  const ogType = signals.metas.get('og:type')?.[0]?.toLowerCase();
  if (ogType === 'article') return [];
  const candidates: Element[] = [];
  forEachElement(doc, (el) => {
    if (a.removed.has(el)) return false;
    const cls = el.attribs.class ?? '';
    const itemtype = el.attribs.itemtype ?? '';
    if (
      el.name === 'article' ||
      POST_CLASS_RE.test(cls) ||
      /schema\.org\/(?:BlogPosting|NewsArticle|Article)$/.test(itemtype)
    ) {
      candidates.push(el);
      return false; // outermost only
    }
    return undefined;
  });
  const posts = candidates.filter((el) => (a.stats.get(el)?.paraChars ?? 0) >= MIN_POST_PARA_CHARS);
  if (posts.length < 2) return [];
  // Posts of a front page link their headline to the permalink or carry a date; sections of one long
  // article wrapped in <article> elements (landing-page builders) do neither.
  if (posts.filter(hasPostMarker).length < MIN_MARKED_POSTS_SHARE * posts.length) return [];
  const total = a.body ? (a.stats.get(a.body)?.paraChars ?? 0) : 0;
  const inPosts = posts.reduce((s, el) => s + (a.stats.get(el)?.paraChars ?? 0), 0);
  if (total > 0 && inPosts < MIN_POSTS_SHARE * total) return [];
  return posts;
}

/** Half of the posts must show a permalink headline or a date. */
const MIN_MARKED_POSTS_SHARE = 0.5;

function hasPostMarker(post: Element): boolean {
  let found = false;
  forEachElement(post, (el) => {
    if (found) return false;
    if (
      el.name === 'time' ||
      /date(?:published|created)/i.test(el.attribs.itemprop ?? '') ||
      /\b(?:published|post-date|entry-date|date-header)\b/.test(el.attribs.class ?? '')
    )
      found = true;
    else if (
      /^h[1-4]$/.test(el.name) &&
      el.children.some((c) => isTag(c) && c.name === 'a' && c.attribs.href !== undefined)
    )
      found = true;
    return found ? false : undefined;
  });
  return found;
}

/**
 * Author and date elements read per post of a multi-post page: a post shows one byline and one date; a
 * hostile page nesting thousands of `.author` boxes in one post costs no more than this many reads.
 */
const MAX_POST_READS = 10;

/**
 * Title, authors and date of one post inside a multi-post page. `datesBefore` memoises, for the page, the
 * date line found at or before each element among its siblings (shared by the posts, so that a page of a
 * thousand sibling posts is not walked back once per post).
 */
export function postMetadata(
  post: Element,
  base: Metadata,
  dates: DateContext,
  datesBefore: Map<Element, string | null>,
): Metadata {
  let title: string | undefined;
  const authors: string[] = [];
  let date: string | undefined;
  let dateSource = '';
  let authorReads = 0;
  let dateReads = 0;
  forEachElement(post, (el) => {
    const a = el.attribs;
    if (!title && /^h[1-4]$/.test(el.name)) {
      const t = textOf(el, 500);
      if (t) title = t;
    }
    const s = `${a.class ?? ''} ${a.id ?? ''} ${a.itemprop ?? ''} ${a.rel ?? ''}`.toLowerCase();
    if (/author|byline|vcard/.test(s) && !/bio|avatar/.test(s) && authorReads++ < MAX_POST_READS)
      authors.push(...cleanAuthorNames(textOf(el, 300)));
    if (!date) {
      const v =
        a.datetime ??
        (el.name === 'abbr' || /published|datepublished/.test(s) ? (a.title ?? a.content) : undefined);
      const d =
        parseDate(v, dates) ??
        (/date|time|published/.test(s) && dateReads++ < MAX_POST_READS
          ? parseDate(textOf(el, 200), dates)
          : undefined);
      if (d) {
        date = d.iso;
        dateSource = 'post-markup';
      }
    }
    return undefined;
  });
  if (!date) {
    // Blogger-style: the date heading precedes the post inside a date group.
    for (let n: Element | null = post, up = 0; n && !date && up < 3; n = n.parent as Element | null, up++) {
      date = dateLineBefore(n, dates, datesBefore);
      if (date) dateSource = 'post-text';
    }
  }
  const provenance = { ...base.provenance };
  const meta: Metadata = { ...base, title: title ?? base.title, authors: uniqueNames(authors), provenance };
  provenance.title = { source: 'post-heading', confidence: Confidence.markup };
  if (authors.length) provenance.authors = { source: 'post-byline', confidence: Confidence.markup };
  else delete provenance.authors;
  delete meta.publishedAt;
  delete provenance.publishedAt;
  if (date) {
    meta.publishedAt = date;
    provenance.publishedAt = { source: dateSource, confidence: Confidence.markup };
  }
  return meta;
}

/** A short date line ("12 April 2017") heading a group of posts is at most this long. */
const DATE_HEADING_MAX_CHARS = 80;

/**
 * The date of the nearest element before `el` among its siblings whose text is a date line, if any.
 * `memo` holds, per element, the answer for that element and the siblings before it.
 */
function dateLineBefore(
  el: Element,
  dates: DateContext,
  memo: Map<Element, string | null>,
): string | undefined {
  const walked: Element[] = [];
  let found: string | null = null;
  for (let prev = el.prev; prev; prev = prev.prev) {
    if (!isTag(prev)) continue;
    const known = memo.get(prev);
    if (known !== undefined) {
      found = known;
      break;
    }
    walked.push(prev);
    const t = textOf(prev, 200);
    const iso = t.length <= DATE_HEADING_MAX_CHARS && isDateLine(t) ? parseDate(t, dates)?.iso : undefined;
    if (iso) {
      found = iso;
      break;
    }
  }
  for (const w of walked) memo.set(w, found);
  return found ?? undefined;
}
