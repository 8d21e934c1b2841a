import type { Element } from 'domhandler';
import { cleanBlocks, MAX_HEADER_BLOCKS, publisherLabelsOf, type CleanContext } from './block-rules.js';
import { blocksToHtml, blocksToText, countWords, renderBlocks, type Block } from './blocks.js';
import { analyzeContent, isInsideRemoved } from './content-analysis.js';
import { selectContent } from './content-selection.js';
import { incompletenessOf, removedRemainderNotice } from './completeness.js';
import { contains, normalizeSpace, parseHtml, textOf } from './dom.js';
import { siteHost } from './host-labels.js';
import { decodeEntities, tokens } from './meta-text.js';
import {
  Confidence,
  declaredLanguage,
  pageDateContext,
  resolveLanguage,
  resolveMetadata,
  resolveTitle,
  type Metadata,
  type MetadataInput,
} from './metadata.js';
import { findPosts, postMetadata } from './multi-post.js';
import { rankedJsonLd, signalCollector, type PageSignals } from './page-signals.js';
import { pageDescriptions, standfirstBlocks, withStandfirst } from './standfirst.js';
import type { Article, ExtractInput } from './types.js';

/** JSON-LD articleBody replaces the DOM text when the DOM text has less than this share of its words. */
const JSON_LD_BODY_MIN_SHARE = 0.6;
/**
 * …unless the DOM text already has this share of the articleBody's distinct words: then the articleBody is
 * longer only because the publisher repeated the story in it or glued words together (fundus
 * it-CorriereDellaSera: the body three times over), not because the DOM missed part of the story.
 */
const JSON_LD_BODY_NEW_WORDS_MAX_COVERAGE = 0.8;
/** A structured articleBody container wins over the scored candidate if it holds this share of its prose. */
const STRUCTURE_MIN_SHARE = 0.5;
/** The block rule whose drops are the learned site template's (reported in the diagnostics). */
const TEMPLATE_RULE = 'site-template';

export interface HtmlExtraction {
  readonly articles: Article[];
  readonly strategy: string;
  readonly nodeCount: number;
  readonly templateBlocksRemoved: number;
  /** Blocks of each article before template filtering (for {@link blockFingerprints}). */
  readonly rawBlocks: Block[][];
}

/** Share of the distinct words of `text` that occur in `other`. */
function vocabularyCoverage(text: string, other: string): number {
  const mine = new Set(tokens(text));
  if (mine.size === 0) return 1;
  const theirs = new Set(tokens(other));
  let found = 0;
  for (const w of mine) if (theirs.has(w)) found++;
  return found / mine.size;
}

/**
 * The JSON-LD `articleBody` (or `text`) as plain text: markup some CMSs put there is read as HTML, and HTML
 * entities are decoded, also when escaped twice (`&amp;ccedil;` for ç): they are not what readers see, and
 * counted as words they made the JSON-LD body look longer than the page's.
 */
function jsonLdBody(signals: PageSignals): string | undefined {
  for (const node of rankedJsonLd(signals)) {
    const body = node.articleBody ?? node.text;
    if (typeof body !== 'string' || body.trim().length === 0) continue;
    return decodeEntities(body.includes('<') ? textOf(parseHtml(body).document) : body);
  }
  return undefined;
}

/** Paragraphs of a plain-text body: blank lines separate them, single line breaks too unless the text is one long line. */
function textToBlocks(text: string): Block[] {
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .flatMap((p) => (p.length > 2000 && !p.includes('\n') ? [p] : p.split(/\n/)))
    .map((p) => normalizeSpace(p))
    .filter(Boolean)
    .map((t) => ({ kind: 'p' as const, text: t }));
}

function finishArticle(blocks: Block[], meta: Metadata, textSource: string): Article {
  const text = blocksToText(blocks);
  const provenance = {
    ...meta.provenance,
    text: {
      source: textSource,
      confidence: textSource === 'json-ld' ? Confidence.structured : Confidence.markup,
    },
  };
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

/** Extracts the article(s) of an HTML page. Throws ExtractionError when a limit is exceeded. */
export function extractHtml(input: ExtractInput): HtmlExtraction {
  const { document, nodeCount } = parseHtml(input.body, input.limits);
  const collector = signalCollector();
  const pageHost = siteHost(input.url);
  const analysis = analyzeContent(document, pageHost === undefined ? {} : { pageHost }, collector.visit);
  const signals = collector.signals();
  const ctxBase = { profile: input.siteProfile, hostLabels: publisherLabelsOf(input.url) };
  const isExcluded = (el: Element): boolean => isInsideRemoved(el, analysis.removed);

  const posts = findPosts(document, analysis, signals);
  if (posts.length >= 2) {
    const pageInput: MetadataInput = {
      signals,
      url: input.url,
      now: input.now,
      isExcluded,
      text: '',
      headerTexts: [],
    };
    const base = resolveMetadata(pageInput);
    // Each post's date is read the way the page writes its dates (slash dates month first on US pages).
    const dates = pageDateContext(pageInput);
    const declared = declaredLanguage(signals);
    const datesBefore = new Map<Element, string | null>();
    const articles: Article[] = [];
    const rawBlocks: Block[][] = [];
    let removedTemplate = 0;
    for (const post of posts) {
      const meta = postMetadata(post, base, dates, datesBefore);
      const raw = renderBlocks([post], analysis);
      const { kept, drops } = cleanBlocks(raw, { ...ctxBase, title: meta.title });
      removedTemplate += drops.get(TEMPLATE_RULE) ?? 0;
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
  const ctx: CleanContext = { ...ctxBase, title: resolvedTitle.shown };
  const cleaned = cleanBlocks(raw, ctx);
  let { kept, header } = cleaned;
  let removedTemplate = cleaned.drops.get(TEMPLATE_RULE) ?? 0;
  let textSource = strategy;

  const ldBody = jsonLdBody(signals);
  if (ldBody) {
    const ldWords = countWords(ldBody);
    const domText = blocksToText(kept);
    const domWords = countWords(domText);
    if (
      ldWords > 50 &&
      domWords < JSON_LD_BODY_MIN_SHARE * ldWords &&
      vocabularyCoverage(ldBody, domText) < JSON_LD_BODY_NEW_WORDS_MAX_COVERAGE
    ) {
      const fromLd = cleanBlocks(textToBlocks(ldBody), ctx);
      kept = fromLd.kept;
      removedTemplate += fromLd.drops.get(TEMPLATE_RULE) ?? 0;
      strategy = 'json-ld';
      textSource = 'json-ld';
    }
  }
  if (textSource !== 'json-ld')
    kept = withStandfirst(kept, standfirstBlocks(nodes, analysis, pageDescriptions(signals)), ctx);
  if (header.length === 0) header = kept.slice(0, MAX_HEADER_BLOCKS).map((b) => b.text);
  const text = blocksToText(kept);
  const meta = resolveMetadata({
    signals,
    url: input.url,
    now: input.now,
    isExcluded,
    text,
    headerTexts: header,
    storyBlockTexts: raw.map((b) => b.text),
    resolvedTitle,
  });
  const article = finishArticle(kept, meta, textSource);
  const incomplete = incompletenessOf(article, rankedJsonLd(signals), raw, () =>
    removedRemainderNotice(nodes, analysis.removed, analysis.stats),
  );
  return {
    articles: [incomplete ? { ...article, incomplete } : article],
    strategy,
    nodeCount,
    templateBlocksRemoved: removedTemplate,
    rawBlocks: [raw],
  };
}
