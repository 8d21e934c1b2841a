import pako from 'pako';
import { ByteWindow } from './byte-window.js';
import { SkipReason } from './skip-reasons.js';

/** Bounds on inflating one gzip member. */
export interface GzipMemberLimits {
  /** Largest decompressed member kept; a larger one is skipped (read to its end unless it is a bomb). */
  readonly maxMemberBytes: number;
  /**
   * Decompressed bytes per compressed byte above which a member past `maxMemberBytes` is a decompression
   * bomb: it is not inflated further, and reading resumes at the next gzip header found in the raw bytes.
   */
  readonly maxRatio: number;
}

/**
 * One gzip member of a stream: its decompressed bytes, or why they were not kept; `whole` when the first
 * member outgrew the limit and the caller asked to hear of that (a file gzipped as one whole).
 */
export type GzipMember =
  | { readonly kind: 'whole'; readonly offset: number; readonly length: 0 }
  | { readonly kind: 'member'; readonly offset: number; readonly length: number; readonly bytes: Uint8Array }
  | {
      readonly kind: 'skipped';
      readonly offset: number;
      readonly length: number;
      readonly reason:
        | typeof SkipReason.badGzip
        | typeof SkipReason.truncated
        | typeof SkipReason.tooLarge
        | typeof SkipReason.bomb;
    };

/** Raw bytes handed to the inflater at once: bounds the work between two checks of the output size. */
const INPUT_SLICE_BYTES = 64 * 1024;
const OUTPUT_CHUNK_BYTES = 64 * 1024;

class BombError extends Error {}

/** What pako's Inflate has but its type declarations leave out. */
interface InflateState {
  readonly ended: boolean;
  readonly err: number;
  /** Input bytes of the last push not consumed (left after the member's end). */
  readonly strm: { readonly avail_in: number; readonly next_in: number };
}

/** True when the three bytes at `offset` open a gzip member (ID1 ID2 and the deflate method, RFC 1952). */
async function gzipHeaderAt(window: ByteWindow, offset: number): Promise<boolean> {
  return (
    (await window.byteAt(offset)) === 0x1f &&
    (await window.byteAt(offset + 1)) === 0x8b &&
    (await window.byteAt(offset + 2)) === 0x08
  );
}

/** The next offset at or after `from` where a gzip header starts; the end of the stream if none. */
async function nextGzipHeader(window: ByteWindow, from: number): Promise<number> {
  let offset = Math.max(from, window.start);
  for (;;) {
    const view = await window.slice(offset, INPUT_SLICE_BYTES);
    if (view.byteLength === 0) return offset;
    const at = view.indexOf(0x1f);
    if (at < 0) {
      offset += view.byteLength;
      window.release(offset);
      continue;
    }
    offset += at;
    window.release(offset);
    if (await gzipHeaderAt(window, offset)) return offset;
    offset += 1;
  }
}

type Inflated =
  | { kind: 'oversized' }
  | { kind: 'member'; end: number; bytes: Uint8Array }
  | { kind: 'too-large'; end: number }
  | { kind: 'bomb'; at: number }
  | { kind: 'bad'; at: number }
  | { kind: 'truncated'; end: number };

/**
 * Inflates the member at `offset`, keeping its output up to `maxMemberBytes`; past that it inflates on without
 * keeping (to find the member's end) until the output outgrows `maxRatio` times the input.
 */
async function inflateMember(
  window: ByteWindow,
  offset: number,
  limits: GzipMemberLimits,
  stopWhenOversized: boolean,
): Promise<Inflated> {
  const inflater = new pako.Inflate({ chunkSize: OUTPUT_CHUNK_BYTES });
  const state = inflater as unknown as InflateState;
  let kept: Uint8Array[] | undefined = [];
  let outBytes = 0;
  let inBytes = 0;
  inflater.onData = (chunk: Uint8Array) => {
    outBytes += chunk.byteLength;
    if (kept && outBytes > limits.maxMemberBytes) kept = undefined;
    if (kept) kept.push(chunk);
    // Throwing out of onData stops pako inside push(): the bomb costs at most one output chunk more.
    else if (outBytes > limits.maxRatio * inBytes) throw new BombError();
  };
  let position = offset;
  for (;;) {
    const input = await window.slice(position, INPUT_SLICE_BYTES);
    if (input.byteLength === 0) return { kind: 'truncated', end: position };
    inBytes += input.byteLength;
    try {
      inflater.push(input, false);
    } catch (error) {
      // The input up to where pako stopped is a valid deflate stream, so the next member starts after it (the
      // slice itself may reach into the next member).
      if (error instanceof BombError) return { kind: 'bomb', at: position + state.strm.next_in };
      throw error;
    }
    if (!kept && stopWhenOversized) return { kind: 'oversized' };
    if (state.ended || state.err) {
      if (state.err) return { kind: 'bad', at: position };
      const end = position + input.byteLength - state.strm.avail_in;
      if (!kept) return { kind: 'too-large', end };
      return { kind: 'member', end, bytes: concat(kept, outBytes) };
    }
    position += input.byteLength;
    // Past the size limit the member is skipped whatever comes, so its raw bytes need not be kept for a resync.
    if (!kept) window.release(position);
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Splits a stream of gzip members (a WARC or ARC file "gzipped per record") into the members' decompressed
 * bytes with their raw offsets and lengths. Hostile input costs bounded work and memory: a member that does
 * not inflate is skipped up to the next gzip header (`bad-gzip`); one over `maxMemberBytes` is skipped
 * (`too-large`, or `decompression-bomb` when it expands past `maxRatio`, found by scanning for the next
 * header rather than inflating it); a stream cut inside a member ends with `truncated`.
 *
 * `startOffset` is the absolute offset of the source's first byte (a resumed read), so offsets stay those of
 * the file. With `reportWholeFile`, a first member that outgrows `maxMemberBytes` yields `whole` and ends
 * the read at once (the caller reads such a file as one stream instead).
 */
export async function* readGzipMembers(
  source: AsyncIterable<Uint8Array>,
  limits: GzipMemberLimits,
  startOffset = 0,
  { reportWholeFile = false }: { readonly reportWholeFile?: boolean } = {},
): AsyncGenerator<GzipMember> {
  const window = new ByteWindow(source, startOffset);
  let offset = startOffset;
  for (;;) {
    window.release(offset);
    if (!(await window.fill(offset))) return;
    if (!(await gzipHeaderAt(window, offset))) {
      const next = await nextGzipHeader(window, offset + 1);
      yield { kind: 'skipped', offset, length: next - offset, reason: SkipReason.badGzip };
      offset = next;
      continue;
    }
    const inflated = await inflateMember(window, offset, limits, reportWholeFile && offset === startOffset);
    switch (inflated.kind) {
      case 'oversized':
        yield { kind: 'whole', offset, length: 0 };
        return;
      case 'member':
        yield { kind: 'member', offset, length: inflated.end - offset, bytes: inflated.bytes };
        offset = inflated.end;
        break;
      case 'too-large':
        yield { kind: 'skipped', offset, length: inflated.end - offset, reason: SkipReason.tooLarge };
        offset = inflated.end;
        break;
      case 'truncated':
        yield { kind: 'skipped', offset, length: inflated.end - offset, reason: SkipReason.truncated };
        return;
      case 'bomb':
      case 'bad': {
        // A corrupt member may hide the next one's header anywhere after its own, so look from the byte after
        // its start where those bytes are still kept (a bomb's were released: it inflated cleanly up to `at`).
        const from = inflated.kind === 'bad' ? offset + 1 : inflated.at;
        const next = await nextGzipHeader(window, from);
        yield {
          kind: 'skipped',
          offset,
          length: next - offset,
          reason: inflated.kind === 'bad' ? SkipReason.badGzip : SkipReason.bomb,
        };
        offset = next;
        break;
      }
    }
  }
}
