/** Which signal a metadata field came from (e.g. `json-ld`, `meta:og:title`, `h1`, `text`). */
export interface FieldProvenance {
  readonly source: string;
  /** 0–1: how much the signal is trusted (structured data high, visible-text guesses lower). */
  readonly confidence: number;
}

/** Per-field provenance; only fields that were found have an entry. */
export type Provenance = Partial<
  Record<
    | 'title'
    | 'authors'
    | 'publishedAt'
    | 'modifiedAt'
    | 'language'
    | 'siteName'
    | 'canonicalUrl'
    | 'description'
    | 'leadImage'
    | 'section'
    | 'tags'
    | 'text',
    FieldProvenance
  >
>;

/** Why an article's text is known to be incomplete (see {@link Article.incomplete}). */
export interface Incompleteness {
  /** `empty`: a title but no text; `truncated`: part of the story (fewer words than the page declares). */
  readonly kind: 'empty' | 'truncated';
  /** For people: what showed it ("no text found on the page", "435 of the 1205 words the page declares …"). */
  readonly reason: string;
}

/** One extracted article. A page may yield several (blog front pages, scraped multi-story text). */
export interface Article {
  readonly title: string;
  /** Clean text: paragraphs, headings and list items separated by one blank line. */
  readonly text: string;
  /** Clean minimal HTML (p, h2–h4, ul/ol/li, blockquote, pre) built from the same blocks as `text`. */
  readonly html: string;
  readonly authors: readonly string[];
  /** ISO 8601 with timezone offset (`Z` when the source gave none). */
  readonly publishedAt?: string;
  readonly modifiedAt?: string;
  /** ISO 639-1 code. */
  readonly language?: string;
  readonly siteName?: string;
  readonly canonicalUrl?: string;
  readonly description?: string;
  readonly leadImage?: string;
  readonly section?: string;
  readonly tags: readonly string[];
  readonly provenance: Provenance;
  readonly wordCount: number;
  /** Present when the text is known to be incomplete: empty under a title, or a part of the story (paywall). */
  readonly incomplete?: Incompleteness;
}

/** What the extractor did, for logs and metrics (pure libraries do not log). */
export interface ExtractionDiagnostics {
  readonly extractorVersion: string;
  readonly contentType: 'text/html' | 'text/plain';
  /** How the main content was chosen (`json-ld`, `structure`, `scoring`, `multi`, `plain-text`, `none`). */
  readonly strategy: string;
  readonly nodeCount: number;
  /** Blocks dropped because the site profile saw them on many pages. */
  readonly templateBlocksRemoved: number;
  readonly warnings: readonly string[];
}

export interface ExtractionResult {
  readonly articles: Article[];
  readonly diagnostics: ExtractionDiagnostics;
}

/**
 * What was learned about one host's template: fingerprints of text blocks and how many of the host's
 * pages contained each. Built by the service from {@link blockFingerprints} of earlier pages.
 */
export interface SiteProfile {
  readonly host: string;
  /** Pages that contributed to `blockCounts`. */
  readonly pagesSeen: number;
  /** fingerprint → number of pages of the host that held a block with it. */
  readonly blockCounts: Readonly<Record<string, number>>;
}

export interface ExtractionLimits {
  /** @default 5_000_000 characters of input */
  readonly maxInputChars?: number;
  /** @default 300_000 DOM nodes (elements, texts and comments), counted while parsing */
  readonly maxNodes?: number;
  /** @default 1_000 levels of element nesting; at most 2 000 (`MAX_SUPPORTED_DEPTH`: the walks recurse per level) */
  readonly maxDepth?: number;
}

export interface ExtractInput {
  /** Decoded page text (use `decodeBytes` from `@newsflow/normalize` for raw bytes). */
  readonly body: string;
  /** @default sniffed: `text/html` when the body looks like markup, else `text/plain` */
  readonly contentType?: 'text/html' | 'text/plain';
  /** Page URL: resolves relative links and gives URL-path dates. */
  readonly url?: string;
  /** Reference "now": dates later than this (plus a day) are rejected. Never used as a date itself. */
  readonly now?: Date;
  readonly siteProfile?: SiteProfile;
  readonly limits?: ExtractionLimits;
}
