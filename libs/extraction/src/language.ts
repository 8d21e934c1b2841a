import { textRuns } from './word-chars.js';

/**
 * Tiny stop-word language detector: counts the commonest function words of each language in the text.
 * Good enough to check or replace a page's `lang` attribute; not meant for short snippets.
 */
const STOP_WORDS: Readonly<Record<string, string>> = {
  en: 'the of and to in is that for it with as was on be by this are from at have not has but they which',
  de: 'der die und den das ist nicht ein eine mit von zu sich auf für dem des im auch es sie wird werden',
  fr: 'le la les et des est une que pour dans du pas qui sur au avec il par plus ce sont été aux',
  es: 'el la los las y de que en un una por con para es se del al lo como más pero sus fue este',
  it: 'il la di che e è per un una non sono della del con si le gli nel alla anche come più questo',
  pt: 'o a os as de que e do da em um uma para com não por se mais na no dos das foi ao',
  nl: 'de het een en van is dat op te in zijn voor met niet die aan er ook als maar bij',
  sv: 'och att det som en på är av för med till den har inte om ett var jag men från',
  da: 'og at det som en på er af for med til den har ikke om et var jeg men fra',
  no: 'og at det som en på er av for med til den har ikke om et var jeg men fra',
  pl: 'i w na z do że się nie to jest o jak po co ale przez dla od jego',
  ru: 'и в не на что с по как это он к из за от но для его о то так же',
  uk: 'і в не на що з до як це та за від але для його про й у ми',
  tr: 've bir bu da de için ile olarak daha çok gibi olan en ne ama sonra kadar',
  id: 'dan yang di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh',
  ro: 'și în de la cu pe că nu o un din care este mai pentru sau să',
  cs: 'a v se na je že to s z do o jako ale by pro jsou po',
};

/** word → languages that list it: one lookup per word instead of one per language. */
const WORD_LANGS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [lang, words] of Object.entries(STOP_WORDS)) {
    for (const w of words.split(' ')) {
      const list = m.get(w);
      if (list) list.push(lang);
      else m.set(w, [lang]);
    }
  }
  return m;
})();

/** Below this many stop-word hits the text is too short or not in a listed language. */
const MIN_HITS = 5;
/** The winner must beat the runner-up by this factor (da/no and es/pt share many words). */
const MIN_MARGIN = 1.2;
/** Words looked at: the first few hundred settle the question. */
const MAX_WORDS = 400;
/**
 * Running prose has at least this many lower-case words in the sample; lists, tables and box scores are
 * mostly names, labels and numbers (an English parts index: 55 of 400 words; a box score: 72 of 227).
 */
const MIN_PROSE_LOWER_WORDS = 100;
/**
 * Prose in a listed language has its stop words among at least 5 % of its lower-case words: over the
 * 1 100 development pages the lowest are Turkish, which glues its function words onto others (6.8 %), and
 * English (9.1 %). isiZulu prose has 1.3–1.4 % (accidental "a", "no", "na"): under this share the text is in
 * a language the list does not hold, and naming the nearest listed one would be a guess.
 */
const MAX_UNLISTED_STOP_WORD_SHARE = 0.03;

export interface DetectedLanguage {
  readonly language: string;
  /** 0–1. */
  readonly confidence: number;
}

/** Languages told by their script alone. */
const SCRIPT_LANGUAGES: ReadonlySet<string> = new Set(['ja', 'ko', 'zh', 'ar', 'he', 'el', 'th', 'hi']);

function scriptLanguage(text: string): string | undefined {
  const sample = text.slice(0, 2000);
  // Latin-script text (the common case) has no characters the checks below look for.
  if (!/[^\u0000-\u024f\u2000-\u206f]/.test(sample)) return undefined;
  const count = (re: RegExp): number => sample.match(re)?.length ?? 0;
  const letters = count(/\p{L}/gu) || 1;
  if (count(/[\u3040-\u30ff]/g) / letters > 0.05) return 'ja';
  if (count(/[\uac00-\ud7af]/g) / letters > 0.2) return 'ko';
  if (count(/[\u4e00-\u9fff]/g) / letters > 0.3) return 'zh';
  if (count(/[\u0600-\u06ff]/g) / letters > 0.3) return 'ar';
  if (count(/[\u0590-\u05ff]/g) / letters > 0.3) return 'he';
  if (count(/[\u0370-\u03ff]/g) / letters > 0.3) return 'el';
  if (count(/[\u0e00-\u0e7f]/g) / letters > 0.3) return 'th';
  if (count(/[\u0900-\u097f]/g) / letters > 0.3) return 'hi';
  return undefined;
}

/**
 * What the text says about its language: a listed language (stop words or script), `unlisted` for
 * running prose whose words are almost never a listed language's stop words, or undefined when there is
 * too little text to tell.
 */
export type LanguageEvidence = DetectedLanguage | { readonly unlisted: true };

export function languageEvidence(text: string): LanguageEvidence | undefined {
  const script = scriptLanguage(text);
  if (script) return { language: script, confidence: 0.9 };
  const words = textRuns(text.slice(0, MAX_WORDS * 12), 'letters', MAX_WORDS);
  if (words.length === 0) return undefined;
  const hits = new Map<string, number>();
  let lowerWords = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    // Starts with a lower-case letter (caseless scripts have no lower case: never counted).
    if (word[0] === lower[0] && lower[0] !== word[0]!.toUpperCase()) lowerWords++;
    const langs = WORD_LANGS.get(lower);
    if (langs) for (const lang of langs) hits.set(lang, (hits.get(lang) ?? 0) + 1);
  }
  const ranked = [...hits].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (lowerWords >= MIN_PROSE_LOWER_WORDS && (best?.[1] ?? 0) < MAX_UNLISTED_STOP_WORD_SHARE * lowerWords)
    return { unlisted: true };
  if (!best || best[1] < MIN_HITS) return undefined;
  if (second && best[1] < second[1] * MIN_MARGIN) return { language: best[0], confidence: 0.4 };
  return { language: best[0], confidence: Math.min(0.95, 0.5 + best[1] / words.length) };
}

/** The text's language when it is one the detector lists; undefined when unsure or not listed. */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  const evidence = languageEvidence(text);
  return evidence && 'language' in evidence ? evidence : undefined;
}

/** Whether the detector lists a language (a declared `zu` or `fi` cannot be checked against the text). */
export function isListedLanguage(language: string): boolean {
  return language in STOP_WORDS || SCRIPT_LANGUAGES.has(language);
}

/** Normalises a `lang` attribute (`en-US` → `en`). */
export function normalizeLangAttr(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = /^([a-z]{2,3})(?:[-_].*)?$/i.exec(raw.trim());
  return m?.[1]?.toLowerCase();
}
