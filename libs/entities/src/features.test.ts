import { describe, expect, it } from 'vitest';
import {
  Casing,
  casingOf,
  clipChars,
  documentFeatures,
  gazetteerFeatures,
  gazetteerIndex,
  isAllCapsSentence,
  wordKeys,
} from './features.js';

// Twin of training/ner/features.py: these expectations hold for both.
describe('features', () => {
  it('classifies casing', () => {
    expect(casingOf('moscow')).toBe(Casing.lower);
    expect(casingOf('Moscow')).toBe(Casing.title);
    expect(casingOf('A')).toBe(Casing.title);
    expect(casingOf('NATO')).toBe(Casing.upper);
    expect(casingOf('McDonald')).toBe(Casing.mixed);
    expect(casingOf('1996')).toBe(Casing.num);
    expect(casingOf('1996-08-22')).toBe(Casing.hasDigit);
    expect(casingOf(',')).toBe(Casing.other);
  });

  it('makes lookup keys and clips long words', () => {
    expect(wordKeys('Moscow')).toEqual(['moscow']);
    expect(wordKeys('F16')).toEqual(['f16', 'f00']);
    expect(clipChars('abcdefghijklmnopqrstuvwxyz', 16).join('')).toBe('abcdefghstuvwxyz');
  });

  it('computes document features', () => {
    expect(isAllCapsSentence(['SOCCER', '-', 'JAPAN', 'GET', 'LUCKY', 'WIN'])).toBe(true);
    const f = documentFeatures([
      ['JAPAN', 'WIN'],
      ['Fans', 'in', 'Japan', 'cheered', 'the', 'win'],
    ]);
    expect(f[0]?.[0]).toEqual([1, 0, 1]);
    expect(f[0]?.[1]).toEqual([0, 1, 1]);
    expect(f[1]?.[2]).toEqual([0, 0, 0]);
  });

  it('flags tokens inside name-list phrases', () => {
    const index = gazetteerIndex({
      types: ['loc', 'org', 'first', 'last', 'misc'],
      maxPhraseTokens: 4,
      lists: { loc: ['new york', 'york'], first: ['john'], last: ['york', 'smith'], misc: ['french'] },
    });
    const f = gazetteerFeatures(
      ['John', 'Smith', 'left', 'NEW', 'YORK', 'for', 'French', 'Guiana'],
      index,
      5,
      4,
    );
    expect(f).toEqual([
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ]);
  });
});
