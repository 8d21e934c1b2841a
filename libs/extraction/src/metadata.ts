import { cleanAuthorNames, uniqueNames } from './authors.js';
import { dateFromUrl, parseDate, type ParsedDate } from './dates.js';
import { normalizeSpace } from './dom.js';
import { detectLanguage, normalizeLangAttr } from './language.js';
import { firstMeta, rankedJsonLd, type PageSignals } from './page-signals.js';
import type { FieldProvenance, Provenance } from './types.js';

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

/** Confidence by kind of signal: structured data is declared by the publisher, visible text is inferred. */
export const Confidence = {
  structured: 0.9,
  confirmed: 0.95,
  meta: 0.8,
  markup: 0.7,
  text: 0.5,
  url: 0.6,
} as const;

const TITLE_SEPARATOR_RE = /\s+[|–—\-:·•»/]\s+|\s+[|]\s*|\s*[|]\s+|\s+::\s+/;
/** Title similarity (token Jaccard) above which an h1 confirms a meta title. */
const TITLE_MATCH_JACCARD = 0.6;

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return str(o.name ?? o['@value'] ?? o.url ?? o['@id']);
  }
  return undefined;
};

export function tokens(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function jaccard(a: string, b: string): number {
  const x = new Set(tokens(a));
  const y = new Set(tokens(b));
  if (x.size === 0 || y.size === 0) return 0;
  let inter = 0;
  for (const t of x) if (y.has(t)) inter++;
  return inter / (x.size + y.size - inter);
}

function hostLabel(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host.split('.')[0];
  } catch {
    return undefined;
  }
}

/** Removes " | Site", "Site - " and similar site-name parts from a document title. */
export function stripSiteName(title: string, siteName: string | undefined, url: string | undefined): string {
  const t = normalizeSpace(title);
  const parts = t.split(TITLE_SEPARATOR_RE).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return t;
  const site = siteName ? tokens(siteName).join('') : undefined;
  const host = hostLabel(url)?.replace(/[^a-z0-9]/g, '');
  const isSite = (p: string): boolean => {
    const k = tokens(p).join('');
    if (k === '') return true;
    if (site && (k === site || (site.length > 3 && (k.includes(site) || site.includes(k))))) return true;
    if (host && host.length > 2 && (k === host || k.includes(host) || host.includes(k))) return true;
    return false;
  };
  const kept = parts.filter((p) => !isSite(p));
  if (kept.length === parts.length) {
    // No part names the site: keep the first and last part only when it is clearly a short brand tail.
    const last = parts[parts.length - 1]!;
    if (tokens(last).length <= 3 && tokens(parts.slice(0, -1).join(' ')).length >= 4) return t.slice(0, t.lastIndexOf(last)).replace(/[\s|–—\-:·•»/]+$/, '');
    return t;
  }
  if (kept.length === 0) return t;
  // Keep the original text between the first and last kept parts (titles may contain " - " themselves).
  const start = t.indexOf(kept[0]!);
  const lastKept = kept[kept.length - 1]!;
  const end = t.lastIndexOf(lastKept) + lastKept.length;
  return start >= 0 && end > start ? t.slice(start, end) : kept.join(' - ');
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
  /** The extracted main text, for language detection and visible dates. */
  readonly text: string;
  /** Text blocks near the top of the content (header area) that may hold a visible date or byline. */
  readonly headerTexts: readonly string[];
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

  // Site name.
  let siteName: string | undefined;
  const ogSite = firstMeta(signals, 'og:site_name', 'application-name', 'twitter:site');
  const ldPublisher = str((ldField('publisher')?.value as Record<string, unknown> | undefined)?.name ?? ldField('publisher')?.value);
  if (ogSite && !ogSite.value.startsWith('@')) {
    siteName = ogSite.value;
    set('siteName', `meta:${ogSite.key}`, Confidence.meta);
  } else if (ldPublisher) {
    siteName = ldPublisher;
    set('siteName', 'json-ld:publisher', Confidence.structured);
  }

  // Title.
  const metaTitles: { value: string; source: string }[] = [];
  const ldHeadline = str(ldField('headline')?.value);
  if (ldHeadline) metaTitles.push({ value: ldHeadline, source: 'json-ld:headline' });
  const og = firstMeta(signals, 'og:title', 'twitter:title', 'title', 'dc.title', 'headline');
  if (og) metaTitles.push({ value: stripSiteName(og.value, siteName, url), source: `meta:${og.key}` });
  if (signals.titleTag) metaTitles.push({ value: stripSiteName(signals.titleTag, siteName, url), source: 'title' });
  let title = '';
  const h1s = signals.headings.filter((h) => h.level === 1);
  outer: for (const h of [...h1s, ...signals.headings.filter((h) => h.level !== 1)]) {
    for (const m of metaTitles) {
      if (normalizeSpace(h.text).toLowerCase() === m.value.toLowerCase() || jaccard(h.text, m.value) >= TITLE_MATCH_JACCARD) {
        title = normalizeSpace(h.text);
        set('title', `h${h.level}+${m.source}`, Confidence.confirmed);
        break outer;
      }
    }
  }
  if (!title && metaTitles[0]) {
    title = normalizeSpace(metaTitles[0].value);
    set('title', metaTitles[0].source, metaTitles[0].source.startsWith('json-ld') ? Confidence.structured : Confidence.meta);
  }
  if (!title && h1s[0]) {
    title = h1s[0].text;
    set('title', 'h1', Confidence.markup);
  }

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
    ],
  );
  if (!published) {
    const t = signals.times.find((x) => x.value && parseDate(x.value, now)) ?? signals.times.find((x) => parseDate(x.text, now));
    const d = t ? (parseDate(t.value, now) ?? parseDate(t.text, now)) : undefined;
    if (d) published = { date: d, source: 'time', confidence: Confidence.markup };
  }
  if (!published) {
    const d = dateFromUrl(url, now);
    if (d) published = { date: d, source: 'url', confidence: Confidence.url };
  }
  if (!published) {
    for (const t of input.headerTexts) {
      const d = t.length <= 120 ? parseDate(t, now) : undefined;
      if (d) {
        published = { date: d, source: 'text', confidence: Confidence.text };
        break;
      }
    }
  }
  const modified = pickDate(['dateModified'], ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dc.date.modified', 'dcterms.modified', 'article:modified', 'modified_time', 'updated_time']);

  // Authors.
  let authors: string[] = [];
  const ldAuthor = ldField('author') ?? ldField('creator');
  const authorSources: [string, string[], number][] = [];
  if (ldAuthor) {
    const list = ([] as unknown[]).concat(ldAuthor.value);
    authorSources.push(['json-ld:author', list.map((v) => str(v) ?? '').filter(Boolean), Confidence.structured]);
  }
  for (const key of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'byline', 'twitter:creator']) {
    const vals = signals.metas.get(key);
    if (vals?.length) authorSources.push([`meta:${key}`, vals, Confidence.meta]);
  }
  authorSources.push(['itemprop:author', signals.itempropAuthors, Confidence.markup]);
  authorSources.push(['rel=author', signals.relAuthors, Confidence.markup]);
  authorSources.push(['byline', signals.bylines, Confidence.text]);
  for (const [source, raws, confidence] of authorSources) {
    const names = uniqueNames(raws.flatMap((r) => cleanAuthorNames(r)));
    if (names.length > 0) {
      authors = names;
      set('authors', source, confidence);
      break;
    }
  }

  // Language: detected from the text, checked against lang attributes.
  let language: string | undefined;
  const declared = normalizeLangAttr(signals.htmlLang ?? firstMeta(signals, 'og:locale', 'content-language', 'language', 'dc.language')?.value ?? str(ldField('inLanguage')?.value));
  const detected = detectLanguage(input.text);
  if (detected && declared === detected.language) {
    language = declared;
    set('language', 'text+lang-attribute', Confidence.confirmed);
  } else if (detected && detected.confidence >= 0.5) {
    language = detected.language;
    set('language', 'text', detected.confidence);
  } else if (declared) {
    language = declared;
    set('language', 'lang-attribute', Confidence.markup);
  } else if (detected) {
    language = detected.language;
    set('language', 'text', detected.confidence);
  }

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
  }
  if (language) out.language = language;
  if (siteName) out.siteName = siteName;
  if (canonicalUrl) out.canonicalUrl = canonicalUrl;
  if (description) out.description = normalizeSpace(description);
  if (leadImage) out.leadImage = leadImage;
  if (section) out.section = section;
  return out;
}
