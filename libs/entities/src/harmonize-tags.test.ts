import { describe, expect, it } from 'vitest';
import { harmonizeTags } from './harmonize-tags.js';

describe('harmonizeTags', () => {
  const doc = [
    ['Lavrov', 'met', 'Tillerson', '.'],
    ['Lavrov', 'said', 'so', '.'],
    ['Lavrov', 'left', '.'],
  ];
  const tags = [
    ['S-PER', 'O', 'S-PER', 'O'],
    ['S-ORG', 'O', 'O', 'O'],
    ['O', 'O', 'O'],
  ];

  it('gives a repeated name its majority type and tags its untagged repeats', () => {
    const out = harmonizeTags(doc, tags);
    expect(out[0]).toEqual(['B-PER', 'O', 'B-PER', 'O']);
    expect(out[2]).toEqual(['B-PER', 'O', 'O']);
  });

  it('leaves tags alone with both rules off', () => {
    const out = harmonizeTags(doc, tags, { relabel: false, propagate: false });
    expect(out[1]).toEqual(['B-ORG', 'O', 'O', 'O']);
    expect(out[2]).toEqual(['O', 'O', 'O']);
  });
});
