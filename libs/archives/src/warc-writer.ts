import { STATUS_CODES } from 'node:http';
import { WARCRecord, WARCSerializer } from 'warcio';

/** A stored raw page as written to a WARC `response` record. */
export interface PageToArchive {
  /** The URL the bytes were served from (`finalUrl`): the record's WARC-Target-URI. */
  readonly url: string;
  readonly status: number;
  /** The response headers kept at fetch time (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly charset?: string | undefined;
  readonly fetchedAt: Date;
  /** The body as stored: decoded, so it is written without a Content-Encoding. */
  readonly body: Uint8Array;
}

/** Digests in the form WARC tools write most (`sha256:` + base32, as warcio and Heritrix do for sha1). */
const DIGEST = { algo: 'sha-256', prefix: 'sha256:', base32: true } as const;

/** Headers that described the bytes on the wire, not the decoded body the record holds. */
const WIRE_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

function httpHeadersOf(page: PageToArchive): [string, string][] {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(page.headers)) {
    if (!WIRE_HEADERS.has(name.toLowerCase())) headers.push([name, value]);
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) {
    headers.push([
      'content-type',
      page.charset ? `${page.contentType}; charset=${page.charset}` : page.contentType,
    ]);
  }
  headers.push(['content-length', String(page.body.byteLength)]);
  return headers;
}

/**
 * One WARC/1.1 `response` record for a stored page, gzipped on its own (one gzip member per record, so any
 * record can be read without the others): the HTTP status line and kept headers (Content-Length set to the
 * stored body, which is written decoded), WARC-Target-URI, WARC-Date, WARC-Payload-Digest and
 * WARC-Block-Digest (sha256, base32).
 */
export async function warcResponseRecord(page: PageToArchive): Promise<Uint8Array> {
  const record = WARCRecord.create(
    {
      url: page.url,
      date: page.fetchedAt.toISOString(),
      type: 'response',
      warcVersion: 'WARC/1.1',
      statusline: `HTTP/1.1 ${page.status} ${STATUS_CODES[page.status] ?? 'Unknown'}`,
      httpHeaders: httpHeadersOf(page),
    },
    [page.body],
  );
  return WARCSerializer.serialize(record, { gzip: true, digest: DIGEST });
}

/** The `warcinfo` record that opens an export: file name, software, format and when it was written. */
export async function warcInfoRecord(info: {
  filename: string;
  software: string;
  date: Date;
}): Promise<Uint8Array> {
  const record = WARCRecord.createWARCInfo(
    { filename: info.filename, date: info.date.toISOString(), warcVersion: 'WARC/1.1' },
    {
      software: info.software,
      format: 'WARC File Format 1.1',
      conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
    },
  );
  return WARCSerializer.serialize(record, { gzip: true, digest: DIGEST });
}
