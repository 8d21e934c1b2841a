import { describe, expect, it } from 'vitest';
import type { EntityType } from './entity.js';
import type { Mention } from './merge-mentions.js';
import { editDistance, mergeMentions } from './merge-mentions.js';

function mentions(items: [string, EntityType][]): Mention[] {
  let offset = 0;
  return items.map(([text, type], i) => {
    const m = { text, type, start: offset, end: offset + text.length, tokenIndex: i * 5, inTitle: false };
    offset += text.length + 10;
    return m;
  });
}

describe('mergeMentions', () => {
  it('merges transliteration variants and a lone surname into one person named by the fullest form', () => {
    const entities = mergeMentions(
      mentions([
        ['Sergey Lavrov', 'PERSON'],
        ['Lavrov', 'PERSON'],
        ['Sergei Lavrov', 'PERSON'],
        ['Sergey Lavrov', 'PERSON'],
        ['Lavrov', 'ORG'],
      ]),
      { totalTokens: 100 },
    );
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({ name: 'Sergey Lavrov', type: 'PERSON', count: 5 });
    expect(entities[0]?.aliases).toEqual(expect.arrayContaining(['Lavrov', 'Sergei Lavrov']));
  });

  it('does not merge different people who share a first name', () => {
    const entities = mergeMentions(
      mentions([
        ['John Smith', 'PERSON'],
        ['John Brown', 'PERSON'],
      ]),
      { totalTokens: 10 },
    );
    expect(entities).toHaveLength(2);
  });

  it('maps US, U.S., USA, America and United States to one location', () => {
    const entities = mergeMentions(
      mentions([
        ['US', 'LOCATION'],
        ['U.S.', 'LOCATION'],
        ['USA', 'ORG'],
        ['America', 'LOCATION'],
        ['United States', 'LOCATION'],
      ]),
      { totalTokens: 100 },
    );
    expect(entities).toEqual([
      expect.objectContaining({ name: 'United States', type: 'LOCATION', count: 5 }),
    ]);
  });

  it('merges an acronym into the multi-word name it abbreviates', () => {
    const entities = mergeMentions(
      mentions([
        ['Organisation for the Prohibition of Chemical Weapons', 'ORG'],
        ['OPCW', 'ORG'],
      ]),
      { totalTokens: 100 },
    );
    expect(entities).toHaveLength(1);
    expect(entities[0]?.aliases).toEqual(['OPCW']);
  });

  it('drops site furniture words and ranks early, frequent entities first', () => {
    const entities = mergeMentions(
      mentions([
        ['Moscow', 'LOCATION'],
        ['Subscribe', 'ORG'],
        ['Report', 'ORG'],
        ['Moscow', 'LOCATION'],
        ['Paris', 'LOCATION'],
      ]),
      { totalTokens: 100 },
    );
    expect(entities.map((e) => e.name)).toEqual(['Moscow', 'Paris']);
    expect(entities[0]?.salience).toBe(1);
    expect(entities[1]?.salience).toBeLessThan(1);
  });

  it('keeps mention offsets, sorted', () => {
    const [e] = mergeMentions(
      mentions([
        ['Lavrov', 'PERSON'],
        ['Lavrov', 'PERSON'],
      ]),
      { totalTokens: 10 },
    );
    expect(e?.mentions).toEqual([
      { start: 0, end: 6 },
      { start: 16, end: 22 },
    ]);
  });
});

describe('editDistance', () => {
  it('counts edits', () => {
    expect(editDistance('sergey', 'sergei')).toBe(1);
    expect(editDistance('tillerson', 'tilleron')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

describe('canonical names', () => {
  it('prefers the normal casing over an ALL-CAPS headline form', () => {
    const [e] = mergeMentions(
      mentions([
        ['MOSCOW', 'LOCATION'],
        ['MOSCOW', 'LOCATION'],
        ['Moscow', 'LOCATION'],
      ]),
      { totalTokens: 10 },
    );
    expect(e?.name).toBe('Moscow');
    expect(e?.aliases).toEqual(['MOSCOW']);
  });
});
