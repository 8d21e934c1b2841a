import { describe, expect, it } from 'vitest';
import { countWords } from './blocks.js';

describe('countWords', () => {
  it('joins words across one apostrophe or hyphen', () => {
    expect(countWords("don't e-mail l’été 𝐀𝐁")).toBe(4);
  });

  it('counts each Han or kana character as a word, as CJK text has no spaces between words', () => {
    expect(countWords('東京都で会見')).toBe(6);
    expect(countWords('東京 𠮷野家 iPhone 15')).toBe(7);
    // Hangul is written with spaces: counted by runs like Latin text.
    expect(countWords('박지훈 기자')).toBe(2);
  });
});
