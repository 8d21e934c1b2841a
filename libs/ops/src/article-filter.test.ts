import { describe, expect, it } from 'vitest';
import { articleFilter, matchesEntity } from './article-filter.js';

describe('articleFilter', () => {
  it('matches a site by name or host with or without www, and an entity by exact name or alias in any case', () => {
    const filter = articleFilter({ site: 'www.Example.com', entity: 'Sergey Lavrov (a.k.a.)' });
    const [site, entity] = (filter.$and ?? []) as Record<string, unknown>[];
    const onHost = (site!.$or as Record<string, RegExp>[])[1]!.canonicalUrl!;
    expect(onHost.test('https://example.com/a')).toBe(true);
    expect(onHost.test('http://www.example.com:8080/a')).toBe(true);
    expect(onHost.test('https://example.com.evil.net/a')).toBe(false);
    const [byName, byAlias] = entity!.$or as Record<string, RegExp>[];
    const name = byName!['entities.name']!;
    expect(byAlias!['entities.aliases']).toBe(name);
    expect(name.test('sergey lavrov (A.K.A.)')).toBe(true);
    expect(name.test('Sergey Lavrov (aXkXaX)')).toBe(false);
    expect(articleFilter({})).toEqual({});
  });

  it('asks for the entity name and type, which matchesEntity then finds on one entity, and takes title words literally', () => {
    const criteria = { entity: 'Moscow', entityType: 'LOCATION', title: 'U.S. (live)', language: 'en' };
    const [name, type, language, title] = (articleFilter(criteria).$and ?? []) as Record<string, unknown>[];
    expect(((name!.$or as Record<string, RegExp>[])[0]!['entities.name'] as RegExp).test('moscow')).toBe(
      true,
    );
    expect(type).toEqual({ 'entities.type': 'LOCATION' });
    expect(language).toEqual({ language: 'en' });
    const words = title!.title as RegExp;
    expect(words.test('Live: the u.s. (LIVE) report')).toBe(true);
    expect(words.test('the uXs. (live)')).toBe(false);
    const moscowIsAPlace = { entities: [{ name: 'Moscow', type: 'LOCATION' }] };
    const moscowIsATeam = {
      entities: [
        { name: 'Moscow', type: 'ORG' },
        { name: 'Kyiv', type: 'LOCATION' },
      ],
    };
    expect(matchesEntity(criteria, moscowIsAPlace)).toBe(true);
    expect(matchesEntity(criteria, moscowIsATeam)).toBe(false);
    expect(matchesEntity({ entity: 'Moscow' }, moscowIsATeam)).toBe(true);
    const lavrov = { entities: [{ name: 'Sergey Lavrov', type: 'PERSON', aliases: ['Lavrov'] }] };
    expect(matchesEntity({ entity: 'LAVROV', entityType: 'PERSON' }, lavrov)).toBe(true);
    expect(matchesEntity({ entity: 'Lavrov', entityType: 'ORG' }, lavrov)).toBe(false);
  });

  it('bounds the publication date on both sides, for BSON dates and ISO strings', () => {
    const since = new Date('2017-04-01T00:00:00Z');
    const until = new Date('2017-05-01T00:00:00Z');
    const [from, to] = (articleFilter({ since, until }).$and ?? []) as Record<string, unknown>[];
    expect(from).toEqual({
      $or: [
        { publishedAt: { $gte: since } },
        { publishedAt: { $gte: '2017-04-01T00:00:00.000Z', $type: 'string' } },
      ],
    });
    expect(to).toEqual({
      $or: [
        { publishedAt: { $lt: until } },
        { publishedAt: { $lt: '2017-05-01T00:00:00.000Z', $type: 'string' } },
      ],
    });
  });
});
