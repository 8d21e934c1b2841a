import {
  AsyncIterReader,
  LimitReader,
  StatusAndHeadersParser,
  WARCParser,
  type StatusAndHeaders,
  type WARCRecord,
} from 'warcio';
import { parseArcHeaderLine } from './arc-header.js';
import { SkipReason } from './skip-reasons.js';

/** What a record says before its payload is read. */
export interface RecordHead {
  readonly format: 'warc' | 'arc';
  /** `WARC-Type` (lower case); an ARC record holding an HTTP response is `response`, its file header `warcinfo`. */
  readonly type: string;
  readonly targetUri: string | undefined;
  /** `WARC-Date` as written, or the ARC date as ISO 8601. */
  readonly date: string | undefined;
  /** The HTTP status of a response record; undefined when it has no readable HTTP head. */
  readonly status: number | undefined;
  /** The HTTP response headers, names in lower case (repeated headers joined with ", "). */
  readonly httpHeaders: Readonly<Record<string, string>> | undefined;
}

export type ParsedRecord =
  | {
      readonly kind: 'record';
      /** Where the record starts in the stream read (plus `baseOffset`). */
      readonly offset: number;
      readonly head: RecordHead;
      /** The HTTP body as recorded (transfer and content encodings not undone). */
      readonly payload: Uint8Array;
    }
  | {
      readonly kind: 'skipped';
      readonly offset: number;
      readonly reason: SkipReason;
      readonly head?: RecordHead;
    };

export interface RecordReadOptions {
  /** Payload bytes read at most; a larger payload is skipped as `too-large`. */
  readonly maxPayloadBytes: number;
  /** Bytes a record's WARC and HTTP heads may take; more ends the read (`bad-record`). */
  readonly maxHeadBytes: number;
  /** Content-Length above which a record is `absurd-content-length` rather than `too-large`. */
  readonly absurdLengthBytes: number;
  /** Decides from the head alone whether the payload is worth reading; a reason skips it unread. */
  readonly skipHead: (head: RecordHead) => SkipReason | undefined;
  /** Added to every offset (where the stream read starts in the file). @default 0 */
  readonly baseOffset?: number;
}

/** Decompressed bytes of records, in chunks. */
export type RecordSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** The longest ARC header line read (URL, IP, date, type, length and the v2 fields). */
const MAX_ARC_LINE_BYTES = 16 * 1024;

class HeadTooLargeError extends Error {}

/**
 * Counts the bytes warcio pulls while it reads a record's heads: its line and header readers have no bound
 * of their own, so a stream with no blank line would otherwise be read into memory whole.
 */
class HeadGuard {
  #armed = false;
  #bytes = 0;
  constructor(private readonly maxBytes: number) {}
  arm(): void {
    this.#armed = true;
    this.#bytes = 0;
  }
  disarm(): void {
    this.#armed = false;
  }
  async *wrap(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (this.#armed) {
        this.#bytes += chunk.byteLength;
        if (this.#bytes > this.maxBytes) throw new HeadTooLargeError();
      }
      yield chunk;
    }
  }
}

function headersOf(parsed: StatusAndHeaders | null): Record<string, string> | undefined {
  if (!parsed) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of parsed.headers) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}

function statusOf(parsed: StatusAndHeaders | null): number | undefined {
  if (!parsed || !/^HTTP\/\d(\.\d)?$/i.test(parsed.protocol ?? '')) return undefined;
  const status = Number(parsed.statusCode);
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

type Drained = { payload: Uint8Array | undefined; truncated: boolean };

/**
 * Reads what is left of a record, keeping it when it fits in `maxBytes`. warcio's own skip is not used: at the
 * end of a stream cut inside a record it loops forever (LimitReader.skipFully adds the 0 bytes skipped).
 */
async function drain(reader: LimitReader, maxBytes: number, keep: boolean): Promise<Drained> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let kept = keep;
  for await (const chunk of reader) {
    size += chunk.byteLength;
    if (kept && size > maxBytes) {
      kept = false;
      chunks.length = 0;
    }
    if (kept) chunks.push(chunk);
  }
  const truncated = reader.limit > 0;
  if (!kept) return { payload: undefined, truncated };
  const payload = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    payload.set(chunk, at);
    at += chunk.byteLength;
  }
  return { payload, truncated };
}

function lengthReason(declared: number, options: RecordReadOptions): SkipReason {
  return declared > options.absurdLengthBytes ? SkipReason.absurdLength : SkipReason.tooLarge;
}

/**
 * What a WARC or ARC record read to its end comes to: a record, or skipped with the first reason that holds. A
 * truncated record ends the stream (the caller stops reading).
 */
function outcomeOf(
  offset: number,
  head: RecordHead,
  skip: SkipReason | undefined,
  { payload, truncated }: Drained,
): ParsedRecord {
  if (truncated) {
    return {
      kind: 'skipped',
      offset,
      reason: skip === SkipReason.absurdLength ? skip : SkipReason.truncated,
      head,
    };
  }
  if (skip !== undefined) return { kind: 'skipped', offset, reason: skip, head };
  if (payload === undefined) return { kind: 'skipped', offset, reason: SkipReason.tooLarge, head };
  return { kind: 'record', offset, head, payload };
}

async function* readWarcRecords(
  source: RecordSource,
  options: RecordReadOptions,
): AsyncGenerator<ParsedRecord> {
  const base = options.baseOffset ?? 0;
  const guard = new HeadGuard(options.maxHeadBytes);
  const parser = new WARCParser(new AsyncIterReader(guard.wrap(source), null), { keepHeadersCase: false });
  for (;;) {
    guard.arm();
    let record: WARCRecord | null;
    try {
      record = await parser.parse();
    } catch {
      // Heads with no end (or that warcio cannot take): the framing is lost, so is the rest of this stream.
      yield { kind: 'skipped', offset: base + parser.offset, reason: SkipReason.badRecord };
      return;
    }
    guard.disarm();
    if (!record) return;
    const offset = base + parser.offset;
    const lengthHeader = record.warcHeaders.headers.get('content-length') ?? '';
    const type = (record.warcType as string | null)?.toLowerCase() ?? '';
    if (
      !/^WARC\/\d+\.\d+$/.test(record.warcHeaders.statusline.trim()) ||
      type === '' ||
      !/^\d{1,16}$/.test(lengthHeader.trim())
    ) {
      yield { kind: 'skipped', offset, reason: SkipReason.badRecord };
      return;
    }
    const declared = Number(lengthHeader.trim());
    const head: RecordHead = {
      format: 'warc',
      type,
      targetUri: record.warcTargetURI ?? undefined,
      date: record.warcDate ?? undefined,
      status: statusOf(record.httpHeaders),
      httpHeaders: headersOf(record.httpHeaders),
    };
    const reader = record.reader as LimitReader;
    const skip =
      options.skipHead(head) ??
      (declared > options.maxPayloadBytes + options.maxHeadBytes
        ? lengthReason(declared, options)
        : undefined);
    const drained = await drain(reader, options.maxPayloadBytes, skip === undefined);
    // Tell warcio the record is read, so it does not skip it again.
    record.consumed = 'skipped';
    yield outcomeOf(offset, head, skip, drained);
    if (drained.truncated) return;
  }
}

async function* readArcRecords(
  source: RecordSource,
  options: RecordReadOptions,
): AsyncGenerator<ParsedRecord> {
  const base = options.baseOffset ?? 0;
  const guard = new HeadGuard(options.maxHeadBytes);
  const reader = new AsyncIterReader(guard.wrap(source), null);
  for (;;) {
    guard.arm();
    let line: Uint8Array | null;
    let offset: number;
    try {
      // Records are separated by a newline; skip blank lines to the next header line.
      do {
        offset = base + reader.getReadOffset();
        line = await reader.readlineRaw(MAX_ARC_LINE_BYTES);
      } while (line && line.byteLength <= 2 && (line[0] === 0x0a || line[0] === 0x0d));
    } catch {
      yield { kind: 'skipped', offset: base + reader.getReadOffset(), reason: SkipReason.badRecord };
      return;
    }
    if (!line) return;
    const header = parseArcHeaderLine(new TextDecoder('latin1').decode(line));
    if (!header) {
      yield { kind: 'skipped', offset, reason: SkipReason.badRecord };
      return;
    }
    const block = new LimitReader(reader, header.length);
    const isFileHeader = header.url.startsWith('filedesc:');
    let httpHead: StatusAndHeaders | null = null;
    let body: LimitReader = block;
    if (!isFileHeader && /^https?:/i.test(header.url) && header.length > 0) {
      // The block is the HTTP response as received: read its head, then the rest is the payload.
      const blockReader = new AsyncIterReader(block, null);
      try {
        httpHead = await new StatusAndHeadersParser().parse(blockReader, { headersClass: Headers });
      } catch {
        yield { kind: 'skipped', offset, reason: SkipReason.badRecord };
        return;
      }
      body = new LimitReader(blockReader, Number.MAX_SAFE_INTEGER);
    }
    guard.disarm();
    const head: RecordHead = {
      format: 'arc',
      type: isFileHeader ? 'warcinfo' : 'response',
      targetUri: isFileHeader ? undefined : header.url,
      date: header.date,
      status: statusOf(httpHead),
      httpHeaders: headersOf(httpHead),
    };
    const skip =
      options.skipHead(head) ??
      (header.length > options.maxPayloadBytes + options.maxHeadBytes
        ? lengthReason(header.length, options)
        : undefined);
    const { payload } = await drain(body, options.maxPayloadBytes, skip === undefined);
    const { truncated } = await drain(block, 0, false);
    yield outcomeOf(offset, head, skip, { payload, truncated });
    if (truncated) return;
  }
}

/** Whether a stream of records (already decompressed) is WARC or ARC, from its first bytes. */
export function recordFormatOf(firstBytes: Uint8Array): 'warc' | 'arc' | undefined {
  const text = new TextDecoder('latin1').decode(firstBytes.subarray(0, 16)).replace(/^[\r\n]+/, '');
  if (text.startsWith('WARC/')) return 'warc';
  if (/^(filedesc|https?|dns|ftp):/i.test(text)) return 'arc';
  return undefined;
}

/**
 * Reads the records of a decompressed WARC or ARC stream (one gzip member, or a whole file) with warcio:
 * heads bounded by `maxHeadBytes`, payloads by `maxPayloadBytes`, each record yielded with its offset or
 * skipped with the reason. A record whose framing cannot be trusted (unreadable head, bad Content-Length,
 * cut short) ends the stream after being reported: what follows it cannot be located.
 */
export function readRecords(
  format: 'warc' | 'arc',
  source: RecordSource,
  options: RecordReadOptions,
): AsyncGenerator<ParsedRecord> {
  return format === 'warc' ? readWarcRecords(source, options) : readArcRecords(source, options);
}
