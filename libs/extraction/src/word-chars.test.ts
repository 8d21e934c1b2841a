import { describe, expect, it } from 'vitest';
import { textRuns, wordCharWidth, wordRuns } from './word-chars.js';

const SAMPLES = [
  '',
  '  ',
  '—',
  ' Hello,  World! ',
  'l’été — déjà vu',
  'Straße №5',
  '東京、2024年',
  'a\u200bb',
  '𝐀𝐁 x 😀 y',
  'İstanbul',
  '\ud800lone',
  'x²³ ٣٤ 𝟙𝟚 in2019 2nd',
  'end\ud83d',
];

describe('word runs', () => {
  it('match the Unicode-property regexes they replace', () => {
    for (const s of SAMPLES) {
      expect(wordRuns(s)).toBe(s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
      expect(textRuns(s, 'words')).toEqual(s.match(/[\p{L}\p{N}]+/gu) ?? []);
      expect(textRuns(s, 'letters')).toEqual(s.match(/\p{L}+/gu) ?? []);
      expect(textRuns(s, 'letters', 2)).toEqual((s.match(/\p{L}+/gu) ?? []).slice(0, 2));
    }
  });

  it('measure a letter or digit in UTF-16 units', () => {
    expect(wordCharWidth('a', 0)).toBe(1);
    expect(wordCharWidth('𝐀', 0)).toBe(2);
    expect(wordCharWidth('😀', 0)).toBe(0);
    expect(wordCharWidth('-', 0)).toBe(0);
    expect(wordCharWidth('a', 1)).toBe(0);
  });
});
