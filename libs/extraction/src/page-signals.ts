import { isTag, isText, type AnyNode, type Element, type Text } from 'domhandler';
import { attr, classAndId, nextNode, textOf } from './dom.js';

/** Metadata-bearing parts of a page, gathered in one walk before any content is removed. */
export interface PageSignals {
  /** `name`/`property`/`itemprop`/`http-equiv` (lower-cased) → values in document order. */
  readonly metas: Map<string, string[]>;
  readonly jsonLd: Record<string, unknown>[];
  readonly titleTag: string | undefined;
  readonly headings: { level: number; text: string; el: Element }[];
  readonly canonical: string | undefined;
  readonly htmlLang: string | undefined;
  readonly times: { value: string; text: string; el: Element }[];
  readonly relAuthors: string[];
  /** Texts of links to an author page (`/author/jane-doe/`) whose last path segment spells the text. */
  readonly authorLinks: string[];
  /** The elements of {@link authorLinks}, same order. */
  readonly authorLinkEls: Element[];
  readonly itempropAuthors: string[];
  /** The elements of {@link itempropAuthors}, same order. */
  readonly itempropAuthorEls: Element[];
  readonly bylines: string[];
  /** The elements of {@link bylines}, same order. */
  readonly bylineEls: Element[];
  /**
   * Short elements anywhere in the page that state a byline ("Written by Jane Doe", "Author: Jane Doe", a
   * "Written by" label followed by the name's element), in document order; `bare` for a plain "By …".
   */
  readonly bylinePhrases: { text: string; el: Element; bare: boolean }[];
  /** Short texts of elements whose class/id names a date ("post-date", "published"), in document order. */
  readonly dateTexts: { text: string; attrs: string; el: Element }[];
  /**
   * Texts of links to a tag, category or topic page (`rel=tag`, `/tag/…`, `/category/…`, `?content_topic=…`):
   * section labels, which byline boxes and meta lines often hold beside (or instead of) the author.
   */
  readonly taxonomyLabels: string[];
  /**
   * Texts of paragraphs that are one bold element and nothing else (`<p><strong>Jane Doe</strong></p>`), in
   * document order: the lead line some papers print the byline as, above the story's first paragraph.
   */
  readonly boldLines: string[];
  readonly articleBodies: Element[];
  readonly articleEls: Element[];
}

/** Enough headings to find the title; pages with hundreds of teaser headings gain nothing from more. */
const MAX_HEADINGS = 30;
const MAX_TIMES = 30;
const MAX_BYLINES = 10;
const MAX_DATE_TEXTS = 10;
const MAX_AUTHOR_LINKS = 10;
/** Tag and category links read per page: a byline box sits near the top, before most tag clouds. */
const MAX_TAXONOMY_LABELS = 100;
/** A tag or category label is this short; longer link texts are teasers. */
const MAX_TAXONOMY_LABEL_CHARS = 60;
/** Bold-only paragraphs read per page; a byline set that way stands above the story's first paragraph. */
const MAX_BOLD_LINES = 50;
/** A bold lead line naming the authors is this short ("Mathatisi Sebusi/Mohalenyane Phakela"). */
const MAX_BOLD_LINE_CHARS = 80;
/** A link to a tag, category, topic or section page, in the languages the extractor meets most. */
const TAXONOMY_HREF_RE =
  /\/(?:tags?|categor(?:y|ies)|topics?|subjects?|sections?|themes?|thema|themen|kategorien?|rubriken?|rubriques?|categorias?|temas?)\/[^/?#]+\/?(?:[?#]|$)|[?&](?:[\w-]*_)?(?:tags?|topics?|categor(?:y|ies)|cat)=/i;
const AUTHOR_HREF_RE =
  /\/(?:author|authors|writers?|contributors?|people|staff|profiles?|our-experts|u|users?|members?|reporters?|journalists?|journalisten|autor|autoren|autores|autore|autori|auteurs?|redakteure?)\/([^/?#]+)\/?(?:[?#]|$)/i;
/** Longer than this, a date-classed element holds more than a dateline (a whole meta bar or a teaser). */
const MAX_DATE_TEXT_CHARS = 80;
const DATE_ATTR_RE =
  /(?:^|[\s_-])(?:date|dateline|pub-?dates?|published(?:-date)?|post-?date|entry-?date|posted(?:-?on)?|timestamp|article-?date|meta-?date|date-?header)(?:$|[\s_-])/;
/** A byline element with more text than this is an author-bio box, not a byline. */
const MAX_BYLINE_CHARS = 150;
const BYLINE_ATTR_RE =
  /(?:^|[\s_-])(?:byline|by-line|author|author-?name|writer|contributor|posted-?by|article-?author|post-?author|entry-?author|c-byline|meta-author)(?:$|[\s_-])/;
const BYLINE_OR_DATE_ATTR_RE = new RegExp(`${BYLINE_ATTR_RE.source}|${DATE_ATTR_RE.source}`);
const MAX_BYLINE_PHRASES = 20;
/** A byline sentence is this short; longer texts are prose that happens to start with "By". */
const MAX_BYLINE_PHRASE_CHARS = 100;
/**
 * The German author noun in its gendered forms: "Autor", "Autorin", "Autorin/Autor", "Autor*in", "Autor/innen"
 * (a colon form, "Autor:in", would read as the label's colon).
 */
const AUTOR = String.raw`autor(?:in|innen)?(?:\/autor(?:in)?|[*/_]in(?:nen)?)?`;
/** "Written by X", "Author: X", "View all posts by X"; the name is checked by the caller. */
const BYLINE_PHRASE_RE = new RegExp(
  String.raw`^(?:(?:(?:written|posted|article|words|story|text|reported|authored)\s+by|view all posts by|contributors?|authors?|author\(s\)|${AUTOR}|auteur|autore|geschrieben von|escrito por|écrit par|scritto da)\s*:?\s+)(.{2,80})$`,
  'i',
);
/** An author noun, then no colon: with one word after it, the heading of an author box ("Author Spotlight"). */
const TITLED_BOX_RE = /^(?:contributors?|authors?|autor(?:in)?|auteur|autore)\s+[^:\s]/i;
const BARE_BYLINE_RE = /^(?:by|von|par|por|door|di)\s*:?\s+(.{2,80})$/i;
/** An element that only labels the byline next to it: "Written by", "Author(s)", "Article by". */
const BYLINE_LABEL_ONLY_RE = new RegExp(
  String.raw`^(?:(?:written|posted|article|words|story|authored)\s+by|contributors?|authors?|author\(s\)|${AUTOR}|auteur|autore)\s*:?$`,
  'i',
);
/**
 * How every text the three byline patterns above accept begins. Tested on an element's first text before its
 * whole text is read: nearly every element fails here, and reading the text of each was a fifth of all
 * metadata time.
 */
const BYLINE_START_RE =
  /^(?:written|posted|article|words|story|text|reported|authored|view all|contributors?|authors?|autor(?:in)?|auteur|autore|geschrieben|escrito|écrit|scritto|by|von|par|por|door|di)(?![\p{L}])/iu;
/**
 * Element texts read per kind of signal on one page (each read is bounded by `textOf`). Real pages need at
 * most 410 (byline phrases, on a page that starts hundreds of elements with "By") and under 60 for every
 * other kind; a hostile page with thousands of candidates (byline boxes nested a thousand deep) gets no
 * more than this many reads.
 */
const MAX_READS_PER_SIGNAL = 1000;
/** Names read from a list under a byline label ("Author(s)" then `<ul><li>…</li>…</ul>`). */
const MAX_LISTED_NAMES = 8;

/**
 * The items of a list under a byline label, one name each, joined by commas: the list's text alone runs the
 * names together ("John A. Alic David C. Mowery"), which no name splitter can part. Undefined for other
 * elements, and for a list with more items than {@link MAX_LISTED_NAMES} or an item holding a list.
 */
function listedNames(el: Element): string | undefined {
  if (el.name !== 'ul' && el.name !== 'ol') return undefined;
  const items = el.children.filter((c): c is Element => isTag(c) && c.name === 'li');
  if (items.length === 0 || items.length > MAX_LISTED_NAMES) return undefined;
  if (items.some((li) => li.children.some((c) => isTag(c) && (c.name === 'ul' || c.name === 'ol'))))
    return undefined;
  return items
    .map((li) => textOf(li, MAX_BYLINE_PHRASE_CHARS + 1))
    .filter(Boolean)
    .join(', ');
}

/** Elements searched for an author's `itemprop=name` inside its `itemprop=author` element. */
const AUTHOR_NAME_MAX_ELEMENTS = 256;
/** Nodes visited looking for an element's first text before giving up (and reading its whole text). */
const FIRST_TEXT_MAX_NODES = 64;

/**
 * The first non-blank text inside `el` in document order, trimmed (the start of `textOf(el)`); the empty
 * string if there is none. `firstTextNodes` remembers, past the first {@link FIRST_TEXT_MAX_NODES} nodes,
 * each element's first text node, so that every element of a deep chain above a text-less subtree does
 * not walk that subtree again.
 */
function firstText(el: Element, firstTextNodes: Map<Element, Text | null>): string {
  let n: AnyNode | null = nextNode(el, el, true);
  for (let visited = 0; n; visited += 1) {
    if (visited >= FIRST_TEXT_MAX_NODES) return firstTextNode(el, firstTextNodes)?.data.trim() ?? '';
    if (isText(n)) {
      const t = n.data.trim();
      if (t) return t;
    }
    n = nextNode(n, el, isTag(n) && n.name !== 'script' && n.name !== 'style');
  }
  return '';
}

/** The first non-blank text node under `el` (scripts and styles skipped), memoised in `memo`. */
function firstTextNode(el: Element, memo: Map<Element, Text | null>): Text | null {
  let found = memo.get(el);
  if (found !== undefined) return found;
  found = null;
  for (const c of el.children) {
    if (isText(c)) {
      if (NON_BLANK_RE.test(c.data)) found = c;
    } else if (isTag(c) && c.name !== 'script' && c.name !== 'style') {
      found = firstTextNode(c, memo);
    }
    if (found) break;
  }
  memo.set(el, found);
  return found;
}
const NON_BLANK_RE = /\S/;

const PHRASE_TAGS: ReadonlySet<string> = new Set([
  'p',
  'div',
  'span',
  'li',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'small',
  'address',
  'em',
  'strong',
  'b',
  'a',
  'section',
  'footer',
  'header',
  'dd',
  'td',
]);
const JSON_LD_TYPES = /(?:Article|BlogPosting|Posting|Report|LiveBlog|Story|Review|Recipe|WebPage|ItemPage)$/;

/** Gathers {@link PageSignals} from elements visited one by one in document order. */
export interface SignalCollector {
  /**
   * Reads one element (`attrs`: its {@link classAndId}, when the caller has it); false when its descendants
   * carry no signals (and need not be visited).
   */
  readonly visit: (el: Element, attrs?: string) => boolean | undefined;
  readonly signals: () => PageSignals;
}

/**
 * A collector to run inside a walk the page needs anyway (the content analysis), so the signals cost no
 * tree walk of their own.
 */
export function signalCollector(): SignalCollector {
  const metas = new Map<string, string[]>();
  const jsonLd: Record<string, unknown>[] = [];
  const byId = new Map<string, Record<string, unknown>>();
  const headings: { level: number; text: string; el: Element }[] = [];
  const times: { value: string; text: string; el: Element }[] = [];
  const relAuthors: string[] = [];
  const authorLinks: string[] = [];
  const authorLinkEls: Element[] = [];
  const itempropAuthors: string[] = [];
  const itempropAuthorEls: Element[] = [];
  const bylines: string[] = [];
  const bylineEls: Element[] = [];
  const bylinePhrases: { text: string; el: Element; bare: boolean }[] = [];
  const seenPhrases = new Set<string>();
  const firstTextNodes = new Map<Element, Text | null>();
  const reads = new Map<string, number>();
  /** Whether one more text of this kind may be read (see {@link MAX_READS_PER_SIGNAL}). */
  const mayRead = (kind: string): boolean => {
    const n = reads.get(kind) ?? 0;
    reads.set(kind, n + 1);
    return n < MAX_READS_PER_SIGNAL;
  };
  const dateTexts: { text: string; attrs: string; el: Element }[] = [];
  const taxonomyLabels: string[] = [];
  const boldLines: string[] = [];
  const articleBodies: Element[] = [];
  const articleEls: Element[] = [];
  let titleTag: string | undefined;
  let canonical: string | undefined;
  let htmlLang: string | undefined;

  const addMeta = (key: string, value: string): void => {
    const k = key.toLowerCase().trim();
    const list = metas.get(k);
    if (list) list.push(value);
    else metas.set(k, [value]);
  };

  const visit = (el: Element, attrs?: string): boolean | undefined => {
    const a = el.attribs;
    switch (el.name) {
      case 'html':
        htmlLang = a.lang ?? a['xml:lang'];
        break;
      case 'meta': {
        const content = a.content ?? a.value;
        if (content === undefined) break;
        for (const key of [a.name, a.property, a.itemprop, a['http-equiv']]) if (key) addMeta(key, content);
        // Some head managers render a JSON-LD script as a meta tag (`<meta name="script:ld+json" content="{…}">`):
        // the same data, so it is read as JSON-LD.
        if ((a.name ?? '').toLowerCase().includes('ld+json')) collectJsonLd(content, jsonLd, byId);
        return false;
      }
      case 'link': {
        const rel = a.rel?.toLowerCase() ?? '';
        if (rel.split(/\s+/).includes('canonical') && a.href && !canonical) canonical = a.href;
        return false;
      }
      case 'title':
        if (titleTag === undefined && el.parent && (el.parent as Element).name !== 'svg')
          titleTag = textOf(el);
        return false;
      case 'script':
        if ((a.type ?? '').toLowerCase().includes('ld+json')) collectJsonLd(rawText(el), jsonLd, byId);
        return false;
      case 'style':
        return false;
      case 'h1':
      case 'h2':
      case 'h3':
        if (headings.length < MAX_HEADINGS && mayRead('heading')) {
          const text = textOf(el, 500);
          if (text) headings.push({ level: Number(el.name[1]), text, el });
        }
        break;
      case 'time':
        if (times.length < MAX_TIMES) times.push({ value: a.datetime ?? '', text: textOf(el, 200), el });
        break;
      case 'article':
        articleEls.push(el);
        break;
      case 'p': {
        const bold = boldLines.length < MAX_BOLD_LINES ? onlyBoldChild(el) : undefined;
        const t = bold && mayRead('bold-line') ? textOf(bold, MAX_BOLD_LINE_CHARS + 1) : '';
        if (t && t.length <= MAX_BOLD_LINE_CHARS) boldLines.push(t);
        break;
      }
      default:
        break;
    }
    const itemprop = a.itemprop;
    if (itemprop) {
      const props = itemprop.toLowerCase().split(/\s+/);
      if (props.includes('articlebody')) articleBodies.push(el);
      if ((props.includes('author') || props.includes('creator')) && mayRead('itemprop:author')) {
        const nameEl = findDescendant(
          el,
          (d) => (d.attribs.itemprop ?? '').toLowerCase() === 'name',
          AUTHOR_NAME_MAX_ELEMENTS,
        );
        const t = nameEl ? (attr(nameEl, 'content') ?? textOf(nameEl, 300)) : (a.content ?? textOf(el, 300));
        if (t) {
          itempropAuthors.push(t);
          itempropAuthorEls.push(el);
        }
      }
      if (
        (props.includes('datepublished') ||
          props.includes('datemodified') ||
          props.includes('datecreated')) &&
        el.name !== 'meta' &&
        mayRead('itemprop:date')
      ) {
        const value = a.content ?? a.datetime ?? a.title ?? textOf(el, 200);
        addMeta(
          props.includes('datepublished')
            ? 'datepublished'
            : props.includes('datemodified')
              ? 'datemodified'
              : 'datecreated',
          value,
        );
      }
    }
    const rel = a.rel;
    if (
      rel &&
      el.name === 'a' &&
      rel.toLowerCase().split(/\s+/).includes('author') &&
      mayRead('rel=author')
    ) {
      const t = textOf(el, 300);
      if (t) relAuthors.push(t);
    }
    if (
      el.name === 'a' &&
      taxonomyLabels.length < MAX_TAXONOMY_LABELS &&
      (/(?:^|\s)tag(?:\s|$)/i.test(rel ?? '') || (a.href !== undefined && TAXONOMY_HREF_RE.test(a.href))) &&
      mayRead('taxonomy-link')
    ) {
      const t = textOf(el, MAX_TAXONOMY_LABEL_CHARS + 1);
      if (t && t.length <= MAX_TAXONOMY_LABEL_CHARS) taxonomyLabels.push(t);
    }
    if (el.name === 'a' && a.href && authorLinks.length < MAX_AUTHOR_LINKS) {
      const slug = AUTHOR_HREF_RE.exec(a.href)?.[1];
      const t = slug && mayRead('author-link') ? textOf(el, 100) : '';
      if (slug && t && slugSpells(slug, t)) {
        authorLinks.push(t);
        authorLinkEls.push(el);
      }
    }
    // Class and id, lower-cased once for the byline and date checks below (this callback sees every element).
    const s =
      bylines.length < MAX_BYLINES || dateTexts.length < MAX_DATE_TEXTS ? (attrs ?? classAndId(el)) : '';
    // One pass rules out both class/id checks below for nearly every element.
    const wordy = s !== '' && BYLINE_OR_DATE_ATTR_RE.test(s);
    if (bylines.length < MAX_BYLINES && wordy) {
      if (
        BYLINE_ATTR_RE.test(s) &&
        !/bio|avatar|image|photo|img|social|description|about/.test(s) &&
        mayRead('byline')
      ) {
        const t = textOf(el, 400);
        if (t && t.length <= MAX_BYLINE_CHARS) {
          bylines.push(t);
          bylineEls.push(el);
        }
      }
    }
    if (
      bylinePhrases.length < MAX_BYLINE_PHRASES &&
      PHRASE_TAGS.has(el.name) &&
      BYLINE_START_RE.test(firstText(el, firstTextNodes)) &&
      mayRead('byline-phrase')
    ) {
      const t = textOf(el, MAX_BYLINE_PHRASE_CHARS + 1);
      if (t.length <= MAX_BYLINE_PHRASE_CHARS && !seenPhrases.has(t)) {
        const m = BYLINE_PHRASE_RE.exec(t);
        // "Author Spotlight", "Author Bio": an author noun without its colon before one word titles a box.
        const phrase = m && !(TITLED_BOX_RE.test(t) && !/\s/.test(m[1]!.trim())) ? m[1] : undefined;
        const bare = phrase ? undefined : BARE_BYLINE_RE.exec(t)?.[1];
        let label: string | undefined;
        if (!phrase && !bare && BYLINE_LABEL_ONLY_RE.test(t)) {
          // <small>Written by</small><p><a>Jane Doe</a></p>
          let sib = el.next;
          while (sib && !isTag(sib) && !(isText(sib) && sib.data.trim())) sib = sib.next;
          const next = sib
            ? isTag(sib)
              ? (listedNames(sib) ?? textOf(sib, MAX_BYLINE_PHRASE_CHARS + 1))
              : (sib as { data: string }).data.trim()
            : '';
          if (next && next.length <= MAX_BYLINE_PHRASE_CHARS) label = next;
        }
        const name = phrase ?? bare ?? label;
        if (name) {
          seenPhrases.add(t);
          bylinePhrases.push({ text: name, el, bare: bare !== undefined });
        }
      }
    }
    if (dateTexts.length < MAX_DATE_TEXTS && wordy) {
      if (DATE_ATTR_RE.test(s) && mayRead('date-text')) {
        const t = textOf(el, MAX_DATE_TEXT_CHARS + 1);
        if (t && t.length <= MAX_DATE_TEXT_CHARS)
          dateTexts.push({ text: t, attrs: `${a.class ?? ''} ${a.id ?? ''}`.toLowerCase(), el });
      }
    }
    return undefined;
  };

  const signals = (): PageSignals => ({
    metas,
    jsonLd,
    titleTag,
    headings,
    canonical,
    htmlLang,
    times,
    relAuthors,
    authorLinks,
    authorLinkEls,
    itempropAuthors,
    itempropAuthorEls,
    bylines,
    bylineEls,
    bylinePhrases,
    dateTexts,
    taxonomyLabels,
    boldLines,
    articleBodies,
    articleEls,
  });
  return { visit, signals };
}

/** The `strong`/`b` element that is all of `el`'s content (blank text and `br` aside), if there is one. */
function onlyBoldChild(el: Element): Element | undefined {
  let bold: Element | undefined;
  for (const c of el.children) {
    if (isText(c)) {
      if (NON_BLANK_RE.test(c.data)) return undefined;
    } else if (isTag(c) && c.name !== 'br') {
      if (bold || (c.name !== 'strong' && c.name !== 'b')) return undefined;
      bold = c;
    }
  }
  return bold;
}

/** Whether a URL slug (`jane-doe`, `jane_doe-2`) is made of the words of `text` ("Jane Doe"). */
function slugSpells(slug: string, text: string): boolean {
  const fold = (x: string): string[] =>
    x
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z]+/g) ?? [];
  const words = fold(text);
  if (words.length < 2 || words.length > 5) return false;
  let decoded = slug;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    // keep the raw slug
  }
  const parts = new Set(fold(decoded));
  return words.every((w) => parts.has(w));
}

/** The first descendant of `el` that `pred` accepts among the first `maxElements` elements of its subtree. */
function findDescendant(
  el: Element,
  pred: (d: Element) => boolean,
  maxElements: number,
): Element | undefined {
  let budget = maxElements;
  for (let n = nextNode(el, el, true); n && budget > 0; n = nextNode(n, el, true)) {
    if (!isTag(n)) continue;
    if (pred(n)) return n;
    budget--;
  }
  return undefined;
}

function rawText(el: Element): string {
  let out = '';
  for (const c of el.children) if (isText(c)) out += c.data;
  return out;
}

/** Replaces `{"@id": …}` references (Yoast-style graphs) by the node they point to. */
function resolveRefs(v: unknown, byId: ReadonlyMap<string, Record<string, unknown>>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, byId));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const id = o['@id'];
    if (typeof id === 'string' && Object.keys(o).length === 1) return byId.get(id) ?? o;
  }
  return v;
}

function collectJsonLd(
  raw: string,
  out: Record<string, unknown>[],
  byId: Map<string, Record<string, unknown>>,
): void {
  let data: unknown;
  try {
    data = JSON.parse(raw.trim().replace(/^<!--|-->$/g, ''));
  } catch {
    return;
  }
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj['@id'] === 'string' && Object.keys(obj).length > 1) byId.set(obj['@id'], obj);
    if (Array.isArray(obj['@graph'])) visit(obj['@graph'], depth + 1);
    const types = ([] as unknown[])
      .concat(obj['@type'] ?? [])
      .filter((t): t is string => typeof t === 'string');
    if (types.some((t) => JSON_LD_TYPES.test(t))) out.push(obj);
    if (obj.mainEntity && typeof obj.mainEntity === 'object') visit(obj.mainEntity, depth + 1);
  };
  const before = out.length;
  visit(data, 0);
  for (let i = before; i < out.length; i++) {
    const node = out[i]!;
    for (const key of ['author', 'creator', 'publisher'])
      if (node[key] !== undefined) node[key] = resolveRefs(node[key], byId);
  }
}

/** The first non-empty value of `key` among the JSON-LD nodes (in `rankedJsonLd` order). */
export function ldField(ld: readonly Record<string, unknown>[], key: string): { value: unknown } | undefined {
  for (const node of ld) {
    const v = node[key];
    if (v !== undefined && v !== null && v !== '') return { value: v };
  }
  return undefined;
}

/** JSON-LD article nodes first (Article types before WebPage). */
export function rankedJsonLd(signals: PageSignals): Record<string, unknown>[] {
  const isArticle = (o: Record<string, unknown>): boolean =>
    ([] as unknown[]).concat(o['@type'] ?? []).some((t) => typeof t === 'string' && !/Page$/.test(t));
  return [...signals.jsonLd.filter(isArticle), ...signals.jsonLd.filter((o) => !isArticle(o))];
}

export function firstMeta(
  signals: PageSignals,
  ...keys: string[]
): { key: string; value: string } | undefined {
  for (const key of keys) {
    const v = signals.metas.get(key)?.find((x) => x.trim() !== '');
    if (v !== undefined) return { key, value: v.trim() };
  }
  return undefined;
}
