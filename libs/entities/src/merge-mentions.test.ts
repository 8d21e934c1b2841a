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

  it('merges a page listing thousands of names in linear time, variants still merged', () => {
    // Distinct names with the same initials (each pair compared by edit distance), and lone names beside them.
    const name = (i: number, salt: number): string => {
      let x = (i * 2_654_435_761 + salt * 97) >>> 0;
      let text = '';
      for (let k = 0; k < 6; k++) {
        text += String.fromCharCode(97 + (x % 26));
        x = Math.floor(x / 26) + k * 7919;
      }
      return text;
    };
    const items: [string, EntityType][] = [
      ['Sergey Lavrov', 'PERSON'],
      ['Sergei Lavrov', 'PERSON'],
      ['Lavrov', 'PERSON'],
    ];
    for (let i = 0; i < 3000; i++) items.push([`A${name(i, 1)} B${name(i, 2)}`, 'PERSON']);
    for (let i = 0; i < 3000; i++) items.push([`B${name(i, 3)}`, 'PERSON']);
    const started = process.cpuUsage();
    const entities = mergeMentions(mentions(items), { totalTokens: 20_000 });
    const cpu = process.cpuUsage(started);
    expect(entities.find((e) => e.name === 'Sergey Lavrov')).toMatchObject({ count: 3 });
    // Compared pairwise, these took 39 s of CPU; within initials buckets, well under a second (bound generous for a busy machine).
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
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
