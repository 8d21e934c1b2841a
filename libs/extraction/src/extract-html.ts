import { isTag } from 'domhandler';
import type { Element } from 'domhandler';
import { cleanAuthorNames, isPersonName, uniqueNames } from './authors.js';
import {
  AUTHOR_BIO_MAX_CHARS,
  AUTHOR_BIO_RE,
  DISCLAIMER_LABEL_RE,
  DISCLAIMER_RE,
  GREETING_BIO_RE,
  isFurnitureText,
  LEGAL_DISCLAIMER_MAX_CHARS,
  LEGAL_DISCLAIMER_RE,
  TAIL_SECTION_MAX_CHARS,
  TAIL_SECTION_RE,
} from './boilerplate.js';
import { blocksToHtml, blocksToText, countWords, renderBlocks, type Block } from './blocks.js';
import { analyzeContent, contains, isInsideRemoved, selectContent, type ContentAnalysis } from './content.js';
import { isDateLine, parseDate } from './dates.js';
import { forEachElement, normalizeSpace, parseHtml, textOf } from './dom.js';
import { hostLabels, siteHost } from './host-labels.js';
import { Confidence, declaredLanguage, resolveLanguage, resolveMetadata, resolveTitle, type Metadata } from './metadata.js';
import { rankedJsonLd, signalCollector, type PageSignals } from './page-signals.js';
import { fingerprintBlock, isTemplateBlock } from './site-profile.js';
import type { Article, ExtractInput, SiteProfile } from './types.js';
import { wordRuns } from './word-chars.js';

/** Blocks before the first prose block that may be header furniture (kicker, byline, date). */
const MAX_HEADER_BLOCKS = 6;
/** A block of at least this many characters ending in a sentence is prose, ending the header zone. */
const PROSE_MIN_CHARS = 80;
/** How many final blocks are checked for an author bio. */
const TAIL_BIO_BLOCKS = 3;
/** JSON-LD articleBody replaces the DOM text when the DOM text has less than this share of its words. */
const JSON_LD_BODY_MIN_SHARE = 0.6;
/** Each post of a multi-post page needs this much paragraph text to count as a full story. */
const MIN_POST_PARA_CHARS = 500;
/** Multi-post pages: the posts together hold at least this share of the page's prose. */
const MIN_POSTS_SHARE = 0.6;
/** A structured articleBody container wins over the scored candidate if it holds this share of its prose. */
const STRUCTURE_MIN_SHARE = 0.5;
/**
 * A repeated block longer than this is a duplicate (mobile/desktop copies, a repeated standfirst); shorter
 * lines legitimately repeat in stories (recipe steps, "Portion: 1 Green, 1 Red", table labels). Measured
 * on the dev sets: 20 lost repeated steps, 200 let duplicated copies through; 60 was best on both.
 */
const DUPLICATE_MIN_CHARS = 60;
/** How many final blocks are checked for the publisher's "About us" blurb. */
const TAIL_COMPANY_BLOCKS = 4;
const COMPANY_BIO_MAX_CHARS = 900;

/** Host labels that can name the publisher in its boilerplate ("About Acme"); generic ones never do. */
function publisherLabelsOf(url: string | undefined): string[] {
  return hostLabels(url).filter((l) => l.length >= 3 && !GENERIC_HOST_LABELS.has(l));
}
const GENERIC_HOST_LABELS: ReadonlySet<string> = new Set(['news', 'blog', 'info']);

/** "About Acme" or "Acme is a/an … company/provider/…", where Acme names the host. */
function isPublisherBlurb(text: string, hostLabels: readonly string[]): boolean {
  if (hostLabels.length === 0) return false;
  const m = COMPANY_BLURB_RE.exec(text);
  if (!m) return false;
  const name = (m[1] ?? m[2]!).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return name.length >= 3 && hostLabels.some((l) => l.includes(name) || name.includes(l.replace(/-/g, '')));
}
const COMPANY_NAME = "(\\p{Lu}[\\p{L}\\p{N}&.'’-]*(?:\\s\\p{Lu}[\\p{L}\\p{N}&.'’-]*){0,4})";
const COMPANY_BLURB_RE = new RegExp(
  `^(?:[Aa]bout\\s+${COMPANY_NAME}\\s*[:.]?$|${COMPANY_NAME}(?:,? (?:Inc|LLC|Ltd|GmbH|AG|SA|plc|PLLC|LLP)\\.?,?)? (?:is|are|ist|est|es|è|é) (?:a|an|the|eine?|une?|um|uma|una?)\\b[^.]{0,160}\\b(?:company|provider|leader|firm|organi[sz]ation|agency|manufacturer|developer|supplier|platform|group|network|publisher|nonprofit|non-profit|maker|retailer|operator|bank|insurer|institution|specialist|consultancy|brand|studio|agentur|unternehmen|entreprise|société|empresa|azienda)\\b)`,
  'u',
);

/** Breadcrumb trails start at the home page and are mostly links. */
const BREADCRUMB_START_RE = /^(?:home|homepage|home page|startseite|accueil|inicio|início|página inicial|hjem|etusivu)\b/i;
const BREADCRUMB_LINK_SHARE = 0.3;
const BREADCRUMB_MAX_CHARS = 250;
/** Header lines this short that contain a date and end without a sentence mark are meta lines (site/author + date). */
const META_LINE_MAX_CHARS = 110;
const DATE_IN_LINE_RE =
  /(?:^|[^\p{L}\p{N}])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}\.?(?: de)? (?:jan|feb|fév|fev|mär|mar|apr|avr|abr|may|mai|mag|jun|juin|giu|jul|juil|lug|aug|ago|aoû|sep|set|okt|oct|out|ott|nov|dez|dec|déc|dic)[\p{L}]*\.?(?: de)? \d{4})(?=$|[^\p{L}\p{N}])/iu;

/** Paragraphs at least this much inside links are links to other pages. */
const LINK_ONLY_SHARE = 0.95;
/** Upper-case headline: at least four words and almost no lower-case letters. */
function isShouted(text: string): boolean {
  if (text.length > 200 || text.split(/\s+/).length < 4) return false;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
  return upper >= 12 && lower <= 0.1 * upper;
}

/** A furniture heading ends the story only when at least this share of the kept text comes before it (0.5 missed short posts with long author boxes; no dev page lost text at 0.3). */
const TAIL_CUT_MIN_SHARE = 0.3;
const POST_CLASS_RE = /(?:^|\s)(?:hentry|h-entry|post|blog-post|type-post|single-post)(?:\s|$)/;

export interface HtmlExtraction {
  readonly articles: Article[];
  readonly strategy: string;
  readonly nodeCount: number;
  readonly templateBlocksRemoved: number;
  /** Blocks of each article before template filtering (for {@link blockFingerprints}). */
  readonly rawBlocks: Block[][];
}

interface CleanContext {
  readonly title: string;
  /** Registrable-looking labels of the page's host ("ascom" for www.ascom.com), to spot the publisher's own boilerplate. */
  readonly hostLabels: readonly string[];
  readonly profile: SiteProfile | undefined;
  removedTemplate: number;
}

/** Comparison key: case- and spacing-insensitive; long blocks are never titles, so only their prefix matters. */
const norm = (s: string): string => {
  const cut = s.length > 400 ? s.slice(0, 400) : s;
  // ASCII text the same without the character-by-character pass (a regex is faster there), lower-cased after
  // the gaps are gone so on a shorter string.
  return ASCII_RE.test(cut) ? cut.replace(ASCII_GAPS_RE, ' ').trim().toLowerCase() : wordRuns(cut.toLowerCase());
};
const ASCII_RE = /^[\x00-\x7f]*$/;
/** Runs of ASCII other than letters and digits, save a lone space (replacing that by itself costs a match per word). */
const ASCII_GAPS_RE = /[^a-zA-Z0-9 ][^a-zA-Z0-9]*| [^a-zA-Z0-9]+/g;

/** A leading "Updated: <date>" / "Published on <date>" stamp, followed by the paragraph's own text. */
const DATE_STAMP_PREFIX_RE = /^((?:[Ll]ast\s+)?(?:[Uu]pdated|[Mm]odified|[Pp]ublished|[Pp]osted)(?:\s+on)?:?\s+.{4,30}?\d{4})\s+(?=\p{Lu})/u;

/** A page with this many date-only lines is a schedule or a timeline, whose dates are content. */
const SCHEDULE_MIN_DATE_LINES = 4;

/** Drops furniture, title repeats, duplicates and template blocks; returns kept blocks and the header zone texts. */
function cleanBlocks(blocks: readonly Block[], ctx: CleanContext): { kept: Block[]; header: string[] } {
  const titleKey = norm(ctx.title);
  const keys = blocks.map((b) => norm(b.text));
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const seen = new Set<string>();
  let kept: Block[] = [];
  const header: string[] = [];
  const dateLines = blocks.map((b) => isDateLine(b.text));
  // Many date lines make a schedule or a timeline (event lists, changelogs): there they are the story's text.
  const datesAreText = blocks.filter((b, i) => b.text.length <= 100 && dateLines[i]).length >= SCHEDULE_MIN_DATE_LINES;
  let totalChars = 0;
  for (const b of blocks) totalChars += b.text.length;
  let charsBefore = 0;
  let inHeader = true;
  // Index into `kept` where the first furniture section heading ("About the author", "Related") sat.
  let tailCut = -1;
  for (const [i, block] of blocks.entries()) {
    const k = keys[i]!;
    if (k === '') continue;
    let b = block;
    let dateLine = dateLines[i]!;
    // "Updated: December 9, 2024 If you are serving…": a date stamp glued to the first paragraph is metadata.
    if (inHeader && b.kind === 'p' && !dateLine) {
      const m = DATE_STAMP_PREFIX_RE.exec(b.text);
      if (m && isDateLine(m[1]!)) {
        b = { ...b, text: b.text.slice(m[0].length) };
        dateLine = isDateLine(b.text);
      }
    }
    if (tailCut < 0 && b.text.length <= TAIL_SECTION_MAX_CHARS && TAIL_SECTION_RE.test(b.text.trim())) tailCut = kept.length;
    if (inHeader && (b.kind === 'p' || b.kind === 'quote') && b.text.length >= PROSE_MIN_CHARS && /[.!?…"”»)]$/.test(b.text)) inHeader = false;
    if (inHeader && kept.length < MAX_HEADER_BLOCKS) {
      header.push(b.text);
      if (k === titleKey || dateLine || (/^(?:by|von|par|por)\s+\p{Lu}/iu.test(b.text) && b.text.length < 100)) continue;
      // A line that is only a person's name before the prose starts is a byline.
      if (b.kind === 'p' && b.text.length <= 40 && isPersonName(b.text)) continue;
      // Breadcrumbs ("Home › News › Title") and meta lines that carry a date ("Site · October 6, 2018").
      if (b.text.length <= BREADCRUMB_MAX_CHARS && (b.linkShare ?? 0) >= BREADCRUMB_LINK_SHARE && BREADCRUMB_START_RE.test(b.text)) continue;
      if (b.kind === 'p' && b.text.length <= META_LINE_MAX_CHARS && !/[.!?…:]$/.test(b.text) && DATE_IN_LINE_RE.test(b.text)) continue;
    }
    if (titleKey && k === titleKey && b.kind === 'h') continue;
    // Date-only lines (datelines, "Published … | Updated …") are metadata, not text.
    if (!datesAreText && b.text.length <= 100 && dateLine) continue;
    if (isFurnitureText(b.text)) continue;
    // A paragraph that is one shouted link is a teaser headline for another story ("SEAN SPICER ELIMINATED …").
    if (b.kind === 'p' && (b.linkShare ?? 0) >= LINK_ONLY_SHARE && isShouted(b.text)) continue;
    if ((counts.get(k) ?? 0) > 1 && DISCLAIMER_RE.test(b.text)) continue;
    const secondHalf = charsBefore >= totalChars / 2;
    charsBefore += block.text.length;
    if (b.text.length <= LEGAL_DISCLAIMER_MAX_CHARS && (secondHalf || DISCLAIMER_LABEL_RE.test(b.text)) && LEGAL_DISCLAIMER_RE.test(b.text)) continue;
    if (seen.has(k) && b.text.length > DUPLICATE_MIN_CHARS) continue;
    if (isTemplateBlock(b.text, ctx.profile)) {
      ctx.removedTemplate++;
      continue;
    }
    seen.add(k);
    kept.push(b);
  }
  // Everything after a furniture heading in the story's second half is that furniture.
  if (tailCut >= 0) {
    let before = 0;
    let total = 0;
    kept.forEach((b, i) => {
      total += b.text.length;
      if (i < tailCut) before += b.text.length;
    });
    if (before >= TAIL_CUT_MIN_SHARE * total) kept.length = tailCut;
  }
  // The publisher's own boilerplate after a press release or post ("Acme is a leading provider of…").
  for (let i = Math.max(0, kept.length - TAIL_COMPANY_BLOCKS), before = 0; i < kept.length; i++) {
    const t = kept[i]!.text;
    if (before === 0) before = kept.slice(0, i).reduce((s, b) => s + b.text.length, 0);
    if (t.length <= COMPANY_BIO_MAX_CHARS && isPublisherBlurb(t, ctx.hostLabels) && before >= TAIL_CUT_MIN_SHARE * (before + t.length)) {
      kept.length = i;
      break;
    }
    before += t.length;
  }
  // A blogger's greeting box ("Hi, I'm Jessica! Welcome to…") in the second half is the sidebar bio.
  const half = Math.ceil(kept.length / 2);
  kept = kept.filter((b, i) => i < half || !(b.text.length <= AUTHOR_BIO_MAX_CHARS && GREETING_BIO_RE.test(b.text)));
  // An author bio at the end ("Jane Doe is a freelance writer…") belongs to the bio box, not the story.
  for (let i = Math.max(0, kept.length - TAIL_BIO_BLOCKS); i < kept.length; i++) {
    const t = kept[i]!.text;
    if (t.length <= AUTHOR_BIO_MAX_CHARS && AUTHOR_BIO_RE.test(t)) {
      kept.splice(i, 1);
      i--;
    }
  }
  // Trailing headings announce sections we dropped ("Related", "Comments"): without a body they are junk.
  while (kept.length > 0 && kept[kept.length - 1]!.kind === 'h') kept.pop();
  return { kept, header };
}

function jsonLdBody(signals: PageSignals): string | undefined {
  for (const node of rankedJsonLd(signals)) {
    const body = node.articleBody ?? node.text;
    if (typeof body === 'string' && body.trim().length > 0) return body;
  }
  return undefined;
}

function textToBlocks(text: string): Block[] {
  const decoded = text.includes('<') ? textOf(parseHtml(text).document) : text;
  return decoded
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .flatMap((p) => (p.length > 2000 && !p.includes('\n') ? [p] : p.split(/\n/)))
    .map((p) => normalizeSpace(p))
    .filter(Boolean)
    .map((t) => ({ kind: 'p' as const, text: t }));
}

function finishArticle(blocks: Block[], meta: Metadata, textSource: string): Article {
  const text = blocksToText(blocks);
  const provenance = { ...meta.provenance, text: { source: textSource, confidence: textSource === 'json-ld' ? Confidence.structured : Confidence.markup } };
  const article: Article = {
    title: meta.title,
    text,
    html: blocksToHtml(blocks),
    authors: meta.authors,
    tags: meta.tags,
    provenance,
    wordCount: countWords(text),
    ...(meta.publishedAt !== undefined && { publishedAt: meta.publishedAt }),
    ...(meta.modifiedAt !== undefined && { modifiedAt: meta.modifiedAt }),
    ...(meta.language !== undefined && { language: meta.language }),
    ...(meta.siteName !== undefined && { siteName: meta.siteName }),
    ...(meta.canonicalUrl !== undefined && { canonicalUrl: meta.canonicalUrl }),
    ...(meta.description !== undefined && { description: meta.description }),
    ...(meta.leadImage !== undefined && { leadImage: meta.leadImage }),
    ...(meta.section !== undefined && { section: meta.section }),
  };
  return article;
}

/** Finds the elements of a page holding several complete posts (blog front pages, archive pages). */
function findPosts(doc: Element | import('domhandler').Document, a: ContentAnalysis, signals: PageSignals): Element[] {
  const ogType = signals.metas.get('og:type')?.[0]?.toLowerCase();
  if (ogType === 'article') return [];
  const candidates: Element[] = [];
  forEachElement(doc, (el) => {
    if (a.removed.has(el)) return false;
    const cls = el.attribs.class ?? '';
    const itemtype = el.attribs.itemtype ?? '';
    if (el.name === 'article' || POST_CLASS_RE.test(cls) || /schema\.org\/(?:BlogPosting|NewsArticle|Article)$/.test(itemtype)) {
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
    if (el.name === 'time' || /date(?:published|created)/i.test(el.attribs.itemprop ?? '') || /\b(?:published|post-date|entry-date|date-header)\b/.test(el.attribs.class ?? '')) found = true;
    else if (/^h[1-4]$/.test(el.name) && el.children.some((c) => isTag(c) && c.name === 'a' && c.attribs.href !== undefined)) found = true;
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
function postMetadata(post: Element, base: Metadata, now: Date | undefined, datesBefore: Map<Element, string | null>): Metadata {
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
    if (/author|byline|vcard/.test(s) && !/bio|avatar/.test(s) && authorReads++ < MAX_POST_READS) authors.push(...cleanAuthorNames(textOf(el, 300)));
    if (!date) {
      const v = a.datetime ?? (el.name === 'abbr' || /published|datepublished/.test(s) ? (a.title ?? a.content) : undefined);
      const d = parseDate(v, now) ?? (/date|time|published/.test(s) && dateReads++ < MAX_POST_READS ? parseDate(textOf(el, 200), now) : undefined);
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
      date = dateLineBefore(n, now, datesBefore);
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
function dateLineBefore(el: Element, now: Date | undefined, memo: Map<Element, string | null>): string | undefined {
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
    const iso = t.length <= DATE_HEADING_MAX_CHARS && isDateLine(t) ? parseDate(t, now)?.iso : undefined;
    if (iso) {
      found = iso;
      break;
    }
  }
  for (const w of walked) memo.set(w, found);
  return found ?? undefined;
}

/** Extracts the article(s) of an HTML page. Throws ExtractionError when a limit is exceeded. */
export function extractHtml(input: ExtractInput): HtmlExtraction {
  const { document, nodeCount } = parseHtml(input.body, input.limits);
  const collector = signalCollector();
  const pageHost = siteHost(input.url);
  const analysis = analyzeContent(document, pageHost === undefined ? {} : { pageHost }, collector.visit);
  const signals = collector.signals();
  const ctxBase = { profile: input.siteProfile, removedTemplate: 0, hostLabels: publisherLabelsOf(input.url) };
  const isExcluded = (el: Element): boolean => isInsideRemoved(el, analysis.removed);

  const posts = findPosts(document, analysis, signals);
  if (posts.length >= 2) {
    const base = resolveMetadata({ signals, url: input.url, now: input.now, isExcluded, text: '', headerTexts: [] });
    const declared = declaredLanguage(signals);
    const datesBefore = new Map<Element, string | null>();
    const articles: Article[] = [];
    const rawBlocks: Block[][] = [];
    let removedTemplate = 0;
    for (const post of posts) {
      const meta = postMetadata(post, base, input.now, datesBefore);
      const raw = renderBlocks([post], analysis);
      const ctx: CleanContext = { ...ctxBase, title: meta.title };
      const { kept } = cleanBlocks(raw, ctx);
      removedTemplate += ctx.removedTemplate;
      rawBlocks.push(raw);
      const lang = resolveLanguage(declared, blocksToText(kept));
      if (lang) {
        meta.language = lang.language;
        meta.provenance.language = { source: lang.source, confidence: lang.confidence };
      }
      articles.push(finishArticle(kept, meta, 'multi'));
    }
    return { articles, strategy: 'multi', nodeCount, templateBlocksRemoved: removedTemplate, rawBlocks };
  }

  let { nodes, top } = selectContent(analysis);
  let strategy = 'scoring';
  // Publisher-declared body (itemprop=articleBody) wins when it holds most of the scored prose.
  const declared = signals.articleBodies.filter((el) => !analysis.removed.has(el) && analysis.stats.has(el));
  if (declared.length === 1 && top) {
    const body = declared[0]!;
    const bodyChars = analysis.stats.get(body)?.paraChars ?? 0;
    const topChars = nodes.reduce((s, n) => s + (analysis.stats.get(n)?.paraChars ?? 0), 0);
    if (bodyChars >= STRUCTURE_MIN_SHARE * topChars && !nodes.some((n) => contains(body, n) && n !== body)) {
      nodes = [body];
      top = body;
      strategy = 'structure';
    }
  }
  const raw = renderBlocks(nodes, analysis);
  const resolvedTitle = resolveTitle(signals, input.url, isExcluded);
  const ctx: CleanContext = { ...ctxBase, title: resolvedTitle.title };
  let { kept, header } = cleanBlocks(raw, ctx);
  let textSource = strategy;

  const ldBody = jsonLdBody(signals);
  if (ldBody) {
    const ldWords = countWords(ldBody);
    const domWords = countWords(blocksToText(kept));
    if (ldWords > 50 && domWords < JSON_LD_BODY_MIN_SHARE * ldWords) {
      kept = cleanBlocks(textToBlocks(ldBody), ctx).kept;
      strategy = 'json-ld';
      textSource = 'json-ld';
    }
  }
  if (header.length === 0) header = kept.slice(0, MAX_HEADER_BLOCKS).map((b) => b.text);
  const text = blocksToText(kept);
  const meta = resolveMetadata({ signals, url: input.url, now: input.now, isExcluded, text, headerTexts: header, resolvedTitle });
  return {
    articles: [finishArticle(kept, meta, textSource)],
    strategy,
    nodeCount,
    templateBlocksRemoved: ctx.removedTemplate,
    rawBlocks: [raw],
  };
}

export { fingerprintBlock };
