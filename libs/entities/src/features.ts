/**
 * Token features fed to the tagger. Twin of training/ner/features.py: both must agree exactly,
 * or the model sees different inputs at inference than in training.
 */

/** Casing classes (index 0 is padding). */
export const Casing = {
  pad: 0,
  lower: 1,
  title: 2,
  upper: 3,
  mixed: 4,
  num: 5,
  hasDigit: 6,
  other: 7,
} as const;
export type Casing = (typeof Casing)[keyof typeof Casing];

/** Share of lettered tokens in ALL CAPS from which a sentence counts as an all-caps line. */
const ALL_CAPS_SENTENCE_SHARE = 0.6;

const DIGITS_ONLY = /^[0-9]+$/;
const DIGIT = /[0-9]/;
const DIGIT_GLOBAL = /[0-9]/g;

function isUpperChar(c: string): boolean {
  return c.toLowerCase() !== c;
}

function isLowerChar(c: string): boolean {
  return c.toUpperCase() !== c;
}

/** The casing class of one token. */
export function casingOf(word: string): Casing {
  if (DIGITS_ONLY.test(word)) return Casing.num;
  if (DIGIT.test(word)) return Casing.hasDigit;
  let ups = 0;
  let lows = 0;
  for (const c of word) {
    if (isUpperChar(c)) ups++;
    if (isLowerChar(c)) lows++;
  }
  if (ups === 0 && lows === 0) return Casing.other;
  if (ups === 0) return Casing.lower;
  if (lows === 0) return ups > 1 ? Casing.upper : Casing.title;
  const first = word.codePointAt(0);
  if (first !== undefined && isUpperChar(String.fromCodePoint(first)) && ups === 1) return Casing.title;
  return Casing.mixed;
}

/** Vocabulary lookup keys, in order: lowercase, then lowercase with every digit as 0. */
export function wordKeys(word: string): string[] {
  const lower = word.toLowerCase();
  const zeroed = lower.replace(DIGIT_GLOBAL, '0');
  return zeroed === lower ? [lower] : [lower, zeroed];
}

/** Characters the char CNN sees: long tokens keep their first and last 8. */
export function clipChars(word: string, maxChars: number): string[] {
  const chars = Array.from(word);
  return chars.length <= maxChars ? chars : [...chars.slice(0, maxChars / 2), ...chars.slice(-maxChars / 2)];
}

function isLettered(c: Casing): boolean {
  return c === Casing.lower || c === Casing.title || c === Casing.upper || c === Casing.mixed;
}

/** Whether a sentence reads as an ALL-CAPS line (a headline). */
export function isAllCapsSentence(words: readonly string[]): boolean {
  let lettered = 0;
  let caps = 0;
  for (const w of words) {
    const c = casingOf(w);
    if (!isLettered(c)) continue;
    lettered++;
    if (c === Casing.upper || (c === Casing.title && Array.from(w).length === 1)) caps++;
  }
  return lettered > 0 && caps / lettered >= ALL_CAPS_SENTENCE_SHARE;
}

/**
 * Document-level features per token: [the word appears capitalised elsewhere (not sentence-initial,
 * not in an all-caps line), the word appears in lowercase elsewhere, this sentence is all caps].
 */
export function documentFeatures(doc: readonly (readonly string[])[]): number[][][] {
  const capsLines = doc.map((s) => isAllCapsSentence(s));
  const capCount = new Map<string, number>();
  const lowCount = new Map<string, number>();
  const own: [number, number][][] = [];
  doc.forEach((sentence, si) => {
    const row: [number, number][] = [];
    sentence.forEach((w, i) => {
      const key = w.toLowerCase();
      const c = casingOf(w);
      const isCap =
        i > 0 && !capsLines[si] && (c === Casing.title || c === Casing.upper || c === Casing.mixed) ? 1 : 0;
      const isLow = c === Casing.lower ? 1 : 0;
      capCount.set(key, (capCount.get(key) ?? 0) + isCap);
      lowCount.set(key, (lowCount.get(key) ?? 0) + isLow);
      row.push([isCap, isLow]);
    });
    own.push(row);
  });
  return doc.map((sentence, si) =>
    sentence.map((w, i) => {
      const key = w.toLowerCase();
      const [isCap, isLow] = own[si]?.[i] ?? [0, 0];
      return [
        (capCount.get(key) ?? 0) - isCap > 0 ? 1 : 0,
        (lowCount.get(key) ?? 0) - isLow > 0 ? 1 : 0,
        capsLines[si] ? 1 : 0,
      ];
    }),
  );
}

/** Name lists of a model (`ner.json` `gazetteer`): one per-token flag per list, after the document features. */
export interface Gazetteer {
  readonly types: readonly string[];
  readonly maxPhraseTokens: number;
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

/** Lowercased phrase → bit mask of the lists (in `types` order) that hold it. */
export function gazetteerIndex(gazetteer: Gazetteer): Map<string, number> {
  const index = new Map<string, number>();
  gazetteer.types.forEach((type, bit) => {
    for (const phrase of gazetteer.lists[type] ?? [])
      index.set(phrase, (index.get(phrase) ?? 0) | (1 << bit));
  });
  return index;
}

/**
 * Per token, one flag per list: the token is inside an n-gram (n ≤ `maxPhraseTokens`, lowercased,
 * joined by one space) that the list holds. At most `maxPhraseTokens` lookups per token.
 */
export function gazetteerFeatures(
  words: readonly string[],
  index: ReadonlyMap<string, number>,
  types: number,
  maxPhraseTokens: number,
): number[][] {
  const lower = words.map((w) => w.toLowerCase());
  const masks = new Array<number>(words.length).fill(0);
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let j = i; j < Math.min(i + maxPhraseTokens, words.length); j++) {
      phrase = j === i ? (lower[j] ?? '') : `${phrase} ${lower[j] ?? ''}`;
      const m = index.get(phrase) ?? 0;
      if (m !== 0) for (let k = i; k <= j; k++) masks[k] = (masks[k] ?? 0) | m;
    }
  }
  return masks.map((m) => Array.from({ length: types }, (_, b) => (m >> b) & 1));
}
