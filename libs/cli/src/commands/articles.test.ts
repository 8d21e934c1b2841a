import { describe, expect, it } from 'vitest';
import { articlesFilter, parseSince } from './articles.js';

describe('articles options', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('reads --since as an age counted back from now, or as a date', () => {
    expect(parseSince('90m', now)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(parseSince('36h', now)?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseSince('7d', now)?.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(parseSince('2026-01-01', now)?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('last tuesday', now)).toBeUndefined();
  });

  it('matches --site by name or host with or without www, and --entity by exact name in any case', () => {
    const filter = articlesFilter({ site: 'www.Example.com', entity: 'Sergey Lavrov (a.k.a.)' });
    const [site, entity] = (filter.$and ?? []) as Record<string, unknown>[];
    const onHost = (site!.$or as Record<string, RegExp>[])[1]!.canonicalUrl!;
    expect(onHost.test('https://example.com/a')).toBe(true);
    expect(onHost.test('http://www.example.com:8080/a')).toBe(true);
    expect(onHost.test('https://example.com.evil.net/a')).toBe(false);
    const name = entity!['entities.name'] as RegExp;
    expect(name.test('sergey lavrov (A.K.A.)')).toBe(true);
    expect(name.test('Sergey Lavrov (aXkXaX)')).toBe(false);
    expect(articlesFilter({})).toEqual({});
  });
});
