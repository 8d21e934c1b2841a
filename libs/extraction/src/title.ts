import type { Element } from 'domhandler';
import { Confidence } from './confidence.js';
import { countWords } from './blocks.js';
import { isDateLine } from './dates.js';
import { isElement, normalizeSpace, textOf } from './dom.js';
import { hostLabels, siteHost } from './host-labels.js';
import { decodeEntities, foldQuotes, jaccardSets, ldString, norm, tokens } from './meta-text.js';
import { textsAround } from './nearby-text.js';
import { firstMeta, ldField, rankedJsonLd, type PageSignals } from './page-signals.js';
import type { FieldProvenance } from './types.js';

/**
 * Separators between a title's parts (headline, site name, section). The full-width bar and colon of
 * Chinese and Japanese titles ("…警視庁逮捕：東京新聞デジタル", "…｜日本経済新聞") need no spaces around them,
 * nor does the underscore Chinese sites set between Han characters ("…开通运营_滨江日报").
 */
const TITLE_SEPARATOR_RE =
  /\s+[|–—\-:·•»/]\s+|\s+[|]\s*|\s*[|]\s+|\s+::\s+|\s*[｜：]\s*|(?<=\p{Script=Han})_(?=\p{Script=Han})/u;
/** Title similarity (token Jaccard) above which a heading confirms a meta title. */
const TITLE_MATCH_JACCARD = 0.6;
/**
 * A " | …" part of at most this many words is a label (site, section, "Opinion", "Top 19 Companies"), not
 * part of the headline: pipes separate a title from its labels far more often than they join two clauses.
 */
const MAX_PIPE_LABEL_WORDS = 4;
/** …and the headline left after removing it has at least this many words. */
const MIN_HEADLINE_WORDS = 3;
/** Texts looked at after / before the headline for a visible date or byline. */
const NEARBY_AFTER = 40;
const NEARBY_BEFORE = 12;

/** An h1 longer than this is a standfirst or a paragraph styled as a heading, not a headline. */
const MAX_HEADLINE_WORDS = 30;
/** More distinct h1s than this means they mark sections of the body, not the page's headline. */
const MAX_DISTINCT_H1S = 2;
/**
 * A kicker before a headline ("Krieg in Nahost:", "Neue Leipziger Schule:", a quoted soundbite) has at most
 * this many words. Measured 2026-12-07: 6 words, with any declared title standing for the bare headline,
 * also took the label off a WCXB held-out page whose truth keeps it.
 */
const MAX_KICKER_WORDS = 4;
/** Declared titles made for social cards, which carry the bare headline where the h1 shows a kicker. */
const CARD_TITLE_SOURCES: ReadonlySet<string> = new Set(['meta:og:title', 'meta:twitter:title']);

/**
 * The marks a declared title sets between a kicker and its headline (": ", " – ", " | ", " - "), which a heading made
 * of a kicker element and a headline element shows as a space.
 */
const KICKER_MARK_RE = /\s*[:|–—]\s+|\s+-\s+/g;

/**
 * A heading's text with the marks of the declared title it is exactly ({@link KICKER_MARK_RE}): `<h2><span>Rückbau von
 * Atomkraftwerk</span> <span>Kühltürme …</span></h2>` reads "Rückbau von Atomkraftwerk Kühltürme …" where og:title
 * writes "Rückbau von Atomkraftwerk: Kühltürme …".
 */
function withDeclaredMarks(text: string, metaTitles: readonly MetaTitle[]): string {
  const shown = normalizeSpace(text);
  const declared = metaTitles.find(
    (m) => m.value !== shown && normalizeSpace(m.value.replace(KICKER_MARK_RE, ' ')) === shown,
  );
  return declared?.value ?? text;
}

const wordCount = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Drops short " | Label" parts at either end of a headline ("Title | Opinion", "Section | Title"). */
function stripPipeLabels(title: string): string {
  let t = title;
  for (;;) {
    const tail = /^(.*\S)\s+\|\s+([^|]+)$/.exec(t);
    if (tail && wordCount(tail[2]!) <= MAX_PIPE_LABEL_WORDS && wordCount(tail[1]!) >= MIN_HEADLINE_WORDS) {
      t = tail[1]!;
      continue;
    }
    const head = /^([^|]+?)\s+\|\s+(.*\S)$/.exec(t);
    if (
      head &&
      wordCount(head[1]!) <= MAX_PIPE_LABEL_WORDS - 1 &&
      wordCount(head[2]!) > MAX_PIPE_LABEL_WORDS
    ) {
      t = head[2]!;
      continue;
    }
    return t;
  }
}

/** Whether a part of a title names the site: its declared name or a label of its host, or nothing but marks. */
function siteNameTest(siteName: string | undefined, url: string | undefined): (part: string) => boolean {
  const site = siteName ? tokens(siteName).join('') : undefined;
  const hosts = hostLabels(url)
    .map((h) => h.replace(/[^a-z0-9]/g, ''))
    .filter((h) => h.length > 2);
  return (p) => {
    const k = tokens(p).join('');
    if (k === '') return true;
    if (site && (k === site || (site.length > 3 && (k.includes(site) || site.includes(k))))) return true;
    return hosts.some((host) => k === host || k.includes(host) || host.includes(k));
  };
}

/**
 * A title without the page's own domain written as its first word with no separator ("davidbau.com Vibe
 * Coding"): a title does not open on a domain but to name its site. At the end a domain can close a
 * sentence ("… по версии Wday.ru") and is left to the separator rules. At least two words stay.
 */
function withoutDomainWord(title: string, url: string | undefined): string {
  const host = siteHost(url);
  const words = title.split(' ');
  if (!host?.includes('.') || words.length < 3) return title;
  if (words[0]!.toLowerCase().replace(/^www\./, '') !== host || !/[\p{L}\p{N}]/u.test(words[1]!))
    return title;
  return words.slice(1).join(' ');
}

/** A Chinese or Japanese site name after a headline has at most this many characters ("産経ニュース", "新浪网"). */
const MAX_CJK_BRAND_CHARS = 8;
/** …and the headline before it at least this many, and this many times the name's. */
const MIN_CJK_HEADLINE_CHARS = 10;
const CJK_HEADLINE_RATIO = 2;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const CJK_NAME_RE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・]+$/u;

/**
 * The brand-tail guess for Chinese and Japanese, written without spaces: a headline runs as one token, so
 * the token counts say nothing. A last part all in Han or kana, of at most {@link MAX_CJK_BRAND_CHARS}
 * characters, after a headline with several times as many, separated by a bar or dash ("… - 滨江日报",
 * "…｜日本経済新聞"), is the site's name. After a colon it may be the quoted speaker; it stays.
 */
function isCjkBrandTail(tail: string, rest: string, head: string): boolean {
  if (!CJK_NAME_RE.test(tail) || tail.length > MAX_CJK_BRAND_CHARS) return false;
  if (/[:：]\s*$/u.test(head)) return false;
  const restChars = rest.match(CJK_RE)?.length ?? 0;
  return restChars >= MIN_CJK_HEADLINE_CHARS && restChars >= CJK_HEADLINE_RATIO * tail.length;
}

/** Thai, Lao, Myanmar and Khmer letters: scripts written without spaces between words. */
const SEGMENTED_SCRIPT_RE = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]/u;

/**
 * Words of the headline before a guessed brand tail. Thai, Lao, Myanmar and Khmer put no space between words, so a
 * headline of a dozen words is one or two space-separated runs ("ครม.อนุมัติงบประมาณช่วยเหลือผู้ประสบภัยน้ำท่วม"): their
 * words are counted by the dictionary word breaker ({@link countWords}). Chinese and Japanese have a rule of their
 * own ({@link isCjkBrandTail}); other scripts count their space-separated tokens.
 */
function headlineWords(rest: string): number {
  return SEGMENTED_SCRIPT_RE.test(rest) ? countWords(rest) : tokens(rest).length;
}

export interface StripSiteNameOptions {
  /**
   * When no part names the site, drop a short last part anyway (document titles end in a brand far more
   * often than headlines do). Off for visible headings.
   * @default true
   */
  readonly guessBrandTail?: boolean;
}

/**
 * Removes " | Site", "Site - " and similar site-name parts, a leading domain ("example.com Title"), and short
 * " | Label" parts, from a title.
 */
export function stripSiteName(
  title: string,
  siteName: string | undefined,
  url: string | undefined,
  options: StripSiteNameOptions = {},
): string {
  const t = withoutDomainWord(normalizeSpace(title), url);
  const parts = t
    .split(TITLE_SEPARATOR_RE)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return t;
  const isSite = siteNameTest(siteName, url);
  // Only the ends of a title name the site; a middle part that happens to contain the host is kept.
  let first = 0;
  let last = parts.length - 1;
  while (last > first && isSite(parts[last]!)) last--;
  while (first < last && isSite(parts[first]!)) first++;
  if (first === 0 && last === parts.length - 1) {
    const piped = stripPipeLabels(t);
    if (piped !== t || options.guessBrandTail === false) return piped;
    // No part names the site: drop the last part only when it is clearly a short brand tail.
    const tailPart = parts[parts.length - 1]!;
    const head = t.slice(0, t.lastIndexOf(tailPart));
    const rest = parts.slice(0, -1).join(' ');
    if ((tokens(tailPart).length <= 3 && headlineWords(rest) >= 4) || isCjkBrandTail(tailPart, rest, head))
      return head.replace(/[\s|–—\-:·•»/｜：_]+$/u, '');
    return t;
  }
  // Keep the original text between the first and last kept parts (titles may contain " - " themselves).
  const start = t.indexOf(parts[first]!);
  const lastKept = parts[last]!;
  const end = t.lastIndexOf(lastKept) + lastKept.length;
  const kept = start >= 0 && end > start ? t.slice(start, end) : parts.slice(first, last + 1).join(' - ');
  return stripPipeLabels(kept);
}

/**
 * Comparison keys under which a raw meta title may appear as a visible heading: the cleaned title itself
 * and each run of separator-delimited parts at either end that is at least as long as the rest
 * ("Defer, Panic, and Recover - The Go Programming Language" → "defer panic and recover").
 */
function titleKeys(raw: string, cleaned: string): string[] {
  const keys = new Set([norm(cleaned)]);
  const parts = normalizeSpace(raw)
    .split(TITLE_SEPARATOR_RE)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length >= 2 && parts.length <= 4) {
    for (let k = 1; k < parts.length; k++) {
      const head = parts.slice(0, k).join(' ');
      const tail = parts.slice(k).join(' ');
      const hn = tokens(head).length;
      const tn = tokens(tail).length;
      if (hn >= 2 && hn >= tn) keys.add(norm(head));
      if (tn >= 2 && tn > hn) keys.add(norm(tail));
    }
  }
  keys.delete('');
  return [...keys];
}

/**
 * The headline without its kicker when the page's social card declares it so: the headline reads
 * "<kicker>: <og:title>" (kicker of at most {@link MAX_KICKER_WORDS} words), or the heading sets the kicker
 * or the headline apart in an element of its own instead of the colon. News sites set a topic label or a
 * quoted soundbite before the headline in the h1 (and often in JSON-LD and `<title>`), and give the bare
 * headline to og:title; a heading that only differs from the card title by such a label is that label plus
 * the headline.
 */
function cardTitleWithoutKicker(
  title: string,
  metaTitles: readonly MetaTitle[],
  heading: Element | undefined,
): MetaTitle | undefined {
  const key = norm(title);
  for (const m of metaTitles) {
    if (!CARD_TITLE_SOURCES.has(m.source) || m.key === key || !key.endsWith(` ${m.key}`)) continue;
    const at = title.lastIndexOf(m.value);
    const kicker = at > 0 ? title.slice(0, at).trim() : '';
    if (kicker === '' || wordCount(kicker) > MAX_KICKER_WORDS) continue;
    if (/[:：]$/u.test(kicker) || (heading && setsApart(heading, [norm(kicker), m.key]))) return m;
  }
  return undefined;
}

/** Child elements looked at for a kicker set apart in a heading (and wrapper levels descended). */
const MAX_HEADING_CHILDREN = 8;
const MAX_HEADING_WRAPPERS = 3;

/**
 * Whether a heading marks the kicker or the headline as an element of its own, in place of a colon:
 * `<h1><span class="kicker">Premier League</span> Rückschlag im Titelkampf</h1>`, or the kicker in a block
 * above the headline's span. A lone wrapper (`<h1><a>…</a></h1>`) is looked into.
 */
function setsApart(heading: Element, keys: readonly string[]): boolean {
  let el = heading;
  for (let depth = 0; depth < MAX_HEADING_WRAPPERS; depth++) {
    const kids = el.children.filter(isElement);
    if (kids.slice(0, MAX_HEADING_CHILDREN).some((k) => keys.includes(norm(textOf(k, 300))))) return true;
    if (kids.length !== 1) return false;
    el = kids[0]!;
  }
  return false;
}

/**
 * The social card title where it is the headline with its kicker and the heading shows the headline alone:
 * og:title reads "<kicker>: <heading>" or "<label> - <heading>" (kicker of at most {@link MAX_KICKER_WORDS}
 * words). Such pages set the kicker apart, above the h1, and the card carries the headline as the publisher
 * writes it in one line; the converse of {@link cardTitleWithoutKicker}: either way the card decides whether
 * the kicker belongs to the title. Only the first card title is asked (og:title before twitter:title), so a
 * twitter:title that adds the kicker og:title leaves out does not bring it back.
 */
function cardTitleWithKicker(
  title: string,
  metaTitles: readonly MetaTitle[],
  namesSite: (part: string) => boolean,
): MetaTitle | undefined {
  const card = metaTitles.find((m) => CARD_TITLE_SOURCES.has(m.source));
  const key = norm(title);
  if (!card || key === '' || !card.key.endsWith(` ${key}`)) return undefined;
  const split = /^(.*?\p{L}.*?)(?:\s*[:：]|\s+[-–—])\s+(.+)$/u.exec(card.value);
  if (!split || norm(split[2]!) !== key || wordCount(split[1]!) > MAX_KICKER_WORDS) return undefined;
  // "Garnix Blog: <headline>" is the site's name before the headline (blogs title posts so), no kicker.
  return namesSite(split[1]!) ? undefined : card;
}

/**
 * Typographic quotes folded to ASCII (titles are compared, searched and deduplicated as plain text), except in
 * a title quoting with low-9 marks („…“, ‚…‘: German, Czech, Polish…), whose closing “ and ‘ would be folded
 * while „ stays: „In der Hölle aufgewacht" is neither style.
 */
function plainQuotes(title: string): string {
  return /[\u201a\u201e]/u.test(title) ? title : foldQuotes(title);
}

/** Whether the first visible h1 can stand as the headline without a declared title confirming it. */
function plausibleHeadline(h1s: readonly { text: string }[]): boolean {
  if (wordCount(h1s[0]!.text) > MAX_HEADLINE_WORDS) return false;
  return new Set(h1s.map((h) => norm(h.text))).size <= MAX_DISTINCT_H1S;
}

/**
 * Whether the text a heading adds around a declared title is page furniture: a date, a short leading
 * label ("Blog:", "Title:"), or tokens without words (counters, a domain in brackets).
 */
function isFurniture(extra: string | undefined, trailing: boolean): boolean {
  if (extra === undefined) return false;
  const t = extra.trim();
  if (t === '') return false;
  if (isDateLine(t)) return true;
  if (!trailing && /^[\p{L}\p{N} ]{1,20}:$/u.test(t) && wordCount(t) <= 2) return true;
  // Leading numbers belong to headlines ("2025 Renovation Trends"); trailing counters and domains do not.
  return (
    trailing &&
    t
      .split(/\s+/)
      .every((w) => !/\p{L}{3,}/u.test(w) || /^\(?[\w-]+\.(?:com|org|net|io|co|[a-z]{2})\)?$/i.test(w))
  );
}

interface MetaTitle {
  value: string;
  source: string;
  key: string;
  strictKey: string;
  set: Set<string>;
  /** Keys of the cleaned title and of its longer separator-delimited parts (these only confirm an h1). */
  keys: string[];
}

export interface ResolvedTitle {
  title: string;
  /**
   * The headline as the page shows it, for finding its repeats in the text: `title`, or the heading with its
   * kicker where `title` is the card title without it.
   */
  shown: string;
  siteName: string | undefined;
  ldPublisher: string | undefined;
  near: { after: string[]; before: string[] };
  titleProv: FieldProvenance | undefined;
  siteProv: FieldProvenance | undefined;
}

/**
 * Title and site name (cheap; the content cleaner needs the title before the rest of the metadata).
 *
 * Order: a heading that is exactly a declared title (og:title, JSON-LD headline, `<title>`, site name
 * removed) → the first visible h1 confirmed by a declared title (similar words) → the declared title most
 * sources agree on when the page's h1 says something else or is missing → an unconfirmed h1.
 */
export function resolveTitle(
  signals: PageSignals,
  url: string | undefined,
  isExcluded: ((el: Element) => boolean) | undefined,
): ResolvedTitle {
  const ld = rankedJsonLd(signals);
  const ldValue = (key: string): unknown => ldField(ld, key)?.value;
  let titleProv: FieldProvenance | undefined;
  let siteProv: FieldProvenance | undefined;
  // Site name.
  let siteName: string | undefined;
  const ogSite = firstMeta(signals, 'og:site_name', 'application-name', 'twitter:site');
  const publisher = ldValue('publisher');
  const ldPublisher = ldString((publisher as Record<string, unknown> | undefined)?.name ?? publisher);
  if (ogSite && !ogSite.value.startsWith('@')) {
    siteName = decodeEntities(ogSite.value);
    siteProv = { source: `meta:${ogSite.key}`, confidence: Confidence.meta };
  } else if (ldPublisher) {
    siteName = ldPublisher;
    siteProv = { source: 'json-ld:publisher', confidence: Confidence.structured };
  }

  // Declared titles, site names and labels removed.
  const metaTitles: MetaTitle[] = [];
  const addMeta = (raw: string | undefined, source: string): void => {
    if (!raw) return;
    const decoded = decodeEntities(raw);
    const value = stripSiteName(decoded, siteName, url);
    // Without guessing a brand tail ("What is X - A guided introduction" is not "What is X").
    const strictKey = norm(stripSiteName(decoded, siteName, url, { guessBrandTail: false }));
    if (tokens(value).length === 0) return;
    metaTitles.push({
      value,
      source,
      key: norm(value),
      strictKey,
      set: new Set(tokens(value)),
      keys: titleKeys(decoded, value),
    });
  };
  for (const key of ['og:title', 'twitter:title'])
    for (const v of signals.metas.get(key) ?? []) addMeta(v, `meta:${key}`);
  addMeta(ldString(ldValue('headline')), 'json-ld:headline');
  const other = firstMeta(signals, 'title', 'dc.title', 'headline');
  if (other) addMeta(other.value, `meta:${other.key}`);
  if (signals.titleTag) addMeta(signals.titleTag, 'title');
  // The declared title most sources agree on (first declared wins ties: og:title, then JSON-LD, then <title>).
  const votes = new Map<string, number>();
  for (const m of metaTitles) votes.set(m.key, (votes.get(m.key) ?? 0) + 1);
  const agreed = [...metaTitles].sort((a, b) => votes.get(b.key)! - votes.get(a.key)!)[0];

  const siteKey = siteName ? norm(siteName) : undefined;
  const cleanHeading = (text: string): string =>
    stripSiteName(text, siteName, url, { guessBrandTail: false });
  const headings = signals.headings
    .map((h) => ({ ...h, text: cleanHeading(h.text) }))
    .filter((h) => tokens(h.text).length >= 1 && norm(h.text) !== siteKey);
  const visible = headings.filter((h) => tokens(h.text).length >= 2 && (!isExcluded || !isExcluded(h.el)));
  const h1s = visible.filter((h) => h.level === 1);

  let title = '';
  let anchor: Element | undefined;
  // 1. A heading that is exactly a declared title, even inside removed page furniture (a header band).
  const exactSource = (h: { text: string; level: number }): string | undefined => {
    const key = norm(h.text);
    // A part of a declared title ("What is X" of "What is X - A guide") is often also a section heading.
    return metaTitles.find((m) => (h.level === 1 ? m.keys.includes(key) : m.strictKey === key))?.source;
  };
  const exact = [...headings].sort((a, b) => a.level - b.level).find((h) => exactSource(h));
  // 2. A visible heading with mostly the same words as a declared title, or the declared title plus
  //    furniture ("Blog: <title>", "<title> January 1, 2025"), in which case the declared text is used.
  const padding = (h: { text: string }, m: MetaTitle): string | undefined => {
    const key = norm(h.text);
    if (key === m.key) return undefined;
    if (key.startsWith(`${m.key} `)) return h.text.slice(m.value.length);
    if (key.endsWith(` ${m.key}`)) return h.text.slice(0, h.text.length - m.value.length);
    return undefined;
  };
  const similar = (h: { text: string }): { m: MetaTitle; padded: boolean } | undefined => {
    const set = new Set(tokens(h.text));
    for (const m of metaTitles) {
      const extra = padding(h, m);
      if (extra !== undefined && isFurniture(extra, norm(h.text).startsWith(m.key)))
        return { m, padded: true };
    }
    const m = metaTitles.find((x) => jaccardSets(set, x.set) >= TITLE_MATCH_JACCARD);
    return m && { m, padded: false };
  };
  const confirmed =
    h1s.find((h) => similar(h)) ?? (h1s.length === 0 ? visible.find((h) => similar(h)) : undefined);
  if (exact) {
    title = withDeclaredMarks(exact.text, metaTitles);
    anchor = exact.el;
    titleProv = { source: `h${exact.level}+${exactSource(exact)!}`, confidence: Confidence.confirmed };
  } else if (confirmed) {
    const { m, padded } = similar(confirmed)!;
    // A lower heading that resembles the declared title is a section heading echoing it, not the headline.
    title = padded || confirmed.level > 1 ? m.value : confirmed.text;
    anchor = confirmed.el;
    titleProv = { source: `h${confirmed.level}+${m.source}`, confidence: Confidence.confirmed };
  } else if (h1s[0] && plausibleHeadline(h1s)) {
    // The visible headline is what readers see; declared titles are often SEO variants of it.
    title = h1s[0].text;
    anchor = h1s[0].el;
    titleProv = { source: 'h1', confidence: Confidence.markup };
  } else if (agreed) {
    // No h1, or h1s that are section headings of the body (several) or a paragraph set as h1.
    title = agreed.value;
    anchor = h1s[0]?.el ?? visible[0]?.el;
    titleProv = {
      source: agreed.source,
      confidence: agreed.source.startsWith('json-ld') ? Confidence.structured : Confidence.meta,
    };
  } else if (h1s[0]) {
    title = h1s[0].text;
    anchor = h1s[0].el;
    titleProv = { source: 'h1', confidence: Confidence.text };
  }
  const shown = plainQuotes(normalizeSpace(decodeEntities(title)));
  // Only a title read from a heading shows or lacks a kicker the page sets apart.
  const fromHeading = titleProv !== undefined && /^h\d/.test(titleProv.source);
  const bare = titleProv && cardTitleWithoutKicker(title, metaTitles, fromHeading ? anchor : undefined);
  const kicked =
    fromHeading && !bare ? cardTitleWithKicker(title, metaTitles, siteNameTest(siteName, url)) : undefined;
  const card = bare ?? kicked;
  if (card && titleProv) {
    title = card.value;
    titleProv = {
      source: `${titleProv.source.split('+')[0]!}${bare ? '-' : '+'}kicker+${card.source}`,
      confidence: titleProv.confidence,
    };
  }
  title = plainQuotes(normalizeSpace(decodeEntities(title)));
  const near = anchor ? textsAround(anchor, NEARBY_AFTER, NEARBY_BEFORE) : { after: [], before: [] };

  return { title, shown, siteName, ldPublisher, near, titleProv, siteProv };
}
