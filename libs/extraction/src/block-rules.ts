import { anyCase } from './any-case.js';
import { isPersonName } from './authors.js';
import {
  AUTHOR_BIO_MAX_CHARS,
  AUTHOR_BIO_RE,
  DISCLAIMER_LABEL_RE,
  DISCLAIMER_RE,
  GREETING_BIO_RE,
  isAffiliateDisclosure,
  isFurnitureText,
  PROMPT_RE,
  LEGAL_DISCLAIMER_MAX_CHARS,
  LEGAL_DISCLAIMER_RE,
  TAIL_SECTION_MAX_CHARS,
  TAIL_SECTION_RE,
} from './boilerplate.js';
import { countWords, type Block } from './blocks.js';
import { isDateLine, MONTH_NAMES } from './dates.js';
import { hostLabels } from './host-labels.js';
import { isTemplateBlock } from './site-profile.js';
import type { SiteProfile } from './types.js';
import { isUnmarkedScript, QUOTE_CLOSERS, SENTENCE_END_RE, wordRuns } from './word-chars.js';

/**
 * The rules that clean a story's rendered blocks, as tables of named rules applied in order:
 *
 * 1. {@link HEADER_RULES} drop furniture of the header zone (the blocks before the first prose
 *    paragraph): the title again, bylines, datelines, breadcrumbs;
 * 2. {@link FURNITURE_RULES} drop furniture anywhere: date lines, UI labels, teaser links, disclaimers;
 * 3. {@link STORY_RULES} drop what is only furniture by its place in the story (the blocks they see count
 *    towards that place): legal notes in the second half, duplicates, the host's template blocks;
 * 4. {@link TAIL_RULES} cut the end of the kept list: sections after a furniture heading, the publisher's
 *    blurb, author bios, trailing headings.
 *
 * A new rule is one entry in the right table (and a page of the corpus in test/fixtures/pages showing it).
 */

/** What the rules may ask about the page and the story being cleaned. */
export interface CleanContext {
  /** The article's title (its repeats are dropped). */
  readonly title: string;
  /** Labels of the page's host that can name the publisher ("ascom" for www.ascom.com), see {@link publisherLabelsOf}. */
  readonly hostLabels: readonly string[];
  readonly profile: SiteProfile | undefined;
}

/** One block as the block rules see it. */
export interface BlockAt {
  readonly block: Block;
  /** Case- and spacing-insensitive comparison key of the block's text. */
  readonly key: string;
  /** Whether the block is only a date ("12 April 2017", "Published … | Updated …"). */
  readonly dateLine: boolean;
  readonly story: StoryFacts;
}

/** Facts about the whole list of blocks, computed before the rules run. */
export interface StoryFacts {
  readonly context: CleanContext;
  readonly titleKey: string;
  /** How many blocks have each key. */
  readonly keyCounts: ReadonlyMap<string, number>;
  /** Many date lines make a schedule or a timeline (event lists, changelogs): there dates are text. */
  readonly datesAreText: boolean;
  /** Keys of the blocks kept so far. */
  readonly seen: ReadonlySet<string>;
  /** Whether the blocks counted so far hold half of the story's characters ({@link STORY_RULES} only). */
  secondHalf: boolean;
}

/** A rule that drops single blocks. */
export interface BlockRule {
  readonly name: string;
  readonly drops: (at: BlockAt) => boolean;
}

/** A rule that cuts the list of kept blocks (it sees them all). */
export interface TailRule {
  readonly name: string;
  readonly apply: (kept: Block[], tail: TailFacts) => Block[];
}

export interface TailFacts {
  readonly context: CleanContext;
  /** Index into the kept blocks where the first furniture section heading ("About the author", "Related") sat; -1 if none. */
  readonly sectionHeadingAt: number;
}

/** Blocks before the first prose block that may be header furniture (kicker, byline, date). */
export const MAX_HEADER_BLOCKS = 6;
/** A block of at least this many characters ending in a sentence is prose, ending the header zone. */
const PROSE_MIN_CHARS = 80;
/** A page with this many date-only lines is a schedule or a timeline, whose dates are content. */
const SCHEDULE_MIN_DATE_LINES = 4;
/** Date lines and similar meta lines are this short. */
const DATE_LINE_MAX_CHARS = 100;
/**
 * A repeated block longer than this is a duplicate (mobile/desktop copies, a repeated standfirst); shorter
 * lines legitimately repeat in stories (recipe steps, "Portion: 1 Green, 1 Red", table labels). Measured
 * on the dev sets: 20 lost repeated steps, 200 let duplicated copies through; 60 was best on both.
 */
const DUPLICATE_MIN_CHARS = 60;
/** Breadcrumb trails start at the home page and are mostly links. */
const BREADCRUMB_START_RE =
  /^(?:home|homepage|home page|startseite|accueil|inicio|início|página inicial|hjem|etusivu)\b/i;
const BREADCRUMB_LINK_SHARE = 0.3;
const BREADCRUMB_MAX_CHARS = 250;
/** The part of a title trail before the headline is links (allowing for separators that are not). */
const TRAIL_LINK_SHARE = 0.8;
/** Header lines this short that contain a date and end without a sentence mark are meta lines (site/author + date). */
const META_LINE_MAX_CHARS = 110;
/**
 * A month of the date table ({@link MONTH_NAMES}, dates.ts), or a longer word it opens (Swedish "augusti", Danish
 * "marts"), maybe with a dot.
 */
const MONTH_WORD = String.raw`(?:${MONTH_NAMES})\p{L}*\.?`;
const DATE_IN_LINE_RE = new RegExp(
  String.raw`(?:^|[^\p{L}\p{N}])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|${MONTH_WORD} \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}\.?(?: de)? ${MONTH_WORD}(?: de)? \d{4})(?=$|[^\p{L}\p{N}])`,
  'iu',
);
/** A line ending a sentence (in any script's marks, {@link SENTENCE_END_RE}) or a lead-in's colon is no meta line. */
const SENTENCE_OR_COLON_END_RE = new RegExp(`${SENTENCE_END_RE.source}|[:：]$`, 'u');
/** Prose ends a sentence ({@link SENTENCE_END_RE}), or a quotation or a bracket that holds one. */
const PROSE_END_RE = new RegExp(`${SENTENCE_END_RE.source}|[${QUOTE_CLOSERS})）]$`, 'u');
/** "By", "von", "par", "por" opening a line, in any case, and the space after it. */
const BY_WORD_RE = new RegExp(String.raw`^${anyCase('(?:by|von|par|por)')}\s+`, 'u');
/**
 * A line opened by {@link BY_WORD_RE} is a byline when a capital follows ("By Jane Doe") or a few words without a
 * sentence's end ("Von unserer Redaktion", "von dpa", "by staff"); "by the way, the council…" and "por la tarde
 * llegó…" go on as prose.
 */
const LOWER_CASE_BYLINE_MAX_WORDS = 3;
/**
 * "di Viviana Mazza" (it), "door …" (nl), "av …" (sv, no), "af …" (da): words that also start ordinary
 * lines ("Di Maio attacca…" is a headline), so the rest of the line must be a person's name.
 */
const NAME_BYLINE_PREFIX_RE = new RegExp(String.raw`^${anyCase('(?:di|door|av|af)')}\s+(?=\p{Lu})`, 'u');
const BYLINE_MAX_CHARS = 100;
/** A line that is only a person's name is this short. */
const NAME_LINE_MAX_CHARS = 40;
/** Paragraphs at least this much inside links are links to other pages. */
const LINK_ONLY_SHARE = 0.95;
/**
 * "Read also" in the languages of the news the extractor meets, opening a line whose rest is a link to
 * another story ("Lesen Sie auch: …", "À lire aussi …", "Leggi anche: …", "Czytaj także: …", "Читайте также:
 * …"). The label alone is a UI label (boilerplate.ts). English is left to the teaser kicker ("Read more: …",
 * with its separator): the English truths keep "Read more" links set into guides as often as not.
 */
const READ_ALSO_RE =
  /^(?:lesen sie (?:auch|mehr)|lies auch|auch interessant|mehr zum thema|(?:à )?lire (?:aussi|également)|leggi anche|lee también|leia também|veja também|czytaj (?:też|także|również)|читайте также|läs också|les også|læs også|lees ook|lue myös|citește și|přečtěte si také|pročitajte (?:i|još))(?=$|[^\p{L}])/iu;
/** A "read also" line is a headline long… */
const READ_ALSO_MAX_CHARS = 200;
/** …and mostly its link. */
const READ_ALSO_LINK_SHARE = 0.5;
/**
 * A publication or update stamp that gives the time of day: "Updated at 1:23 p.m.", "Uppdaterad 15.59 |
 * Publicerad 14.14", "28.04.2023, 20.15 Uhr", "Aktualisiert um 14:30 Uhr". A date line needs a date
 * (dates.ts); these give a clock time, after a label of the languages of the news or a numeric date. A bare
 * time ("14:30", a schedule's entry) is not asked.
 */
const STAMP_TIME = String.raw`\d{1,2}(?:[:.]\d{2}|h\d{0,2})(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:uhr|h|utc|gmt|cet|cest|[ecmp][sd]t|bst))?`;
const STAMP_LABEL = String.raw`(?:(?:last|zuletzt) )?(?:updated|published|posted|modified|aktualisiert|veröffentlicht|stand|mis à jour|publié|actualizado|publicado|atualizado|aggiornato|pubblicato|bijgewerkt|gepubliceerd|uppdaterad|publicerad|oppdatert|publisert|opdateret|publiceret|päivitetty|julkaistu|zaktualizowano|opublikowano|обновлено|опубликовано)(?:\s+(?:at|on|um|am|à|le|a las|às|alle|om|kl\.?|klo|o))?\s*:?`;
const STAMP_SEGMENT = String.raw`(?:${STAMP_LABEL}\s*(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}),?\s*(?:um\s+)?)?|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}),?\s*(?:um\s+)?)${STAMP_TIME}`;
const TIME_STAMP_LINE_RE = new RegExp(
  String.raw`^${STAMP_SEGMENT}(?:\s*[|·•,–-]\s*${STAMP_SEGMENT})*$`,
  'iu',
);
/** Stamps are short. */
const TIME_STAMP_MAX_CHARS = 80;
/** A leading "Updated: <date>" / "Published on <date>" stamp, followed by the paragraph's own text. */
const DATE_STAMP_PREFIX_RE =
  /^((?:[Ll]ast\s+)?(?:[Uu]pdated|[Mm]odified|[Pp]ublished|[Pp]osted)(?:\s+on)?:?\s+.{4,30}?\d{4})\s+(?=\p{Lu})/u;
/**
 * A furniture heading ends the story only when at least this share of the kept text comes before it (0.5
 * missed short posts with long author boxes; no dev page lost text at 0.3).
 */
const TAIL_CUT_MIN_SHARE = 0.3;
/** How many final blocks of text are checked for the publisher's "About us" blurb… */
const TAIL_COMPANY_BLOCKS = 4;
/** …not counting lines this short after it (calls to action, links: the furniture lines' bound). */
const TAIL_SHORT_LINE_CHARS = 120;
const COMPANY_BIO_MAX_CHARS = 900;
/** Prompts and disclosures closing a story run to a paragraph (shorter ones go anywhere: boilerplate.ts). */
const CLOSING_PROMPT_MAX_CHARS = 500;
/** How many final blocks are checked for an author bio. */
const TAIL_BIO_BLOCKS = 3;

/** A line that is a byline opened by "by" in one of its languages ({@link LOWER_CASE_BYLINE_MAX_WORDS}). */
function isByLine(text: string): boolean {
  const by = BY_WORD_RE.exec(text);
  if (!by) return false;
  const rest = text.slice(by[0].length);
  return (
    /^\p{Lu}/u.test(rest) ||
    (/^\p{Ll}/u.test(rest) && countWords(rest) <= LOWER_CASE_BYLINE_MAX_WORDS && !SENTENCE_END_RE.test(rest))
  );
}

/** Upper-case headline: at least four words and almost no lower-case letters. */
function isShouted(text: string): boolean {
  if (text.length > 200 || text.split(/\s+/).length < 4) return false;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
  return upper >= 12 && lower <= 0.1 * upper;
}

/** Drops of the header zone, before the first prose paragraph. */
export const HEADER_RULES: readonly BlockRule[] = [
  { name: 'header:title', drops: ({ key, story }) => key === story.titleKey },
  { name: 'header:date-line', drops: ({ dateLine }) => dateLine },
  {
    name: 'header:byline',
    drops: ({ block: b }) =>
      b.text.length < BYLINE_MAX_CHARS &&
      (isByLine(b.text) ||
        (NAME_BYLINE_PREFIX_RE.test(b.text) && isPersonName(b.text.replace(NAME_BYLINE_PREFIX_RE, '')))),
  },
  // A line that is only a person's name before the prose starts is a byline.
  {
    name: 'header:name-line',
    drops: ({ block: b }) => b.kind === 'p' && b.text.length <= NAME_LINE_MAX_CHARS && isPersonName(b.text),
  },
  // "Home › News › Title"
  {
    name: 'header:breadcrumb',
    drops: ({ block: b }) =>
      b.text.length <= BREADCRUMB_MAX_CHARS &&
      (b.linkShare ?? 0) >= BREADCRUMB_LINK_SHARE &&
      BREADCRUMB_START_RE.test(b.text),
  },
  // "HomeLatest NewsThe Title": a breadcrumb trail of links ending in the headline, glued without separators.
  {
    name: 'header:title-trail',
    drops: ({ block: b, key, story }) =>
      story.titleKey !== '' &&
      key.length > story.titleKey.length &&
      key.length <= BREADCRUMB_MAX_CHARS &&
      key.endsWith(story.titleKey) &&
      (b.linkShare ?? 0) * key.length >= TRAIL_LINK_SHARE * (key.length - story.titleKey.length),
  },
  // "Site · October 6, 2018"
  {
    name: 'header:meta-line',
    drops: ({ block: b }) =>
      b.kind === 'p' &&
      b.text.length <= META_LINE_MAX_CHARS &&
      !SENTENCE_OR_COLON_END_RE.test(b.text) &&
      !isUnmarkedSentence(b.text) &&
      DATE_IN_LINE_RE.test(b.text),
  },
];

/** Drops of page furniture anywhere in the story. */
export const FURNITURE_RULES: readonly BlockRule[] = [
  {
    name: 'title-heading',
    drops: ({ block: b, key, story }) => story.titleKey !== '' && key === story.titleKey && b.kind === 'h',
  },
  // Datelines, "Published … | Updated …": metadata, not text.
  {
    name: 'date-line',
    drops: ({ block: b, dateLine, story }) =>
      !story.datesAreText && b.text.length <= DATE_LINE_MAX_CHARS && dateLine,
  },
  // "Updated at 1:23 p.m.", "Uppdaterad 15.59 | Publicerad 14.14": a time stamp, not text.
  {
    name: 'time-stamp-line',
    drops: ({ block: b }) => b.text.length <= TIME_STAMP_MAX_CHARS && TIME_STAMP_LINE_RE.test(b.text),
  },
  // UI labels, share prompts, comment widgets, cookie and newsletter lines (boilerplate.ts).
  { name: 'furniture-text', drops: ({ block: b }) => isFurnitureText(b.text) },
  // A paragraph that is one shouted link is a teaser headline for another story ("SEAN SPICER ELIMINATED …").
  {
    name: 'shouted-teaser-link',
    drops: ({ block: b }) => b.kind === 'p' && (b.linkShare ?? 0) >= LINK_ONLY_SHARE && isShouted(b.text),
  },
  // "Lesen Sie auch: <headline>", "À lire aussi <headline>": a link to another story set into this one.
  {
    name: 'read-also-link',
    drops: ({ block: b }) =>
      b.kind === 'p' &&
      b.text.length <= READ_ALSO_MAX_CHARS &&
      (b.linkShare ?? 0) >= READ_ALSO_LINK_SHARE &&
      READ_ALSO_RE.test(b.text),
  },
  // "The views expressed are the author's own", printed above and below the column.
  {
    name: 'repeated-disclaimer',
    drops: ({ block: b, key, story }) => (story.keyCounts.get(key) ?? 0) > 1 && DISCLAIMER_RE.test(b.text),
  },
];

/** Drops that depend on the block's place in the story; the blocks they see count towards that place. */
export const STORY_RULES: readonly BlockRule[] = [
  // "For informational purposes only…": labelled, or in the story's second half (a story may quote such words).
  {
    name: 'legal-disclaimer',
    drops: ({ block: b, story }) =>
      b.text.length <= LEGAL_DISCLAIMER_MAX_CHARS &&
      (story.secondHalf || DISCLAIMER_LABEL_RE.test(b.text)) &&
      LEGAL_DISCLAIMER_RE.test(b.text),
  },
  // "…we may earn a commission if you buy through our links", "If you liked this article, please consider
  // sharing…": in the second half a paragraph-long prompt or disclosure closes the story, it is not part of it.
  {
    name: 'closing-prompt',
    drops: ({ block: b, story }) =>
      story.secondHalf &&
      b.kind === 'p' &&
      b.text.length <= CLOSING_PROMPT_MAX_CHARS &&
      (PROMPT_RE.test(b.text) || isAffiliateDisclosure(b.text)),
  },
  {
    name: 'duplicate',
    drops: ({ block: b, key, story }) => story.seen.has(key) && b.text.length > DUPLICATE_MIN_CHARS,
  },
  // Blocks the host's other pages repeat (learned site template, site-profile.ts).
  { name: 'site-template', drops: ({ block: b, story }) => isTemplateBlock(b.text, story.context.profile) },
];

/** Cuts of the end of the story, in order. */
export const TAIL_RULES: readonly TailRule[] = [
  // Everything after a furniture heading ("About the author", "Related") in the story's second part is that furniture.
  {
    name: 'after-furniture-heading',
    apply: (kept, { sectionHeadingAt: at }) => {
      if (at < 0) return kept;
      let before = 0;
      let total = 0;
      kept.forEach((b, i) => {
        total += b.text.length;
        if (i < at) before += b.text.length;
      });
      return before >= TAIL_CUT_MIN_SHARE * total ? kept.slice(0, at) : kept;
    },
  },
  // The publisher's own boilerplate after a press release or post ("Acme is a leading provider of…").
  // The window counts the last blocks of text: short lines after the blurb (its calls to action, the
  // site's links) do not push it out.
  {
    name: 'publisher-blurb',
    apply: (kept, { context }) => {
      let from = kept.length;
      for (let long = 0; from > 0 && long < TAIL_COMPANY_BLOCKS;) {
        if (kept[--from]!.text.length > TAIL_SHORT_LINE_CHARS) long++;
      }
      for (let i = from, before = 0; i < kept.length; i++) {
        const t = kept[i]!.text;
        if (before === 0) before = kept.slice(0, i).reduce((s, b) => s + b.text.length, 0);
        if (
          t.length <= COMPANY_BIO_MAX_CHARS &&
          isPublisherBlurb(t, context.hostLabels) &&
          before >= TAIL_CUT_MIN_SHARE * (before + t.length)
        ) {
          return kept.slice(0, i);
        }
        before += t.length;
      }
      return kept;
    },
  },
  // A blogger's greeting box ("Hi, I'm Jessica! Welcome to…") in the second half is the sidebar bio.
  {
    name: 'greeting-bio',
    apply: (kept) => {
      const half = Math.ceil(kept.length / 2);
      return kept.filter(
        (b, i) => i < half || !(b.text.length <= AUTHOR_BIO_MAX_CHARS && GREETING_BIO_RE.test(b.text)),
      );
    },
  },
  // An author bio at the end ("Jane Doe is a freelance writer…") belongs to the bio box, not the story.
  {
    name: 'author-bio',
    apply: (kept) => {
      const from = Math.max(0, kept.length - TAIL_BIO_BLOCKS);
      return kept.filter(
        (b, i) => i < from || !(b.text.length <= AUTHOR_BIO_MAX_CHARS && AUTHOR_BIO_RE.test(b.text)),
      );
    },
  },
  // Trailing headings announce sections that were dropped ("Related", "Comments"): without a body they are junk.
  {
    name: 'trailing-headings',
    apply: (kept) => {
      let end = kept.length;
      while (end > 0 && kept[end - 1]!.kind === 'h') end--;
      return end === kept.length ? kept : kept.slice(0, end);
    },
  },
];

export interface CleanedBlocks {
  readonly kept: Block[];
  /** Texts of the header zone (before the first prose paragraph), dropped or not: bylines and dates live there. */
  readonly header: string[];
  /** Blocks each rule dropped, by rule name (tail rules count the blocks they cut). */
  readonly drops: ReadonlyMap<string, number>;
}

/** Applies the rule tables to a story's blocks; see the top of this module. */
export function cleanBlocks(blocks: readonly Block[], context: CleanContext): CleanedBlocks {
  const keys = blocks.map((b) => blockKey(b.text));
  const keyCounts = new Map<string, number>();
  for (const k of keys) keyCounts.set(k, (keyCounts.get(k) ?? 0) + 1);
  const dateLines = blocks.map((b) => isDateLine(b.text));
  const seen = new Set<string>();
  const story: StoryFacts = {
    context,
    titleKey: blockKey(context.title),
    keyCounts,
    datesAreText:
      blocks.filter((b, i) => b.text.length <= DATE_LINE_MAX_CHARS && dateLines[i]).length >=
      SCHEDULE_MIN_DATE_LINES,
    seen,
    secondHalf: false,
  };
  const drops = new Map<string, number>();
  const dropBy = (rules: readonly BlockRule[], at: BlockAt): boolean => {
    const rule = rules.find((r) => r.drops(at));
    if (rule) drops.set(rule.name, (drops.get(rule.name) ?? 0) + 1);
    return rule !== undefined;
  };
  let kept: Block[] = [];
  const header: string[] = [];
  let totalChars = 0;
  for (const b of blocks) totalChars += b.text.length;
  let charsBefore = 0;
  let inHeader = true;
  let sectionHeadingAt = -1;
  for (const [i, original] of blocks.entries()) {
    const key = keys[i]!;
    if (key === '') continue;
    let block = original;
    let dateLine = dateLines[i]!;
    if (inHeader && block.kind === 'p' && !dateLine) {
      const stripped = withoutDateStamp(block);
      if (stripped !== block) {
        block = stripped;
        dateLine = isDateLine(block.text);
      }
    }
    if (
      sectionHeadingAt < 0 &&
      block.text.length <= TAIL_SECTION_MAX_CHARS &&
      TAIL_SECTION_RE.test(block.text.trim())
    ) {
      sectionHeadingAt = kept.length;
    }
    if (inHeader && isProse(block)) inHeader = false;
    const at: BlockAt = { block, key, dateLine, story };
    if (inHeader && kept.length < MAX_HEADER_BLOCKS) {
      header.push(block.text);
      if (dropBy(HEADER_RULES, at)) continue;
    }
    if (dropBy(FURNITURE_RULES, at)) continue;
    story.secondHalf = charsBefore >= totalChars / 2;
    charsBefore += original.text.length;
    if (dropBy(STORY_RULES, at)) continue;
    seen.add(key);
    kept.push(block);
  }
  const tail: TailFacts = { context, sectionHeadingAt };
  for (const rule of TAIL_RULES) {
    const before = kept.length;
    kept = rule.apply(kept, tail);
    if (kept.length < before) drops.set(rule.name, (drops.get(rule.name) ?? 0) + before - kept.length);
  }
  return { kept, header, drops };
}

/** A paragraph or quote that ends a sentence and is long enough: the story has begun. */
function isProse(b: Block): boolean {
  return (
    (b.kind === 'p' || b.kind === 'quote') &&
    b.text.length >= PROSE_MIN_CHARS &&
    (PROSE_END_RE.test(b.text) || isUnmarkedScript(b.text))
  );
}

/** A Thai or Lao sentence has no end mark; a line of this many words is one, not a "site · date" line. */
const UNMARKED_SENTENCE_MIN_WORDS = 8;

/** Whether a Thai or Lao line is long enough to be a sentence ({@link UNMARKED_SENTENCE_MIN_WORDS}). */
export function isUnmarkedSentence(text: string): boolean {
  return isUnmarkedScript(text) && countWords(text) >= UNMARKED_SENTENCE_MIN_WORDS;
}

/** "Updated: December 9, 2024 If you are serving…": a date stamp glued to the first paragraph is metadata. */
function withoutDateStamp(b: Block): Block {
  const m = DATE_STAMP_PREFIX_RE.exec(b.text);
  return m && isDateLine(m[1]!) ? { ...b, text: b.text.slice(m[0].length) } : b;
}

/** Comparison key: case- and spacing-insensitive; long blocks are never titles, so only their prefix matters. */
export function blockKey(s: string): string {
  const cut = s.length > 400 ? s.slice(0, 400) : s;
  // ASCII text the same without the character-by-character pass (a regex is faster there), lower-cased after
  // the gaps are gone so on a shorter string.
  return ASCII_RE.test(cut)
    ? cut.replace(ASCII_GAPS_RE, ' ').trim().toLowerCase()
    : wordRuns(cut.toLowerCase());
}
const ASCII_RE = /^[\x00-\x7f]*$/;
/** Runs of ASCII other than letters and digits, save a lone space (replacing that by itself costs a match per word). */
const ASCII_GAPS_RE = /[^a-zA-Z0-9 ][^a-zA-Z0-9]*| [^a-zA-Z0-9]+/g;

/** Host labels that can name the publisher in its boilerplate ("About Acme"); generic ones never do. */
export function publisherLabelsOf(url: string | undefined): string[] {
  return hostLabels(url).filter((l) => l.length >= 3 && !GENERIC_HOST_LABELS.has(l));
}
const GENERIC_HOST_LABELS: ReadonlySet<string> = new Set(['news', 'blog', 'info']);

/** "About Acme" or "Acme is a/an … company/provider/…", where Acme names the host. */
function isPublisherBlurb(text: string, labels: readonly string[]): boolean {
  if (labels.length === 0) return false;
  const m = COMPANY_BLURB_RE.exec(text);
  if (!m) return false;
  const name = (m[1] ?? m[2]!).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return name.length >= 3 && labels.some((l) => l.includes(name) || name.includes(l.replace(/-/g, '')));
}
/**
 * An organisation's name: up to five capitalised words, joined by the small words names carry ("Council for
 * Relationships", "Bank of America", "Friends of the Earth", "Banco de España").
 */
const ORGANISATION_NAME =
  "\\p{Lu}[\\p{L}\\p{N}&.'’-]*(?:\\s(?:(?:for|of|and|the|on|in|at|to|de|del|du|des|la|le|der|für|und|di)\\s){0,2}\\p{Lu}[\\p{L}\\p{N}&.'’-]*){0,4}";
const COMPANY_NAME = `(${ORGANISATION_NAME})`;
/** "About Acme", "Acme is a … company", and the two in one block: "About Acme: Acme is a …". */
const COMPANY_BLURB_RE = new RegExp(
  `^(?:[Aa]bout\\s+${COMPANY_NAME}\\s*[:.]?$|(?:[Aa]bout\\s+${ORGANISATION_NAME}\\s*[:.–—-]\\s*)?${COMPANY_NAME}(?:,? (?:Inc|LLC|Ltd|GmbH|AG|SA|plc|PLLC|LLP)\\.?,?)? (?:is|are|ist|est|es|è|é) (?:a|an|the|eine?|une?|um|uma|una?)\\b[^.]{0,160}\\b(?:company|provider|leader|firm|organi[sz]ation|agency|manufacturer|developer|supplier|platform|group|network|publisher|nonprofit|non-profit|maker|retailer|operator|bank|insurer|institution|specialist|consultancy|brand|studio|agentur|unternehmen|entreprise|société|empresa|azienda)\\b)`,
  'u',
);
