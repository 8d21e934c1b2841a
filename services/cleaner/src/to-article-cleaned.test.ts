import { describe, expect, it } from 'vitest';
import { ArticleCleanedSchema } from '@newsflow/contracts';
import { EXTRACTOR_NAME, EXTRACTOR_VERSION, type Article } from '@newsflow/extraction';
import { articleIdFor } from '@newsflow/normalize';
import { canonicalUrlFor, toArticleCleaned } from './to-article-cleaned.js';

const article: Article = {
  title: 'A headline',
  text: 'First paragraph.\n\nSecond paragraph.',
  html: '<p>First paragraph.</p>\n<p>Second paragraph.</p>',
  authors: ['Ann Author'],
  tags: ['politics'],
  provenance: { title: { source: 'h1', confidence: 0.9 } },
  wordCount: 4,
  publishedAt: '2017-04-12T09:30:00+02:00',
  language: 'en',
  canonicalUrl: 'https://news.example/story?utm_source=x',
  leadImage: 'data:image/png;base64,AAAA',
};
const page = {
  pageId: 'p_1',
  url: 'http://news.example/s',
  finalUrl: 'https://news.example/story?id=1',
  fetchedAt: new Date('2017-04-13T00:00:00Z'),
};

describe('toArticleCleaned', () => {
  it('builds a valid message with the extractor, provenance and times', () => {
    const message = toArticleCleaned(article, 0, page, new Date('2017-04-13T00:00:05Z'));
    expect(() => ArticleCleanedSchema.parse(message)).not.toThrow();
    expect(message).toMatchObject({
      pageId: 'p_1',
      part: 0,
      url: 'http://news.example/s',
      finalUrl: 'https://news.example/story?id=1',
      canonicalUrl: 'https://news.example/story',
      articleId: articleIdFor('https://news.example/story', 0),
      extractor: { name: EXTRACTOR_NAME, version: EXTRACTOR_VERSION },
      provenance: { title: { source: 'h1', confidence: 0.9 } },
      fetchedAt: '2017-04-13T00:00:00.000Z',
      processedAt: '2017-04-13T00:00:05.000Z',
      publishedAt: '2017-04-12T09:30:00+02:00',
    });
    // A data: URI is not a lead image worth carrying through Kafka.
    expect(message.leadImage).toBeUndefined();
  });

  it('carries the mark of an incomplete text, and none for a whole one', () => {
    const processedAt = new Date('2017-04-13T00:00:05Z');
    expect(toArticleCleaned(article, 0, page, processedAt)).not.toHaveProperty('incomplete');
    const empty = {
      ...article,
      text: '',
      html: '',
      wordCount: 0,
      incomplete: { kind: 'empty', reason: 'no text found on the page' },
    } as const;
    const message = toArticleCleaned(empty, 0, page, processedAt);
    expect(ArticleCleanedSchema.parse(message).incomplete).toEqual({
      kind: 'empty',
      reason: 'no text found on the page',
    });
  });

  it('gives each article of a page its own id', () => {
    const ids = [0, 1, 2].map((part) => toArticleCleaned(article, part, page, new Date()).articleId);
    expect(new Set(ids).size).toBe(3);
  });

  it('leaves out a date the schema would refuse instead of failing the page', () => {
    const message = toArticleCleaned({ ...article, publishedAt: '12 April 2017' }, 0, page, new Date());
    expect(message.publishedAt).toBeUndefined();
    expect(() => ArticleCleanedSchema.parse(message)).not.toThrow();
  });
});

describe('canonicalUrlFor', () => {
  it('falls back to the final URL when the page declares none or garbage', () => {
    expect(canonicalUrlFor(undefined, 'https://news.example/a?utm_medium=x')).toBe('https://news.example/a');
    expect(canonicalUrlFor('javascript:void(0)', 'https://news.example/a')).toBe('https://news.example/a');
  });

  it('ignores a canonical URL pointing at the site root of a deeper page', () => {
    expect(canonicalUrlFor('https://news.example/', 'https://news.example/2017/story')).toBe(
      'https://news.example/2017/story',
    );
    expect(canonicalUrlFor('https://news.example/', 'https://news.example/')).toBe('https://news.example/');
  });

  it('trusts a declared canonical URL on another path or host', () => {
    expect(canonicalUrlFor('https://wire.example/original', 'https://news.example/copy')).toBe(
      'https://wire.example/original',
    );
  });
});
