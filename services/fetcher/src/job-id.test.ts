import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type UrlRequested } from '@newsflow/contracts';
import { fetcherJobId } from './job-id.js';

const request: UrlRequested = { schemaVersion: SCHEMA_VERSION, url: 'https://news.example/a' };
const at = { partition: 3, offset: '42', timestamp: '1764000000000', key: null };

describe('fetcherJobId', () => {
  it('is the message position: the same for a redelivery, different for another message of the same URL', () => {
    expect(fetcherJobId(request, at)).toBe('m-1764000000000-3-42');
    expect(fetcherJobId({ ...request }, { ...at })).toBe(fetcherJobId(request, at));
    expect(fetcherJobId(request, { ...at, offset: '43' })).not.toBe(fetcherJobId(request, at));
  });

  it('never contains a colon (BullMQ refuses them)', () => {
    expect(fetcherJobId(request, at)).not.toContain(':');
  });
});
