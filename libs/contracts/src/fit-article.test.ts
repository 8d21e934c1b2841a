import { describe, expect, it } from 'vitest';
import { serializeMessage } from './codec.js';
import { ARTICLE_CLEANED_MAX_BYTES, cutAtBoundary, fitArticleCleaned, jsonPrefixEnd } from './fit-article.js';
import { ArticleCleanedSchema, type ArticleCleaned } from './schemas.js';

const at = '2026-12-07T12:00:00.000Z';
const article = (text: string, html?: string): ArticleCleaned => ({
  schemaVersion: 1,
  articleId: 'a1',
  pageId: 'p1',
  part: 0,
  url: 'https://news.example/a',
  finalUrl: 'https://news.example/a',
  canonicalUrl: 'https://news.example/a',
  title: 'A long story',
  authors: ['Jane Reporter'],
  tags: [],
  text,
  ...(html !== undefined && { html }),
  wordCount: 1234,
  provenance: {},
  extractor: { name: 'newsflow', version: '1' },
  fetchedAt: at,
  processedAt: at,
});
/** What the producer measures: the validated message's JSON. */
const sizeOf = (message: ArticleCleaned): number =>
  serializeMessage(ArticleCleanedSchema, message).byteLength;
const paragraphs = (n: number, words = 40): string =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i} ${'says something. '.repeat(words / 2)}`.trim()).join(
    '\n\n',
  );

describe('fitArticleCleaned', () => {
  it('leaves a message within the limit as it is', () => {
    const message = article(paragraphs(10), '<p>x</p>');
    expect(fitArticleCleaned(message)).toBe(message);
  });

  it('drops the html first, keeping the whole text, and records its size', () => {
    const text = paragraphs(2000);
    const html = `<p>${text.replaceAll('\n\n', '</p><p>')}</p>`;
    const message = article(text, html);
    expect(sizeOf(message)).toBeGreaterThan(ARTICLE_CLEANED_MAX_BYTES);
    const fitted = fitArticleCleaned(message);
    expect(fitted.text).toBe(text);
    expect(fitted).not.toHaveProperty('html');
    expect(fitted.truncation).toEqual({ fields: ['html'], originalBytes: { html: Buffer.byteLength(html) } });
    expect(fitted.wordCount).toBe(message.wordCount);
    expect(sizeOf(fitted)).toBeLessThanOrEqual(ARTICLE_CLEANED_MAX_BYTES);
  });

  it('then cuts the text at a paragraph end, as close to the limit as that allows', () => {
    const text = paragraphs(5000);
    const fitted = fitArticleCleaned(article(text, '<p>html</p>'));
    expect(fitted.truncation).toEqual({
      fields: ['html', 'text'],
      originalBytes: { html: 11, text: Buffer.byteLength(text) },
    });
    expect(text.startsWith(fitted.text)).toBe(true);
    expect(text.slice(fitted.text.length, fitted.text.length + 2)).toBe('\n\n');
    const size = sizeOf(fitted);
    expect(size).toBeLessThanOrEqual(ARTICLE_CLEANED_MAX_BYTES);
    expect(size).toBeGreaterThan(0.99 * ARTICLE_CLEANED_MAX_BYTES);
  });

  it('cuts a text without html (a plain-text page) and names only the text', () => {
    const text = paragraphs(5000);
    const fitted = fitArticleCleaned(article(text), 100_000);
    expect(fitted.truncation).toEqual({ fields: ['text'], originalBytes: { text: Buffer.byteLength(text) } });
    expect(sizeOf(fitted)).toBeLessThanOrEqual(100_000);
  });

  it('counts escapes and multi-byte characters as the serialised message does', () => {
    // Quotes, new lines, control characters, accents, CJK, emoji and a lone surrogate: 1 to 6 bytes of JSON each.
    const unit = 'a "q" \\ \n\t\u0001 é 東京 😀 \ud800 x. ';
    const text = unit.repeat(40_000);
    for (const maxBytes of [50_000, 300_000, 777_777]) {
      const fitted = fitArticleCleaned(article(text), maxBytes);
      const size = sizeOf(fitted);
      expect(size).toBeLessThanOrEqual(maxBytes);
      expect(size).toBeGreaterThan(0.98 * maxBytes);
      expect(text.startsWith(fitted.text)).toBe(true);
      expect(fitted.text.endsWith('\ud83d')).toBe(false);
    }
  });

  it('leaves the text whole when the other fields alone are over the limit', () => {
    const message = { ...article('short text', '<p>html</p>'), title: 'T'.repeat(2000) };
    const fitted = fitArticleCleaned(message, 1000);
    expect(fitted.text).toBe('short text');
    expect(fitted.truncation).toEqual({ fields: ['html'], originalBytes: { html: 11 } });
  });
});

describe('jsonPrefixEnd', () => {
  it('is the longest prefix whose JSON form fits, never splitting a surrogate pair', () => {
    const text = 'a"\\\n\u0001é東😀\ud800\udc00\udfff z';
    for (let max = 0; max <= Buffer.byteLength(JSON.stringify(text)); max += 1) {
      const end = jsonPrefixEnd(text, max);
      const json = (s: string): number => Buffer.byteLength(JSON.stringify(s)) - 2;
      expect(json(text.slice(0, end))).toBeLessThanOrEqual(max);
      if (end < text.length) {
        const next = text.codePointAt(end)! > 0xffff ? end + 2 : end + 1;
        expect(json(text.slice(0, next))).toBeGreaterThan(max);
      }
    }
  });
});

describe('cutAtBoundary', () => {
  const words = (n: number): string => 'word '.repeat(n).trim();

  it('prefers a paragraph end, then a sentence end, then a space, within the last 1%', () => {
    const text = `${words(300)}\n\n${words(10)}. ${words(10)} ${words(100)}`;
    expect(cutAtBoundary(text, 1512)).toBe(words(300));
    const sentence = `${words(300)}. “Quoted.” ${words(100)}`;
    expect(cutAtBoundary(sentence, 1520)).toBe(`${words(300)}. “Quoted.”`);
    expect(cutAtBoundary(words(300), 1003)).toBe(words(200));
  });

  it('cuts where asked when no boundary is near, keeping a surrogate pair whole', () => {
    const text = `${'x'.repeat(1000)}😀${'y'.repeat(10)}`;
    expect(cutAtBoundary(text, 1001)).toBe('x'.repeat(1000));
    expect(cutAtBoundary(text, 500)).toBe('x'.repeat(500));
    expect(cutAtBoundary(text, 0)).toBe('');
    expect(cutAtBoundary(text, text.length)).toBe(text);
  });
});
