import type { Element } from 'domhandler';
import { Confidence } from './confidence.js';
import {
  DATE_LINE_LABELS,
  dateFromUrl,
  dateLineLabels,
  isDateLine,
  parseDate,
  type DateContext,
  type ParsedDate,
} from './dates.js';
import { ldString } from './meta-text.js';
import { textsAround } from './nearby-text.js';
import { ldField, type PageSignals } from './page-signals.js';

/**
 * The story's publication and modification dates, from ordered lists of sources: the dates the page
 * declares ({@link DECLARED_PUBLISHED_SOURCES}) are checked against the date printed under the headline,
 * which fills in or corrects them; failing both, {@link FALLBACK_PUBLISHED_SOURCES} are asked in order.
 * A new source is one entry in the right list (and a page of the corpus in test/fixtures/pages).
 */

/** JSON-LD keys of the publication date, in order. */
export const PUBLISHED_LD_KEYS = ['datePublished', 'dateCreated', 'uploadDate'] as const;
/** Meta names of the publication date, in order (`<meta name|property|itemprop>`, lower-cased). */
export const PUBLISHED_META_KEYS = [
  'article:published_time',
  'og:published_time',
  'article:published',
  'datepublished',
  'published_time',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'publication_date',
  'sailthru.date',
  'parsely-pub-date',
  'dc.date.issued',
  'dc.date',
  'dcterms.date',
  'dcterms.created',
  'dc.date.created',
  'date',
  'article.published',
  'datecreated',
  'cxenseparse:recs:publishtime',
  'originalpublicationdate',
  'og:article:published_time',
  'release_date',
  'created',
  'citation_publication_date',
  'citation_date',
  'citation_online_date',
  'prism.publicationdate',
] as const;
/** JSON-LD keys of the modification date. */
export const MODIFIED_LD_KEYS = ['dateModified'] as const;
/** Meta names of the modification date, in order. */
export const MODIFIED_META_KEYS = [
  'article:modified_time',
  'og:updated_time',
  'datemodified',
  'last-modified',
  'dc.date.modified',
  'dcterms.modified',
  'article:modified',
  'modified_time',
  'updated_time',
] as const;

/** Other meta names that say "published date" (sites invent their own keys)… */
const PUBLISHED_META_KEY_RE = /publish|(?:^|[:._-])date$|(?:^|[:._-])(?:created|issued)(?:[:._-]|$)/i;
/** …unless they name another date. */
const MODIFIED_META_KEY_RE = /modif|updat|expir|revis|review|valid|start|end|event|birth/i;
/** Agency dateline at the start of the story: "RAJSHAHI, Dec 20, 2025 (BSS) - …". */
const DATELINE_RE = /^\p{Lu}[\p{Lu} .'’-]{2,40},\s+([^()—–-]{6,40}?)\s*(?:\([^)]{1,20}\))?\s*[—–-]/u;
/** The dateline is in the story's first characters. */
const DATELINE_MAX_OFFSET = 120;
/** The update labels of date lines ({@link DATE_LINE_LABELS}), anywhere in a text: "Updated", "Mis à jour", "Aktualisiert". */
const MODIFIED_LABEL_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:${dateLineLabels(DATE_LINE_LABELS.updated)})(?![\p{L}])`,
  'iu',
);
/**
 * The publication labels of date lines ({@link DATE_LINE_LABELS}: "Published", "Veröffentlicht am 13. Mai 2026 um
 * 15:44", "Publié le …", "Pubblicato il …"), and "Date" and "On": a line opening with one is the publication date
 * line, whatever words surround the date.
 */
const PUBLISHED_LABEL_RE = new RegExp(
  String.raw`^(?:${dateLineLabels(DATE_LINE_LABELS.published)}|date|on)(?![\p{L}])`,
  'iu',
);
/** Dates this many texts apart or closer after the first visible one belong to the same dateline. */
const DATELINE_SPAN = 3;
/** A label text ("Updated", "Last updated:") is this short; longer texts are sentences. */
const MAX_LABEL_CHARS = 30;
/** Separators between the parts of a meta bar: "Jane Doe | Senior Writer | July 2, 2025", "Essay - Published: 2025.12.17". */
const META_BAR_SEPARATOR_RE = /\s+[|·•–—-]\s+/;
/** A meta-bar separator before a publication label: "Updated 10:30 | Published 5 March 2024, 08:15". */
const PUBLISHED_PART_RE = new RegExp(
  String.raw`${META_BAR_SEPARATOR_RE.source}(?=(?:${dateLineLabels(DATE_LINE_LABELS.published)})(?![\p{L}]))`,
  'iu',
);
/** Texts right after (or before) the headline that make up its meta line; further ones are story text (embeds, quotes). */
const HEADER_TEXTS = 12;
/** A printed date this many days or more before the declared one is not a timezone difference. */
const MIN_REPUBLISH_GAP_DAYS = 2;
/** Texts near the headline longer than this are not date lines. */
const NEAR_DATE_MAX_CHARS = 80;
/** Header-zone blocks longer than this are prose, not date lines. */
const HEADER_DATE_MAX_CHARS = 120;
/** Byline elements looked beside for a date, and the texts read after and before each. */
const MAX_BYLINE_ELEMENTS = 3;
const BESIDE_BYLINE_AFTER = 3;
const BESIDE_BYLINE_BEFORE = 2;

/** Short texts after and before the headline, nearest first (see `textsAround`). */
export interface NearTexts {
  readonly after: readonly string[];
  readonly before: readonly string[];
}

/** What the date sources read. */
export interface DateEvidence {
  readonly signals: PageSignals;
  /** JSON-LD nodes, article types first (`rankedJsonLd`). */
  readonly ld: readonly Record<string, unknown>[];
  readonly near: NearTexts;
  readonly url: string | undefined;
  /** How the page's dates are read (`now`, the order of its slash dates). */
  readonly dates: DateContext;
  /** The extracted text. */
  readonly text: string;
  /** Blocks of the header zone (before the first prose paragraph). */
  readonly headerTexts: readonly string[];
  /** Whether an element was removed as page furniture. */
  readonly isExcluded: ((el: Element) => boolean) | undefined;
}

export interface FoundDate {
  readonly date: ParsedDate;
  /** Provenance: which signal gave it (`json-ld:datePublished`, `meta:pubdate`, `text:near-title`, …). */
  readonly source: string;
  readonly confidence: number;
}

/** A source of the publication date, asked only when every source before it found none. */
export interface DateSource {
  readonly name: string;
  readonly find: (e: DateEvidence) => FoundDate | undefined;
}

/** The publication dates the page declares in markup, in order. */
export const DECLARED_PUBLISHED_SOURCES: readonly DateSource[] = [
  { name: 'json-ld', find: (e) => ldDate(e, PUBLISHED_LD_KEYS) },
  { name: 'meta', find: (e) => metaDate(e, PUBLISHED_META_KEYS) },
  // <time datetime="…">
  {
    name: 'time',
    find: ({ signals, dates }) => {
      const t = signals.times.find((x) => x.value && parseDate(x.value, dates));
      const d = t ? parseDate(t.value, dates) : undefined;
      return d && { date: d, source: 'time', confidence: Confidence.markup };
    },
  },
];

/** When the page declares no publication date and prints none under the headline, in order. */
export const FALLBACK_PUBLISHED_SOURCES: readonly DateSource[] = [
  // An element classed as a date ("post-date", "dateline") elsewhere in the page (hero bands, footers); those
  // in removed furniture (related posts, comments, sidebars) belong to other stories.
  {
    name: 'markup:date-class',
    find: ({ signals, dates, isExcluded }) => {
      for (const { text, attrs, el } of signals.dateTexts) {
        if (/updat|modif/.test(attrs) || isExcluded?.(el)) continue;
        const d = dateInText(text, dates);
        if (d && !d.updated)
          return { date: d.date, source: 'markup:date-class', confidence: Confidence.markup };
      }
      return undefined;
    },
  },
  // <time>12 April 2017</time> without a datetime.
  {
    name: 'time:text',
    find: ({ signals, dates }) => {
      const t = signals.times.find((x) => parseDate(x.text, dates));
      const d = t ? parseDate(t.text, dates) : undefined;
      return d && { date: d, source: 'time', confidence: Confidence.markup };
    },
  },
  {
    name: 'meta:published-like',
    find: ({ signals, dates }) => {
      for (const [key, vals] of signals.metas) {
        if (!PUBLISHED_META_KEY_RE.test(key) || MODIFIED_META_KEY_RE.test(key)) continue;
        const d = parseDate(vals[0], dates);
        if (d) return { date: d, source: `meta:${key}`, confidence: Confidence.meta };
      }
      return undefined;
    },
  },
  {
    name: 'text:dateline',
    find: ({ text, dates }) => {
      const m = DATELINE_RE.exec(text.slice(0, DATELINE_MAX_OFFSET));
      const d = m ? parseDate(m[1], dates) : undefined;
      return d && { date: d, source: 'text:dateline', confidence: Confidence.text };
    },
  },
  // /2024/05/03/ in the URL.
  {
    name: 'url',
    find: ({ url, dates }) => {
      const d = dateFromUrl(url, dates);
      return d && { date: d, source: 'url', confidence: Confidence.url };
    },
  },
  // A date line among the blocks before the first prose paragraph.
  {
    name: 'text:header',
    find: ({ headerTexts, dates }) => {
      for (const t of headerTexts) {
        const d = t.length <= HEADER_DATE_MAX_CHARS ? dateInText(t, dates) : undefined;
        if (d && !d.updated) return { date: d.date, source: 'text', confidence: Confidence.text };
      }
      return undefined;
    },
  },
  // A date line printed beside the byline, wherever the byline sits ("Written by Moses Kim" then "April 8,
  // 2024", below a long table of contents and too far from the headline to be read as its date line).
  {
    name: 'text:beside-byline',
    find: ({ signals, dates, isExcluded }) => {
      const els = [...signals.bylinePhrases.map((p) => p.el), ...signals.authorLinkEls, ...signals.bylineEls]
        .filter((el) => !isExcluded?.(el))
        .slice(0, MAX_BYLINE_ELEMENTS);
      for (const el of els) {
        const { after, before } = textsAround(el, BESIDE_BYLINE_AFTER, BESIDE_BYLINE_BEFORE);
        for (const [texts, step] of [
          [after, 1],
          [before, -1],
        ] as const) {
          for (const [i, t] of texts.entries()) {
            const d = t.length <= HEADER_DATE_MAX_CHARS ? dateInText(t, dates) : undefined;
            // "Last Updated:" "August 1, 2025": the label is a text of its own.
            if (d && !d.updated && !modifiedLabelled(texts, i, step))
              return { date: d.date, source: 'text:beside-byline', confidence: Confidence.text };
          }
        }
      }
      return undefined;
    },
  },
  // A date box inside removed furniture (an author box, a credits band under the story) still dates the story
  // when it is the only day such boxes show: teaser lists and comment threads show several.
  {
    name: 'markup:date-class-furniture',
    find: ({ signals, dates, isExcluded }) => {
      const days = new Map<string, { date: ParsedDate; updated: boolean }>();
      for (const { text, el } of signals.dateTexts) {
        const d = isExcluded?.(el) ? dateInText(text, dates) : undefined;
        if (d) days.set(d.date.day, d);
      }
      const only = days.size === 1 ? [...days.values()][0]! : undefined;
      if (!only) return undefined;
      return only.updated
        ? { date: only.date, source: 'text:updated', confidence: Confidence.updatedOnly }
        : { date: only.date, source: 'markup:date-class-furniture', confidence: Confidence.text };
    },
  },
  // Last resort: the page only prints when it was updated. That date is the newest the story can have been
  // published, and better than none for ordering; provenance says what it is, confidence is low.
  {
    name: 'text:updated',
    find: (e) => {
      const d = updatedDateShown(e);
      return d && { date: d, source: 'text:updated', confidence: Confidence.updatedOnly };
    },
  },
];

/** The publication date: see the top of this module. */
export function resolvePublishedDate(e: DateEvidence): FoundDate | undefined {
  const declared = firstFound(DECLARED_PUBLISHED_SOURCES, e);
  return reconcileWithShownDate(declared, e) ?? firstFound(FALLBACK_PUBLISHED_SOURCES, e);
}

/** The modification date: declared in markup, else the "Updated …" date the page prints. */
export function resolveModifiedDate(e: DateEvidence): FoundDate | undefined {
  const declared = ldDate(e, MODIFIED_LD_KEYS) ?? metaDate(e, MODIFIED_META_KEYS);
  if (declared) return declared;
  const shown = updatedDateShown(e);
  return shown && { date: shown, source: 'text:updated', confidence: Confidence.text };
}

function firstFound(sources: readonly DateSource[], e: DateEvidence): FoundDate | undefined {
  for (const s of sources) {
    const found = s.find(e);
    if (found) return found;
  }
  return undefined;
}

/**
 * The date printed under the headline is what readers take as the story's date: it stands in for a
 * declared date that is missing, and replaces one it contradicts when the markup backs it elsewhere or
 * when it is earlier (see below).
 */
function reconcileWithShownDate(declared: FoundDate | undefined, e: DateEvidence): FoundDate | undefined {
  const { signals, ld, near, dates } = e;
  const shown = visibleDate(near, dates);
  if (!shown) return declared;
  if (!declared) return { date: shown, source: 'text:near-title', confidence: Confidence.text };
  if (shown.day === declared.date.day) return declared;
  // When another declared publication date (a second JSON-LD node, a <time>, another meta) says the shown
  // day, the first declared one is stale (a template default, a migration). A shown date that only
  // dateModified backs is the update date and is not used (never the "Updated" date by accident).
  const same = declaredDates(signals, ld, dates).find(
    (d) => d.date.day === shown.day && !MODIFIED_META_KEY_RE.test(d.source),
  );
  if (same)
    return { date: same.date, source: `text:near-title+${same.source}`, confidence: Confidence.confirmed };
  // A printed date before the declared publication date: the story cannot have been shown as dated before it
  // was published, so the declared one is a republish or migration stamp and the printed one the original.
  if (
    printedBefore(shown.day, declared.date.day) &&
    visibleDate(near, dates, { within: HEADER_TEXTS })?.day === shown.day
  ) {
    // Unless the markup itself pairs the two (<time datetime="2024-12-20">August 28, 2024</time>).
    const paired = signals.times.some(
      (x) =>
        parseDate(x.text, dates)?.day === shown.day && parseDate(x.value, dates)?.day === declared.date.day,
    );
    if (!paired) return { date: shown, source: 'text:near-title', confidence: Confidence.text };
  }
  return declared;
}

/** The first of `keys` JSON-LD declares (in the first node that has the key) that parses as a date. */
function ldDate({ ld, dates }: DateEvidence, keys: readonly string[]): FoundDate | undefined {
  for (const k of keys) {
    const d = parseDate(ldString(ldField(ld, k)?.value), dates);
    if (d) return { date: d, source: `json-ld:${k}`, confidence: Confidence.structured };
  }
  return undefined;
}

/** The first value of the first of `keys` among the page's metas that parses as a date. */
function metaDate({ signals, dates }: DateEvidence, keys: readonly string[]): FoundDate | undefined {
  for (const k of keys) {
    for (const v of signals.metas.get(k) ?? []) {
      const d = parseDate(v, dates);
      if (d) return { date: d, source: `meta:${k}`, confidence: Confidence.meta };
    }
  }
  return undefined;
}

/** The "Updated …" date printed near the headline or in a date-classed element outside the furniture. */
function updatedDateShown({ near, dates, signals, isExcluded }: DateEvidence): ParsedDate | undefined {
  return (
    visibleDate(near, dates, { updated: true }) ??
    signals.dateTexts
      .filter((x) => !isExcluded?.(x.el))
      .map((x) => dateInText(x.text, dates))
      .find((d) => d?.updated)?.date
  );
}

/**
 * Whether the date text at `i` is labelled as a modification date by the text that precedes it in
 * document order, punctuation-only texts skipped (labels and dates are often separate nodes: "Updated"
 * ":" "December 4, 2025"). `step` is 1 for texts after the headline and -1 for texts before it (listed
 * nearest first, so their document-order predecessors come later in the list).
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

/**
 * The date a short text shows, and whether it is labelled as an update ("Updated May 6, 2025"). A date
 * before an update label wins ("December 3, 2025. Updated: December 7, 2025"), and so does a publication
 * stamp after it ("Updated 10:30 | Published 5 March 2024, 08:15"). Meta bars are split.
 */
function dateInText(text: string, dates: DateContext): { date: ParsedDate; updated: boolean } | undefined {
  const parts =
    isDateLine(text) || PUBLISHED_LABEL_RE.test(text)
      ? [text]
      : text.split(META_BAR_SEPARATOR_RE).filter((p) => isDateLine(p));
  for (const t of parts) {
    const label = t.search(MODIFIED_LABEL_RE);
    const before = label > 0 ? parseDate(t.slice(0, label), dates) : undefined;
    if (before) return { date: before, updated: false };
    const published = label >= 0 ? PUBLISHED_PART_RE.exec(t.slice(label)) : null;
    const after = published
      ? parseDate(t.slice(label + published.index + published[0].length), dates)
      : undefined;
    if (after) return { date: after, updated: false };
    const d = parseDate(t, dates);
    if (d) return { date: d, updated: label >= 0 };
  }
  return undefined;
}

/**
 * The publication date printed near the headline: the first date line that is not labelled as an update;
 * of several dates printed together ("April 24, 2025" beside "May 21, 2025") the earliest. With
 * `updated`, the first date that is labelled as an update instead.
 */
function visibleDate(
  near: NearTexts,
  dates: DateContext,
  options: { updated?: boolean; within?: number } = {},
): ParsedDate | undefined {
  const within = options.within ?? Infinity;
  const found = (all: readonly string[], step: 1 | -1): { date: ParsedDate; at: number } | undefined => {
    const texts = all.slice(0, within);
    let best: ParsedDate | undefined;
    let firstAt = -1;
    for (let i = 0; i < texts.length; i++) {
      if (firstAt >= 0 && i - firstAt > DATELINE_SPAN) break;
      const t = texts[i]!;
      if (t.length > NEAR_DATE_MAX_CHARS) continue;
      const shown = dateInText(t, dates);
      if (!shown) continue;
      const updated = shown.updated || modifiedLabelled(texts, i, step);
      if (updated !== (options.updated ?? false)) continue;
      if (options.updated) return { date: shown.date, at: i };
      if (firstAt < 0) firstAt = i;
      if (!best || shown.date.iso < best.iso) best = shown.date;
    }
    return best && { date: best, at: firstAt };
  };
  const after = found(near.after, 1);
  // A date far down the story (an event's date in a listing) loses to the dateline right above the headline.
  if (after && after.at < HEADER_TEXTS) return after.date;
  const before = found(near.before, -1);
  if (after && !(before && before.at < DATELINE_SPAN)) return after.date;
  return before?.date;
}

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
function declaredDates(
  signals: PageSignals,
  ld: readonly Record<string, unknown>[],
  dates: DateContext,
): { date: ParsedDate; source: string }[] {
  const out: { date: ParsedDate; source: string }[] = [];
  const add = (raw: unknown, source: string): void => {
    const d = typeof raw === 'string' ? parseDate(raw, dates) : undefined;
    if (d) out.push({ date: d, source });
  };
  for (const node of ld)
    for (const key of ['datePublished', 'dateModified', 'dateCreated']) add(node[key], `json-ld:${key}`);
  for (const [key, vals] of signals.metas) {
    if (
      !/date|time|modif|updat|publish|created|issued/i.test(key) ||
      /expir|valid|start|end|event|birth/i.test(key)
    )
      continue;
    for (const v of vals) add(v, `meta:${key}`);
  }
  for (const t of signals.times) add(t.value, 'time');
  return out;
}
