import { cleanAuthorNames, isPersonName, uniqueNames } from './authors.js';
import { hostLabels } from './host-labels.js';
import { Confidence } from './confidence.js';
import { dateFromUrl, isDateLine, parseDate, stripDates, type ParsedDate } from './dates.js';
import { normalizeSpace } from './dom.js';
import { detectLanguage, normalizeLangAttr } from './language.js';
import { ldString as str } from './meta-text.js';
import { firstMeta, rankedJsonLd, type PageSignals } from './page-signals.js';
import { resolveTitle, type ResolvedTitle } from './title.js';
import type { FieldProvenance, Provenance } from './types.js';

export { Confidence } from './confidence.js';
export { foldQuotes, tokens } from './meta-text.js';
export { resolveTitle, stripSiteName, type ResolvedTitle } from './title.js';

export interface Metadata {
  title: string;
  authors: string[];
  publishedAt?: string;
  modifiedAt?: string;
  language?: string;
  siteName?: string;
  canonicalUrl?: string;
  description?: string;
  leadImage?: string;
  section?: string;
  tags: string[];
  provenance: Provenance;
}

function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return /^https?:\/\//i.test(href) ? href.trim() : undefined;
  }
}

const PUBLISHED_META_KEY_RE = /publish|(?:^|[:._-])date$|(?:^|[:._-])(?:created|issued)(?:[:._-]|$)/i;
const MODIFIED_META_KEY_RE = /modif|updat|expir|revis|review|valid|start|end|event|birth/i;
const DATELINE_RE = /^\p{Lu}[\p{Lu} .'’-]{2,40},\s+([^()—–-]{6,40}?)\s*(?:\([^)]{1,20}\))?\s*[—–-]/u;
const MODIFIED_LABEL_RE = /\b(?:updated|modified|edited|reviewed)\b/i;
const PUBLISHED_LABEL_RE = /^(?:published|posted|first published|date|on)\b/i;
const BYLINE_RE = /^(?:(?:written|posted|words|story|article|text|reporting|interview(?:ed)?)\s+)?by\s*:?\s+(.{2,80})$/i;
const BYLINE_LABEL_RE = /^(?:(?:written|posted|words|story|interview(?:ed)?)\s+by|by|author|authors|written by|autor|auteur)\s*:?$/i;
const NOT_AUTHOR_LABEL_RE = /\b(?:reviewed|checked|edited|photo|photos|illustration|image|video|medically)\b/i;

/** Dates this many texts apart or closer after the first visible one belong to the same dateline. */
const DATELINE_SPAN = 3;
/** A label text ("Updated", "Last updated:") is this short; longer texts are sentences. */
const MAX_LABEL_CHARS = 30;

/**
 * Whether the date text at `i` is labelled as a modification date by the text that precedes it in
 * document order, punctuation-only texts skipped (labels and dates are
 * often separate nodes: "Updated" ":" "December 4, 2025"). `step` is 1 for texts after the headline and -1 for texts before it
 * (listed nearest first, so their document-order predecessors come later in the list).
 */
function modifiedLabelled(texts: readonly string[], i: number, step: 1 | -1): boolean {
  for (let k = 1, seen = 0; k <= 4 && seen < 1; k++) {
    const prev = texts[i - k * step];
    if (prev === undefined) break;
    if (!/[\p{L}\p{N}]/u.test(prev)) continue;
    seen++;
    if (prev.length < MAX_LABEL_CHARS && MODIFIED_LABEL_RE.test(prev) && !isDateLine(prev)) return true;
    if (PUBLISHED_LABEL_RE.test(prev) || isDateLine(prev)) break;
  }
  return false;
}

/** Separators between the parts of a meta bar: "Jane Doe | Senior Writer | July 2, 2025". */
const META_BAR_SEPARATOR_RE = /\s+[|·•]\s+/;

/**
 * The date a short text shows, and whether it is labelled as an update ("Updated May 6, 2025"). A date
 * before an update label wins ("December 3, 2025. Updated: December 7, 2025"). Meta bars are split.
 */
function dateInText(text: string, now: Date | undefined): { date: ParsedDate; updated: boolean } | undefined {
  const parts = isDateLine(text) || PUBLISHED_LABEL_RE.test(text) ? [text] : text.split(META_BAR_SEPARATOR_RE).filter((p) => isDateLine(p));
  for (const t of parts) {
    const label = t.search(MODIFIED_LABEL_RE);
    const before = label > 0 ? parseDate(t.slice(0, label), now) : undefined;
    if (before) return { date: before, updated: false };
    const d = parseDate(t, now);
    if (d) return { date: d, updated: label >= 0 };
  }
  return undefined;
}

/**
 * The publication date printed near the headline: the first date line that is not labelled as an update;
 * of several dates printed together ("April 24, 2025" beside "May 21, 2025") the earliest. With
 * `updated`, the first date that is labelled as an update instead.
 */
function visibleDate(near: { after: string[]; before: string[] }, now: Date | undefined, options: { updated?: boolean; within?: number } = {}): ParsedDate | undefined {
  const within = options.within ?? Infinity;
  for (const [all, step] of [[near.after, 1], [near.before, -1]] as const) {
    const texts = all.slice(0, within);
    let best: ParsedDate | undefined;
    let firstAt = -1;
    for (let i = 0; i < texts.length; i++) {
      if (firstAt >= 0 && i - firstAt > DATELINE_SPAN) break;
      const t = texts[i]!;
      if (t.length > 80) continue;
      const shown = dateInText(t, now);
      if (!shown) continue;
      const updated = shown.updated || modifiedLabelled(texts, i, step);
      if (updated !== (options.updated ?? false)) continue;
      if (options.updated) return shown.date;
      if (firstAt < 0) firstAt = i;
      if (!best || shown.date.iso < best.iso) best = shown.date;
    }
    if (best) return best;
  }
  return undefined;
}

/** A meta bar naming the author is one of the first texts around the headline. */
const META_BAR_TEXTS = 10;

/**
 * The name part of a meta bar that also holds the date: "Aaron Ricadela | Senior Writer | July 2, 2025",
 * "Dec. 19, 2025 · Niko Matsakis on behalf of …". The first part that is not the date, cut before
 * "on behalf of"/"for"; the caller checks that it is a name.
 */
function metaBarName(text: string): string | undefined {
  const parts = text.split(/\s+[|·•]\s+|\s*[·•]\s*/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2 || !parts.some((p) => isDateLine(p))) return undefined;
  const name = parts.find((p) => !isDateLine(p));
  return name?.replace(/\s+(?:on behalf of|for)\b.*$/i, '');
}

function nearBylines(near: { after: string[]; before: string[] }): string[] {
  const out: string[] = [];
  for (const texts of [near.after.slice(0, 25), near.before]) {
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      const prev = texts[i - 1] ?? '';
      if (NOT_AUTHOR_LABEL_RE.test(t) || (NOT_AUTHOR_LABEL_RE.test(prev) && prev.length < 40)) continue;
      const m = BYLINE_RE.exec(t);
      const bar = m || i >= META_BAR_TEXTS ? undefined : metaBarName(t);
      if (m) out.push(m[1]!);
      else if (bar && cleanAuthorNames(bar).length > 0) out.push(bar);
      else if (BYLINE_LABEL_RE.test(t) && texts[i + 1]) {
        // "By" <a>Jane Smith</a> "and" <a>Tom Baker</a>: names and joiners come as separate texts.
        const parts: string[] = [];
        for (let k = i + 1; k < Math.min(texts.length, i + 8); k++) {
          const x = texts[k]!;
          if (/^(?:,|and|&|und|et|y)$/i.test(x) || (parts.length > 0 && /^[,&]?\s*(?:and\s+)?$/i.test(x))) parts.push(x);
          else if (parts.length === 0 || /^(?:,|and|&|und|et|y)$/i.test(parts[parts.length - 1]!)) parts.push(x);
          else break;
        }
        out.push(parts.join(' '));
      }
      if (out.length) return out;
    }
  }
  return out;
}

/** Texts right after (or before) the headline that make up its meta line; further ones are story text (embeds, quotes). */
const HEADER_TEXTS = 12;
/** A printed date this many days or more before the declared one is not a timezone difference. */
const MIN_REPUBLISH_GAP_DAYS = 2;

/**
 * Whether a printed day is clearly earlier than the declared publication day: at least
 * {@link MIN_REPUBLISH_GAP_DAYS} before, not the same numbers with day and month swapped (01/08 vs 08/01), and
 * not 1 January (a year alone, a copyright line).
 */
function printedBefore(shown: string, declared: string): boolean {
  const gapDays = (Date.parse(declared) - Date.parse(shown)) / 86_400_000;
  if (!(gapDays >= MIN_REPUBLISH_GAP_DAYS)) return false;
  const [sy, sm, sd] = shown.split('-');
  const [dy, dm, dd] = declared.split('-');
  if (sy === dy && sm === dd && sd === dm) return false;
  return !shown.endsWith('-01-01');
}

/** Every date the page declares in markup (JSON-LD, meta, `<time>`), published or not. */
function declaredDates(signals: PageSignals, ld: readonly Record<string, unknown>[], now: Date | undefined): { date: ParsedDate; source: string }[] {
  const out: { date: ParsedDate; source: string }[] = [];
  const add = (raw: unknown, source: string): void => {
    const d = typeof raw === 'string' ? parseDate(raw, now) : undefined;
    if (d) out.push({ date: d, source });
  };
  for (const node of ld) for (const key of ['datePublished', 'dateModified', 'dateCreated']) add(node[key], `json-ld:${key}`);
  for (const [key, vals] of signals.metas) {
    if (!/date|time|modif|updat|publish|created|issued/i.test(key) || /expir|valid|start|end|event|birth/i.test(key)) continue;
    for (const v of vals) add(v, `meta:${key}`);
  }
  for (const t of signals.times) add(t.value, 'time');
  return out;
}

/** Letters and digits only, lower-cased: "Rapid7 Blog" and "rapid7-blog" compare equal. */
const compactKey = (s: string): string => s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whether a declared author is the site itself ("Buzzsprout" on buzzsprout.com, meta author = og:site_name):
 * the publisher filling a template field, not a byline. A two-word person name that is also the site name
 * (personal sites, "Cassidy Williams") stays an author.
 */
function isSiteAuthor(name: string, site: { siteName?: string | undefined; ldPublisher?: string | undefined; url?: string | undefined }): boolean {
  const key = compactKey(name);
  if (key.length < 3) return false;
  const keys: string[] = [];
  for (const s of [site.siteName, site.ldPublisher]) if (s) keys.push(compactKey(s));
  const hostName = hostLabels(site.url)[0];
  if (hostName) keys.push(compactKey(hostName));
  if (!keys.includes(key)) return false;
  const words = name.trim().split(/\s+/).length;
  return !(isPersonName(name) && words >= 2 && words <= 3);
}

/** Separator-only texts between the parts of a meta line ("·", "|", "•", "—"). */
const SEPARATOR_TEXT_RE = /^[\s|·•—–\-/,]*$/;

/**
 * A person's name printed next to the date under the headline, unlabelled ("Bence Kovács" · "Dec 17, 2025";
 * "Mahua Das in <category>"): the meta line of most blog themes. Only a name of 2–4 capitalised words directly
 * beside the first date counts.
 */
function nameBesideDate(near: { after: string[]; before: string[] }, headings: ReadonlySet<string>): string[] {
  for (const texts of [near.after.slice(0, 15), near.before.slice(0, 6)]) {
    const at = texts.findIndex((t) => t.length <= 40 && isDateLine(t));
    if (at < 0) continue;
    for (const step of [-1, 1]) {
      let k = at + step;
      while (texts[k] !== undefined && SEPARATOR_TEXT_RE.test(texts[k]!)) k += step;
      const t = texts[k]?.replace(/\s+in$/, '');
      if (!t) continue;
      const words = t.split(/\s+/);
      // Headings beside a date are teaser or site titles ("Engora Data Blog"), not names.
      if (words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}/u.test(w)) && isPersonName(t) && !headings.has(t.toLowerCase())) return [t];
    }
  }
  return [];
}

/** A source of author names, read only when every source before it named nobody. */
type AuthorSource = readonly [source: string, raws: () => readonly string[], confidence: number, lenient: boolean];

/** `compute` run once, on first use. */
function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/**
 * The story's authors, from the first source that names a person (JSON-LD, visible byline, meta, itemprop,
 * rel=author, author-page links, byline-classed boxes, byline phrases anywhere, a name beside the date). When none
 * does, a visible team or staff byline ("By the Lavazza Team"); then an organisation declared as author, then
 * a declared author that is just the site's name. Team bylines are kept because the page presents them as the
 * byline: they say who answers for the story, and dropping them would leave such pages with no author at all.
 */
function resolveAuthors(
  signals: PageSignals,
  ldAuthor: { value: unknown } | undefined,
  near: { after: string[]; before: string[] },
  ctx: { siteName?: string | undefined; ldPublisher?: string | undefined; url?: string | undefined; isExcluded?: ((el: import('domhandler').Element) => boolean) | undefined },
): { names: string[]; source: string; confidence: number } | undefined {
  const site = { siteName: ctx.siteName, ldPublisher: ctx.ldPublisher, url: ctx.url };
  const notSite = (names: readonly string[]): string[] => names.filter((n) => !isSiteAuthor(n, site));
  // Author links and boxes inside removed furniture (comments, related stories) belong to other texts.
  const kept = (texts: readonly string[], els: readonly import('domhandler').Element[]): string[] =>
    texts.filter((_, i) => !(els[i] && ctx.isExcluded?.(els[i])));
  const dropped = (texts: readonly string[], els: readonly import('domhandler').Element[]): string[] =>
    texts.filter((_, i) => els[i] && ctx.isExcluded?.(els[i]));
  const primary: AuthorSource[] = [];
  const siteOnly: AuthorSource[] = [];
  if (ldAuthor) {
    // Organisations as authors are the publisher, not a byline: the visible byline knows better.
    const raws = lazy(() =>
      ([] as unknown[])
        .concat(ldAuthor.value)
        .filter((v) => {
          if (!v || typeof v !== 'object') return typeof v === 'string';
          const t = ([] as unknown[]).concat((v as Record<string, unknown>)['@type'] ?? 'Person');
          return !t.some((x) => x === 'Organization' || x === 'NewsMediaOrganization' || x === 'Corporation' || x === 'WebSite');
        })
        .map((v) => str(v) ?? '')
        .filter(Boolean),
    );
    primary.push(['json-ld:author', () => notSite(raws()), Confidence.structured, true]);
    siteOnly.push(['json-ld:author', raws, Confidence.text, true]);
  }
  primary.push(['byline-text', () => nearBylines(near), Confidence.markup, false]);
  const declared = (source: string, vals: readonly string[]): void => {
    primary.push([source, () => notSite(vals), Confidence.meta, true]);
    siteOnly.push([source, () => vals, Confidence.text, true]);
  };
  for (const key of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'citation_author', 'byl', 'byline']) {
    const vals = signals.metas.get(key) ?? [];
    if (vals.length) declared(`meta:${key}`, vals);
  }
  // Yoast's reading-time card: twitter:label1 "Written by" with the author in twitter:data1.
  for (let i = 1; i <= 4; i++) {
    if (/^(?:written by|author)$/i.test(signals.metas.get(`twitter:label${i}`)?.[0]?.trim() ?? '')) declared(`meta:twitter:data${i}`, signals.metas.get(`twitter:data${i}`) ?? []);
  }
  const phraseTexts = lazy(() => {
    // "Written by" in an author box removed as furniture still names the author; a bare "By X" there is
    // usually a teaser card of another story.
    const phrases = signals.bylinePhrases.filter((p) => (!p.bare || !ctx.isExcluded?.(p.el)) && cleanAuthorNames(p.text, { teams: true }).length > 0);
    const bareNames = new Set(phrases.filter((p) => p.bare).map((p) => p.text.toLowerCase()));
    // Several different "By X" lines are a list of teasers, not this story's byline.
    return phrases.filter((p) => !p.bare || bareNames.size <= MAX_BARE_BYLINE_NAMES).map((p) => p.text);
  });
  primary.push(
    ['itemprop:author', () => signals.itempropAuthors, Confidence.markup, false],
    ['rel=author', () => signals.relAuthors, Confidence.markup, false],
    ['link:author-page', () => kept(signals.authorLinks, signals.authorLinkEls), Confidence.markup, false],
    // "Andrew Gerrand 4 August 2010": a byline box often holds the date too.
    ['byline', () => kept(signals.bylines, signals.bylineEls).map((b) => stripDates(b)), Confidence.text, false],
    ['byline-phrase', () => phraseTexts().filter((p) => cleanAuthorNames(p).length > 0).slice(0, 1), Confidence.text, false],
    // Author boxes are removed as furniture but still name the author; they rank below what the story shows.
    ['link:author-page', () => dropped(signals.authorLinks, signals.authorLinkEls), Confidence.text, false],
    ['byline', () => dropped(signals.bylines, signals.bylineEls).map((b) => stripDates(b)), Confidence.text, false],
    ['text:beside-date', () => nameBesideDate(near, new Set(signals.headings.map((h) => h.text.toLowerCase()))), Confidence.text, false],
  );
  const pick = (sources: readonly AuthorSource[], teams: boolean): { names: string[]; source: string; confidence: number } | undefined => {
    for (const [source, raws, confidence, lenient] of sources) {
      const names = uniqueNames(raws().flatMap((r) => cleanAuthorNames(r, { lenient, teams })));
      if (names.length > 0) return { names, source, confidence };
    }
    return undefined;
  };
  return (
    pick(primary, false) ??
    pick([...primary, ['byline-phrase', () => phraseTexts().slice(0, 1), Confidence.text, false]], true) ??
    // Last resort: an organisation declared as author (company bylines), or the site named as author.
    (ldAuthor ? pick([['json-ld:author-organization', () => ([] as unknown[]).concat(ldAuthor.value).map((v) => str(v) ?? ''), Confidence.text, true]], false) : undefined) ??
    pick(siteOnly, false)
  );
}

/** More distinct "By X" lines than this on one page are teaser cards. */
const MAX_BARE_BYLINE_NAMES = 2;

export interface MetadataInput {
  readonly signals: PageSignals;
  readonly url?: string | undefined;
  readonly now?: Date | undefined;
  /** The extracted main text, for language detection and visible dates. */
  readonly text: string;
  /** Text blocks near the top of the content (header area) that may hold a visible date or byline. */
  readonly headerTexts: readonly string[];
  /** Elements removed as page furniture: headings inside them are not the article's title. */
  readonly isExcluded?: (el: import('domhandler').Element) => boolean;
  /** Result of {@link resolveTitle} when the caller already has it. */
  readonly resolvedTitle?: ResolvedTitle;
}

/** The language the page declares: `<html lang>`, a language meta, or JSON-LD `inLanguage` (ISO 639-1). */
export function declaredLanguage(signals: PageSignals, ld: readonly Record<string, unknown>[] = rankedJsonLd(signals)): string | undefined {
  const inLanguage = ld.find((node) => node.inLanguage !== undefined && node.inLanguage !== null && node.inLanguage !== '')?.inLanguage;
  return normalizeLangAttr(signals.htmlLang ?? firstMeta(signals, 'og:locale', 'content-language', 'language', 'dc.language')?.value ?? str(inLanguage));
}

/**
 * The text's language: detected from the text, checked against the declared one (confirmed when they
 * agree); a confident detection wins over the declaration, the declaration over an unsure detection.
 */
export function resolveLanguage(declared: string | undefined, text: string): { language: string; source: string; confidence: number } | undefined {
  const detected = detectLanguage(text);
  if (detected && declared === detected.language) return { language: declared, source: 'text+lang-attribute', confidence: Confidence.confirmed };
  if (detected && detected.confidence >= 0.5) return { language: detected.language, source: 'text', confidence: detected.confidence };
  if (declared) return { language: declared, source: 'lang-attribute', confidence: Confidence.markup };
  if (detected) return { language: detected.language, source: 'text', confidence: detected.confidence };
  return undefined;
}

export function resolveMetadata(input: MetadataInput): Metadata {
  const { signals, url, now } = input;
  const ld = rankedJsonLd(signals);
  const prov: Record<string, FieldProvenance> = {};
  const set = (field: string, source: string, confidence: number): void => {
    prov[field] = { source, confidence };
  };
  const ldField = (key: string): { value: unknown; index: number } | undefined => {
    for (let i = 0; i < ld.length; i++) {
      const v = ld[i]![key];
      if (v !== undefined && v !== null && v !== '') return { value: v, index: i };
    }
    return undefined;
  };

  const t = input.resolvedTitle ?? resolveTitle(signals, url, input.isExcluded);
  const { title, siteName, near, ldPublisher } = t;
  if (t.titleProv) set('title', t.titleProv.source, t.titleProv.confidence);
  if (t.siteProv) set('siteName', t.siteProv.source, t.siteProv.confidence);

  // Dates.
  const pickDate = (
    ldKeys: string[],
    metaKeys: string[],
  ): { date: ParsedDate; source: string; confidence: number } | undefined => {
    for (const k of ldKeys) {
      const d = parseDate(str(ldField(k)?.value), now);
      if (d) return { date: d, source: `json-ld:${k}`, confidence: Confidence.structured };
    }
    for (const k of metaKeys) {
      for (const v of signals.metas.get(k) ?? []) {
        const d = parseDate(v, now);
        if (d) return { date: d, source: `meta:${k}`, confidence: Confidence.meta };
      }
    }
    return undefined;
  };
  let published = pickDate(
    ['datePublished', 'dateCreated', 'uploadDate'],
    [
      'article:published_time', 'og:published_time', 'article:published', 'datepublished', 'published_time', 'pubdate',
      'publishdate', 'publish-date', 'publish_date', 'publication_date', 'sailthru.date', 'parsely-pub-date', 'dc.date.issued',
      'dc.date', 'dcterms.date', 'dcterms.created', 'dc.date.created', 'date', 'article.published', 'datecreated', 'cxenseparse:recs:publishtime',
      'originalpublicationdate', 'og:article:published_time', 'release_date', 'created',
      'citation_publication_date', 'citation_date', 'citation_online_date', 'prism.publicationdate',
    ],
  );
  if (!published) {
    const t = signals.times.find((x) => x.value && parseDate(x.value, now));
    const d = t ? parseDate(t.value, now) : undefined;
    if (d) published = { date: d, source: 'time', confidence: Confidence.markup };
  }
  const shownDate = visibleDate(near, now);
  if (shownDate && !published) published = { date: shownDate, source: 'text:near-title', confidence: Confidence.text };
  else if (shownDate && published && shownDate.day !== published.date.day) {
    // The date printed under the headline is what readers take as the story's date; when another declared
    // publication date (a second JSON-LD node, a <time>, another meta) says the same day, the first declared
    // one is stale (a template default, a migration). A shown date that only dateModified backs is the
    // update date and is not used (the issue: never the "Updated" date by accident).
    const same = declaredDates(signals, ld, now).find((d) => d.date.day === shownDate.day && !MODIFIED_META_KEY_RE.test(d.source));
    if (same) published = { date: same.date, source: `text:near-title+${same.source}`, confidence: Confidence.confirmed };
    // A printed date before the declared publication date: the story cannot have been shown as dated before it
    // was published, so the declared one is a republish or migration stamp and the printed one the original.
    else if (printedBefore(shownDate.day, published.date.day) && visibleDate(near, now, { within: HEADER_TEXTS })?.day === shownDate.day) {
      // Unless the markup itself pairs the two (<time datetime="2024-12-20">August 28, 2024</time>).
      const declared = published.date.day;
      const paired = signals.times.some((x) => parseDate(x.text, now)?.day === shownDate.day && parseDate(x.value, now)?.day === declared);
      if (!paired) published = { date: shownDate, source: 'text:near-title', confidence: Confidence.text };
    }
  }
  if (!published) {
    // An element classed as a date ("post-date", "dateline") elsewhere in the page (hero bands, footers).
    for (const { text, attrs, el } of signals.dateTexts) {
      // Dates in removed furniture (related posts, comments, sidebars) belong to other stories.
      if (/updat|modif/.test(attrs) || input.isExcluded?.(el)) continue;
      const d = dateInText(text, now);
      if (d && !d.updated) {
        published = { date: d.date, source: 'markup:date-class', confidence: Confidence.markup };
        break;
      }
    }
  }
  if (!published) {
    const t = signals.times.find((x) => parseDate(x.text, now));
    const d = t ? parseDate(t.text, now) : undefined;
    if (d) published = { date: d, source: 'time', confidence: Confidence.markup };
  }
  if (!published) {
    // Any other meta whose name says "published date" (sites invent their own keys).
    for (const [key, vals] of signals.metas) {
      if (!PUBLISHED_META_KEY_RE.test(key) || MODIFIED_META_KEY_RE.test(key)) continue;
      const d = parseDate(vals[0], now);
      if (d) {
        published = { date: d, source: `meta:${key}`, confidence: Confidence.meta };
        break;
      }
    }
  }
  if (!published) {
    // Agency dateline at the start of the story: "RAJSHAHI, Dec 20, 2025 (BSS) - …".
    const first = input.text.slice(0, 120);
    const m = DATELINE_RE.exec(first);
    const d = m ? parseDate(m[1], now) : undefined;
    if (d) published = { date: d, source: 'text:dateline', confidence: Confidence.text };
  }
  if (!published) {
    const d = dateFromUrl(url, now);
    if (d) published = { date: d, source: 'url', confidence: Confidence.url };
  }
  if (!published) {
    for (const t of input.headerTexts) {
      const d = t.length <= 120 ? dateInText(t, now) : undefined;
      if (d && !d.updated) {
        published = { date: d.date, source: 'text', confidence: Confidence.text };
        break;
      }
    }
  }
  if (!published) {
    // A date box inside removed furniture (an author box, a credits band under the story) still dates the story
    // when it is the only day such boxes show: teaser lists and comment threads show several.
    const days = new Map<string, { date: ParsedDate; updated: boolean }>();
    for (const { text, el } of signals.dateTexts) {
      const d = input.isExcluded?.(el) ? dateInText(text, now) : undefined;
      if (d) days.set(d.date.day, d);
    }
    const only = days.size === 1 ? [...days.values()][0]! : undefined;
    if (only) published = { date: only.date, source: only.updated ? 'text:updated' : 'markup:date-class-furniture', confidence: only.updated ? Confidence.updatedOnly : Confidence.text };
  }
  // Last resort: the page only prints when it was updated. That date is the newest the story can have been
  // published, and better than none for ordering; provenance says what it is, confidence is low.
  const updatedShown = visibleDate(near, now, { updated: true }) ?? signals.dateTexts.filter((x) => !input.isExcluded?.(x.el)).map((x) => dateInText(x.text, now)).find((d) => d?.updated)?.date;
  if (!published && updatedShown) published = { date: updatedShown, source: 'text:updated', confidence: Confidence.updatedOnly };
  const modified = pickDate(['dateModified'], ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dc.date.modified', 'dcterms.modified', 'article:modified', 'modified_time', 'updated_time']);

  // Authors.
  const authorPick = resolveAuthors(signals, ldField('author') ?? ldField('creator'), near, { siteName, ldPublisher, url, isExcluded: input.isExcluded });
  const authors = authorPick?.names ?? [];
  if (authorPick) set('authors', authorPick.source, authorPick.confidence);

  const lang = resolveLanguage(declaredLanguage(signals, ld), input.text);
  if (lang) set('language', lang.source, lang.confidence);
  const language = lang?.language;

  const canonicalRaw = signals.canonical ?? firstMeta(signals, 'og:url')?.value;
  const canonicalUrl = resolveUrl(canonicalRaw, url);
  if (canonicalUrl) set('canonicalUrl', signals.canonical ? 'link:canonical' : 'meta:og:url', Confidence.meta);

  const desc = firstMeta(signals, 'og:description', 'description', 'twitter:description', 'dc.description');
  const ldDesc = str(ldField('description')?.value);
  const description = desc?.value ?? ldDesc;
  if (desc) set('description', `meta:${desc.key}`, Confidence.meta);
  else if (ldDesc) set('description', 'json-ld:description', Confidence.structured);

  const img = firstMeta(signals, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src');
  const ldImage = str(ldField('image')?.value);
  const leadImage = resolveUrl(img?.value ?? ldImage, url);
  if (leadImage) set('leadImage', img ? `meta:${img.key}` : 'json-ld:image', Confidence.meta);

  const sectionMeta = firstMeta(signals, 'article:section', 'section', 'parsely-section', 'category');
  const ldSection = str(ldField('articleSection')?.value);
  const section = sectionMeta?.value ?? ldSection;
  if (sectionMeta) set('section', `meta:${sectionMeta.key}`, Confidence.meta);
  else if (ldSection) set('section', 'json-ld:articleSection', Confidence.structured);

  const tagSet = new Set<string>();
  for (const v of signals.metas.get('article:tag') ?? []) tagSet.add(v.trim());
  const kw = ldField('keywords')?.value ?? firstMeta(signals, 'keywords', 'news_keywords', 'parsely-tags')?.value;
  for (const v of ([] as unknown[]).concat(kw ?? [])) {
    if (typeof v === 'string') for (const t of v.split(',')) if (t.trim()) tagSet.add(t.trim());
  }
  const tags = [...tagSet].slice(0, 50);
  if (tags.length) set('tags', 'meta', Confidence.meta);

  const out: Metadata = { title, authors, tags, provenance: prov };
  if (published) {
    out.publishedAt = published.date.iso;
    set('publishedAt', published.source, published.confidence);
  }
  if (modified) {
    out.modifiedAt = modified.date.iso;
    set('modifiedAt', modified.source, modified.confidence);
  } else if (updatedShown) {
    out.modifiedAt = updatedShown.iso;
    set('modifiedAt', 'text:updated', Confidence.text);
  }
  if (language) out.language = language;
  if (siteName) out.siteName = siteName;
  if (canonicalUrl) out.canonicalUrl = canonicalUrl;
  if (description) out.description = normalizeSpace(description);
  if (leadImage) out.leadImage = leadImage;
  if (section) out.section = section;
  return out;
}
