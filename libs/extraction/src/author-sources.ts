import type { Element } from 'domhandler';
import { anyCase } from './any-case.js';
import { countWords } from './blocks.js';
import { isElement, textOf } from './dom.js';
import {
  afterLanguageBy,
  cleanAuthorNames,
  isAccountName,
  isNameConjunction,
  isPersonName,
  reporterBylineNames,
  uniqueNames,
  type CleanAuthorOptions,
} from './authors.js';
import { Confidence } from './confidence.js';
import { isDateLine, stripDates } from './dates.js';
import { hostLabels } from './host-labels.js';
import { ldString as str } from './meta-text.js';
import type { PageSignals } from './page-signals.js';
import type { NearTexts } from './published-date.js';

/**
 * The story's authors, from an ordered list of sources (see {@link resolveAuthors}): the first source
 * that names a person wins. A new source is one entry in the list (and a page of the corpus).
 */

/**
 * "By" in other languages ("Von: Jane Doe", "Par : …", "Door: …"): these are common words, so a byline or a
 * label needs their colon; "By" and the author words need none. The writer nouns of other languages with their
 * colon too: Indonesian "Penulis:", Turkish "Yazar:", Hungarian "Szerző:", Danish/Norwegian "Forfatter:",
 * Swedish "Författare:", Finnish "Kirjoittaja:", Greek "Συντάκτης:", Vietnamese "Tác giả:".
 */
const OTHER_BY_COLON = String.raw`(?:von|par|por|door|di|av|af|przez|od|penulis|yazar|szerző|forfatter|författare|kirjoittaja|συντάκτης|tác giả)\s*:`;
const BYLINE_RE = new RegExp(
  String.raw`^(?:(?:(?:written|posted|words|story|article|text|reporting|interview(?:ed)?)\s+)?by\s*:?\s+|${OTHER_BY_COLON}\s*)(.{2,80})$`,
  'i',
);
const BYLINE_LABEL_RE = new RegExp(
  String.raw`^(?:(?:(?:written|posted|words|story|interview(?:ed)?)\s+by|by|author|authors|written by|autor|auteur)\s*:?|${OTHER_BY_COLON})$`,
  'i',
);
/** The longest name part of a byline line ({@link BYLINE_RE}'s `.{2,80}`). */
const BYLINE_MAX_NAME_CHARS = 80;
const NOT_AUTHOR_LABEL_RE =
  /\b(?:reviewed|checked|edited|photo|photos|illustration|image|video|medically)\b/i;

/** A meta bar naming the author is one of the first texts around the headline. */
const META_BAR_TEXTS = 10;

/**
 * The name part of a meta bar that also holds the date: "Aaron Ricadela | Senior Writer | July 2, 2025",
 * "Dec. 19, 2025 · Niko Matsakis on behalf of …". The first part that is not the date, cut before
 * "on behalf of"/"for"; the caller checks that it is a name.
 */
function metaBarName(text: string): string | undefined {
  const parts = text
    .split(/\s+[|·•]\s+|\s*[·•]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2 || !parts.some((p) => isDateLine(p))) return undefined;
  const name = parts.find((p) => !isDateLine(p));
  return name?.replace(/\s+(?:on behalf of|for)\b.*$/i, '');
}

/**
 * "Kaufman, Jeff T." -> "Jeff T. Kaufman". Each `citation_author` meta names one author, by the Highwire
 * Press tags Google Scholar reads either "First Last" or "Last, First": one comma between two short name
 * parts is that inversion, not a list of two authors.
 */
function givenNameFirst(value: string): string {
  const comma = value.indexOf(',');
  if (comma < 0 || value.indexOf(',', comma + 1) >= 0) return value;
  const family = value.slice(0, comma).trim();
  const given = value.slice(comma + 1).trim();
  const short = (s: string): boolean => s !== '' && s.split(/\s+/).length <= CITATION_NAME_PART_MAX_WORDS;
  return short(family) && short(given) ? `${given} ${family}` : value;
}
/** Longest family or given part of a "Last, First" citation name ("Van der Berg", "Mary Ann K."). */
const CITATION_NAME_PART_MAX_WORDS = 3;

/**
 * Whether a text joins two names in a byline made of several texts: a comma, a word for "and" in any language
 * or the page's own ("og", "y"…), or a comma before one (", and").
 */
function isNameJoiner(text: string, language: string | undefined): boolean {
  const t = text.trim().replace(/^,\s*/, '');
  return t === '' || isNameConjunction(t, language);
}

function nearBylines(near: NearTexts, language: string | undefined): string[] {
  const out: string[] = [];
  for (const texts of [near.after.slice(0, 25), near.before]) {
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      const prev = texts[i - 1] ?? '';
      if (NOT_AUTHOR_LABEL_RE.test(t) || (NOT_AUTHOR_LABEL_RE.test(prev) && prev.length < 40)) continue;
      // The page language's own "by" ("Oleh Budi Santoso", Indonesian): the name after it, or "" for the label alone.
      const ownBy = afterLanguageBy(t, language);
      const name =
        BYLINE_RE.exec(t)?.[1] ?? (ownBy && ownBy.length <= BYLINE_MAX_NAME_CHARS ? ownBy : undefined);
      const bar = name !== undefined || i >= META_BAR_TEXTS ? undefined : metaBarName(t);
      // "By" put back before the name: an acronym standing alone after it names an agency ("By TPN").
      if (name !== undefined) out.push(`By ${name}`);
      else if (bar && cleanAuthorNames(bar).length > 0) out.push(bar);
      else if ((BYLINE_LABEL_RE.test(t) || ownBy === '') && texts[i + 1]) {
        // "By" <a>Jane Smith</a> "and" <a>Tom Baker</a>: names and joiners come as separate texts.
        const parts: string[] = [];
        for (let k = i + 1; k < Math.min(texts.length, i + 8); k++) {
          const x = texts[k]!;
          if (
            isNameJoiner(x, language) ||
            parts.length === 0 ||
            isNameJoiner(parts[parts.length - 1]!, language)
          )
            parts.push(x);
          else break;
        }
        out.push(parts.join(' '));
      }
      if (out.length) return out;
    }
  }
  return out;
}

/** An editor's credit, its name after the label or in the next text: "Editor : Heryadi", "Edited by Jo Ng". */
const EDITOR_LABEL_RE =
  /^(?:(?:senior\s+|managing\s+)?editor|redaktur|penyunting|editing by|edited by|redakteur(?:in)?)\s*:?\s*(.{0,60})$/i;

/** Lower-cased names the texts around the headline credit as the story's editor. */
function editorNames(near: NearTexts): Set<string> {
  const out = new Set<string>();
  for (const texts of [near.after.slice(0, 40), near.before]) {
    for (let i = 0; i < texts.length; i++) {
      const m = EDITOR_LABEL_RE.exec(texts[i]!);
      const name = m ? m[1]!.trim() || texts[i + 1] : undefined;
      if (name) for (const n of cleanAuthorNames(name)) out.add(n.toLowerCase());
    }
  }
  return out;
}

/** Letters and digits only, lower-cased: "Rapid7 Blog" and "rapid7-blog" compare equal. */
const compactKey = (s: string): string =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whether a declared author is the site itself ("Buzzsprout" on buzzsprout.com, meta author = og:site_name):
 * the publisher filling a template field, not a byline. A two-word person name that is also the site name
 * (personal sites, "Cassidy Williams") stays an author.
 */
function isSiteAuthor(
  name: string,
  site: { siteName?: string | undefined; ldPublisher?: string | undefined; url?: string | undefined },
): boolean {
  if (!isSiteName(name, site)) return false;
  const words = name.trim().split(/\s+/).length;
  return !(isPersonName(name) && words >= 2 && words <= 3);
}

/** Whether a name is the site's own (og:site_name, the JSON-LD publisher, the host's name), compared compactly. */
function isSiteName(
  name: string,
  site: { siteName?: string | undefined; ldPublisher?: string | undefined; url?: string | undefined },
): boolean {
  const key = compactKey(name);
  if (key.length < 3) return false;
  const keys: string[] = [];
  for (const s of [site.siteName, site.ldPublisher]) if (s) keys.push(compactKey(s));
  const hostName = hostLabels(site.url)[0];
  if (hostName) keys.push(compactKey(hostName));
  return keys.includes(key);
}

/** JSON-LD types of an organisation named as author or publisher. */
const ORGANIZATION_TYPES: ReadonlySet<unknown> = new Set([
  'Organization',
  'NewsMediaOrganization',
  'Corporation',
  'WebSite',
]);
const isOrganization = (v: unknown): boolean =>
  ([] as unknown[])
    .concat((v as Record<string, unknown>)['@type'] ?? 'Person')
    .some((t) => ORGANIZATION_TYPES.has(t));

/** Byline texts an agency's name may be printed in, at most this long ("Von dpa", "dpa/AFP"). */
const MAX_AGENCY_BYLINE_CHARS = 60;

/**
 * The names of the organisations a JSON-LD author declares that the page also prints as a byline, alone
 * or with "By" (`<div itemprop="author">dpa</div>`, "Von dpa"): an agency credited for the story.
 */
function printedOrganizations(ldAuthorValue: unknown, bylineTexts: readonly string[]): string[] {
  const orgs = ([] as unknown[])
    .concat(ldAuthorValue)
    .filter((v) => v !== null && typeof v === 'object' && isOrganization(v))
    .map((v) => str(v) ?? '')
    .filter(Boolean);
  if (orgs.length === 0) return [];
  const printed = new Set(
    bylineTexts
      .filter((t) => t.length <= MAX_AGENCY_BYLINE_CHARS)
      .flatMap((t) => cleanAuthorNames(t, { lenient: true }))
      .map(compactKey),
  );
  return orgs.filter((o) => printed.has(compactKey(o)));
}

/** The last path segment of a declared author's profile URL ("https://site/author/admin/" -> "admin"). */
function profileSlug(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const url = typeof o['url'] === 'string' ? o['url'] : typeof o['@id'] === 'string' ? o['@id'] : undefined;
  return url ? /\/([^/?#]+)\/?(?:[?#].*)?$/.exec(url)?.[1] : undefined;
}

/**
 * The publication a syndicated story names as its source: "This article was originally published by
 * Futurism", "First published in The Conversation", "This article is republished from The Conversation".
 * A capitalised name after the phrase ("first published in the Valley Courier"), up to the end of the sentence;
 * the phrase in any case, the name's capital checked.
 */
const SYNDICATION_SOURCE_RE = new RegExp(
  String.raw`\b${anyCase('(?:(?:originally|first) (?:published|appeared) (?:by|in|on|at)|republished from)')} ((?:the )?\p{Lu}[\p{L}\p{N}&'’ .-]{0,50}?)(?= ${anyCase('(?:under|and)')}\b|[,;:!?()\n]|\.(?:\s|$)|$)`,
  'gu',
);
/** Syndication notes stand in the story's first or last lines. */
const SYNDICATION_NOTE_CHARS = 1_500;

/** Compact keys of the syndication sources the text names, with and without a leading "The". */
function syndicationSources(text: string | undefined): Set<string> {
  const keys = new Set<string>();
  if (!text) return keys;
  const ends =
    text.length <= 2 * SYNDICATION_NOTE_CHARS
      ? [text]
      : [text.slice(0, SYNDICATION_NOTE_CHARS), text.slice(-SYNDICATION_NOTE_CHARS)];
  for (const part of ends)
    for (const m of part.matchAll(SYNDICATION_SOURCE_RE)) {
      keys.add(compactKey(m[1]!));
      keys.add(compactKey(m[1]!.replace(/^the\s+/i, '')));
    }
  return keys;
}

/**
 * The reporter line of the story's blocks, last one first (it closes the story), as its names joined for
 * `cleanAuthorNames` ("박지훈 기자 jhpark@…" → "박지훈"; it reads the same line again).
 */
function reporterLine(blockTexts: readonly string[] | undefined): string[] {
  for (let i = (blockTexts?.length ?? 0) - 1; i >= 0; i--) {
    const text = blockTexts![i]!;
    if (reporterBylineNames(text)) return [text];
  }
  return [];
}

/** The story's lead lines are the blocks before its first paragraph of this many words. */
const LEAD_BODY_WORDS = 25;
/** Story blocks looked at for a lead line (title, kicker, standfirst lines, the byline). */
const LEAD_BLOCKS = 6;

/**
 * The byline some papers print as the story's lead line, a paragraph of one bold name above the first
 * paragraph ("<p><strong>Mohloai Mpesi</strong></p>", "<p><b>Jane Doe/Tom Baker</b></p>").
 */
function leadNames(blockTexts: readonly string[] | undefined, boldLines: readonly string[]): string[] {
  if (!blockTexts || boldLines.length === 0) return [];
  const norm = (t: string): string => t.replace(/\s+/g, ' ').trim();
  const bold = new Set(boldLines.map(norm));
  for (const text of blockTexts.slice(0, LEAD_BLOCKS)) {
    const t = norm(text);
    if (bold.has(t)) {
      // Every name of 2–4 capitalised words: a bold "Schedule" or "Lecture with Remote Instruction" is a label.
      const names = cleanAuthorNames(t);
      const isName = (n: string): boolean => {
        const words = n.split(/\s+/);
        return words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}/u.test(w));
      };
      return names.length > 0 && names.every(isName) ? [t] : [];
    }
    if (countWords(t) >= LEAD_BODY_WORDS) break;
  }
  return [];
}

/** Separator-only texts between the parts of a meta line ("·", "|", "•", "—"). */
const SEPARATOR_TEXT_RE = /^[\s|·•—–\-/,]*$/;

/** Texts after the headline looked at for the date a name sits beside. */
const BESIDE_DATE_TEXTS = 15;
/**
 * Languages in which capitalised words beside a date are taken for a name: those the rule was checked on
 * (English blog meta lines). Elsewhere capitals say less (German capitalises every noun) and the rule named
 * the wrong person both times it fired outside English (fundus-dev held-out, 1.81.0).
 */
const BESIDE_DATE_LANGUAGES: ReadonlySet<string> = new Set(['en']);

/**
 * A person's name printed next to the date under the headline, unlabelled ("Bence Kovács" · "Dec 17, 2025";
 * "Mahua Das in <category>"): the meta line of most blog themes. Only a name of 2–4 capitalised words directly
 * beside the first date after the headline counts, on an English page; above the headline a date sits beside
 * navigation ("May 20, 2025" · "All Insights"), not the byline.
 */
function nameBesideDate(
  near: NearTexts,
  headings: ReadonlySet<string>,
  language: string | undefined,
): string[] {
  if (language === undefined || !BESIDE_DATE_LANGUAGES.has(language)) return [];
  const texts = near.after.slice(0, BESIDE_DATE_TEXTS);
  const at = texts.findIndex((t) => t.length <= 40 && isDateLine(t));
  if (at < 0) return [];
  for (const step of [-1, 1]) {
    let k = at + step;
    while (texts[k] !== undefined && SEPARATOR_TEXT_RE.test(texts[k]!)) k += step;
    const t = texts[k]?.replace(/\s+in$/, '');
    if (!t) continue;
    const words = t.split(/\s+/);
    // Headings beside a date are teaser or site titles ("Engora Data Blog"), not names.
    if (
      words.length >= 2 &&
      words.length <= 4 &&
      words.every((w) => /^\p{Lu}/u.test(w)) &&
      isPersonName(t) &&
      !headings.has(t.toLowerCase())
    )
      return [t];
  }
  return [];
}

/** An author box's first lines: its heading names the writer, its text opens with the same name. */
const BIO_TEXT_CHARS = 200;

/**
 * The writer an author box introduces: a heading of a 2–4-word capitalised name whose next element opens
 * with that name and a lower-case word ("<h3>Alban Brooke</h3><p>Alban Brooke is the Head of Marketing…").
 * One such box only: several are a list of people (speakers, a team page), not the story's writer.
 */
function bioBoxName(headings: PageSignals['headings']): string[] {
  const names = new Set<string>();
  for (const h of headings) {
    if (h.level < 2) continue;
    // Heading texts and textOf's are whitespace-normalised already.
    const name = h.text;
    const words = name.split(' ');
    if (words.length < 2 || words.length > 4 || !words.every((w) => /^\p{Lu}\p{Ll}/u.test(w))) continue;
    let next = h.el.next;
    while (next && !isElement(next)) next = next.next;
    if (!next) continue;
    const text = textOf(next, BIO_TEXT_CHARS);
    if (text.startsWith(`${name} `) && /^\p{Ll}/u.test(text.slice(name.length + 1))) names.add(name);
  }
  return names.size === 1 ? [...names] : [];
}

/**
 * Whether a microdata author belongs to one of several sibling items of one type: a grid or list of teaser
 * cards, each a `BlogPosting` with its own author, for other stories than the page's. The item owning the
 * author is its nearest `itemscope` ancestor that is no property of another item.
 */
function inRepeatedItem(el: Element): boolean {
  let p = el.parent;
  for (let up = 0; p && isElement(p) && up < MAX_ITEM_ANCESTORS; up++, p = p.parent) {
    if (p.attribs['itemscope'] === undefined || p.attribs['itemprop'] !== undefined) continue;
    const type = p.attribs['itemtype'];
    const parent = p.parent;
    if (!type || !parent || !isElement(parent)) return false;
    let same = 0;
    for (const c of parent.children.slice(0, MAX_ITEM_SIBLINGS))
      if (
        isElement(c) &&
        c.attribs['itemscope'] !== undefined &&
        c.attribs['itemtype'] === type &&
        ++same >= 2
      )
        return true;
    return false;
  }
  return false;
}
/** Ancestors looked at for the item owning a microdata author, and siblings of that item for its repeats. */
const MAX_ITEM_ANCESTORS = 24;
const MAX_ITEM_SIBLINGS = 200;

/** A source of author names, read only when every source before it named nobody. */
type AuthorSource = readonly [
  source: string,
  raws: () => readonly string[],
  confidence: number,
  clean: CleanAuthorOptions,
];
/** Publisher-declared names (JSON-LD, meta): lower-case names and team bylines kept. */
const DECLARED: CleanAuthorOptions = { lenient: true };
/** Names read from the page's text. */
const VISIBLE: CleanAuthorOptions = {};

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
export function resolveAuthors(
  signals: PageSignals,
  ldAuthor: { value: unknown } | undefined,
  near: NearTexts,
  ctx: {
    /** The page's language: its word for "and" joins two names ("Ana Ruiz y Pablo Gil"). */
    language?: string | undefined;
    siteName?: string | undefined;
    ldPublisher?: string | undefined;
    url?: string | undefined;
    isExcluded?: ((el: Element) => boolean) | undefined;
    /** The story's text: a syndicated story names its source publication, which is not an author. */
    text?: string | undefined;
    /** The story's blocks, furniture included: a closing reporter line names the author. */
    storyBlockTexts?: readonly string[] | undefined;
  },
): { names: string[]; source: string; confidence: number } | undefined {
  const site = { siteName: ctx.siteName, ldPublisher: ctx.ldPublisher, url: ctx.url };
  const notSite = (names: readonly string[]): string[] => names.filter((n) => !isSiteAuthor(n, site));
  // "Victor Tangermann, Futurism" beside "originally published by Futurism": the writer and his publication.
  const sources = syndicationSources(ctx.text);
  const notSource = (name: string): boolean => !sources.has(compactKey(name));
  // "Personal finance", "HR Strategy" in a byline box: the text of a link to a tag or category page is a
  // section label, not a person (read from the page's text; a publisher's declared author is kept).
  const labels = lazy(() => new Set(signals.taxonomyLabels.map(compactKey)));
  const notLabel = (name: string): boolean => !labels().has(compactKey(name));
  // Author links and boxes inside removed furniture (comments, related stories) belong to other texts.
  const kept = (texts: readonly string[], els: readonly Element[]): string[] =>
    texts.filter((_, i) => !(els[i] && ctx.isExcluded?.(els[i])));
  const dropped = (texts: readonly string[], els: readonly Element[]): string[] =>
    texts.filter((_, i) => els[i] && ctx.isExcluded?.(els[i]));
  // Microdata of teaser cards names the authors of other stories: asked after everything else.
  const itemprop = lazy(() => {
    const { itempropAuthors: texts, itempropAuthorEls: els } = signals;
    const isCard = texts.map((_, i) => els[i] !== undefined && inRepeatedItem(els[i]));
    const own = <T>(xs: readonly T[]): T[] => xs.filter((_, i) => !isCard[i]);
    return {
      kept: kept(own(texts), own(els)),
      dropped: dropped(own(texts), own(els)),
      cards: texts.filter((_, i) => isCard[i]),
    };
  });
  const primary: AuthorSource[] = [];
  const siteOnly: AuthorSource[] = [];
  // A declared Person whose profile is a CMS account ("Ilanga D" at /author/admin/) is named only when nothing
  // else is, wherever the page prints that name.
  const accounts = new Set<string>();
  if (ldAuthor) {
    const values = ([] as unknown[]).concat(ldAuthor.value);
    for (const v of values) {
      const slug = profileSlug(v);
      const name = str(v);
      if (slug !== undefined && isAccountName(slug) && name) accounts.add(name.toLowerCase());
    }
    // Organisations as authors are the publisher, not a byline: the visible byline knows better.
    const raws = lazy(() =>
      values
        .filter((v) => (!v || typeof v !== 'object' ? typeof v === 'string' : !isOrganization(v)))
        .map((v) => str(v) ?? '')
        .filter(Boolean),
    );
    primary.push(['json-ld:author', () => notSite(raws()), Confidence.structured, DECLARED]);
    siteOnly.push(['json-ld:author', raws, Confidence.text, DECLARED]);
  }
  const lead = lazy(() => leadNames(ctx.storyBlockTexts, signals.boldLines));
  const editors = lazy(() => editorNames(near));
  primary.push(
    ['byline-text', () => nearBylines(near, ctx.language), Confidence.markup, VISIBLE],
    ['text:lead-name', lead, Confidence.text, VISIBLE],
    // An agency the JSON-LD declares as the author organisation and the byline prints ("dpa" in the page's
    // itemprop=author, a JSON-LD Organization "dpa"): the story's byline, though no person's name.
    [
      'json-ld:author-organization+byline',
      () =>
        ldAuthor
          ? notSite(
              printedOrganizations(ldAuthor.value, [
                ...kept(signals.itempropAuthors, signals.itempropAuthorEls),
                ...kept(signals.bylines, signals.bylineEls),
              ]),
            )
          : [],
      Confidence.markup,
      { lenient: true, whole: true },
    ],
  );
  const declared = (source: string, vals: readonly string[]): void => {
    primary.push([source, () => notSite(vals), Confidence.meta, DECLARED]);
    siteOnly.push([source, () => vals, Confidence.text, DECLARED]);
  };
  for (const key of [
    'author',
    'article:author',
    'parsely-author',
    'sailthru.author',
    'dc.creator',
    'dcterms.creator',
    'citation_author',
    'byl',
    'byline',
  ]) {
    const vals = signals.metas.get(key) ?? [];
    if (vals.length) declared(`meta:${key}`, key === 'citation_author' ? vals.map(givenNameFirst) : vals);
  }
  // Yoast's reading-time card: twitter:label1 "Written by" with the author in twitter:data1.
  for (let i = 1; i <= 4; i++) {
    if (/^(?:written by|author)$/i.test(signals.metas.get(`twitter:label${i}`)?.[0]?.trim() ?? ''))
      declared(`meta:twitter:data${i}`, signals.metas.get(`twitter:data${i}`) ?? []);
  }
  const phraseTexts = lazy(() => {
    // "Written by" in an author box removed as furniture still names the author; a bare "By X" there is
    // usually a teaser card of another story.
    const phrases = signals.bylinePhrases.filter(
      (p) => (!p.bare || !ctx.isExcluded?.(p.el)) && cleanAuthorNames(p.text, { teams: true }).length > 0,
    );
    const bareNames = new Set(phrases.filter((p) => p.bare).map((p) => p.text.toLowerCase()));
    // Several different "By X" lines are a list of teasers, not this story's byline.
    return phrases.filter((p) => !p.bare || bareNames.size <= MAX_BARE_BYLINE_NAMES).map((p) => p.text);
  });
  primary.push(
    // Microdata authors inside removed furniture are commenters or teaser cards of other stories (asked below,
    // with the other furniture, only when the story itself names nobody); those of a grid of sibling items
    // are the cards' own authors, asked last of all.
    ['itemprop:author', () => itemprop().kept, Confidence.markup, VISIBLE],
    ['rel=author', () => signals.relAuthors, Confidence.markup, VISIBLE],
    ['link:author-page', () => kept(signals.authorLinks, signals.authorLinkEls), Confidence.markup, VISIBLE],
    // "Andrew Gerrand 4 August 2010": a byline box often holds the date too.
    [
      'byline',
      () => kept(signals.bylines, signals.bylineEls).map((b) => stripDates(b)),
      Confidence.text,
      VISIBLE,
    ],
    [
      'byline-phrase',
      () =>
        phraseTexts()
          .filter((p) => cleanAuthorNames(p).length > 0)
          .slice(0, 1),
      Confidence.text,
      VISIBLE,
    ],
    // Author boxes are removed as furniture but still name the author; they rank below what the story shows.
    ['link:author-page', () => dropped(signals.authorLinks, signals.authorLinkEls), Confidence.text, VISIBLE],
    [
      'byline',
      () => dropped(signals.bylines, signals.bylineEls).map((b) => stripDates(b)),
      Confidence.text,
      VISIBLE,
    ],
    ['itemprop:author', () => itemprop().dropped, Confidence.text, VISIBLE],
    [
      'text:beside-date',
      () => nameBesideDate(near, new Set(signals.headings.map((h) => h.text.toLowerCase())), ctx.language),
      Confidence.text,
      VISIBLE,
    ],
    // "홍길동 기자 hong@example.com" closing the story (Korean, Chinese, Japanese papers): the reporter line is
    // dropped from the text as furniture, and is often the only byline the page has.
    ['text:reporter-line', () => reporterLine(ctx.storyBlockTexts), Confidence.text, VISIBLE],
    // "<h3>Alban Brooke</h3><p>Alban Brooke is the Head of Marketing…": an author box with no byline label.
    ['text:bio-box', () => bioBoxName(signals.headings), Confidence.text, VISIBLE],
    // Teaser cards of a small blog are often all by its one writer: the last guess left.
    ['itemprop:author-card', () => itemprop().cards, Confidence.text, VISIBLE],
  );
  const pick = (
    sources: readonly AuthorSource[],
    teams: boolean,
    lastResort = false,
  ): { names: string[]; source: string; confidence: number } | undefined => {
    for (const [source, raws, confidence, clean] of sources) {
      const names = uniqueNames(
        raws().flatMap((r) => cleanAuthorNames(r, { ...clean, teams, language: ctx.language })),
      ).filter(
        (n) =>
          notSource(n) &&
          (lastResort || !accounts.has(n.toLowerCase())) &&
          // "Editor : Heryadi" under the headline while JSON-LD names Heryadi as author: the editor, not the writer.
          (lastResort || !editors().has(n.toLowerCase())) &&
          (clean.lenient === true || notLabel(n)) &&
          // "Lesotho Times" as the declared Person or the "By" line while the story's lead line names its
          // writers: the site's name filled in for them.
          !(isSiteName(n, site) && lead().length > 0),
      );
      if (names.length > 0) return { names, source, confidence };
    }
    return undefined;
  };
  return (
    pick(primary, false) ??
    pick([...primary, ['byline-phrase', () => phraseTexts().slice(0, 1), Confidence.text, VISIBLE]], true) ??
    // Last resort: an organisation declared as author (company bylines), or the site named as author.
    (ldAuthor
      ? pick(
          [
            [
              'json-ld:author-organization',
              () => ([] as unknown[]).concat(ldAuthor.value).map((v) => str(v) ?? ''),
              Confidence.text,
              // An organisation is one name: "Morgan & Morgan" is a law firm, not two people named Morgan.
              { lenient: true, whole: true },
            ],
          ],
          false,
        )
      : undefined) ??
    pick(siteOnly, false, true)
  );
}

/** More distinct "By X" lines than this on one page are teaser cards. */
const MAX_BARE_BYLINE_NAMES = 2;
