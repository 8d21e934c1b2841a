import { NewsflowError } from '@newsflow/errors';
import { sha256Hex } from './ids.js';

/**
 * Near-duplicate fingerprints of article text: an exact `contentHash` of the normalised text and a 64-bit
 * simhash (Charikar 2002) over word shingles, with band keys for a bucket lookup in a database.
 */

/** Words per shingle. Three keeps word order in play without making one edited word change too many shingles. */
export const SHINGLE_WORDS = 3;

/** Bits in a simhash. */
export const SIMHASH_BITS = 64;

/**
 * Bands the simhash is cut into for the bucket lookup. With 4 bands of 16 bits, two hashes within Hamming
 * distance 3 differ in at most 3 bands, so by the pigeonhole principle they share at least one band exactly.
 */
export const SIMHASH_BANDS = 4;

/**
 * Largest Hamming distance still counted as a near-duplicate. 3 of 64 bits is the threshold Manku, Jain and
 * Das Sarma ("Detecting near-duplicates for web crawling", WWW 2007) found to work for web pages; it must stay
 * below SIMHASH_BANDS for the band lookup to find every match.
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 3;

/**
 * Lower-cases, applies NFKC, folds typographic quotes and dashes, drops punctuation and collapses whitespace,
 * so copies that differ only in formatting (re-wrapped lines, curly quotes, extra blank lines) hash alike.
 */
export function normalizeTextForHash(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of `text` after normalisation. */
export function hashWords(text: string): string[] {
  const normalized = normalizeTextForHash(text);
  return normalized.length === 0 ? [] : normalized.split(' ');
}

/** Hex SHA-256 of the normalised text: equal for copies that differ only in case, punctuation or spacing. */
export function contentHashOf(text: string): string {
  return sha256Hex(normalizeTextForHash(text));
}

/** The word shingles of `words` (one shingle of all words when there are fewer than `size`). */
export function shingles(words: readonly string[], size = SHINGLE_WORDS): string[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i += 1) out.push(words.slice(i, i + size).join(' '));
  return out;
}

export interface Simhash {
  /** 64-bit fingerprint as 16 lower-case hex digits. */
  readonly hex: string;
  /** Shingles it was computed from; a fingerprint of very few shingles says little. */
  readonly shingleCount: number;
}

/**
 * Words the simhash reads at most. News articles run to a few thousand words; the cap bounds the cost of a
 * pathological multi-megabyte "article" (about 1 s per million words) without changing real fingerprints.
 */
export const MAX_SIMHASH_WORDS = 50_000;

/**
 * Two independent 32-bit hashes of `text` (MurmurHash3's mixing over UTF-16 code units, two seeds): the 64
 * bits a shingle votes with. Not cryptographic, which a simhash does not need; an MD5 per shingle through
 * node:crypto was the store's largest CPU cost (a `createHash` object per shingle).
 */
function hash64(text: string): [number, number] {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h1 ^= k;
    h1 = Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64;
    h2 ^= Math.imul(k, 0x85ebca6b) ^ (k >>> 13);
    h2 = Math.imul((h2 << 17) | (h2 >>> 15), 9) + 0x38b34ae5;
  }
  return [fmix32(h1 ^ text.length), fmix32(h2 ^ Math.imul(text.length, 0x27d4eb2f))];
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 64-bit simhash of already-normalised `words` over shingles: each distinct shingle's 64-bit hash votes
 * +1/-1 on every bit; the sign of each total gives the bit. Repeated shingles vote once, so padding (a
 * repeated footer) does not drown the content.
 */
export function simhashOfWords(words: readonly string[], shingleWords = SHINGLE_WORDS): Simhash {
  const unique = new Set(
    shingles(words.length > MAX_SIMHASH_WORDS ? words.slice(0, MAX_SIMHASH_WORDS) : words, shingleWords),
  );
  const votes = new Int32Array(SIMHASH_BITS);
  for (const shingle of unique) {
    const [high, low] = hash64(shingle);
    for (let bit = 0; bit < 32; bit += 1) {
      votes[bit] = (votes[bit] ?? 0) + (((high >>> (31 - bit)) & 1) === 1 ? 1 : -1);
      votes[bit + 32] = (votes[bit + 32] ?? 0) + (((low >>> (31 - bit)) & 1) === 1 ? 1 : -1);
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if ((votes[bit] ?? 0) > 0) high |= 1 << (31 - bit);
    if ((votes[bit + 32] ?? 0) > 0) low |= 1 << (31 - bit);
  }
  const hex = (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
  return { hex, shingleCount: unique.size };
}

/** 64-bit simhash of `text` (normalised, word 3-shingles, first MAX_SIMHASH_WORDS words). */
export function simhashOf(text: string, shingleWords = SHINGLE_WORDS): Simhash {
  return simhashOfWords(hashWords(text), shingleWords);
}

/** Everything the store fingerprints a text by, normalising it once. */
export interface TextFingerprint {
  /** SHA-256 of the whole normalised text. */
  readonly contentHash: string;
  /** 64-bit simhash, 16 hex digits. */
  readonly simhash: string;
  /** Words after normalisation. */
  readonly wordCount: number;
  readonly shingleCount: number;
}

/** Content hash, simhash and word count of `text` in one pass of normalisation. */
export function fingerprintText(text: string): TextFingerprint {
  const normalized = normalizeTextForHash(text);
  const words = normalized.length === 0 ? [] : normalized.split(' ');
  const simhash = simhashOfWords(words);
  return {
    contentHash: sha256Hex(normalized),
    simhash: simhash.hex,
    wordCount: words.length,
    shingleCount: simhash.shingleCount,
  };
}

/** A 16-hex-digit simhash, or throws a typed error. */
function checkHex(hex: string): string {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new SimhashFormatError(hex);
  return hex;
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-digit simhashes. @throws SimhashFormatError */
export function hammingDistance(a: string, b: string): number {
  const x = checkHex(a);
  const y = checkHex(b);
  const high = (Number.parseInt(x.slice(0, 8), 16) ^ Number.parseInt(y.slice(0, 8), 16)) >>> 0;
  const low = (Number.parseInt(x.slice(8), 16) ^ Number.parseInt(y.slice(8), 16)) >>> 0;
  return popcount32(high) + popcount32(low);
}

/**
 * Band keys of a simhash for a bucket lookup: `"<band>:<4 hex digits>"`, one per 16-bit band. Two hashes
 * within NEAR_DUPLICATE_MAX_DISTANCE share at least one key. @throws SimhashFormatError
 */
export function simhashBands(hex: string): string[] {
  const checked = checkHex(hex);
  const width = SIMHASH_BITS / 4 / SIMHASH_BANDS;
  return Array.from(
    { length: SIMHASH_BANDS },
    (_, band) => `${band}:${checked.slice(band * width, (band + 1) * width)}`,
  );
}

/** True when two simhashes are within `maxDistance` bits. */
export function isNearDuplicate(a: string, b: string, maxDistance = NEAR_DUPLICATE_MAX_DISTANCE): boolean {
  return hammingDistance(a, b) <= maxDistance;
}

/** A simhash string is not 16 hex digits. Permanent: the same string never becomes valid. */
export class SimhashFormatError extends NewsflowError {
  override readonly name = 'SimhashFormatError';
  declare readonly code: 'SIMHASH_FORMAT';
  readonly value: string;
  constructor(value: string) {
    super('SIMHASH_FORMAT', `not a 64-bit hex simhash: ${JSON.stringify(value.slice(0, 40))}`, {
      retriable: false,
    });
    this.value = value;
  }
}
