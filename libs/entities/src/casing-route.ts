/**
 * Which of a model folder's two taggers reads a sentence. The cased model learned capitals as the
 * mark of a name, so on a sentence without them (lowercased text) it finds almost nothing, and on an
 * ALL-CAPS page it loses 12 F1; the case-robust model (trained with lowercased and ALL-CAPS copies)
 * reads those but is a little worse on ordinary cased text. Measured on eng.testa dev-sel in
 * docs/entities.md ("Casing router").
 */

/** Cased letters a one-case sentence needs before it is routed: "IBM" alone may be an acronym line. */
export const CASELESS_MIN_LETTERS = 4;

export type CasingRoute = 'cased' | 'caseRobust';

/**
 * `caseRobust` when a sentence has no lowercase letters (ALL CAPS) or no uppercase letters, and at
 * least {@link CASELESS_MIN_LETTERS} letters of the other case; `cased` otherwise (mixed case, or too
 * few cased letters to tell: numbers, punctuation, scripts without case).
 */
export function casingRoute(words: readonly string[]): CasingRoute {
  let upper = 0;
  let lower = 0;
  for (const word of words) {
    for (const c of word) {
      if (c.toLowerCase() !== c) upper++;
      else if (c.toUpperCase() !== c) lower++;
    }
    if (upper > 0 && lower > 0) return 'cased';
  }
  return upper + lower >= CASELESS_MIN_LETTERS ? 'caseRobust' : 'cased';
}
