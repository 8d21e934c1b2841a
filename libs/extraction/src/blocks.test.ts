import { describe, expect, it } from 'vitest';
import { countWords } from './blocks.js';

describe('countWords', () => {
  it('joins words across one apostrophe or hyphen', () => {
    expect(countWords("don't e-mail l’été 𝐀𝐁")).toBe(4);
  });

  it('keeps a combining mark inside its word (Hindi vowel signs)', () => {
    expect(countWords('दैनिक भास्कर में आज')).toBe(4);
  });

  it('counts each Han or kana character as a word, as CJK text has no spaces between words', () => {
    expect(countWords('東京都で会見')).toBe(6);
    expect(countWords('東京 𠮷野家 iPhone 15')).toBe(7);
    // Hangul is written with spaces: counted by runs like Latin text.
    expect(countWords('박지훈 기자')).toBe(2);
  });

  it('counts the dictionary words of Thai, Lao, Khmer and Burmese, written without spaces between words', () => {
    // กรุงเทพมหานคร|เป็น|เมือง|หลวง|ของ|ประเทศไทย: vowel marks split letter runs, so runs miscount (4).
    expect(countWords('กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย')).toBe(6);
    expect(countWords('ພາສາລາວເປັນພາສາທາງການ')).toBe(5);
    expect(countWords('ភាសាខ្មែរជាភាសាផ្លូវការ')).toBe(3);
    expect(countWords('မြန်မာဘာသာစကားသည်')).toBe(3);
    expect(countWords('ใช้ iPhone 15 ในกรุงเทพ')).toBe(5);
  });

  it('give a long run without spaces to the word breaker in pieces, within a word or so of the whole count', () => {
    // 6 words in 38 characters, 3 800 characters: four pieces; the breaker may read a few letters before a
    // cut differently (600 in one piece).
    const words = countWords('กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย'.repeat(100));
    expect(words).toBeGreaterThanOrEqual(597);
    expect(words).toBeLessThanOrEqual(606);
  });
});
