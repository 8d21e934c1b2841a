import { gzipSync } from 'node:zlib';

/**
 * WARC and ARC records written byte by byte, for the reader's tests: the shapes a library would not write
 * (chunked transfer coding as recorded, revisit and metadata records, broken framing, bombs).
 */

const CRLF = '\r\n';

export interface HandRecord {
  readonly type: string;
  readonly uri?: string;
  /** @default 2017-04-13T08:00:00Z */
  readonly date?: string;
  /** The record block (HTTP head + payload for response/request/revisit). */
  readonly block: Uint8Array | string;
  /** Overrides the Content-Length (for lying records). */
  readonly contentLength?: string;
  readonly version?: string;
}

const bytes = (value: Uint8Array | string): Buffer =>
  typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);

/** One uncompressed WARC record, with the two CRLFs that end it. */
export function warcRecord(r: HandRecord): Buffer {
  const block = bytes(r.block);
  const head = [
    r.version ?? 'WARC/1.0',
    `WARC-Type: ${r.type}`,
    ...(r.uri ? [`WARC-Target-URI: ${r.uri}`] : []),
    `WARC-Date: ${r.date ?? '2017-04-13T08:00:00Z'}`,
    `WARC-Record-ID: <urn:uuid:${crypto.randomUUID()}>`,
    `Content-Type: ${r.type === 'response' || r.type === 'revisit' ? 'application/http; msgtype=response' : 'application/warc-fields'}`,
    `Content-Length: ${r.contentLength ?? block.byteLength}`,
  ].join(CRLF);
  return Buffer.concat([Buffer.from(head + CRLF + CRLF, 'latin1'), block, Buffer.from(CRLF + CRLF)]);
}

/** An HTTP response as a crawler records it: status line, headers, blank line, body as sent. */
export function httpResponse(
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): Buffer {
  const head = [`HTTP/1.1 ${status} X`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join(CRLF);
  return Buffer.concat([Buffer.from(head + CRLF + CRLF, 'latin1'), bytes(body)]);
}

/** `body` in chunked transfer coding, cut into pieces of `size` bytes. */
export function chunked(body: string, size: number): Buffer {
  const all = Buffer.from(body);
  const parts: Buffer[] = [];
  for (let at = 0; at < all.byteLength; at += size) {
    const piece = all.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.byteLength.toString(16)}${CRLF}`), piece, Buffer.from(CRLF));
  }
  return Buffer.concat([...parts, Buffer.from(`0${CRLF}${CRLF}`)]);
}

/** An HTML article long enough for the extractor, its title and text numbered by `n`. */
export function storyHtml(n: number | string, site = 'Archive Tribune'): string {
  const paragraphs = [
    `The harbour authority of Port Ellis said on Tuesday that story ${n} would change how ships are inspected in the region.`,
    `Officials from the ministry of transport met with representatives of the shipping companies for three hours to discuss the plan numbered ${n}.`,
    `Critics argued that the inspections would slow trade, while supporters said the measures were overdue after last year's accidents in the bay.`,
    `The new rules take effect next spring, and the authority expects to publish a full schedule of inspections before the end of the month.`,
  ];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour inspections, story ${n} | ${site}</title>
<meta property="og:site_name" content="${site}"></head><body><header><nav><a href="/">Home</a></nav></header>
<article><h1>Harbour inspections, story ${n}</h1><p class="byline">By Ada Brook</p>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article><footer>© ${site}</footer></body></html>`;
}

/** One gzip member (a record gzipped on its own). */
export const member = (record: Buffer): Buffer => gzipSync(record);

/** An ARC v1 file header record ("filedesc") and a record for `uri` holding `http` (an HTTP response). */
export function arcFile(records: readonly { uri: string; http: Buffer }[]): Buffer[] {
  const version = '1 0 newsflow-test\nURL IP-address Archive-date Content-type Archive-length\n';
  const desc = Buffer.from(
    `filedesc://test.arc 0.0.0.0 20170413080000 text/plain ${Buffer.byteLength(version)}\n${version}\n`,
    'latin1',
  );
  return [
    desc,
    ...records.map((r) =>
      Buffer.concat([
        Buffer.from(`${r.uri} 192.0.2.1 20170413080000 text/html ${r.http.byteLength}\n`, 'latin1'),
        r.http,
        Buffer.from('\n'),
      ]),
    ),
  ];
}
