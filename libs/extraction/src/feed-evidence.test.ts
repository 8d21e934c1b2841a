import { describe, expect, it } from 'vitest';
import { withFeedEvidence } from './feed-evidence.js';
import type { Article } from './types.js';

const article: Article = {
  title: 'Rates rise again',
  text: 'Body.',
  html: '<p>Body.</p>',
  authors: [],
  tags: [],
  wordCount: 1,
  provenance: {
    title: { source: 'meta:og:title', confidence: 0.8 },
    publishedAt: { source: 'text', confidence: 0.5 },
  },
  publishedAt: '2025-06-01T00:00:00Z',
};

describe('withFeedEvidence', () => {
  it('fills what the page left empty or only guessed, with provenance feed', () => {
    const out = withFeedEvidence(article, {
      title: 'Rates rise',
      authors: ['Jo Bloggs'],
      publishedAt: '2025-06-03T09:39:21.000Z',
    });
    expect(out.authors).toEqual(['Jo Bloggs']);
    expect(out.publishedAt).toBe('2025-06-03T09:39:21.000Z');
    expect(out.provenance.authors).toEqual({ source: 'feed', confidence: 0.75 });
    expect(out.provenance.publishedAt?.source).toBe('feed');
    // The page's meta title is surer than the feed's.
    expect(out.title).toBe('Rates rise again');
    expect(out.provenance.title?.source).toBe('meta:og:title');
  });

  it('leaves an article the page describes well untouched', () => {
    const sure: Article = {
      ...article,
      authors: ['Ann Page'],
      provenance: {
        ...article.provenance,
        authors: { source: 'json-ld', confidence: 0.9 },
        publishedAt: { source: 'json-ld', confidence: 0.9 },
      },
    };
    expect(withFeedEvidence(sure, { authors: ['Jo'], publishedAt: '2025-06-03T09:39:21.000Z' })).toBe(sure);
    expect(withFeedEvidence(article, {})).toBe(article);
  });
});
