import { blocksToHtml, blocksToText, countWords, type Block } from './blocks.js';
import { withoutControlChars } from './control-chars.js';
import { extractHtml } from './extract-html.js';
import { ExtractionError, ExtractionErrorCode } from './extraction-error.js';
import { detectLanguage } from './language.js';
import { Confidence } from './metadata.js';
import { extractPlainText } from './plain-text.js';
import { fingerprintBlock, isTemplateBlock } from './site-profile.js';
import type { Article, ExtractInput, ExtractionResult, Provenance } from './types.js';
import { DEFAULT_MAX_INPUT_CHARS } from './dom.js';

/** Bumped whenever output for the same input may change; stored with each article so pages can be reprocessed. */
export const EXTRACTOR_VERSION = '1.133.0';
export const EXTRACTOR_NAME = 'newsflow-extraction';

function sniffContentType(body: string): 'text/html' | 'text/plain' {
  const head = body.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml'))
    return 'text/html';
  return /<(?:html|head|body|div|p|article|meta|title)[\s>]/i.test(body.slice(0, 8192))
    ? 'text/html'
    : 'text/plain';
}

/**
 * Extracts the article(s) of one page. Pure: no I/O, no clock (pass `now`), no logging (see `diagnostics`).
 *
 * @throws {ExtractionError} when the input breaks a limit (`EXTRACTION_INPUT_TOO_LARGE`,
 *   `EXTRACTION_TOO_MANY_NODES`, `EXTRACTION_TOO_DEEP`) or is not a string (`EXTRACTION_INVALID_INPUT`).
 */
export function extractArticles(input: ExtractInput): ExtractionResult {
  return extractInternal(input).result;
}

/**
 * Fingerprints of the page's candidate content blocks, for learning a host's template: the service
 * counts, per host, on how many pages each fingerprint occurs and passes the counts back as a
 * {@link SiteProfile}. Each fingerprint appears once per page.
 */
export function blockFingerprints(input: Omit<ExtractInput, 'siteProfile'>): string[] {
  const { rawBlocks } = extractInternal(input);
  const out = new Set<string>();
  for (const blocks of rawBlocks)
    for (const b of blocks) {
      const fp = fingerprintBlock(b.text);
      if (fp) out.add(fp);
    }
  return [...out];
}

function extractInternal(input: ExtractInput): { result: ExtractionResult; rawBlocks: Block[][] } {
  if (typeof input.body !== 'string')
    throw new ExtractionError(ExtractionErrorCode.invalidInput, 'body must be a string');
  const contentType = input.contentType ?? sniffContentType(input.body);
  if (contentType === 'text/html') {
    const r = extractHtml(input);
    return {
      result: {
        articles: r.articles.map(withoutControlChars).filter((a) => a.text.length > 0 || a.title.length > 0),
        diagnostics: {
          extractorVersion: EXTRACTOR_VERSION,
          contentType,
          strategy: r.strategy,
          nodeCount: r.nodeCount,
          templateBlocksRemoved: r.templateBlocksRemoved,
          warnings:
            r.articles.length === 0 || r.articles.every((a) => a.text === '')
              ? ['no main content found']
              : [],
        },
      },
      rawBlocks: r.rawBlocks,
    };
  }
  const maxInput = input.limits?.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  if (input.body.length > maxInput) {
    throw new ExtractionError(
      ExtractionErrorCode.inputTooLarge,
      `input of ${input.body.length} chars exceeds ${maxInput}`,
      {
        limit: maxInput,
        actual: input.body.length,
      },
    );
  }
  const texts = extractPlainText(input.body, input.now);
  let removed = 0;
  const rawBlocks: Block[][] = [];
  const articles: Article[] = texts.map((t) => {
    rawBlocks.push(t.blocks);
    const blocks = t.blocks.filter((b) => {
      if (!isTemplateBlock(b.text, input.siteProfile)) return true;
      removed++;
      return false;
    });
    const text = blocksToText(blocks);
    const lang = detectLanguage(text);
    const provenance: Provenance = {
      text: { source: 'plain-text', confidence: Confidence.text },
      ...(t.title && { title: { source: 'text:header', confidence: Confidence.text } }),
      ...(t.authors.length > 0 && { authors: { source: 'text:byline', confidence: Confidence.text } }),
      ...(t.publishedAt !== undefined && {
        publishedAt: { source: 'text:date', confidence: Confidence.text },
      }),
      ...(lang && { language: { source: 'text', confidence: lang.confidence } }),
    };
    return withoutControlChars({
      title: t.title,
      text,
      html: blocksToHtml(blocks),
      authors: t.authors,
      tags: [],
      provenance,
      wordCount: countWords(text),
      ...(t.publishedAt !== undefined && { publishedAt: t.publishedAt }),
      ...(lang && { language: lang.language }),
    });
  });
  return {
    result: {
      articles,
      diagnostics: {
        extractorVersion: EXTRACTOR_VERSION,
        contentType,
        strategy: 'plain-text',
        nodeCount: 0,
        templateBlocksRemoved: removed,
        warnings: articles.length === 0 ? ['no main content found'] : [],
      },
    },
    rawBlocks,
  };
}
