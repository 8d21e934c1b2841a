import { describe, expect, it } from 'vitest';
import { countWords } from './blocks.js';

describe('countWords', () => {
  it('joins words across one apostrophe or hyphen', () => {
    expect(countWords("don't e-mail l’été 東京 𝐀𝐁")).toBe(5);
  });
});
