import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createRedisCheckpointStore,
  importArchive,
  type ArchiveToImport,
  type ImportDeps,
} from '@newsflow/archives';
import { PageFetchedSchema, parseMessage } from '@newsflow/contracts';
import { createPageStore, type OutgoingMessage } from '@newsflow/runtime';
import { createHarness, type Harness } from '../support/runtime-harness.js';
import { storiesWarc } from './support.js';

/**
 * The window a crash can leave between saving a batch's pages and announcing them: the next run must
 * announce those pages although their bytes are already stored (real MongoDB and Redis, in-process import).
 */
describe('import-warc resuming after a run died between saving and announcing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'warc-resume');
  });
  afterAll(async () => h?.close());

  it('announces the pages of the interrupted batch on the next run, and no page twice after it', async () => {
    const file = await storiesWarc('https://window.example', 12);
    const archive: ArchiveToImport = {
      name: 'window.warc.gz',
      open: async () => ({
        bytes: Readable.from([file]),
        sizeBytes: file.byteLength,
        close: () => undefined,
      }),
    };
    const announced: OutgoingMessage[][] = [];
    let failOnBatch: number | undefined = 2;
    const deps: ImportDeps = {
      pages: createPageStore(h.mongo.db),
      announce: async (messages) => {
        if (announced.length + 1 === failOnBatch) throw new Error('the process died here');
        announced.push([...messages]);
      },
      checkpoints: createRedisCheckpointStore(h.redis, h.queuePrefix),
      waitForRoom: async () => undefined,
      now: () => new Date(),
    };
    const options = { filters: {}, maxBodyBytes: 1024 * 1024, batchPages: 5 };
    await expect(importArchive(archive, deps, options)).rejects.toThrow('the process died here');
    expect(announced.flat()).toHaveLength(5);
    expect(await h.mongo.db.collection('pages').countDocuments()).toBe(10);

    failOnBatch = undefined;
    const resumed = await importArchive(archive, deps, options);
    expect(resumed.outcome).toBe('done');
    expect(resumed.resumedFrom?.offset).toBeGreaterThan(0);
    const urls = announced.flat().map((m) => parseMessage(PageFetchedSchema, m.value).url);
    expect(urls).toHaveLength(12);
    expect(new Set(urls).size).toBe(12);
    // The second batch's pages were stored before the crash; the rerun announced them anyway.
    expect(resumed.counts).toMatchObject({ imported: 7, unchanged: 0 });
    expect(await h.mongo.db.collection('pages').countDocuments()).toBe(12);
  });
});
