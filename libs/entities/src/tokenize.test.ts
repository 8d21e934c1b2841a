import { describe, expect, it } from 'vitest';
import { foldPunctuation, tokenize } from './tokenize.js';

const forms = (text: string): string[][] => tokenize(text).map((s) => s.tokens.map((t) => t.form));

describe('tokenize', () => {
  it('gives offsets that slice back to each token', () => {
    const text =
      'In an opening meeting, Sergey Lavrov clarified Russia’s ‘consistent’ position…\nNext line “quoted”.';
    for (const s of tokenize(text)) for (const t of s.tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('splits possessives and folds typographic quotes the way CoNLL tokens look', () => {
    expect(forms('Russia’s ‘consistent’ position')).toEqual([
      ['Russia', "'s", "'", 'consistent', "'", 'position'],
    ]);
    expect(forms('“We don’t,” he said.')).toEqual([['"', 'We', 'do', "n't", ',', '"', 'he', 'said', '.']]);
  });

  it('keeps acronyms, abbreviations, numbers and hyphenated words whole', () => {
    expect(forms('The U.S. and Mr. Smith paid $1,000.50 to Anglo-Dutch AT&T on 1996-08-22.')).toEqual([
      [
        'The',
        'U.S.',
        'and',
        'Mr.',
        'Smith',
        'paid',
        '$',
        '1,000.50',
        'to',
        'Anglo-Dutch',
        'AT&T',
        'on',
        '1996-08-22',
        '.',
      ],
    ]);
  });

  it('ends sentences at line breaks and at a period before a capital', () => {
    const s = tokenize('TITLE IN CAPS\nFirst one. Second one. 3 more.\n\nLast');
    expect(s.map((x) => x.tokens.map((t) => t.text).join(' '))).toEqual([
      'TITLE IN CAPS',
      'First one .',
      'Second one .',
      '3 more .',
      'Last',
    ]);
    expect(s.map((x) => x.line)).toEqual([0, 1, 1, 1, 3]);
  });

  it('reads a 100 kB run of e-mail or acronym characters in linear time: no rescan to its end per token', () => {
    const underscores = 'a_'.repeat(50_000);
    const dotted = `${'a.'.repeat(50_000)}ab`;
    const started = process.cpuUsage();
    const first = tokenize(underscores);
    const second = tokenize(dotted);
    const cpu = process.cpuUsage(started);
    expect(first.reduce((n, s) => n + s.tokens.length, 0)).toBe(100_000);
    for (const s of second) for (const t of s.tokens) expect(dotted.slice(t.start, t.end)).toBe(t.text);
    expect(forms('Mail j.doe@news.example or the U.S.S.R. desk.')).toEqual([
      ['Mail', 'j.doe@news.example', 'or', 'the', 'U.S.S.R.', 'desk', '.'],
    ]);
    // Rescanned from each token, these took 12 s and 19 s of CPU; bounded, well under 0.5 s (bound generous for a busy machine).
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
  });

  it('bounds work: maxTokens stops tokenising and long sentences are split', () => {
    const text = 'word '.repeat(1000);
    const capped = tokenize(text, { maxTokens: 50 });
    expect(capped.reduce((n, s) => n + s.tokens.length, 0)).toBe(50);
    const split = tokenize(text, { maxSentenceTokens: 100 });
    expect(split.every((s) => s.tokens.length <= 100)).toBe(true);
    expect(split.reduce((n, s) => n + s.tokens.length, 0)).toBe(1000);
  });

  it('folds typographic punctuation to ASCII', () => {
    expect(foldPunctuation('‘a’ “b” – c — d…')).toBe('\'a\' "b" - c - d...');
  });
});
