/** A parsed date: ISO 8601 with the source's own offset (`Z` when none was given), so the calendar day is kept. */
export interface ParsedDate {
  readonly iso: string;
  /** Calendar day as written in the source, `YYYY-MM-DD`. */
  readonly day: string;
  readonly hasTime: boolean;
}

/** Dates before this year are almost always template junk (copyright lines, epoch zero). */
const MIN_YEAR = 1995;
/** A page may be dated slightly ahead of our clock (timezones, scheduled posts); more is a parse error. */
const MAX_FUTURE_MS = 36 * 3600 * 1000;

/**
 * Month names and abbreviations (their dot dropped: "févr.", "dic.", "mrt.") in English, French, German, Spanish,
 * Italian, Portuguese and Dutch; a name or abbreviation shared by several languages ("ago", "set", "juni",
 * "okt") is one entry. The one month table: the header's "site · date" line test (block-rules) reads it too.
 */
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  janvier: 1,
  januar: 1,
  enero: 1,
  gennaio: 1,
  janeiro: 1,
  janv: 1,
  ene: 1,
  gen: 1,
  januari: 1,
  feb: 2,
  february: 2,
  février: 2,
  fevrier: 2,
  februar: 2,
  febrero: 2,
  febbraio: 2,
  fevereiro: 2,
  févr: 2,
  fevr: 2,
  fev: 2,
  fév: 2,
  februari: 2,
  mar: 3,
  march: 3,
  mars: 3,
  märz: 3,
  maerz: 3,
  mär: 3,
  marzo: 3,
  março: 3,
  maart: 3,
  mrt: 3,
  apr: 4,
  april: 4,
  avril: 4,
  abril: 4,
  aprile: 4,
  avr: 4,
  abr: 4,
  may: 5,
  mai: 5,
  mayo: 5,
  maggio: 5,
  maio: 5,
  mag: 5,
  mei: 5,
  jun: 6,
  june: 6,
  juin: 6,
  juni: 6,
  junio: 6,
  giugno: 6,
  junho: 6,
  giu: 6,
  jul: 7,
  july: 7,
  juillet: 7,
  juli: 7,
  julio: 7,
  luglio: 7,
  julho: 7,
  juil: 7,
  lug: 7,
  aug: 8,
  august: 8,
  août: 8,
  aout: 8,
  agosto: 8,
  ago: 8,
  augustus: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  septiembre: 9,
  settembre: 9,
  setembro: 9,
  set: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  oktober: 10,
  octubre: 10,
  ottobre: 10,
  outubro: 10,
  okt: 10,
  ott: 10,
  out: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  noviembre: 11,
  novembro: 11,
  dec: 12,
  december: 12,
  décembre: 12,
  decembre: 12,
  dezember: 12,
  diciembre: 12,
  dicembre: 12,
  dezembro: 12,
  déc: 12,
  dic: 12,
  dez: 12,
};
/** {@link MONTHS}' names for a regex alternation, the longest first ("juillet" before "juil" and "jul"). */
export const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const ISO_RE =
  /\b((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i;
const SLASH_YMD_RE = /\b((?:19|20)\d{2})[/.](\d{1,2})[/.](\d{1,2})\b/;
/** Chinese, Japanese and Korean dates: "2025年1月13日", "2025년 1월 13일". */
const CJK_YMD_RE = /(?<!\d)((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/u;
/**
 * "12 April, 2017", hyphenated "04-ago-2021", "15-févr.-2022", and the Spanish and Portuguese "5 de marzo de
 * 2024", "5 de março de 2024", "5 de marzo del 2024".
 */
const DMY_NAME_RE = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?(?:\\s+(?:of|de))?[-\\s,]+(${MONTH_NAMES})\\.?(?:\\s+del?)?[-\\s,]+((?:19|20)\\d{2})\\b`,
  'i',
);
const MDY_NAME_RE = new RegExp(
  `\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?[\\s,]+((?:19|20)\\d{2})\\b`,
  'i',
);
/** "2023 Jan 7" (citation metadata, bibliographic lines). */
const YMD_NAME_RE = new RegExp(`\\b((?:19|20)\\d{2})\\s+(${MONTH_NAMES})\\.?\\s+(\\d{1,2})\\b`, 'i');
/**
 * Zone names a time may end in, with their offsets: North American, British summer time, and the Central, Western and
 * Eastern European zones in English and German (MEZ/MESZ, WEZ/WESZ, OEZ/OESZ; not "WET", an English word). Names
 * that stand for several offsets ("IST": India, Ireland, Israel; "ET"/"PT": standard or daylight by season) are left
 * out: the time is read in UTC then, as with no zone.
 */
const TZ_OFFSETS: Readonly<Record<string, string>> = {
  utc: 'Z',
  gmt: 'Z',
  z: 'Z',
  est: '-05:00',
  edt: '-04:00',
  cst: '-06:00',
  cdt: '-05:00',
  mst: '-07:00',
  mdt: '-06:00',
  pst: '-08:00',
  pdt: '-07:00',
  bst: '+01:00',
  wez: 'Z',
  wesz: '+01:00',
  cet: '+01:00',
  cest: '+02:00',
  mez: '+01:00',
  mesz: '+02:00',
  eet: '+02:00',
  eest: '+03:00',
  oez: '+02:00',
  oesz: '+03:00',
};
/** {@link TZ_OFFSETS}' names for {@link TIME_RE}'s alternation, the longest first ("cest" before "cet"). */
const TZ_NAMES = Object.keys(TZ_OFFSETS)
  .sort((a, b) => b.length - a.length)
  .join('|');
/**
 * The words that set a time of day, in the languages the extractor meets most: "um … Uhr" (German), "à" (French),
 * "a las … horas" / "hs" (Spanish), "às" (Portuguese), "alle" / "ore" (Italian), "om" (Dutch), "kl." / "klo"
 * (Scandinavian, Finnish), "godz." (Polish), "saat" (Turkish), "в" (Russian).
 */
const TIME_WORD = String.raw`(?<![\p{L}\p{N}])(?:uhr|um|à|a\s+las?|horas|hrs|hs|às|alle|ore|om|kl|klo|godz|saat|в)(?![\p{L}\p{N}])\.?`;
/** A clock written without a colon or an inner "h" follows a time word ("alle 20.15", "kl. 08.30", "à 20h"). */
const AFTER_TIME_WORD = String.raw`(?<=${TIME_WORD}\s*\d{1,2})`;
/**
 * A clock time, maybe with seconds, "am"/"pm" ("p.m.", Spanish "p. m.") and a zone: the one pattern that reads a
 * time ({@link parseDate}) and finds one ({@link stripDates}, {@link isDateLine}). Hours and minutes are set off by a
 * colon or an "h", maybe spaced ("20h15", Quebec's "20 h 15"), and an "h", "hs" or "hrs" may close the time
 * ("20:15h"). A dot between them ("20.15") may be a figure's ("shares fell 20.15 percent"), and an hour with an "h"
 * alone a duration ("3h"): they are a time only where something marks a clock: a dot before "Uhr", "h" or am/pm
 * ("20.15 Uhr", "2.30pm") or ending the text ("… 2025 | 20.15"), not after another dotted number ("2024.03.05");
 * either one after a time word ("alle 20.15", "à 20h", "à 8 h"); an hour with an "h" ending the text ("5 mars 2024,
 * 20h"), or before "Uhr" ("20 Uhr"). A zone may follow "Uhr" ("20:15 Uhr MEZ"). Groups: hour, minutes, seconds,
 * am/pm, zone.
 */
const TIME_RE = new RegExp(
  String.raw`\b(\d{1,2})(?:(?::|\s?h\s?|(?<![.,]\d{1,2})\.(?=\d{2}(?:\s*(?:uhr|h|[ap]\.?\s?m)\b|\s*$))|${AFTER_TIME_WORD}\.)(\d{2})(?::(\d{2}))?|(?=\s?h\s*$|\s*uhr\b)|${AFTER_TIME_WORD}(?=\s?h\b))(?:\s?h(?:r?s)?\b|\s?uhr\b)?\s*([ap]\.?\s?m\.?)?\s*(${TZ_NAMES}|[+-]\d{2}:?\d{2})?\b`,
  'iu',
);
const NUMERIC_DMY_RE = /\b(\d{1,2})([/.])(\d{1,2})[/.]((?:19|20)\d{2})\b/;

const pad = (n: number): string => String(n).padStart(2, '0');

function normalizeOffset(raw: string | undefined): string {
  if (!raw) return 'Z';
  const key = raw.toLowerCase();
  const named = TZ_OFFSETS[key];
  if (named) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(raw);
  if (!m) return 'Z';
  const off = `${m[1]}${m[2]}:${m[3] ?? '00'}`;
  return off === '+00:00' || off === '-00:00' ? 'Z' : off;
}

function build(
  y: number,
  mo: number,
  d: number,
  time: RegExpExecArray | null,
  offsetRaw?: string,
  now?: Date,
): ParsedDate | undefined {
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return undefined;
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  const clock = time ? readClock(time) : undefined;
  const offset = normalizeOffset(clock?.zone ?? offsetRaw);
  const iso = `${day}T${clock ? `${pad(clock.hh)}:${pad(clock.mm)}:${pad(clock.ss)}` : '00:00:00'}${offset}`;
  if (now && Date.parse(iso) > now.getTime() + MAX_FUTURE_MS) return undefined;
  return { iso, day, hasTime: clock !== undefined };
}

/**
 * The time of day of a {@link TIME_RE} match (hour, minutes, seconds, am/pm, zone), or undefined when no clock shows
 * it ("25:00", "48h00", "10:75"): the date keeps its day and loses only the time. "24:00" is no time either: it is
 * the end of the day as written, and reading it as the next day's 00:00 would move the calendar day.
 */
function readClock(
  time: RegExpExecArray,
): { hh: number; mm: number; ss: number; zone: string | undefined } | undefined {
  let hh = Number(time[1]);
  const mm = Number(time[2] ?? 0);
  const ss = Number(time[3] ?? 0);
  const ampm = time[4]?.toLowerCase().replace(/[.\s]/g, '');
  if (ampm === 'pm' && hh < 12) hh += 12;
  if (ampm === 'am' && hh === 12) hh = 0;
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return { hh, mm, ss, zone: time[5] };
}

/** How a page's dates are read: the same for every date of one page. */
export interface DateContext {
  /** Dates after `now` + {@link MAX_FUTURE_MS} are rejected; undefined: no bound. */
  readonly now?: Date | undefined;
  /** How the page writes slash dates ({@link slashDateOrder}); undefined: day first. */
  readonly slashOrder?: SlashDateOrder | undefined;
}

/**
 * Parses the first date found in `raw`: ISO 8601, `YYYY/MM/DD`, `12 April, 2017`, `April 12, 2017`,
 * `12.04.2017` (day first), `03/01/2017` (day first unless `ctx.slashOrder` is month first or a field > 12 says
 * so), `2017 Apr 12`, with an optional time and zone. Returns undefined for anything implausible
 * (before {@link MIN_YEAR}, after `ctx.now` + {@link MAX_FUTURE_MS}).
 */
export function parseDate(raw: string | undefined, ctx: DateContext = {}): ParsedDate | undefined {
  if (!raw) return undefined;
  const { now, slashOrder } = ctx;
  const s = raw.trim().slice(0, 300);
  if (s === '') return undefined;
  let m = ISO_RE.exec(s);
  if (m) {
    // The ISO form's own time ("T20:15:30.123+01:00"), else a time written any way the other forms read ("20h15").
    const time =
      m[4] !== undefined ? ([m[0], m[4], m[5], m[6]] as unknown as RegExpExecArray) : TIME_RE.exec(s);
    return build(Number(m[1]), Number(m[2]), Number(m[3]), time, m[7], now);
  }
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    const d = new Date(ms);
    return build(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      [
        s,
        String(d.getUTCHours()),
        String(d.getUTCMinutes()),
        String(d.getUTCSeconds()),
      ] as unknown as RegExpExecArray,
      'Z',
      now,
    );
  }
  const time = TIME_RE.exec(s);
  m = SLASH_YMD_RE.exec(s) ?? CJK_YMD_RE.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), time, undefined, now);
  m = DMY_NAME_RE.exec(s);
  if (m) return build(Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1]), time, undefined, now);
  m = MDY_NAME_RE.exec(s);
  if (m) return build(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2]), time, undefined, now);
  m = YMD_NAME_RE.exec(s);
  if (m) return build(Number(m[1]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[3]), time, undefined, now);
  m = NUMERIC_DMY_RE.exec(s);
  if (m) {
    // Day-first is the convention almost everywhere except the US; a field > 12 settles it.
    const a = Number(m[1]);
    const b = Number(m[3]);
    const monthFirst = b > 12 || (a <= 12 && m[2] === '/' && slashOrder === 'month-first');
    return monthFirst
      ? build(Number(m[4]), a, b, time, undefined, now)
      : build(Number(m[4]), b, a, time, undefined, now);
  }
  return undefined;
}

/** How a page writes slash dates: "03/01/2017" is 3 January (day first) or March 1 (month first, the US). */
export type SlashDateOrder = 'day-first' | 'month-first';

/** A language tag's region: `en-US`, `en_us` → `US`. */
const LOCALE_REGION_RE = /^[a-z]{2,3}[-_]([a-z]{2})(?![a-z])/i;
/** Slash dates looked at per text, so a page of numbers costs linear work. */
const MAX_TEXT_CHARS = 20_000;

/**
 * The order of a page's slash dates, from evidence in order: a date the page writes with a field > 12
 * ("01/31/2025" beside an ambiguous "03/01/2017": month first; "31/01/2025": day first; both: no evidence), else
 * the region of the first declared locale that has one (`en-US`, `og:locale` `en_US` → month first; `en-GB`,
 * `fr-FR` → day first), else undefined (day first, see {@link parseDate}). Dotted dates ("03.01.2017") are day
 * first everywhere and are not evidence.
 */
export function slashDateOrder(
  texts: readonly string[],
  locales: readonly (string | undefined)[],
): SlashDateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  const re = g(NUMERIC_DMY_RE);
  for (const t of texts) {
    if (!t.includes('/')) continue;
    for (const m of t.slice(0, MAX_TEXT_CHARS).matchAll(re)) {
      if (m[2] !== '/') continue;
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) dayFirst = true;
      if (b > 12 && a <= 12 && b <= 31) monthFirst = true;
    }
  }
  if (dayFirst !== monthFirst) return monthFirst ? 'month-first' : 'day-first';
  for (const locale of locales) {
    const region = locale && LOCALE_REGION_RE.exec(locale.trim())?.[1];
    if (region) return region.toUpperCase() === 'US' ? 'month-first' : 'day-first';
  }
  return undefined;
}

/** Date in a URL path (`/2017/04/12/`, `/2017-04-12-`, `/20170412/`). */
export function dateFromUrl(url: string | undefined, { now }: DateContext = {}): ParsedDate | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m =
    /\/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.+-]|$)/.exec(path) ??
    /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.+-]|$)/.exec(path);
  if (!m) return undefined;
  return build(Number(m[1]), Number(m[2]), Number(m[3]), null, undefined, now);
}

const globalCache = new Map<RegExp, RegExp>();
/** Global twin of a pattern (cached), to strip every date of a "Published … | Updated …" line. */
function g(re: RegExp): RegExp {
  let out = globalCache.get(re);
  if (!out) {
    out = new RegExp(re.source, `${re.flags}g`);
    globalCache.set(re, out);
  }
  return out;
}

/** `text` with every date (and time) in it removed, e.g. to read the name in "Jane Doe 4 August 2010". */
export function stripDates(text: string): string {
  return text
    .replace(g(ISO_RE), ' ')
    .replace(g(DMY_NAME_RE), ' ')
    .replace(g(MDY_NAME_RE), ' ')
    .replace(g(YMD_NAME_RE), ' ')
    .replace(g(SLASH_YMD_RE), ' ')
    .replace(g(CJK_YMD_RE), ' ')
    .replace(g(NUMERIC_DMY_RE), ' ')
    .replace(g(TIME_RE), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A date line's label: one word and a colon at its start. */
const DATE_LABEL_RE = /^\p{L}{2,20}\s*:\s*/u;

/**
 * The words that label a date line, by what they say it dates: the publication or an update. English, French,
 * German, Spanish, Portuguese, Italian, Dutch, Swedish, Danish, Norwegian, Polish, Finnish, Czech, Turkish and
 * Russian, each form spelled out ("publié", "publiée"); a label shared by languages ("publicado") is one entry.
 * German "Stand" (as of) labels only before a colon: the word is English too. The one label table:
 * {@link isDateLine} removes the labels, and the publication date (published-date.ts) tells a publication line
 * from an update line by them.
 */
export const DATE_LINE_LABELS = {
  published: [
    'first published',
    'published',
    'posted',
    'publié',
    'publiée',
    'veröffentlicht',
    'erschienen',
    'publiziert',
    'publicado',
    'publicada',
    'pubblicato',
    'pubblicata',
    'gepubliceerd',
    'publicerad',
    'publiceret',
    'publisert',
    'opublikowano',
    'publikacja',
    'julkaistu',
    'publikováno',
    'yayınlanma',
    'опубликовано',
  ],
  updated: [
    'last updated',
    'updated',
    'modified',
    'edited',
    'reviewed',
    'dernière mise à jour',
    'mis à jour',
    'mise à jour',
    'modifié',
    'modifiée',
    'zuletzt aktualisiert',
    'aktualisiert',
    'letzte aktualisierung',
    String.raw`stand(?=\s*:)`,
    'última actualización',
    'actualizado',
    'actualizada',
    'última atualização',
    'atualizado',
    'atualizada',
    'ultimo aggiornamento',
    'aggiornato',
    'aggiornata',
    'modifica',
    'laatst bijgewerkt',
    'bijgewerkt',
    'uppdaterad',
    'opdateret',
    'oppdatert',
    'zaktualizowano',
    'aktualizacja',
    'päivitetty',
    'aktualizováno',
    'güncellendi',
    'güncellenme',
    'güncelleme',
    'обновлено',
  ],
} as const satisfies Record<'published' | 'updated', readonly string[]>;

/** A {@link DATE_LINE_LABELS} list as a regex alternation (pattern source; spaces match any run of spaces). */
export function dateLineLabels(labels: readonly string[]): string {
  return labels.map((l) => l.replace(/ /g, String.raw`\s+`)).join('|');
}

/**
 * A label of {@link DATE_LINE_LABELS} as a word, and the word for "on" that may follow it: "Publié le",
 * "Veröffentlicht am", "Publicado el", "Pubblicato il", "Publicado em", "Gepubliceerd op", "Published on".
 */
const LABEL_WORDS_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${dateLineLabels([...DATE_LINE_LABELS.published, ...DATE_LINE_LABELS.updated])})(?:\s+(?:on|le|am|el|il|em|op|den))?(?![\p{L}\p{N}])`,
  'giu',
);

/** The words that set a time of day ({@link TIME_WORD}), to remove from a date line. */
const TIME_WORD_RE = new RegExp(TIME_WORD, 'giu');

/**
 * Weekday names of German, French, Spanish, Portuguese, Italian and Dutch, as date lines open with them ("Montag,
 * 12.03.2024", "martes, 5 de marzo de 2024", "lundi 4 mars 2024", "terça-feira, 5 de março de 2024",
 * "giovedì 7 marzo 2024", "dinsdag 5 maart 2024"); English ones are removed with the English date words.
 */
const WEEKDAY_RE =
  /(?<![\p{L}])(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|(?:segunda|ter[çc]a|quarta|quinta|sexta)(?:-feira)?|luned[ìi]|marted[ìi]|mercoled[ìi]|gioved[ìi]|venerd[ìi]|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?![\p{L}])/giu;

/** True when a short text is essentially a date (optionally with weekday, time, "Published:" label). */
export function isDateLine(text: string): boolean {
  const t = text.trim();
  // Every date format parseDate reads has a digit; most short texts have none.
  if (t.length > 80 || !/\d/.test(t)) return false;
  if (!parseDate(t)) return false;
  // One label word before a colon, in any language: "Publikacja: 02.02.2025 21:52", "Stand: 12.03.2024".
  // Label words before the time words: "à" is one, and is in "mis à jour".
  const rest = stripDates(t.replace(DATE_LABEL_RE, '').replace(LABEL_WORDS_RE, ' '))
    .replace(TIME_WORD_RE, ' ')
    .replace(WEEKDAY_RE, ' ')
    .replace(/\b\d+\s*(?:min(?:ute)?s?|hours?)(?:\s+read)?\b/gi, '')
    .replace(
      /\b(?:on|at|last|date|first|pm|am|read|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b/gi,
      '',
    )
    .split(/[\s,.:|·•—–()-]+/)
    .filter((w) => w !== '');
  if (rest.join('').length <= 3) return true;
  // "5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)": a publication and an update date with at most
  // two short words of any language between them.
  return (
    (t.match(YEAR_RE) ?? []).length >= 2 &&
    rest.length <= MAX_TWO_DATE_WORDS &&
    rest.every((w) => w.length <= 10)
  );
}
/** Years in a line: two of them make a "published … updated …" line. */
const YEAR_RE = /(?:^|\D)(?:19|20)\d{2}(?!\d)/g;
const MAX_TWO_DATE_WORDS = 2;
