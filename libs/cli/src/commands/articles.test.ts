import { describe, expect, it } from 'vitest';
import { parseSince } from './articles.js';

describe('articles options', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('reads --since as an age counted back from now, or as a date', () => {
    expect(parseSince('90m', now)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(parseSince('36h', now)?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseSince('7d', now)?.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(parseSince('2026-01-01', now)?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('last tuesday', now)).toBeUndefined();
  });
});
