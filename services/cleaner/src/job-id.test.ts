import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type PageFetched } from '@newsflow/contracts';
import { cleanerJobId } from './job-id.js';

const message: PageFetched = {
  schemaVersion: SCHEMA_VERSION,
  pageId: 'p_0123456789abcdef01234567',
  url: 'https://news.example/a',
  finalUrl: 'https://news.example/a',
  status: 200,
  headers: {},
  contentType: 'text/html',
  fetchedAt: '2026-11-23T10:00:00.000Z',
  bytes: 10,
  contentHash: 'ab'.repeat(32),
  redirects: [],
};

describe('cleanerJobId', () => {
  it('is the page id plus the start of the content hash, the same for a redelivery', () => {
    expect(cleanerJobId(message)).toBe(`p_0123456789abcdef01234567-${'ab'.repeat(8)}`);
    expect(cleanerJobId({ ...message })).toBe(cleanerJobId(message));
  });

  it('changes with the content', () => {
    expect(cleanerJobId({ ...message, contentHash: 'cd'.repeat(32) })).not.toBe(cleanerJobId(message));
  });

  it('gives each reprocess request its own job, even for the same bytes', () => {
    const first = cleanerJobId({ ...message, reprocess: true, requestedAt: '2026-11-23T11:00:00.000Z' });
    const second = cleanerJobId({ ...message, reprocess: true, requestedAt: '2026-11-23T12:00:00.000Z' });
    expect(first).not.toBe(cleanerJobId(message));
    expect(first).not.toBe(second);
    expect(cleanerJobId({ ...message, reprocess: true })).toBe(
      `${cleanerJobId(message)}-r${Date.parse(message.fetchedAt)}`,
    );
  });

  it('never contains a colon (BullMQ refuses them)', () => {
    expect(cleanerJobId({ ...message, pageId: 'legacy:page:1' })).not.toContain(':');
  });
});
