import { describe, expect, it } from 'vitest';
import { countWords, wordRuns } from './blocks.js';

describe('wordRuns', () => {
  it('matches the Unicode-property regex it replaces', () => {
    const samples = ['', '  ', '—', ' Hello,  World! ', 'l’été — déjà vu', 'Straße №5', '東京、2024年', 'a\u200bb', '𝐀𝐁 x 😀 y', 'İstanbul', '\ud800lone'];
    for (const s of samples) expect(wordRuns(s)).toBe(s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
  });
});

describe('countWords', () => {
  it('joins words across one apostrophe or hyphen', () => {
    expect(countWords("don't e-mail l’été 東京 𝐀𝐁")).toBe(5);
  });
});
