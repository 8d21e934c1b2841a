import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ArticleEnrichedSchema, type ArticleTruncation } from '@newsflow/contracts';
import { contentHashOf, simhashOf } from '@newsflow/normalize';
import {
  ARTICLE_SCHEMA_VERSION,
  buildArticleDocument,
  revisionHashOf,
  truncateUtf8,
} from './article-document.js';
import { ArticleTooLargeError } from './store-errors.js';
import { SAMPLE_TEXT, sampleArticle } from './testing/sample-article.js';

describe('buildArticleDocument', () => {
  it('maps a message to the documented fields with BSON dates and fingerprints', () => {
    const input = ArticleEnrichedSchema.parse(sampleArticle());
    const doc = buildArticleDocument(input);
    expect(doc).toMatchObject({
      _id: input.articleId,
      schemaVersion: ARTICLE_SCHEMA_VERSION,
      canonicalUrl: input.canonicalUrl,
      title: input.title,
      authors: ['Jane Reporter'],
      tags: ['floods', 'weather'],
      truncated: false,
      extractor: { name: 'newsflow-extraction', version: '1.0.0' },
      entitiesModel: { name: 'newsflow-ner', version: '1.0.0' },
      contentHash: contentHashOf(SAMPLE_TEXT),
      simhash: simhashOf(SAMPLE_TEXT).hex,
    });
    expect(doc.publishedAt).toEqual(new Date('2026-11-20T07:30:00.000Z'));
    expect(doc.fetchedAt).toBeInstanceOf(Date);
    expect(doc.processedAt).toBeInstanceOf(Date);
    expect(doc.simhashBands).toHaveLength(4);
    expect(doc.hashWordCount).toBe(177); // "low-lying" counts as two words after normalisation
    expect(doc).not.toHaveProperty('modifiedAt');
    expect(doc).not.toHaveProperty('truncation');
  });

  it('leaves optional fields out rather than storing undefined', () => {
    const { siteName: _s, html: _h, publishedAt: _p, ...rest } = sampleArticle();
    const doc = buildArticleDocument(rest);
    expect(Object.keys(doc)).not.toContain('siteName');
    expect(Object.keys(doc)).not.toContain('html');
    expect(Object.keys(doc)).not.toContain('publishedAt');
  });

  it("keeps the cleaner's mark of an incomplete text", () => {
    const incomplete = {
      kind: 'truncated',
      reason: '435 of the 1205 words the page declares (JSON-LD wordCount)',
    } as const;
    const doc = buildArticleDocument(ArticleEnrichedSchema.parse({ ...sampleArticle(), incomplete }));
    expect(doc.incomplete).toEqual(incomplete);
    expect(buildArticleDocument(ArticleEnrichedSchema.parse(sampleArticle()))).not.toHaveProperty(
      'incomplete',
    );
  });

  it('drops HTML, then cuts text, to fit the document limit, and says so', () => {
    const big = `${'All work and no play makes a long article. '.repeat(3000)}`;
    const input = sampleArticle({ text: big, html: `<p>${big}</p>` });
    const maxDocumentBytes = 100_000;
    const doc = buildArticleDocument(input, { maxDocumentBytes });
    expect(doc.truncated).toBe(true);
    expect(doc.truncation?.fields).toEqual(['html', 'text']);
    expect(doc.truncation?.originalBytes.text).toBe(Buffer.byteLength(big));
    expect(doc).not.toHaveProperty('html');
    expect(big.startsWith(doc.text)).toBe(true);
    expect(doc.text.length).toBeGreaterThan(50_000);
    expect(BSON.calculateObjectSize(doc)).toBeLessThanOrEqual(maxDocumentBytes);
    // Fingerprints describe the full text, so a truncated copy still matches its duplicates.
    expect(doc.contentHash).toBe(contentHashOf(big));
  });

  it('only drops HTML when that is enough', () => {
    const input = sampleArticle({ html: `<p>${'x'.repeat(200_000)}</p>` });
    const doc = buildArticleDocument(input, { maxDocumentBytes: 100_000 });
    expect(doc.truncation?.fields).toEqual(['html']);
    expect(doc.text).toBe(SAMPLE_TEXT);
  });

  it("records the cleaner's cut (to fit its message) as truncated, with the sizes before it", () => {
    const { html: _html, ...noHtml } = sampleArticle();
    const truncation = {
      fields: ['html', 'text'],
      originalBytes: { html: 1_300_000, text: 811_000 },
    } as const;
    const doc = buildArticleDocument(ArticleEnrichedSchema.parse({ ...noHtml, truncation }));
    expect(doc.truncated).toBe(true);
    expect(doc.truncation).toEqual(truncation);
    expect(doc.text).toBe(SAMPLE_TEXT);
  });

  it('keeps the size before the first cut when the store cuts a cut text again', () => {
    const big = 'All work and no play makes a long article. '.repeat(3000);
    const { html: _html, ...noHtml } = sampleArticle({ text: big });
    const truncation: ArticleTruncation = {
      fields: ['html', 'text'],
      originalBytes: { html: 9_000_000, text: 5_000_000 },
    };
    const doc = buildArticleDocument({ ...noHtml, truncation }, { maxDocumentBytes: 100_000 });
    expect(doc.truncation).toEqual(truncation);
    expect(big.startsWith(doc.text)).toBe(true);
    expect(doc.text.length).toBeLessThan(big.length);
    expect(BSON.calculateObjectSize(doc)).toBeLessThanOrEqual(100_000);
  });

  it('refuses an article that cannot fit even truncated', () => {
    const entities = Array.from({ length: 3000 }, (_, i) => ({
      name: `Entity number ${i}`,
      type: 'ORG' as const,
      aliases: [],
      count: 1,
      salience: 0.1,
      mentions: [{ start: 0, end: 1 }],
    }));
    expect(() => buildArticleDocument(sampleArticle({ entities }), { maxDocumentBytes: 50_000 })).toThrow(
      ArticleTooLargeError,
    );
  });
});

describe('revisionHashOf', () => {
  it('ignores fetch and processing times and key order', () => {
    const a = sampleArticle();
    const b = sampleArticle({
      fetchedAt: '2026-11-21T00:00:00.000Z',
      processedAt: '2026-11-21T00:00:01.000Z',
    });
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(revisionHashOf(b)).toBe(revisionHashOf(a));
    expect(revisionHashOf(reordered)).toBe(revisionHashOf(a));
  });

  it('changes with the text, the title or the extractor version', () => {
    const base = revisionHashOf(sampleArticle());
    expect(revisionHashOf(sampleArticle({ text: `${SAMPLE_TEXT} Update.` }))).not.toBe(base);
    expect(revisionHashOf(sampleArticle({ title: 'Another title' }))).not.toBe(base);
    expect(
      revisionHashOf(sampleArticle({ extractor: { name: 'newsflow-extraction', version: '1.1.0' } })),
    ).not.toBe(base);
  });
});

describe('truncateUtf8', () => {
  it('never splits a multi-byte character and stays within the byte limit', () => {
    const text = 'héllo wörld ' + '€'.repeat(100);
    for (let max = 0; max < Buffer.byteLength(text); max += 7) {
      const cut = truncateUtf8(text, max);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
      expect(cut).not.toContain('\uFFFD');
      expect(text.startsWith(cut)).toBe(true);
    }
  });
});
