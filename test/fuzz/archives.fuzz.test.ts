import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ArchiveErrorCode,
  pageFromRecord,
  readArchive,
  skipReasonOfHead,
  type ArchiveEntry,
} from '@newsflow/archives';
import { arcFile, chunked, httpResponse, member, storyHtml, warcRecord } from '../archives/hand-built.js';
import { boundedCallAsync, slowestCall } from './support/bounded-call.js';
import { fuzzSeeds } from './support/fuzz-seeds.js';

/**
 * Fuzzing `import-warc`'s reader: valid WARC and ARC archives (gzipped per record, whole, or not at all)
 * truncated, with bytes flipped, inserted or repeated, and random bytes, through `readArchive` and
 * `pageFromRecord` as the importer calls them. Each archive is read to its end or refused with an
 * `ArchiveError`, within the bounds of support/bounded-call.ts; no payload or page outgrows its limit, and the
 * resume positions never go back.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEEDS = fuzzSeeds('archives', RUNS);
afterAll(() => console.log(`[fuzz] archives: slowest call ${slowestCall()}`));
const ARCHIVE_CODES = new Set<string>(Object.values(ArchiveErrorCode));
const MAX_BODY = 64 * 1024;
const LIMITS = { maxBodyBytes: MAX_BODY, maxRatio: 100 };

const isArchiveError = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && ARCHIVE_CODES.has(String(error.code)) && 'retriable' in error;

const HTML = { 'Content-Type': 'text/html; charset=utf-8' };
/** Records of every kind the reader meets: plain, chunked, gzip-encoded, a bomb, info and request records. */
const RECORDS: readonly Buffer[] = [
  warcRecord({ type: 'warcinfo', block: 'software: fuzz\r\n' }),
  warcRecord({
    type: 'response',
    uri: 'https://news.example/1',
    block: httpResponse(200, HTML, storyHtml(1)),
  }),
  warcRecord({
    type: 'response',
    uri: 'https://news.example/2',
    block: httpResponse(200, { ...HTML, 'Transfer-Encoding': 'chunked' }, chunked(storyHtml(2), 100)),
  }),
  warcRecord({
    type: 'response',
    uri: 'https://news.example/3',
    block: httpResponse(200, { ...HTML, 'Content-Encoding': 'gzip' }, gzipSync(storyHtml(3))),
  }),
  warcRecord({
    type: 'response',
    uri: 'https://news.example/bomb',
    block: httpResponse(200, { ...HTML, 'Content-Encoding': 'gzip' }, gzipSync(Buffer.alloc(8 * MAX_BODY))),
  }),
  warcRecord({ type: 'request', uri: 'https://news.example/1', block: 'GET /1 HTTP/1.1\r\n\r\n' }),
];
const ARC = Buffer.concat(
  arcFile([{ uri: 'https://news.example/arc', http: httpResponse(200, HTML, storyHtml(4)) }]),
);

/** The same records framed each way the reader accepts. */
const ARCHIVES: readonly Buffer[] = [
  Buffer.concat(RECORDS.map(member)),
  gzipSync(Buffer.concat(RECORDS)),
  Buffer.concat(RECORDS),
  ARC,
  gzipSync(ARC),
];

type Edit = readonly [
  at: number,
  length: number,
  bytes: Uint8Array,
  kind: 'cut' | 'insert' | 'repeat' | 'flip',
];
const edit = fc.tuple(
  fc.nat(),
  fc.nat({ max: 600 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.constantFrom('cut' as const, 'insert' as const, 'repeat' as const, 'flip' as const),
);

function applyEdits(archive: Buffer, edits: readonly Edit[]): Buffer {
  let b = archive;
  for (const [at, length, bytes, kind] of edits) {
    const i = at % (b.byteLength + 1);
    if (kind === 'cut') b = Buffer.concat([b.subarray(0, i), bytes, b.subarray(i + length)]);
    else if (kind === 'insert') b = Buffer.concat([b.subarray(0, i), bytes, b.subarray(i)]);
    else if (kind === 'repeat') {
      const run = b.subarray(i, i + length);
      b = Buffer.concat([b.subarray(0, i), run, run, run, b.subarray(i)]);
    } else if (i < b.byteLength) {
      b = Buffer.from(b);
      b[i] = b[i]! ^ (bytes[0] ?? 0xff);
    }
  }
  return b;
}

/** Reads `archive` as the importer does, in chunks of `chunk` bytes; the outcome is the error code or a summary. */
async function readChecked(archive: Buffer, chunk: number): Promise<string> {
  const outcome = await boundedCallAsync(
    'readArchive',
    async () => {
      const chunks: Buffer[] = [];
      for (let at = 0; at < archive.byteLength; at += chunk) chunks.push(archive.subarray(at, at + chunk));
      const entries: ArchiveEntry[] = [];
      for await (const entry of readArchive(Readable.from(chunks), {
        maxPayloadBytes: MAX_BODY,
        skipHead: (head) => skipReasonOfHead(head, {}),
      })) {
        entries.push(entry);
        if (entry.kind === 'record') {
          const page = await pageFromRecord(entry.head, entry.payload, LIMITS);
          if (page.kind === 'page') expect(page.page.body.byteLength).toBeLessThanOrEqual(MAX_BODY);
        }
      }
      return entries;
    },
    isArchiveError,
  );
  if (typeof outcome === 'string') return outcome;
  let position = -1;
  for (const entry of outcome) {
    if (entry.kind === 'record') expect(entry.payload.byteLength).toBeLessThanOrEqual(MAX_BODY);
    if (entry.kind === 'position') {
      expect(entry.position.offset).toBeGreaterThanOrEqual(position);
      position = entry.position.offset;
    }
  }
  return `${outcome.filter((e) => e.kind === 'record').length} records`;
}

describe('archives: the unedited archives read whole', () => {
  it.each(ARCHIVES.map((archive, i) => ({ i, archive })))('archive $i', async ({ archive }) => {
    expect(await readChecked(archive, 4096)).toMatch(/^[1-9]\d* records$/);
  });
});

describe.each(SEEDS)(
  'fuzz (seed $seed): archives are read or refused with an ArchiveError, in bounds',
  ({ seed, numRuns }) => {
    it('edited WARC and ARC archives: truncated, flipped, spliced, repeated', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ARCHIVES),
          fc.array(edit, { minLength: 1, maxLength: 5 }),
          fc.constantFrom(1, 7, 4096, 65_536),
          async (archive, edits, chunk) => {
            await readChecked(applyEdits(archive, edits), chunk);
          },
        ),
        { seed, numRuns },
      );
    });

    it('records edited before they are gzipped (valid gzip, broken WARC inside)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
          await readChecked(Buffer.concat(RECORDS.map((r) => member(applyEdits(r, edits)))), 4096);
        }),
        { seed, numRuns },
      );
    });

    it('random bytes, plain and gzipped', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), fc.boolean(), async (bytes, gz) => {
          await readChecked(gz ? gzipSync(bytes) : Buffer.from(bytes), 4096);
        }),
        { seed, numRuns },
      );
    });
  },
);
