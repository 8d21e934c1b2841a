import { describe, expect, it } from 'vitest';
import type { ArticleCleaned } from '@newsflow/contracts';
import { entitiesJobId } from './job-id.js';

const article = {
  articleId: 'a_0123456789abcdef',
  processedAt: '2026-11-23T10:00:00.000Z',
} as ArticleCleaned;

describe('entitiesJobId', () => {
  it('is the article id plus the time it was cleaned, the same for a redelivery', () => {
    expect(entitiesJobId(article)).toBe(`a_0123456789abcdef-${Date.parse(article.processedAt)}`);
  });

  it('gives a new extraction of the same article its own job', () => {
    expect(entitiesJobId({ ...article, processedAt: '2026-11-24T10:00:00.000Z' })).not.toBe(
      entitiesJobId(article),
    );
  });

  it('never contains a colon (BullMQ refuses them)', () => {
    expect(entitiesJobId({ ...article, articleId: 'a_legacy:1' })).not.toContain(':');
  });
});
