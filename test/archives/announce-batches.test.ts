import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createRedisCheckpointStore,
  importArchive,
  warcInfoRecord,
  warcResponseRecord,
  type ArchiveToImport,
} from '@newsflow/archives';
import { MAX_MESSAGE_BYTES, PageFetchedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { createPageStore } from '@newsflow/runtime';
import { createHarness, type Harness } from '../support/runtime-harness.js';

/** Text that gzip cannot shrink much (random letters, seeded), so each page is announced with a large inline body. */
function noisyPage(n: number, bytes: number): Buffer {
  // xorshift32 in 32-bit integer arithmetic (a float LCG loses bits past 2^53 and falls into short cycles).
  let state = (20261206 + n) | 0;
  let text = '';
  while (text.length < bytes) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const r = state >>> 0;
    text += r % 7 === 0 ? ' ' : String.fromCharCode(97 + (r % 26));
  }
  return Buffer.from(`<html><head><title>Noisy ${n}</title></head><body><p>${text}</p></body></html>`);
}

/**
 * A batch of imported pages whose page.fetched messages together outgrow the broker's message.max.bytes (each
 * carries its gzipped body inline): they must reach Kafka in several produce requests, not fail the import.
 */
describe('import-warc announcing a batch larger than one Kafka request', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'warc-announce');
  });
  afterAll(async () => h?.close());

  it('sends every page.fetched of a batch over 1 MB, in order', async () => {
    const count = 12;
    const parts = [await warcInfoRecord({ filename: 'noisy.warc.gz', software: 'test', date: new Date() })];
    for (let n = 0; n < count; n++) {
      parts.push(
        await warcResponseRecord({
          url: `https://noisy.example/${n}`,
          status: 200,
          headers: { 'content-type': 'text/html' },
          contentType: 'text/html',
          fetchedAt: new Date('2017-04-13T08:00:00Z'),
          body: noisyPage(n, 150_000),
        }),
      );
    }
    const file = Buffer.concat(parts);
    const archive: ArchiveToImport = {
      name: 'noisy.warc.gz',
      open: async () => ({
        bytes: Readable.from([file]),
        sizeBytes: file.byteLength,
        close: () => undefined,
      }),
    };
    const fetched = await h.collect(Topics.pageFetched);
    const sentBytes: number[] = [];
    const result = await importArchive(
      archive,
      {
        pages: createPageStore(h.mongo.db),
        announce: async (messages) => {
          sentBytes.push(messages.reduce((sum, m) => sum + m.value.byteLength, 0));
          await h.kafka.sendRaw(Topics.pageFetched, messages);
        },
        checkpoints: createRedisCheckpointStore(h.redis, h.queuePrefix),
        waitForRoom: async () => undefined,
        now: () => new Date(),
      },
      { filters: {}, maxBodyBytes: 1024 * 1024, batchPages: 100 },
    );
    expect(result.counts).toMatchObject({ imported: count, recordsRead: count + 1 });
    // One batch, larger than the broker takes in one request.
    expect(sentBytes).toHaveLength(1);
    expect(sentBytes[0]).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const messages = await fetched.waitFor(count, 60_000);
    const urls = messages.map((m) => parseMessage(PageFetchedSchema, m.value!).url);
    expect(urls).toEqual(Array.from({ length: count }, (_, n) => `https://noisy.example/${n}`));
    expect(messages.every((m) => parseMessage(PageFetchedSchema, m.value!).inlineBody !== undefined)).toBe(
      true,
    );
  });
});
