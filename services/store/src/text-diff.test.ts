import { describe, expect, it } from 'vitest';
import { diffText } from './text-diff.js';
import { OTHER_TEXT, SAMPLE_TEXT } from './testing/sample-article.js';

/** Seeded xorshift32, so the property test below repeats exactly (its seed is printed). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('diffText', () => {
  it('finds nothing between texts that differ only in whitespace', () => {
    expect(diffText('a  b\n\nc', 'a b c')).toEqual({
      wordsAdded: 0,
      wordsRemoved: 0,
      passageCount: 0,
      passages: [],
      aligned: true,
    });
  });

  it('reports a replaced word with the words before it as context', () => {
    const changes = diffText(
      'Emergency crews evacuated more than four hundred residents from low-lying streets',
      'Emergency crews evacuated more than five hundred residents from low-lying streets',
    );
    expect(changes).toEqual({
      wordsAdded: 1,
      wordsRemoved: 1,
      passageCount: 1,
      passages: [{ at: 5, context: 'Emergency crews evacuated more than', removed: 'four', added: 'five' }],
      aligned: true,
    });
  });

  it('joins edits a word or two apart into one passage and keeps separate ones apart', () => {
    const before = 'one two three four five six seven eight nine ten eleven twelve';
    const after = 'one TWO three FOUR five six seven eight nine TEN eleven twelve';
    const changes = diffText(before, after, { contextWords: 1 });
    expect(changes.passageCount).toBe(2);
    expect(changes.passages).toEqual([
      { at: 1, context: 'one', removed: 'two three four', added: 'TWO three FOUR' },
      { at: 9, context: 'nine', removed: 'ten', added: 'TEN' },
    ]);
    expect(changes).toMatchObject({ wordsAdded: 3, wordsRemoved: 3 });
  });

  it('counts a paragraph added at the end and one removed at the start', () => {
    const added = diffText(SAMPLE_TEXT, `${SAMPLE_TEXT}\n\nThe story was updated at noon.`);
    expect(added).toMatchObject({ wordsAdded: 6, wordsRemoved: 0, passageCount: 1 });
    expect(added.passages[0]).toMatchObject({ removed: '', added: 'The story was updated at noon.' });
    const [first, ...rest] = SAMPLE_TEXT.split('\n\n');
    const removed = diffText(SAMPLE_TEXT, rest.join('\n\n'));
    expect(removed).toMatchObject({ wordsAdded: 0, wordsRemoved: first!.split(' ').length, passageCount: 1 });
    expect(removed.passages[0]).toMatchObject({ at: 0, context: '', added: '' });
  });

  it('keeps the first passages only, and cuts long ones', () => {
    const before = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const after = before.replace(/w(\d*[05])\b/g, 'X$1');
    const changes = diffText(before, after, { maxPassages: 2 });
    expect(changes.passageCount).toBe(8);
    expect(changes.passages.map((p) => p.removed)).toEqual(['w0', 'w5']);
    const long = diffText('a b', `a ${'word '.repeat(200)}b`, { maxPassageChars: 20 });
    expect(long.passages[0]!.added).toBe('word word word word…');
    expect(long.passages[0]!.added.length).toBe(20);
  });

  it('falls back to comparing bags of words when the edit is past the bound, and says so', () => {
    const changes = diffText(SAMPLE_TEXT, OTHER_TEXT, { maxEditWords: 50 });
    expect(changes.aligned).toBe(false);
    expect(changes.passageCount).toBe(1);
    expect(changes.passages[0]!.at).toBe(0);
    // Both stories share words ("the", "and", …): a bag difference counts fewer than every word.
    expect(changes.wordsRemoved).toBeGreaterThan(100);
    expect(changes.wordsRemoved).toBeLessThan(SAMPLE_TEXT.split(/\s+/).length);
    // The same texts within the bound are aligned, and the alignment's counts are the minimal edit.
    const aligned = diffText(SAMPLE_TEXT, OTHER_TEXT);
    expect(aligned.aligned).toBe(true);
    expect(aligned.wordsAdded - aligned.wordsRemoved).toBe(
      OTHER_TEXT.split(/\s+/).length - SAMPLE_TEXT.split(/\s+/).length,
    );
  });

  it('bounds its work on hostile texts: a long alternating text against its shift is not aligned', () => {
    const a = 'a b '.repeat(200_000);
    const b = `b ${a}`.replace(/ a b $/, ' x');
    const changes = diffText(a, b, { maxSteps: 100_000 });
    expect(changes.aligned).toBe(false);
    expect(changes.passages[0]!.removed.length).toBeLessThanOrEqual(240);
  });

  it('rebuilds the later text from the earlier one and its passages (property, seeded)', () => {
    const seed = Number(process.env.DIFF_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`[text-diff property] seed ${seed} (DIFF_SEED=${seed} repeats it)\n`);
    const next = random(seed);
    const vocabulary = ['the', 'river', 'rose', 'and', 'crews', 'left', 'at', 'dawn'];
    const pick = () => vocabulary[Math.floor(next() * vocabulary.length)]!;
    for (let round = 0; round < 200; round += 1) {
      const a = Array.from({ length: Math.floor(next() * 30) }, pick);
      const b = a.flatMap((w) => {
        const r = next();
        if (r < 0.1) return [];
        if (r < 0.2) return [w, pick()];
        if (r < 0.3) return [pick()];
        return [w];
      });
      const changes = diffText(a.join(' '), b.join(' '), { maxPassages: 1000, maxPassageChars: 10_000 });
      expect(changes.aligned, `seed ${seed} round ${round}`).toBe(true);
      // Apply the passages to `a` from the last to the first: the result must be `b`.
      const rebuilt = [...a];
      for (const p of [...changes.passages].reverse()) {
        const removed = p.removed === '' ? [] : p.removed.split(' ');
        rebuilt.splice(p.at, removed.length, ...(p.added === '' ? [] : p.added.split(' ')));
        expect(a.slice(p.at, p.at + removed.length), `seed ${seed} round ${round}`).toEqual(removed);
      }
      expect(rebuilt, `seed ${seed} round ${round}`).toEqual(b);
      expect(b.length - a.length).toBe(changes.wordsAdded - changes.wordsRemoved);
    }
  });
});
