import { anyCase } from './any-case.js';

/** Longest plausible personal name, in words ("Jean-Claude Van Damme" is 3). */
const MAX_NAME_WORDS = 5;
const MAX_NAME_CHARS = 60;

/** Words that make a byline string an organisation or a label rather than a person. */
const NON_PERSON_RE =
  /\b(?:staff|team|desk|editors?|editorial|newsroom|admin|administrator|webmaster|press|agency|associated press|reuters|afp|news|media|group|inc|ltd|llc|corp|company|contributors?|guest|anonymous|unknown|correspondent|reporter|writer|published|updated|posted|min read|read|comments?|share|follow|view all posts|more articles|http|www)\b/i;
/**
 * "By" and its variants, or a writer label with its colon ("Text: …", "Текст: …", "Autor: …", "Authors: …",
 * Indonesian "Penulis:", Turkish "Yazar:", Hungarian "Szerző:", Danish/Norwegian "Forfatter:", Swedish
 * "Författare:", Finnish "Kirjoittaja:", Greek "Συντάκτης:", Vietnamese "Tác giả:", "Reporter:").
 */
const BY_PREFIX_RE =
  /^(?:(?:(?:written|authored|posted|reported|story|text|words|photos?|published|compiled)\s+)?(?:by|von|par|por|di|door|av|af)\s*[:\-–—]?\s+|(?:authors?|autor|autorin|autoren|autore|autori|auteurs?|text|texte|texto|testo|tekst|текст|автор|penulis|yazar|szerző|forfatter|författare|kirjoittaja|συντάκτης|tác giả|reporter)\s*:\s*)/i;
/**
 * "By" in the languages whose word for it is an everyday word, or a name, elsewhere: Indonesian and Malay "Oleh"
 * ("Oleh Budi Santoso", "Oleh: …"; "Oleh karena itu" is "therefore", and Oleh a Ukrainian given name). It opens
 * a byline, with its colon or without, only where the page is in that language (as {@link NAME_CONJUNCTIONS}
 * joins names), and only before a capitalised name.
 */
const LANGUAGE_BY_WORDS: Readonly<Record<string, string>> = {
  id: 'oleh',
  ms: 'oleh',
};
/** The word in any letter case ({@link anyCase}: no `i` flag, under which `\p{Lu}` would match lower case too). */
const LANGUAGE_BY_PREFIX_RES: ReadonlyMap<string, RegExp> = new Map(
  Object.entries(LANGUAGE_BY_WORDS).map(([lang, word]) => {
    const w = anyCase(word);
    return [lang, new RegExp(`^${w}(?:\\s*[:：\\-–—]\\s*|\\s+)(?=\\p{Lu})|^${w}\\s*[:：]?\\s*$`, 'u')];
  }),
);

/**
 * The text after the page language's own "by" ({@link LANGUAGE_BY_WORDS}): "Oleh Budi Santoso" → "Budi Santoso",
 * "Oleh" or "Oleh:" alone → "" (a label before the names). Undefined when the text does not open with it.
 */
export function afterLanguageBy(text: string, language: string | undefined): string | undefined {
  const re = language === undefined ? undefined : LANGUAGE_BY_PREFIX_RES.get(language);
  const t = text.trim();
  const m = re?.exec(t);
  return m ? t.slice(m[0].length).trim() : undefined;
}

/**
 * Credits of someone who did not write the story: "Reviewed by …", "Photo by …", "Image: Getty Images", and
 * the photo and picture credits of other languages ("Foto: …", "Bild: …", "Fotó: …", "Kuva: …", "Zdjęcie: …").
 */
const CREDIT_RE =
  /^(?:medically\s+)?(?:reviewed|fact[\s-]?checked|checked|edited|photos?|photograph(?:s|y)?|illustrations?|images?|video|fotos?|fotó|bild(?:er)?|kuva|zdjęcie)(?:\s+by\b|\s*:)/i;
const EMAIL_RE = /\S+@\S+\.\S+/g;
const HANDLE_RE = /(?:^|\s)@\w+/g;
/** An agency's or paper's acronym ("AP", "TPN", "AFP", "ANSA"): the letters of a "By" line's first name. */
const AGENCY_ACRONYM_RE = /^\p{Lu}{2,5}$/u;
/** "And" in every language: it splits names on any page (the page language's own word: NAME_CONJUNCTIONS). */
const ANY_LANGUAGE_AND = ['and', 'und', 'et'];
/**
 * List marks between names: the comma and semicolon, the ideographic and full-width commas of Chinese and
 * Japanese ("山田太郎、鈴木花子", "王小明，李华"), the Arabic comma ("سارة المنصوري، أحمد علي").
 */
const SPLIT_RE = new RegExp(
  `\\s*(?:[,;、，،；]|&|${ANY_LANGUAGE_AND.map((w) => `\\b${w}\\b`).join('|')}|·|•|\\/)\\s*`,
  'i',
);

/**
 * Words of a team or staff byline ("Podium Staff", "The Upwork Team", "Currency editors"), in the languages
 * the extractor meets most. Such a byline names who is answerable for the story when no person is named.
 */
const TEAM_WORD_RE =
  /^(?:team|staff|editors|editorial|newsroom|desk|redaktion|rédaction|redacción|redazione|redactie|equipo|équipe)$/i;
/**
 * Interface labels and calls to action that byline-shaped markup catches ("Contact Us", "Written By", "Read More",
 * "Get Started Free"): never a name.
 * Whole-word matches against the lower-cased words of a candidate.
 */
const UI_WORDS = new Set([
  'contact',
  'us',
  'written',
  'by',
  'home',
  'about',
  'menu',
  'search',
  'subscribe',
  'login',
  'log',
  'sign',
  'privacy',
  'terms',
  'cookies',
  'newsletter',
  'in',
  'up',
  'out',
  'name',
  'the',
  'author',
  'full',
  'bio',
  'says',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'podcast',
  'podcasts',
  'blog',
  'archive',
  'categories',
  'category',
  'tags',
  'previous',
  'next',
  'more',
  'get',
  'started',
  'start',
  'free',
  'try',
  'download',
  'buy',
  'shop',
  'learn',
  'book',
  'demo',
  'now',
  'today',
  'join',
  'register',
  'watch',
  'listen',
  'apply',
  'request',
  'quote',
]);

/**
 * Korean, Chinese and Japanese bylines name the reporter with a title instead of "By": "박지훈 기자"
 * (reporter), "김민수 특파원" (correspondent), "记者 王小明" / "本报记者 王小明" (the paper's reporter), "松岡大地記者".
 * These scripts have no capitals, so the title, not the capitalisation test, says the words are a name:
 * 2-4 Hangul syllables, or 2-6 Han characters (one space allowed, "大渡 美咲"). A Korean closing line may
 * put the dateline's places first ("순천, 광양 구현모 기자"); at most three short words.
 */
const REPORTER_BYLINE_RES: readonly { re: RegExp; list: boolean }[] = [
  { re: /^(?:\p{Script=Hangul}{1,5},?\s+){0,3}(\p{Script=Hangul}{2,4})\s*(?:기자|특파원)$/u, list: false },
  { re: /^(\p{Script=Han}{1,3} ?\p{Script=Han}{1,3})\s*(?:记者|記者)$/u, list: false },
  // "本报记者 王小明 李华": the title first, then one or more names.
  {
    re: /^\p{Script=Han}{0,6}?(?:记者|記者)[\s:：]*(\p{Script=Han}{2,4}(?:[\s、]+\p{Script=Han}{2,4}){0,3})$/u,
    list: true,
  },
  // A writer label and its mark before the names: "作者：王小明" (author), "文/王小明", "撰文 | 李华", "筆者：山田太郎".
  {
    re: /^(?:作者|撰文|文字|文|笔者|筆者|著者)\s*[:：/／|｜・]\s*(\p{Script=Han}{2,4}(?:[\s、，,]+\p{Script=Han}{2,4}){0,3})$/u,
    list: true,
  },
  // Korean "글=홍길동", "글쓴이: 홍길동" (text by).
  { re: /^(?:글|글쓴이)\s*[=:：/]\s*(\p{Script=Hangul}{2,4})$/u, list: false },
];
/** Reporter bylines are short: a longer line ending in 기자 is prose. */
const REPORTER_BYLINE_MAX_CHARS = 40;
/** With the e-mail address a closing reporter line may carry ("박지훈 기자 jhpark@example.co.kr"). */
const REPORTER_BYLINE_MAX_INPUT_CHARS = 200;

/**
 * "โดย สมชาย ใจดี" (Thai), "بقلم سارة المنصوري" (Arabic), "מאת דנה לוי" (Hebrew): "By" in scripts without
 * capitals, where the capitalisation test cannot tell a name; the word "by" does, and the rest must be
 * 1–4 words of caseless letters (and their marks).
 */
const CASELESS_BY_PREFIX_RE = /^(?:โดย|بقلم|מאת)\s*[:：]?\s+/u;
const CASELESS_NAME_RE = /^[\p{Lo}\p{M}]+(?: [\p{Lo}\p{M}]+){0,3}$/u;

/** The name after a caseless-script "by", or undefined when the text is not such a byline. */
function caselessBylineName(text: string): string | undefined {
  const prefix = CASELESS_BY_PREFIX_RE.exec(text);
  if (!prefix) return undefined;
  const name = text.slice(prefix[0].length).trim();
  return name.length <= MAX_NAME_CHARS && CASELESS_NAME_RE.test(name) ? name : undefined;
}

/**
 * The reporters a CJK byline with a reporter title names ("박지훈 기자 jhpark@…" → 박지훈), or undefined when
 * the text is not such a byline.
 */
export function reporterBylineNames(text: string): string[] | undefined {
  // Every block's text comes here (boilerplate.ts): refuse long text before EMAIL_RE, whose search is
  // quadratic on a long run without spaces (a 100 kB line took 100 s).
  if (text.length > REPORTER_BYLINE_MAX_INPUT_CHARS) return undefined;
  const s = text.replace(EMAIL_RE, ' ').replace(/\s+/g, ' ').trim();
  if (s.length > REPORTER_BYLINE_MAX_CHARS) return undefined;
  for (const { re, list } of REPORTER_BYLINE_RES) {
    const name = re.exec(s)?.[1];
    if (name) return list ? name.split(/[\s、，,]+/) : [name];
  }
  return undefined;
}

/**
 * Words of an account or a role, not a person, in a publisher-declared author: "NOC Admin", "Site
 * Administrator", "Webmaster 2" (CMS user names filled into the author field).
 */
const ACCOUNT_NAME_RE =
  /(?:^|[^\p{L}])(?:admin|administrator|webmaster|moderator|sysadmin|superuser)\d*(?![\p{L}])/iu;

/** Whether a declared name or an author page's slug is an account or a role ("NOC Admin", "admin", "q_admin"). */
export function isAccountName(s: string): boolean {
  return ACCOUNT_NAME_RE.test(s);
}

export interface CleanAuthorOptions {
  /**
   * Keep lower-case names and team bylines ("Camphouse Team"): publisher-declared sources (JSON-LD Person,
   * meta author), which visible text would not be trusted with.
   * @default false
   */
  readonly lenient?: boolean;
  /**
   * Keep a team or staff byline ("By the Lavazza Team", "Podium Staff") from visible text: used only when no
   * source names a person.
   * @default false
   */
  readonly teams?: boolean;
  /**
   * The raw string names one entity (a JSON-LD Organization: "Morgan & Morgan", "Procter & Gamble"): not
   * split into several names at "&", "and" or commas.
   * @default false
   */
  readonly whole?: boolean;
  /**
   * The page's language (ISO 639-1): "and" in that language joins two names too ("Ana Ruiz y Pablo Gil"), see
   * {@link NAME_CONJUNCTIONS}.
   */
  readonly language?: string | undefined;
}

/**
 * "And" in the languages whose word for it is no everyday word of other languages' names or prose ("y", "e",
 * "og", "i", "a", "ja", "ve"…): a byline joins two names with it only where the page is in that language. English
 * "and", German "und", French "et", "&" and commas split in every language (SPLIT_RE).
 */
const NAME_CONJUNCTIONS: Readonly<Record<string, RegExp>> = {
  es: /\s+[ye]\s+/,
  ca: /\s+i\s+/,
  it: /\s+ed?\s+/,
  pt: /\s+e\s+/,
  nl: /\s+en\s+/,
  da: /\s+og\s+/,
  no: /\s+og\s+/,
  nb: /\s+og\s+/,
  nn: /\s+og\s+/,
  sv: /\s+och\s+/,
  pl: /\s+(?:i|oraz)\s+/,
  cs: /\s+a\s+/,
  sk: /\s+a\s+/,
  hr: /\s+i\s+/,
  sr: /\s+(?:i|и)\s+/,
  bs: /\s+i\s+/,
  sl: /\s+in\s+/,
  ru: /\s+и\s+/,
  uk: /\s+(?:і|та)\s+/,
  bg: /\s+и\s+/,
  tr: /\s+ve\s+/,
  fi: /\s+ja\s+/,
  et: /\s+ja\s+/,
  hu: /\s+és\s+/,
  ro: /\s+(?:și|şi)\s+/,
  id: /\s+dan\s+/,
  ms: /\s+dan\s+/,
};

/** "And" in every language, a joiner standing as a text of its own between two linked names. */
const ANY_LANGUAGE_CONJUNCTION_RE = new RegExp(`^(?:&|${ANY_LANGUAGE_AND.join('|')})$`, 'i');

/**
 * Whether a text is nothing but a word for "and" joining two names: "and", "und", "et", "&" in every language,
 * the page language's own word too ("og", "y", "i"… from {@link NAME_CONJUNCTIONS}).
 */
export function isNameConjunction(text: string, language: string | undefined): boolean {
  const t = text.trim();
  if (ANY_LANGUAGE_CONJUNCTION_RE.test(t)) return true;
  const re = language ? NAME_CONJUNCTIONS[language] : undefined;
  return re !== undefined && re.exec(` ${t} `)?.[0] === ` ${t} `;
}

/**
 * A part split again at its language's "and" when both sides are names of two words or more: "José Ortega y
 * Gasset" is one man, "Ana Ruiz y Pablo Gil" two writers.
 */
function splitAtConjunction(part: string, language: string | undefined): string[] {
  const re = language ? NAME_CONJUNCTIONS[language] : undefined;
  if (!re) return [part];
  const sides = part.split(re);
  return sides.length > 1 && sides.every((x) => x.trim().split(/\s+/).length >= 2) ? sides : [part];
}

/**
 * Cleans one raw byline into person names: drops "By", emails, handles, roles after commas; splits "A and B".
 * `lenient` (or `{ lenient: true }`) is for publisher-declared sources, see {@link CleanAuthorOptions}.
 */
export function cleanAuthorNames(raw: string, options: boolean | CleanAuthorOptions = false): string[] {
  const {
    lenient = false,
    teams = false,
    whole = false,
    language,
  } = typeof options === 'boolean' ? { lenient: options } : options;
  let s = raw.replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 300) return [];
  if (/^https?:\/\//i.test(s)) return [];
  // "Jane Doe says:" heads a comment; "Reviewed by", "Fact checked by" credit someone who did not write it.
  if (/\bsays:?$/i.test(s) || CREDIT_RE.test(s)) return [];
  const reporters = reporterBylineNames(s);
  if (reporters) return reporters;
  s = s.replace(EMAIL_RE, ' ');
  const caseless = caselessBylineName(s.trim());
  if (caseless) return [caseless];
  s = s.replace(HANDLE_RE, ' ');
  const ownBy = afterLanguageBy(s, language);
  const labelled = ownBy !== undefined || BY_PREFIX_RE.test(s);
  s = (ownBy ?? s).replace(BY_PREFIX_RE, '');
  // "Jane Doe | Senior Reporter", "Jane Doe - Political Editor": keep the name part.
  s = s.replace(/\s+[|–—-]\s+.*$/, '');
  const out: string[] = [];
  const parts = whole ? [s] : s.split(SPLIT_RE).flatMap((p) => splitAtConjunction(p, language));
  for (const [i, raw] of parts.entries()) {
    let part = raw
      .replace(BY_PREFIX_RE, '')
      .replace(/^[\s"'“”(]+|[\s"'“”).:]+$/g, '')
      .trim();
    if (CREDIT_RE.test(part)) continue;
    part = undoubled(part);
    // An acronym standing alone after "By" is the agency or paper credited ("By TPN, in News", "By AP").
    if (labelled && i === 0 && AGENCY_ACRONYM_RE.test(part)) {
      out.push(part);
      continue;
    }
    // A lone short capitalised word left of a byline box ("IST" after its date) is a label, not a name.
    if (!lenient && /^\p{Lu}{1,4}$/u.test(part)) continue;
    if (
      lenient
        ? isDeclaredName(part)
        : (isPersonName(part) || (teams && isTeamByline(part))) && !isUiLabel(part)
    )
      out.push(part);
  }
  return out;
}

/**
 * "Yucy Yucy" -> "Yucy", "Jane Doe Jane Doe" -> "Jane Doe": a byline box that prints the name twice (a screen-reader
 * copy beside the visible one) reads as one text.
 */
function undoubled(name: string): string {
  const words = name.split(' ');
  const half = words.length / 2;
  if (!Number.isInteger(half) || half === 0) return name;
  const first = words.slice(0, half).join(' ');
  return first.toLowerCase() === words.slice(half).join(' ').toLowerCase() ? first : name;
}

/** "Podium Staff", "the Lavazza Team", "Staff": a team word, at most 4 other words, capitalised (brand names aside). */
export function isTeamByline(s: string): boolean {
  if (s.length < 4 || s.length > MAX_NAME_CHARS) return false;
  const words = s.split(/\s+/);
  if (words.length > MAX_NAME_WORDS || !words.some((w) => TEAM_WORD_RE.test(w))) return false;
  if (/[^\p{L}\p{N}\s.&'’-]/u.test(s)) return false;
  // Every word but an article and the team word itself starts upper-case or with a digit ("3i", "DianaHR").
  return words.every(
    (w) => TEAM_WORD_RE.test(w) || /^(?:the|our|la|le|el|die|der|das)$/i.test(w) || /^[\p{Lu}\p{N}]/u.test(w),
  );
}

/** Whether every word of a candidate is an interface label ("Contact Us", "Written By"). */
function isUiLabel(s: string): boolean {
  const words = s.toLowerCase().match(/\p{L}+/gu) ?? [];
  return words.every((w) => UI_WORDS.has(w));
}

/** Publisher-declared author strings: anything short that is not a URL, an email or a label. */
function isDeclaredName(s: string): boolean {
  if (s.length < 2 || s.length > MAX_NAME_CHARS) return false;
  if (/^https?:|www\.|\.(?:com|org|net)\b/i.test(s)) return false;
  if (/^(?:author|editor|unknown|anonymous|guest|null|undefined|none|name \*?)$/i.test(s) || isAccountName(s))
    return false;
  // Template placeholders and user names ("page.head.extra.author", "andrew.keaveney"), numeric profile ids.
  if (/^[\w-]+(?:\.[\w-]+)+$/.test(s) || /[{}$<>]/.test(s) || !/\p{L}/u.test(s)) return false;
  return s.split(/\s+/).length <= MAX_NAME_WORDS + 1;
}

/** A person name: 1–5 words, starts upper-case, no digits, no organisation/label words. */
export function isPersonName(s: string): boolean {
  if (s.length < 3 || s.length > MAX_NAME_CHARS) return false;
  if (/\d/.test(s)) return false;
  if (NON_PERSON_RE.test(s)) return false;
  const words = s.split(/\s+/);
  if (words.length > MAX_NAME_WORDS) return false;
  if (!/^\p{Lu}/u.test(s)) return false;
  // Most words of a name are capitalised (particles like "van", "de" excepted).
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps >= Math.ceil(words.length / 2);
}

/** Merges author lists, dropping case-insensitive duplicates, keeping order. */
export function uniqueNames(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const key = n.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}
