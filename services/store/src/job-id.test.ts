import { describe, expect, it } from 'vitest';
import { storeJobId } from './job-id.js';
import { sampleArticle } from './testing/sample-article.js';

describe('storeJobId', () => {
  it('is the article id plus a hash of the message, the same for a redelivery', () => {
    const article = sampleArticle();
    expect(storeJobId(article)).toMatch(new RegExp(`^${article.articleId}-[0-9a-f]{16}$`));
    expect(storeJobId(structuredClone(article))).toBe(storeJobId(article));
  });

  it('changes when any part of the message changes (a reprocessed article is a new job)', () => {
    const article = sampleArticle();
    expect(storeJobId({ ...article, processedAt: '2030-01-01T00:00:00.000Z' })).not.toBe(storeJobId(article));
  });

  it('never contains a colon (BullMQ refuses them)', () => {
    expect(storeJobId(sampleArticle({ articleId: 'a_legacy:1' }))).not.toContain(':');
  });
});
