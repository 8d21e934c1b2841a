/**
 * Dates as feeds and sitemaps write them, which is rarely as their specs say: RFC 822 with or without the
 * weekday (and with a wrong one), named US zones, two-digit years, ISO 8601 with or without a zone, a space
 * for the `T`, `+0200` offsets, month names in full, `2025/06/03`, `03.06.2025`, Unix seconds.
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Offsets of the zone names RFC 822 allows plus the European ones feeds use anyway, in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/** Years outside this range are typos or placeholders (`0001-01-01`), not dates. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return 0;
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** RFC 822 two-digit years: 70–99 are the 1900s, the rest the 2000s. */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 2) return year >= 70 ? 1900 + year : 2000 + year;
  return year;
}

function build(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
  offsetMinutes: number | undefined = 0,
): string | undefined {
  if (offsetMinutes === undefined) return undefined;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 0 || month > 11 || day < 1 || day > 31) return undefined;
  if (hour > 24 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(time);
  // Date.UTC rolls 31 June over to 1 July; a day that does not exist is not a date.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{1,4})?)?$/i;
const RFC822 =
  /^(?:[A-Za-z]{2,9},?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([A-Za-z]{1,4}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2}))?)?$/;
const MONTH_FIRST =
  /^(?:[A-Za-z]{2,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?:\s*([A-Za-z]{1,4}|[+-]\d{2}:?\d{2}))?)?$/i;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function monthOf(name: string): number | undefined {
  return MONTHS[name.slice(0, name.toLowerCase().startsWith('sept') ? 4 : 3).toLowerCase()];
}

/**
 * Reads a date written by a feed or sitemap and returns it as an ISO 8601 UTC string, or `undefined` when it
 * is not a date (or names a year before 1970 or after 2200). A date without a zone is taken as UTC.
 */
export function parseFeedDate(text: string | null | undefined): string | undefined {
  const value = (text ?? '').trim().replace(/\s+/g, ' ');
  if (value.length === 0 || value.length > 80) return undefined;
  let m = ISO.exec(value);
  if (m) {
    const ms = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
    return build(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      ms,
      zoneOffsetMinutes(m[8]),
    );
  }
  m = RFC822.exec(value);
  if (m) {
    const month = monthOf(m[2]!);
    if (month === undefined) return undefined;
    return build(
      fullYear(m[3]!),
      month,
      Number(m[1]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      0,
      zoneOffsetMinutes(m[7]),
    );
  }
  m = MONTH_FIRST.exec(value);
  if (m) {
    const month = monthOf(m[1]!);
    if (month === undefined) return undefined;
    let hour = Number(m[4] ?? 0);
    const meridiem = m[7]?.replaceAll('.', '').toLowerCase();
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    return build(
      Number(m[3]),
      month,
      Number(m[2]),
      hour,
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      0,
      zoneOffsetMinutes(m[8]),
    );
  }
  m = SLASHED.exec(value);
  if (m)
    return build(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
    );
  m = DOTTED.exec(value);
  if (m)
    return build(
      Number(m[3]),
      Number(m[2]) - 1,
      Number(m[1]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
    );
  // Unix seconds (10 digits cover 2001–2286) or milliseconds (13 digits).
  if (/^\d{10}$/.test(value) || /^\d{13}$/.test(value)) {
    const date = new Date(value.length === 10 ? Number(value) * 1000 : Number(value));
    const year = date.getUTCFullYear();
    return year >= MIN_YEAR && year <= MAX_YEAR ? date.toISOString() : undefined;
  }
  return undefined;
}
