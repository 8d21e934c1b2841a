import { textRuns } from './word-chars.js';

/**
 * Stop-word language detector: counts the commonest function words of each language in the text.
 * Good enough to check or replace a page's `lang` attribute; not meant for short snippets.
 *
 * Close relatives are listed together so that neither is named for the other: a language missing from
 * the table is otherwise taken for its nearest listed relative (Galician for Portuguese, Afrikaans for
 * Dutch, Slovak for Czech, Catalan for Spanish, Bulgarian for Russian). Lists hold the commonest words of
 * running news prose, including the words that tell relatives apart (Croatian `prije`/`gdje`, Serbian
 * `pre`/`gde`; Malay `bahawa`/`kerana`, Indonesian `bahwa`/`karena`). Serbian holds its Latin and
 * Cyrillic spellings.
 */
const STOP_WORDS: Readonly<Record<string, string>> = {
  en: 'the of and to in is that for it with as was on be by this are from at have not has but they which',
  de: 'der die und den das ist nicht ein eine mit von zu sich auf für dem des im auch es sie wird werden',
  fr: 'le la les et des est une que pour dans du pas qui sur au avec il par plus ce sont été aux',
  es: 'el la los las y de que en un una por con para es se del al lo como más pero sus fue este',
  it: 'il la di che e è per un una non sono della del con si le gli nel alla anche come più questo',
  pt: 'o a os as de que e do da em um uma para com não por se mais na no dos das foi ao também pelo pela são isso muito quando ainda',
  gl: 'o a os as de que e do da en un unha para con non por se máis na no dos das foi ao tamén polo pola son iso moito cando aínda',
  ca: 'el la els les i que per amb del al es va no més com però seu seva aquest també són ha hi molt',
  nl: 'de het een en van is dat op te in zijn voor met niet die aan er ook als maar bij',
  af: 'die en van in is het nie om te op wat vir met dat hy sy was word deur aan ook na sal maar',
  sv: 'och att det som en på är av för med till den har inte om ett var jag men från',
  da: 'og at det som en på er af for med til den har ikke om et var jeg men fra efter blev nogle hvad',
  no: 'og at det som en på er av for med til den har ikke om et var jeg men fra etter ble noen hva',
  is: 'og að í á sem er til með um var ekki það við af en hann hún frá eru þess sé hafa',
  pl: 'i w na z do że się nie to jest o jak po co ale przez dla od jego',
  cs: 'a v se na je že to s z do o jako ale by pro jsou po který která které byl také podle',
  sk: 'a v sa na je že to s z do o ako ale by pre sú po ktorý ktorá ktoré bol aj podľa zo',
  sl: 'je in v na se da za so z s pa ki ne bo bi tudi od pri po kot ali iz še že ter lahko',
  hr: 'je i u na se da za su od a s o koji kao što ali iz bio će do nije sa te prije poslije gdje tko također tijekom',
  sr:
    'je i u na se da za su od a s o koji kao što ali iz bio će do nije sa te pre posle gde ko takođe tokom ' +
    'и у на је да се за су од са као што али из био ће до није који која које пре после где такође током',
  hu: 'a az és hogy nem is egy meg de van volt már csak mint el ki be még azt ez után pedig szerint között vagy',
  fi: 'ja on ei se että oli ovat hän mutta kun myös jo tai kuin mukaan vain nyt sen ole olla jotka joka tämä kanssa',
  et: 'ja on ei et see oli ka ta mis aga kui ning siis nii ole või seda oma pärast üle kes mida veel tema juba',
  lt: 'ir kad yra buvo su į iš o bet tai jis ji nuo per apie dėl kaip jo jos taip pat bus jau',
  lv: 'un ir ka ar no uz par kas bet arī tas to lai pēc kā vai bija tika viņš viņa savu jau',
  ru: 'и в не на что с по как это он к из за от но для его о то так же',
  uk: 'і в не на що з до як це та за від але для його про й у ми',
  be: 'і ў на з што не да як гэта па для ад але яго у ён была быў таксама калі',
  bg: 'и на в за да от се по че с са е не като това до които който след но още има беше ще',
  mk: 'и на во за да од се по што со е не како ова до кои кој но уште има беше ќе ги',
  tr: 've bir bu da de için ile olarak daha çok gibi olan en ne ama sonra kadar',
  id: 'dan yang di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh bahwa karena sudah setelah saja bisa',
  ms: 'dan yang di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh bahawa kerana boleh iaitu selepas semasa sahaja',
  tl: 'ang ng sa na mga at ay si ni para kay hindi ito niya nila may kung pero dahil siya noong',
  vi: 'của và các là có được trong cho với những một không đã này người để khi đến từ theo cũng như tại về sẽ',
  sw: 'na ya wa kwa ni katika za la kuwa hiyo huo ambao pia lakini kama hii baada yake wake alisema hilo',
  ro: 'și în de la cu pe că nu o un din care este mai pentru sau să',
  sq: 'të e në dhe që një për me nga është u i së ka janë se do si por edhe më tij saj',
  eu: 'eta da ez du bat ere dira zen izan dute baina hori horrek egin beste bere behar hau ditu zuen edo oso',
};

/** Each language's stop words, to tell two close relatives apart by the words only one of them lists. */
const LANGUAGE_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(STOP_WORDS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

/** word → languages that list it: one lookup per word instead of one per language. */
const WORD_LANGS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [lang, words] of LANGUAGE_WORDS) {
    for (const w of words) {
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
/**
 * When two languages are that close (relatives sharing most of their lists: id/ms, hr/sr, da/no), the
 * words only one of them lists decide: at least this many, and twice as many as the other's.
 */
const MIN_TELLING_HITS = 3;
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
/** A detection under this confidence only confirms a declared language; on its own it names none. */
const MIN_CONFIDENCE = 0.5;
/** Confidence of a close call settled by the words only one relative lists. */
const TELLING_CONFIDENCE = 0.6;
/**
 * Share of a script's letters that marks one of its languages: Persian's پ چ ژ گ are 1.7–3.1 % of the letters of
 * a Persian paragraph and absent from Arabic news; Urdu's ے ں ٹ ڈ ڑ ھ are 11 % of an Urdu paragraph.
 */
const SCRIPT_MARK_SHARE = 0.005;
const URDU_MARK_SHARE = 0.01;
/** Kazakh's ә ғ қ ң ө ұ ү һ are 8 % of a Kazakh paragraph's letters; Russian, Ukrainian, Bulgarian have none. */
const UNLISTED_CYRILLIC_SHARE = 0.01;
/** Devanagari stop words needed to name Hindi, Marathi or Nepali (a headline has fewer). */
const MIN_DEVANAGARI_HITS = 3;

export interface DetectedLanguage {
  readonly language: string;
  /** 0–1. */
  readonly confidence: number;
}

/**
 * What the text says about its language: a listed language (stop words or script), `unlisted` for
 * running prose whose words are almost never a listed language's stop words (or a script's letters that
 * only an unlisted language uses), or undefined when there is too little text to tell.
 */
export type LanguageEvidence = DetectedLanguage | { readonly unlisted: true };

const UNLISTED: LanguageEvidence = { unlisted: true };

/** Languages told by their script (and, for Arabic and Devanagari, its letters or words). */
const SCRIPT_LANGUAGES: ReadonlySet<string> = new Set([
  'ja',
  'ko',
  'zh',
  'ar',
  'fa',
  'ur',
  'he',
  'el',
  'th',
  'hi',
  'mr',
  'ne',
]);

/** Devanagari words: Hindi, Marathi and Nepali share the script but not their commonest words. */
const DEVANAGARI_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  hi: new Set('के है में की और से को का पर यह ने भी हैं कि एक लिए था'.split(' ')),
  mr: new Set('आणि आहे या व हे ते त्या होते असे आहेत केली त्यांनी मध्ये करण्यात'.split(' ')),
  ne: new Set('र छ को मा ले पनि गरेको भएको यो हो थियो छन् गर्न भने'.split(' ')),
};

function devanagariLanguage(sample: string): LanguageEvidence | undefined {
  const hits = new Map<string, number>();
  for (const word of textRuns(sample, 'letters')) {
    for (const [lang, words] of Object.entries(DEVANAGARI_WORDS))
      if (words.has(word)) hits.set(lang, (hits.get(lang) ?? 0) + 1);
  }
  const [best, second] = [...hits].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < MIN_DEVANAGARI_HITS || (second && best[1] < second[1] * MIN_MARGIN))
    return undefined;
  return { language: best[0], confidence: 0.9 };
}

/**
 * Arabic-script languages by their letters: Urdu's ے ں ٹ ڈ ڑ ھ, Persian's پ چ ژ گ (which Arabic does not
 * use); Pashto, Sorani Kurdish, Uyghur and Sindhi letters mean a language the detector does not list.
 */
function arabicScriptLanguage(count: (re: RegExp) => number, arabicLetters: number): LanguageEvidence {
  if (
    count(
      /[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06d0\u0695\u06b5\u06c6\u06ce\u06c7\u06c8\u06cb\u0683\u0684\u0687\u068f\u0699\u06a6]/g,
    ) >
    SCRIPT_MARK_SHARE * arabicLetters
  )
    return UNLISTED;
  if (count(/[\u06d2\u06ba\u0679\u0688\u0691\u06be]/g) > URDU_MARK_SHARE * arabicLetters)
    return { language: 'ur', confidence: 0.9 };
  if (count(/[\u067e\u0686\u0698\u06af]/g) > SCRIPT_MARK_SHARE * arabicLetters)
    return { language: 'fa', confidence: 0.9 };
  return { language: 'ar', confidence: 0.9 };
}

function scriptLanguage(text: string): LanguageEvidence | undefined {
  const sample = text.slice(0, 2000);
  // Latin-script text (the common case) has no characters the checks below look for.
  if (!/[^\u0000-\u024f\u2000-\u206f]/.test(sample)) return undefined;
  const count = (re: RegExp): number => sample.match(re)?.length ?? 0;
  const letters = count(/\p{L}/gu) || 1;
  const script = (language: string): DetectedLanguage => ({ language, confidence: 0.9 });
  if (count(/[\u3040-\u30ff]/g) / letters > 0.05) return script('ja');
  if (count(/[\uac00-\ud7af]/g) / letters > 0.2) return script('ko');
  if (count(/[\u4e00-\u9fff]/g) / letters > 0.3) return script('zh');
  const arabic = count(/[\u0600-\u06ff]/g);
  if (arabic / letters > 0.3) return arabicScriptLanguage(count, arabic);
  const hebrew = count(/[\u0590-\u05ff]/g);
  // Yiddish writes װ ױ ײ, which Hebrew does not.
  if (hebrew / letters > 0.3)
    return count(/[\u05f0-\u05f2]/g) > SCRIPT_MARK_SHARE * hebrew ? UNLISTED : script('he');
  if (count(/[\u0370-\u03ff]/g) / letters > 0.3) return script('el');
  if (count(/[\u0e00-\u0e7f]/g) / letters > 0.3) return script('th');
  if (count(/[\u0900-\u097f]/g) / letters > 0.3) return devanagariLanguage(sample);
  // Cyrillic letters of Kazakh, Kyrgyz, Tatar, Bashkir, Tajik, Mongolian…: none of the listed languages.
  if (
    count(/[\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u04e3\u04ef\u04b3\u04b7]/g) >
    UNLISTED_CYRILLIC_SHARE * letters
  )
    return UNLISTED;
  return undefined;
}

/** Hits on the words that `a` lists and `b` does not. */
function tellingHits(wordHits: ReadonlyMap<string, number>, a: string, b: string): number {
  const aWords = LANGUAGE_WORDS.get(a)!;
  const bWords = LANGUAGE_WORDS.get(b)!;
  let n = 0;
  for (const [word, count] of wordHits) if (aWords.has(word) && !bWords.has(word)) n += count;
  return n;
}

export function languageEvidence(text: string): LanguageEvidence | undefined {
  const script = scriptLanguage(text);
  if (script) return script;
  const words = textRuns(text.slice(0, MAX_WORDS * 12), 'letters', MAX_WORDS);
  if (words.length === 0) return undefined;
  const hits = new Map<string, number>();
  const wordHits = new Map<string, number>();
  let lowerWords = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    // Starts with a lower-case letter (caseless scripts have no lower case: never counted).
    if (word[0] === lower[0] && lower[0] !== word[0]!.toUpperCase()) lowerWords++;
    const langs = WORD_LANGS.get(lower);
    if (!langs) continue;
    wordHits.set(lower, (wordHits.get(lower) ?? 0) + 1);
    for (const lang of langs) hits.set(lang, (hits.get(lang) ?? 0) + 1);
  }
  const ranked = [...hits].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (lowerWords >= MIN_PROSE_LOWER_WORDS && (best?.[1] ?? 0) < MAX_UNLISTED_STOP_WORD_SHARE * lowerWords)
    return UNLISTED;
  if (!best || best[1] < MIN_HITS) return undefined;
  if (second && best[1] < second[1] * MIN_MARGIN) {
    const [a, b] = [best[0], second[0]];
    const aTelling = tellingHits(wordHits, a, b);
    const bTelling = tellingHits(wordHits, b, a);
    if (aTelling >= MIN_TELLING_HITS && aTelling >= 2 * bTelling)
      return { language: a, confidence: TELLING_CONFIDENCE };
    if (bTelling >= MIN_TELLING_HITS && bTelling >= 2 * aTelling)
      return { language: b, confidence: TELLING_CONFIDENCE };
    return { language: a, confidence: 0.4 };
  }
  return { language: best[0], confidence: Math.min(0.95, 0.5 + best[1] / words.length) };
}

/**
 * The text's language when the detector lists it and is sure of it; undefined for short or non-prose
 * text, a language it does not list, or a close call between relatives (Croatian or Serbian).
 */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  const evidence = languageEvidence(text);
  return evidence && 'language' in evidence && evidence.confidence >= MIN_CONFIDENCE ? evidence : undefined;
}

/** Languages the detector names by their macrolanguage: it tells Norwegian, not Bokmål from Nynorsk. */
const MACROLANGUAGE: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };

/** Whether a declared language is the detected one (`nb` and `nn` are Norwegian, `no`). */
export function isSameLanguage(declared: string, detected: string): boolean {
  return (MACROLANGUAGE[declared] ?? declared) === detected;
}

/** Whether the detector lists a language (a declared `zu` or `fi` cannot be checked against the text). */
export function isListedLanguage(language: string): boolean {
  const listed = MACROLANGUAGE[language] ?? language;
  return listed in STOP_WORDS || SCRIPT_LANGUAGES.has(listed);
}

/** Normalises a `lang` attribute (`en-US` → `en`). */
export function normalizeLangAttr(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = /^([a-z]{2,3})(?:[-_].*)?$/i.exec(raw.trim());
  return m?.[1]?.toLowerCase();
}
