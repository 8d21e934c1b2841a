/** The header line of an ARC record (ARC v1 and v2 share the first fields and end with the length). */
export interface ArcHeader {
  readonly url: string;
  /** The archive date (14 digits, UTC) as ISO 8601; undefined when it is not a valid date. */
  readonly date: string | undefined;
  readonly contentType: string;
  /** Bytes of the record block after the header line. */
  readonly length: number;
}

/**
 * Parses `URL IP-address Archive-date Content-type Archive-length` (v1) or the v2 line with result code,
 * checksum, location, offset and filename before the length. Undefined when the line is not one.
 */
export function parseArcHeaderLine(line: string): ArcHeader | undefined {
  const fields = line.trim().split(' ');
  if (fields.length !== 5 && fields.length !== 10) return undefined;
  const [url, , rawDate, contentType] = fields as [string, string, string, string];
  const lengthField = fields[fields.length - 1]!;
  if (!/^\d{1,16}$/.test(lengthField) || !/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  return { url, date: arcDate(rawDate), contentType, length: Number(lengthField) };
}

/** `YYYYMMDDhhmmss` (sometimes only the first 8+ digits) as ISO 8601 UTC. */
function arcDate(raw: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/.exec(raw);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}
