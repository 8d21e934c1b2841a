import { describe, expect, it } from 'vitest';
import { chunksOf } from './chunks.js';

describe('chunksOf', () => {
  it('reads IOB1 like conlleval (I after O starts a chunk, B only between touching chunks)', () => {
    expect(chunksOf(['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-ORG'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
      { start: 5, end: 6, type: 'ORG' },
    ]);
  });

  it('reads IOB2 and BIOES to the same chunks', () => {
    const iob2 = chunksOf(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC']);
    const bioes = chunksOf(['B-PER', 'E-PER', 'O', 'S-LOC', 'S-LOC']);
    expect(bioes).toEqual(iob2);
    expect(iob2).toHaveLength(3);
  });
});
