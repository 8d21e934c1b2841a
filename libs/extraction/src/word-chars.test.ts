import { describe, expect, it } from 'vitest';
import { SENTENCE_END_RE, textRuns, wordCharWidth, wordRuns } from './word-chars.js';

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
  'दैनिक भास्कर में',
  '\u0301é a\u0301b 𑀓𑀸',
];

describe('word runs', () => {
  it('match the Unicode-property regexes they replace', () => {
    for (const s of SAMPLES) {
      const words = s.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
      const letters = s.match(/\p{L}[\p{L}\p{M}]*/gu) ?? [];
      expect(wordRuns(s)).toBe(words.join(' '));
      expect(textRuns(s, 'words')).toEqual(words);
      expect(textRuns(s, 'letters')).toEqual(letters);
      expect(textRuns(s, 'letters', 2)).toEqual(letters.slice(0, 2));
    }
  });

  it('keep the vowel signs of Hindi inside their words', () => {
    expect(textRuns('दैनिक भास्कर', 'words')).toEqual(['दैनिक', 'भास्कर']);
  });

  it('measure a letter or digit in UTF-16 units', () => {
    expect(wordCharWidth('a', 0)).toBe(1);
    expect(wordCharWidth('𝐀', 0)).toBe(2);
    expect(wordCharWidth('😀', 0)).toBe(0);
    expect(wordCharWidth('-', 0)).toBe(0);
    expect(wordCharWidth('a', 1)).toBe(0);
    expect(wordCharWidth('\u0301', 0)).toBe(0);
    expect(wordCharWidth('\u0301', 0, true)).toBe(1);
  });
});

describe('sentence end', () => {
  it('is a stop of any script, then any closing quotes or brackets', () => {
    for (const t of [
      'It rained.',
      'Really?',
      '“It rained,” she said. “Then it stopped.”',
      "He called it 'the end.'",
      'Il a dit « non ».',
      '(See below.)',
      '[Updated.]',
      'He said: "It is over.")',
      '雨が降った。」',
      'बारिश हुई।',
    ])
      expect(SENTENCE_END_RE.test(t), t).toBe(true);
  });

  it('may close with German „…“ and ‚…‘ quotes and single guillemets ‹…› / ›…‹', () => {
    for (const t of [
      'Er sagte: „Wir kommen morgen.“',
      'Sie fragte: ‚Warum nicht?‘',
      'Sie sagte: ‹Nein.›',
      'Er nannte es ›das Ende.‹',
      'Er schrieb: »Es ist vorbei.«',
      'Er sagte: „Das war ‚genug.‘“',
    ])
      expect(SENTENCE_END_RE.test(t), t).toBe(true);
  });

  it('is no stop mid-line nor a closer alone', () => {
    for (const t of ['Mr. Smith goes', 'The “best” of 2024', '(Reuters)', 'Read more »', 'Title: ']) {
      expect(SENTENCE_END_RE.test(t), t).toBe(false);
    }
  });
});
