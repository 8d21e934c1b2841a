import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  arcFile,
  chunked,
  httpResponse,
  member,
  storyHtml,
  warcRecord,
} from '../../../test/archives/hand-built.js';
import { ArchiveFormatError } from './archive-errors.js';
import { pageFromRecord, skipReasonOfHead } from './page-from-record.js';
import { readArchive, type ArchiveEntry, type ArchivePosition } from './read-archive.js';

const MAX_BODY = 64 * 1024;
const LIMITS = { maxBodyBytes: MAX_BODY, maxRatio: 100 };

async function entriesOf(file: Buffer | Buffer[], resumeFrom?: ArchivePosition): Promise<ArchiveEntry[]> {
  const chunks = Array.isArray(file) ? file : [file];
  const out: ArchiveEntry[] = [];
  for await (const entry of readArchive(Readable.from(chunks), {
    maxPayloadBytes: MAX_BODY,
    skipHead: (head) => skipReasonOfHead(head, {}),
    ...(resumeFrom ? { resumeFrom } : {}),
  })) {
    out.push(entry);
  }
  return out;
}

/** Each record as `uri` (imported) or `reason` (skipped), in order. */
function outline(entries: readonly ArchiveEntry[]): string[] {
  return entries.flatMap((e) =>
    e.kind === 'record' ? [e.head.targetUri ?? '?'] : e.kind === 'skipped' ? [`skip:${e.reason}`] : [],
  );
}

const html = (n: number): Buffer =>
  httpResponse(200, { 'Content-Type': 'text/html; charset=utf-8' }, storyHtml(n));
const response = (n: number): Buffer =>
  warcRecord({ type: 'response', uri: `https://news.example/story-${n}`, block: html(n) });

describe('readArchive', () => {
  it('reads the same records whether gzipped per record, gzipped whole or plain', async () => {
    const records = [warcRecord({ type: 'warcinfo', block: 'software: test\r\n' }), response(1), response(2)];
    const perRecord = await entriesOf(records.map(member));
    const whole = await entriesOf(gzipSync(Buffer.concat(records)));
    const plain = await entriesOf(Buffer.concat(records));
    const expected = ['skip:archive-info', 'https://news.example/story-1', 'https://news.example/story-2'];
    expect(outline(perRecord)).toEqual(expected);
    expect(outline(whole)).toEqual(expected);
    expect(outline(plain)).toEqual(expected);
    for (const entries of [perRecord, whole, plain]) {
      const first = entries.find((e) => e.kind === 'record');
      expect(Buffer.from(first!.kind === 'record' ? first!.payload : []).toString()).toBe(storyHtml(1));
    }
  });

  it('takes a chunked body apart and skips request, revisit and metadata records (hand-built WARC)', async () => {
    const body = storyHtml(7);
    const file = Buffer.concat([
      warcRecord({ type: 'warcinfo', block: 'software: hand\r\n' }),
      warcRecord({
        type: 'request',
        uri: 'https://news.example/story-7',
        block: 'GET /story-7 HTTP/1.1\r\nHost: news.example\r\n\r\n',
      }),
      warcRecord({
        type: 'response',
        uri: 'https://news.example/story-7',
        block: httpResponse(
          200,
          { 'Content-Type': 'text/html', 'Transfer-Encoding': 'chunked' },
          chunked(body, 500),
        ),
      }),
      warcRecord({
        type: 'revisit',
        uri: 'https://news.example/story-7',
        block: httpResponse(200, { 'Content-Type': 'text/html' }, ''),
      }),
      warcRecord({
        type: 'metadata',
        uri: 'https://news.example/story-7',
        block: 'outlink: https://news.example/\r\n',
      }),
      warcRecord({
        type: 'response',
        uri: 'https://news.example/gone',
        block: httpResponse(404, { 'Content-Type': 'text/html' }, '<p>no</p>'),
      }),
      warcRecord({
        type: 'response',
        uri: 'https://news.example/logo.png',
        block: httpResponse(200, { 'Content-Type': 'image/png' }, '\x89PNG\r\n'),
      }),
    ]);
    const entries = await entriesOf(file);
    expect(outline(entries)).toEqual([
      'skip:archive-info',
      'skip:request',
      'https://news.example/story-7',
      'skip:revisit',
      'skip:metadata',
      'skip:not-2xx',
      'skip:not-html',
    ]);
    const record = entries.find((e) => e.kind === 'record');
    if (record?.kind !== 'record') throw new Error('no record');
    const made = await pageFromRecord(record.head, record.payload, LIMITS);
    if (made.kind !== 'page') throw new Error(`skipped: ${made.reason}`);
    expect(Buffer.from(made.page.body).toString()).toBe(body);
    expect(made.page).toMatchObject({
      url: 'https://news.example/story-7',
      status: 200,
      contentType: 'text/html',
    });
    expect(made.page.fetchedAt.toISOString()).toBe('2017-04-13T08:00:00.000Z');
  });

  it('skips each hostile member with its reason and reads the good records around them', async () => {
    // ~500 bytes that decode to 500 KiB: past the page size limit at a ratio over 100 whatever follows.
    const bombPayload = gzipSync(Buffer.alloc(500 * 1024));
    const members = [
      member(response(1)),
      // A gzip header followed by garbage.
      Buffer.concat([
        Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]),
        Buffer.from('not deflate at all, not at all'),
      ]),
      member(
        warcRecord({
          type: 'response',
          uri: 'https://news.example/absurd',
          block: html(3),
          contentLength: '999999999999999',
        }),
      ),
      member(
        warcRecord({
          type: 'response',
          uri: 'https://news.example/big',
          block: httpResponse(200, { 'Content-Type': 'text/html' }, 'x'.repeat(MAX_BODY + 1)),
        }),
      ),
      // A member that inflates to 50 MB of zeros after a WARC head.
      gzipSync(
        Buffer.concat([
          Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 52428800\r\n\r\n'),
          Buffer.alloc(50 * 1024 * 1024),
        ]),
      ),
      member(
        warcRecord({
          type: 'response',
          uri: 'https://news.example/gz-bomb',
          block: httpResponse(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, bombPayload),
        }),
      ),
      member(response(2)),
      member(response(9)).subarray(0, 300),
    ];
    const entries = await entriesOf(Buffer.concat(members));
    expect(outline(entries)).toEqual([
      'https://news.example/story-1',
      'skip:bad-gzip',
      'skip:absurd-content-length',
      'skip:too-large',
      'skip:decompression-bomb',
      'https://news.example/gz-bomb',
      'https://news.example/story-2',
      'skip:truncated',
    ]);
    // The Content-Encoding bomb passes the framing; decoding it stops at the page size limit.
    const gzBomb = entries.find((e) => e.kind === 'record' && e.head.targetUri?.endsWith('gz-bomb'));
    if (gzBomb?.kind !== 'record') throw new Error('no gz-bomb record');
    expect(await pageFromRecord(gzBomb.head, gzBomb.payload, LIMITS)).toEqual({
      kind: 'skipped',
      reason: 'decompression-bomb',
    });
  });

  it('ends a plain stream at a record cut short or a head with no end, without reading on', async () => {
    const cut = Buffer.concat([response(1), response(2).subarray(0, 400)]);
    expect(outline(await entriesOf(cut))).toEqual(['https://news.example/story-1', 'skip:truncated']);
    // A megabyte of header bytes with no blank line: the head bound (256 KiB) stops warcio's header reader.
    const endless = Buffer.concat([
      response(1),
      Buffer.from(`WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ${'x'.repeat(1024 * 1024)}`),
    ]);
    const chunks = Array.from({ length: Math.ceil(endless.byteLength / 65536) }, (_, i) =>
      endless.subarray(i * 65536, (i + 1) * 65536),
    );
    expect(outline(await entriesOf(chunks))).toEqual(['https://news.example/story-1', 'skip:bad-record']);
  });

  it('reads ARC files, plain and gzipped per record', async () => {
    const records = arcFile([
      { uri: 'https://news.example/story-4', http: html(4) },
      { uri: 'https://news.example/story-5', http: html(5) },
    ]);
    const expected = ['skip:archive-info', 'https://news.example/story-4', 'https://news.example/story-5'];
    expect(outline(await entriesOf(Buffer.concat(records)))).toEqual(expected);
    const gz = await entriesOf(Buffer.concat(records.map((r) => gzipSync(r))));
    expect(outline(gz)).toEqual(expected);
    const record = gz.find((e) => e.kind === 'record');
    if (record?.kind !== 'record') throw new Error('no record');
    expect(record.head.date).toBe('2017-04-13T08:00:00Z');
    expect(Buffer.from(record.payload).toString()).toBe(storyHtml(4));
  });

  it('resumes from a position without the records before it, per record and in a stream', async () => {
    const records = [response(1), response(2), response(3)];
    for (const file of [Buffer.concat(records.map(member)), Buffer.concat(records)]) {
      const all = await entriesOf(file);
      const positions = all.flatMap((e) => (e.kind === 'position' ? [e.position] : []));
      const afterFirst = positions.find((p) => p.offset > 0)!;
      const rest = await entriesOf(file, afterFirst);
      expect(outline(rest)).toEqual(['https://news.example/story-2', 'https://news.example/story-3']);
    }
  });

  it('refuses bytes that are neither WARC nor ARC', async () => {
    await expect(entriesOf(Buffer.from('<html>not an archive</html>'))).rejects.toBeInstanceOf(
      ArchiveFormatError,
    );
  });
});
