import { resolveAuthors } from './author-sources.js';
import { Confidence } from './confidence.js';
import { slashDateOrder, type DateContext } from './dates.js';
import { normalizeSpace } from './dom.js';
import { isListedLanguage, isSameLanguage, languageEvidence, normalizeLangAttr } from './language.js';
import { ldString as str } from './meta-text.js';
import { firstMeta, ldField, rankedJsonLd, type PageSignals } from './page-signals.js';
import {
  resolveModifiedDate,
  resolvePublishedDate,
  type DateEvidence,
  type NearTexts,
} from './published-date.js';
import { resolveTitle, type ResolvedTitle } from './title.js';
import type { FieldProvenance, Provenance } from './types.js';

export { Confidence } from './confidence.js';
export { foldQuotes, tokens } from './meta-text.js';
export { resolveTitle, stripSiteName, type ResolvedTitle } from './title.js';

/**
 * The article's metadata: title (title.ts), dates (published-date.ts), authors (author-sources.ts),
 * language, and the fields the page declares (canonical URL, description, lead image, section, tags),
 * each with its provenance.
 */

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

/**
 * Longest value (characters) a declared field is taken with; a longer one is left out. Such values are page junk,
 * not the field (a whole article pasted into og:title, 300 KB of site name or image URL): kept, they were stored
 * as metadata and filled the 1 MB message the article travels in (over it, the good article was a dead letter).
 * Far above real values: on the 1 101 dev pages the longest title is 156, site name 116, section 363, tag 149,
 * URL 582 and description 14 903 (an article's text declared as its description).
 */
const MAX_FIELD_CHARS = {
  title: 1000,
  siteName: 1000,
  section: 1000,
  tag: 1000,
  url: 8192,
  description: 32_768,
} as const;

/** `value` when it is within `field`'s {@link MAX_FIELD_CHARS}, else undefined. */
function bounded(value: string | undefined, field: keyof typeof MAX_FIELD_CHARS): string | undefined {
  return value !== undefined && value.length <= MAX_FIELD_CHARS[field] ? value : undefined;
}

function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return /^https?:\/\//i.test(href) ? href.trim() : undefined;
  }
}

export interface MetadataInput {
  readonly signals: PageSignals;
  readonly url?: string | undefined;
  readonly now?: Date | undefined;
  /** The extracted main text, for language detection, visible dates and a syndicated story's source. */
  readonly text: string;
  /** Text blocks near the top of the content (header area) that may hold a visible date or byline. */
  readonly headerTexts: readonly string[];
  /**
   * The story's blocks before page furniture was dropped from them: a closing reporter line ("홍길동 기자
   * hong@example.com") is furniture in the text but names the author.
   */
  readonly storyBlockTexts?: readonly string[];
  /** Elements removed as page furniture: headings inside them are not the article's title. */
  readonly isExcluded?: (el: import('domhandler').Element) => boolean;
  /** Result of {@link resolveTitle} when the caller already has it. */
  readonly resolvedTitle?: ResolvedTitle;
}

/** The language the page declares: `<html lang>`, a language meta, or JSON-LD `inLanguage` (ISO 639-1). */
export function declaredLanguage(
  signals: PageSignals,
  ld: readonly Record<string, unknown>[] = rankedJsonLd(signals),
): string | undefined {
  const inLanguage = ldField(ld, 'inLanguage')?.value;
  return normalizeLangAttr(
    signals.htmlLang ??
      firstMeta(signals, 'og:locale', 'content-language', 'language', 'dc.language')?.value ??
      str(inLanguage),
  );
}

/**
 * The text's language: detected from the text, checked against the declared one (confirmed when they
 * agree); a confident detection wins over the declaration, the declaration over an unsure detection, and
 * an unsure detection alone gives none.
 * Prose in a language the detector does not list has none, unless the page declares a language the
 * detector does not list either (isiZulu under `lang="en-ZA"` is not English; `lang="fi"` may be right).
 */
export function resolveLanguage(
  declared: string | undefined,
  text: string,
): { language: string; source: string; confidence: number } | undefined {
  const evidence = languageEvidence(text);
  if (evidence && 'unlisted' in evidence)
    return declared && !isListedLanguage(declared)
      ? { language: declared, source: 'lang-attribute', confidence: Confidence.markup }
      : undefined;
  const detected = evidence;
  if (detected && declared !== undefined && isSameLanguage(declared, detected.language))
    return { language: declared, source: 'text+lang-attribute', confidence: Confidence.confirmed };
  if (detected && detected.confidence >= 0.5)
    return { language: detected.language, source: 'text', confidence: detected.confidence };
  if (declared) return { language: declared, source: 'lang-attribute', confidence: Confidence.markup };
  // An unsure detection (relatives too close to tell) only confirms a declaration: a wrong language is worse than none.
  return undefined;
}

/**
 * How the page's dates are read: `now`, and the order of its slash dates from the dates it shows and the
 * locales it declares (`slashDateOrder`). The same for every date of the page, a multi-post page's posts too.
 */
export function pageDateContext(
  input: MetadataInput,
  ld: readonly Record<string, unknown>[] = rankedJsonLd(input.signals),
  near: NearTexts = (input.resolvedTitle ?? resolveTitle(input.signals, input.url, input.isExcluded)).near,
): DateContext {
  const { signals } = input;
  const shown = [
    ...near.after,
    ...near.before,
    ...input.headerTexts,
    ...signals.times.map((t) => t.text),
    ...signals.dateTexts.map((t) => t.text),
    input.text,
  ];
  const locales = [
    signals.htmlLang,
    ...['og:locale', 'content-language', 'language', 'dc.language'].map((k) => firstMeta(signals, k)?.value),
    str(ldField(ld, 'inLanguage')?.value),
  ];
  return { now: input.now, slashOrder: slashDateOrder(shown, locales) };
}

export function resolveMetadata(input: MetadataInput): Metadata {
  const { signals, url } = input;
  const ld = rankedJsonLd(signals);
  const prov: Record<string, FieldProvenance> = {};
  const set = (field: string, source: string, confidence: number): void => {
    prov[field] = { source, confidence };
  };
  const t = input.resolvedTitle ?? resolveTitle(signals, url, input.isExcluded);
  const { near, ldPublisher } = t;
  const title = bounded(t.title, 'title') ?? '';
  const siteName = bounded(t.siteName, 'siteName');
  if (t.titleProv && title) set('title', t.titleProv.source, t.titleProv.confidence);
  if (t.siteProv && siteName) set('siteName', t.siteProv.source, t.siteProv.confidence);

  // Dates.
  const evidence: DateEvidence = {
    signals,
    ld,
    near,
    url,
    dates: pageDateContext(input, ld, near),
    text: input.text,
    headerTexts: input.headerTexts,
    isExcluded: input.isExcluded,
  };
  const published = resolvePublishedDate(evidence);
  const modified = resolveModifiedDate(evidence);

  // The language before the authors: its word for "and" joins two names.
  const lang = resolveLanguage(declaredLanguage(signals, ld), input.text);
  const language = lang?.language;

  // Authors.
  const authorPick = resolveAuthors(signals, ldField(ld, 'author') ?? ldField(ld, 'creator'), near, {
    language,
    siteName,
    ldPublisher,
    url,
    isExcluded: input.isExcluded,
    text: input.text,
    storyBlockTexts: input.storyBlockTexts,
  });
  const authors = authorPick?.names ?? [];
  if (authorPick) set('authors', authorPick.source, authorPick.confidence);
  if (lang) set('language', lang.source, lang.confidence);

  const canonicalRaw = signals.canonical ?? firstMeta(signals, 'og:url')?.value;
  const canonicalUrl = bounded(resolveUrl(canonicalRaw, url), 'url');
  if (canonicalUrl)
    set('canonicalUrl', signals.canonical ? 'link:canonical' : 'meta:og:url', Confidence.meta);

  const desc = firstMeta(signals, 'og:description', 'description', 'twitter:description', 'dc.description');
  const ldDesc = str(ldField(ld, 'description')?.value);
  const description = bounded(desc?.value ?? ldDesc, 'description');
  if (desc && description) set('description', `meta:${desc.key}`, Confidence.meta);
  else if (description) set('description', 'json-ld:description', Confidence.structured);

  const img = firstMeta(
    signals,
    'og:image',
    'og:image:url',
    'og:image:secure_url',
    'twitter:image',
    'twitter:image:src',
  );
  const ldImage = str(ldField(ld, 'image')?.value);
  const leadImage = bounded(resolveUrl(img?.value ?? ldImage, url), 'url');
  if (leadImage) set('leadImage', img ? `meta:${img.key}` : 'json-ld:image', Confidence.meta);

  const sectionMeta = firstMeta(signals, 'article:section', 'section', 'parsely-section', 'category');
  const ldSection = str(ldField(ld, 'articleSection')?.value);
  const section = bounded(sectionMeta?.value ?? ldSection, 'section');
  if (sectionMeta && section) set('section', `meta:${sectionMeta.key}`, Confidence.meta);
  else if (section) set('section', 'json-ld:articleSection', Confidence.structured);

  const tagSet = new Set<string>();
  // One article:tag per tag, by the Open Graph spec; a value with two commas or more is a keywords list
  // copied into it ("Mobilfunk, Rabattaktion, Lte, …"), while one comma may belong to a tag ("Paris, Texas").
  for (const v of signals.metas.get('article:tag') ?? []) {
    const parts = v.split(',');
    for (const t of parts.length > 2 ? parts : [v]) if (t.trim()) tagSet.add(t.trim());
  }
  const kw =
    ldField(ld, 'keywords')?.value ?? firstMeta(signals, 'keywords', 'news_keywords', 'parsely-tags')?.value;
  for (const v of ([] as unknown[]).concat(kw ?? [])) {
    if (typeof v === 'string') for (const t of v.split(',')) if (t.trim()) tagSet.add(t.trim());
  }
  const tags = [...tagSet].filter((tag) => bounded(tag, 'tag') !== undefined).slice(0, 50);
  if (tags.length) set('tags', 'meta', Confidence.meta);

  const out: Metadata = { title, authors, tags, provenance: prov };
  if (published) {
    out.publishedAt = published.date.iso;
    set('publishedAt', published.source, published.confidence);
  }
  if (modified) {
    out.modifiedAt = modified.date.iso;
    set('modifiedAt', modified.source, modified.confidence);
  }
  if (language) out.language = language;
  if (siteName) out.siteName = siteName;
  if (canonicalUrl) out.canonicalUrl = canonicalUrl;
  if (description) out.description = normalizeSpace(description);
  if (leadImage) out.leadImage = leadImage;
  if (section) out.section = section;
  return out;
}
