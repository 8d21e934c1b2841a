import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { chain, peek, skipBytes } from './byte-streams.js';
import { readRecords, recordFormatOf, type ParsedRecord, type RecordHead } from './archive-records.js';
import { ArchiveFormatError } from './archive-errors.js';
import { readGzipMembers } from './gzip-members.js';
import { SkipReason } from './skip-reasons.js';

/**
 * How an archive is read. `members`: gzipped per record (the norm, CC-NEWS): each gzip member on its own, a
 * broken one skipped without losing the rest; offsets are raw file offsets. `stream`: uncompressed, or
 * gzipped as one whole: records read in sequence from the decompressed stream; offsets count decompressed
 * bytes.
 */
export type ArchiveMode = 'members' | 'stream';

/** Where a read left off: everything before `offset` (in `mode`'s terms) has been yielded. */
export interface ArchivePosition {
  readonly mode: ArchiveMode;
  readonly offset: number;
}

export type ArchiveEntry = ParsedRecord | { readonly kind: 'position'; readonly position: ArchivePosition };

export interface ArchiveReadOptions {
  /** Largest HTTP payload read (as recorded); the importer passes the page size limit. */
  readonly maxPayloadBytes: number;
  /** Bytes one record's WARC and HTTP heads may take. @default 256 KiB */
  readonly maxHeadBytes?: number;
  /** Content-Length counted as absurd rather than merely too large. @default 4 GiB */
  readonly absurdLengthBytes?: number;
  /** Decompressed bytes per compressed byte beyond which oversized data is a decompression bomb. @default 100 */
  readonly maxRatio?: number;
  /** Decides from a record's head whether its payload is read (see `skipReasonOfHead`). */
  readonly skipHead: (head: RecordHead) => SkipReason | undefined;
  /** Continue a read that stopped here (from a checkpoint); the source still starts at byte 0. */
  readonly resumeFrom?: ArchivePosition;
}

export const ARCHIVE_READ_DEFAULTS = {
  maxHeadBytes: 256 * 1024,
  absurdLengthBytes: 4 * 1024 ** 3,
  /**
   * HTML compresses 5-10 times with gzip; a member that expands 100 times past the page size limit is built
   * to, and deflate cannot exceed about 1 032.
   */
  maxRatio: 100,
} as const;

/** Views of at most this size are handed to warcio, so its head guard counts in small steps. */
const FEED_BYTES = 64 * 1024;

function* viewsOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += FEED_BYTES) yield bytes.subarray(at, at + FEED_BYTES);
}

/**
 * Keeps the first `maxBytes` read through it, so that a read begun as `members` can start again as `stream`
 * (a file gzipped as one whole) without fetching the source twice.
 */
class Replay {
  readonly #source: AsyncIterator<Uint8Array>;
  readonly #kept: Uint8Array[] = [];
  #keptBytes = 0;
  #keeping = true;
  #lost = false;
  constructor(
    source: AsyncIterator<Uint8Array>,
    private readonly maxBytes: number,
  ) {
    this.#source = source;
  }
  async *read(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next = await this.#source.next();
      if (next.done) return;
      if (this.#keeping) {
        this.#keptBytes += next.value.byteLength;
        if (this.#keptBytes > this.maxBytes) this.#lost = true;
        else this.#kept.push(next.value);
      }
      yield next.value;
    }
  }
  stop(): void {
    this.#keeping = false;
    this.#kept.length = 0;
  }
  /** Everything from the start again; undefined when more was read than kept. */
  again(): AsyncGenerator<Uint8Array> | undefined {
    return this.#lost || !this.#keeping ? undefined : chain(this.#kept, this.#source);
  }
}

function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

class BombError extends Error {}

/** Gunzips a whole stream, stopping once the output outgrows `maxRatio` times the input plus `allowance`. */
async function* gunzipBounded(
  source: AsyncIterable<Uint8Array>,
  maxRatio: number,
  allowance: number,
): AsyncGenerator<Uint8Array> {
  let inBytes = 0;
  let outBytes = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of source) {
        inBytes += chunk.byteLength;
        yield chunk;
      }
    })(),
  );
  const gunzip = counted.pipe(createGunzip());
  counted.once('error', (error) => gunzip.destroy(error));
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      outBytes += chunk.byteLength;
      if (outBytes > maxRatio * inBytes + allowance) throw new BombError();
      yield chunk;
    }
  } finally {
    gunzip.destroy();
    counted.destroy();
  }
}

type StreamFailure = { reason: SkipReason; offset: number };

async function* readStream(
  raw: AsyncGenerator<Uint8Array>,
  gzipped: boolean,
  options: Required<Omit<ArchiveReadOptions, 'resumeFrom'>>,
  startOffset: number,
): AsyncGenerator<ArchiveEntry> {
  const failure: { value?: StreamFailure } = {};
  let position = startOffset;
  // Errors of the decompressed stream (a bad gzip member, a bomb) end the read: report them as a skip there.
  const guarded = async function* (): AsyncGenerator<Uint8Array> {
    const decompressed = gzipped
      ? gunzipBounded(raw, options.maxRatio, options.maxPayloadBytes + options.maxHeadBytes)
      : raw;
    let offset = 0;
    try {
      for await (const chunk of decompressed) {
        offset += chunk.byteLength;
        yield chunk;
      }
    } catch (error) {
      failure.value = { reason: error instanceof BombError ? SkipReason.bomb : SkipReason.badGzip, offset };
    }
  };
  const { head, all } = await peek(skipBytes(guarded(), startOffset), 16);
  if (head.byteLength === 0) {
    if (failure.value) yield { kind: 'skipped', offset: failure.value.offset, reason: failure.value.reason };
    return;
  }
  const format = recordFormatOf(head);
  if (format === undefined) throw new ArchiveFormatError(head);
  for await (const entry of readRecords(format, all, { ...options, baseOffset: startOffset })) {
    if (entry.offset > position) {
      position = entry.offset;
      yield { kind: 'position', position: { mode: 'stream', offset: position } };
    }
    yield entry;
  }
  if (failure.value) yield { kind: 'skipped', offset: failure.value.offset, reason: failure.value.reason };
}

/** Reads member by member; returns true when the first member turned out to be the whole file. */
async function* readMembers(
  raw: AsyncIterable<Uint8Array>,
  options: Required<Omit<ArchiveReadOptions, 'resumeFrom'>>,
  startOffset: number,
  onFirstMember: () => void = () => undefined,
): AsyncGenerator<ArchiveEntry, boolean> {
  const limits = {
    maxMemberBytes: options.maxPayloadBytes + options.maxHeadBytes,
    maxRatio: options.maxRatio,
  };
  let first = true;
  for await (const member of readGzipMembers(raw, limits, startOffset, {
    reportWholeFile: startOffset === 0,
  })) {
    if (member.kind === 'whole') return true;
    if (first) {
      first = false;
      onFirstMember();
    }
    if (member.kind === 'skipped') {
      yield { kind: 'skipped', offset: member.offset, reason: member.reason };
    } else {
      const format = recordFormatOf(member.bytes);
      if (format === undefined) {
        yield { kind: 'skipped', offset: member.offset, reason: SkipReason.badRecord };
      } else {
        // Offsets inside a member mean nothing to a resumed read: every record is filed under its member.
        for await (const entry of readRecords(format, viewsOf(member.bytes), options)) {
          yield { ...entry, offset: member.offset };
        }
      }
    }
    yield { kind: 'position', position: { mode: 'members', offset: member.offset + member.length } };
  }
  return false;
}

/**
 * Reads every record of a WARC (1.0, 1.1) or ARC archive from its raw bytes (a file or a download), gzipped
 * per record, gzipped whole or not at all, with warcio. Yields each record (with the HTTP payload as
 * recorded, for those `skipHead` lets through), each skipped record with its reason, and now and then the
 * position a later read may resume from (`resumeFrom`) having missed nothing. Memory is bounded by
 * `maxPayloadBytes` plus the heads, whatever the archive's size; see {@link readGzipMembers} and
 * {@link readRecords} for what hostile bytes cost.
 *
 * @throws ArchiveFormatError when the (decompressed) bytes are neither WARC nor ARC.
 */
export async function* readArchive(
  source: AsyncIterable<Uint8Array>,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveEntry> {
  const settled = {
    maxHeadBytes: options.maxHeadBytes ?? ARCHIVE_READ_DEFAULTS.maxHeadBytes,
    absurdLengthBytes: options.absurdLengthBytes ?? ARCHIVE_READ_DEFAULTS.absurdLengthBytes,
    maxRatio: options.maxRatio ?? ARCHIVE_READ_DEFAULTS.maxRatio,
    maxPayloadBytes: options.maxPayloadBytes,
    skipHead: options.skipHead,
  };
  const { head, all } = await peek(source, 2);
  if (head.byteLength === 0) return;
  const resume = options.resumeFrom;
  if (resume?.mode === 'members') {
    yield* readMembers(skipBytes(all, resume.offset), settled, resume.offset);
    return;
  }
  if (resume?.mode === 'stream' || !isGzip(head)) {
    yield* readStream(all, isGzip(head), settled, resume?.offset ?? 0);
    return;
  }
  // Gzipped: per record unless the first member alone outgrows a record, which means one gzip for the file.
  // The inflater reads at most a slice past the limit's worth of input before it notices (deflate never
  // shrinks data by more than a few bytes per block).
  const replay = new Replay(all, settled.maxPayloadBytes + settled.maxHeadBytes + 4 * FEED_BYTES);
  const whole = yield* readMembers(replay.read(), settled, 0, () => replay.stop());
  if (!whole) return;
  const again = replay.again();
  if (again === undefined)
    throw new Error('the first gzip member was read past what was kept to read it again');
  yield* readStream(again, true, settled, 0);
}
