import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';
import { runCli, startCli } from '../cli/run-cli.js';
import { createHarness, type Harness, type Servers } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { chunked, httpResponse, member, storyHtml, warcRecord } from './hand-built.js';
import {
  articlesOnceStored,
  fixtureWarc,
  pipelineSettled,
  pipelineStatus,
  stageOf,
  storiesWarc,
} from './support.js';
import { readWithPythonWarcio, readWithWarcioJs } from './independent-readers.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

/** Small, so the hostile archive's oversized payload stays small too. */
const MAX_BODY_BYTES = 256 * 1024;

interface Pipeline {
  readonly h: Harness;
  readonly services: ServiceProcess[];
  readonly env: Record<string, string>;
}

async function startPipeline(servers: Servers, name: string): Promise<Pipeline> {
  const h = await createHarness(servers, name);
  const services = await Promise.all(
    ['cleaner', 'entities', 'store'].map((service) =>
      startServiceProcess(service, {
        servers,
        topicPrefix: h.topicPrefix,
        queuePrefix: h.queuePrefix,
        dbName: h.dbName,
      }),
    ),
  );
  const mongo = new URL(servers.mongoUri);
  mongo.pathname = `/${h.dbName}`;
  const env = {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    REDIS_URL: servers.redisUrl,
    MONGODB_URI: mongo.toString(),
    TOPIC_PREFIX: h.topicPrefix,
    QUEUE_PREFIX: h.queuePrefix,
    FETCH_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  };
  return { h, services, env };
}

async function stopPipeline(p: Pipeline | undefined): Promise<void> {
  if (!p) return;
  await Promise.all(p.services.map((s) => s.stop()));
  await p.h.close();
}

interface ImportSummary {
  archives: {
    outcome: string;
    counts: { recordsRead: number; imported: number; unchanged: number; skipped: Record<string, number> };
  }[];
  failures: { archive: string; code: string }[];
  total: { recordsRead: number; imported: number; unchanged: number; skipped: Record<string, number> };
}

async function importJson(args: string[], env: Record<string, string>): Promise<ImportSummary> {
  const result = await runCli(['import-warc', ...args, '--json'], env, undefined, 180_000);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ImportSummary;
}

/**
 * What must come out the same for an article whichever way its page came in (`url` names whichever of the
 * pages sharing a canonical URL was stored last, so it is left out).
 */
function essence(doc: Document): Record<string, unknown> {
  return {
    _id: doc._id,
    canonicalUrl: doc.canonicalUrl,
    title: doc.title,
    text: doc.text,
    authors: doc.authors,
    publishedAt: doc.publishedAt,
    fetchedAt: doc.fetchedAt,
    entities: (doc.entities as { name: string; type: string }[]).map((e) => `${e.type}:${e.name}`).sort(),
  };
}

describe('import-warc and export-warc through the pipeline', () => {
  const servers = inject('servers');
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-warc-'));
  let a: Pipeline;
  let b: Pipeline | undefined;
  let site: FixtureSite;
  const origin = 'https://archive-fixtures.example';
  let fixtures: Awaited<ReturnType<typeof fixtureWarc>>;
  const hostile = join(dir, 'hostile.warc.gz');

  beforeAll(async () => {
    a = await startPipeline(servers, 'warc-a');
    fixtures = await fixtureWarc(origin);
    writeFileSync(join(dir, 'fixtures.warc.gz'), fixtures.file);
  });
  afterAll(async () => {
    await stopPipeline(a);
    await stopPipeline(b);
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a WARC written by the library: the fixture pages become articles in MongoDB', async () => {
    const summary = await importJson([join(dir, 'fixtures.warc.gz')], a.env);
    expect(summary.total).toMatchObject({ recordsRead: 9, imported: 8, skipped: { 'archive-info': 1 } });
    // Pages that declare the same canonical URL make one article (the boilerplate variants of one story).
    const titles = [...new Set(fixtures.pages.flatMap((p) => p.titles))].sort();
    const titlesOf = (docs: Document[]) => [...new Set(docs.map((d) => d.title as string))].sort();
    const docs = await articlesOnceStored(
      a.h.mongo.db,
      { url: { $regex: `^${origin}` } },
      (found) => titlesOf(found).length >= titles.length,
    );
    expect(titlesOf(docs)).toEqual(titles);
    for (const doc of docs) {
      const page = fixtures.pages.find((p) => p.url === doc.url);
      expect(page?.titles, String(doc.url)).toContain(doc.title);
    }
    const stored = await a.h.mongo.db.collection('pages').findOne({ url: fixtures.pages[0]!.url });
    expect(stored).toMatchObject({ fetchedAt: new Date('2017-04-13T08:00:00Z'), status: 200 });
    expect(stored?.source).toMatch(/^warc:fixtures\.warc\.gz#\d+$/);
  });

  it('stores nothing new when the same archive is imported again (checkpoint, then --fresh)', async () => {
    // Every article of the first import stored, so what follows compares settled states.
    const settled = await pipelineSettled(a.h);
    const announced = stageOf(settled, 'fetcher').produced;
    const before = await a.h.mongo.db
      .collection('articles')
      .find({ url: { $regex: `^${origin}` } })
      .toArray();
    const again = await importJson([join(dir, 'fixtures.warc.gz')], a.env);
    expect(again.archives[0]?.outcome).toBe('already-done');
    expect(again.total.imported).toBe(0);
    const fresh = await importJson([join(dir, 'fixtures.warc.gz'), '--fresh'], a.env);
    expect(fresh.total).toMatchObject({ imported: 0, unchanged: 8 });
    // Not one page.fetched more: the pipeline was given nothing to redo.
    expect(stageOf(await pipelineStatus(a.h), 'fetcher').produced).toBe(announced);
    const after = await a.h.mongo.db
      .collection('articles')
      .find({ url: { $regex: `^${origin}` } })
      .toArray();
    const versions = (docs: Document[]): string[] => docs.map((d) => `${String(d._id)}@${String(d.version)}`);
    expect(versions(after)).toEqual(versions(before));
    expect(await a.h.mongo.db.collection('pages').countDocuments({ url: { $regex: `^${origin}` } })).toBe(8);
  });

  it('reads a hand-built WARC (chunked body, revisit, request, metadata, hostile members) over HTTP', async () => {
    const uri = (path: string) => `https://hand-built.example/${path}`;
    const story = storyHtml('hand-built');
    const file = Buffer.concat(
      [
        warcRecord({ type: 'warcinfo', block: 'software: by hand\r\n' }),
        warcRecord({
          type: 'request',
          uri: uri('chunked'),
          block: 'GET /chunked HTTP/1.1\r\nHost: hand-built.example\r\n\r\n',
        }),
        warcRecord({
          type: 'response',
          uri: uri('chunked'),
          block: httpResponse(
            200,
            { 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked' },
            chunked(story, 700),
          ),
        }),
        warcRecord({
          type: 'revisit',
          uri: uri('chunked'),
          block: httpResponse(200, { 'Content-Type': 'text/html' }, ''),
        }),
        warcRecord({
          type: 'metadata',
          uri: uri('chunked'),
          block: 'outlink: https://hand-built.example/\r\n',
        }),
        warcRecord({
          type: 'response',
          uri: uri('missing'),
          block: httpResponse(404, { 'Content-Type': 'text/html' }, '<p>gone</p>'),
        }),
        warcRecord({
          type: 'response',
          uri: uri('logo.png'),
          block: httpResponse(200, { 'Content-Type': 'image/png' }, '\x89PNG'),
        }),
      ].map(member),
    );
    const hostileMembers = Buffer.concat([
      member(
        warcRecord({
          type: 'response',
          uri: uri('good-1'),
          block: httpResponse(200, { 'Content-Type': 'text/html' }, storyHtml('good-1')),
        }),
      ),
      Buffer.concat([
        Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]),
        Buffer.from('this is not deflate data'),
      ]),
      member(
        warcRecord({
          type: 'response',
          uri: uri('absurd'),
          block: httpResponse(200, {}, 'x'),
          contentLength: '99999999999999',
        }),
      ),
      member(
        warcRecord({
          type: 'response',
          uri: uri('big'),
          block: httpResponse(200, { 'Content-Type': 'text/html' }, 'y'.repeat(MAX_BODY_BYTES + 1)),
        }),
      ),
      member(
        Buffer.concat([
          Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 41943040\r\n\r\n'),
          Buffer.alloc(40 * 1024 * 1024),
        ]),
      ),
      member(
        warcRecord({
          type: 'response',
          uri: uri('good-2'),
          block: httpResponse(200, { 'Content-Type': 'text/html' }, storyHtml('good-2')),
        }),
      ),
      member(
        warcRecord({
          type: 'response',
          uri: uri('cut'),
          block: httpResponse(200, { 'Content-Type': 'text/html' }, storyHtml('cut')),
        }),
      ).subarray(0, 200),
    ]);
    writeFileSync(hostile, hostileMembers);
    site = await startFixtureSite({ '/hand-built.warc.gz': { body: file, contentType: 'application/warc' } });
    const summary = await importJson([site.url('/hand-built.warc.gz'), hostile], {
      ...a.env,
      FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
    });
    const [overHttp, fromDisk] = summary.archives;
    expect(overHttp?.counts).toEqual({
      recordsRead: 7,
      imported: 1,
      unchanged: 0,
      skipped: { 'archive-info': 1, request: 1, revisit: 1, metadata: 1, 'not-2xx': 1, 'not-html': 1 },
    });
    expect(fromDisk?.counts).toEqual({
      recordsRead: 7,
      imported: 2,
      unchanged: 0,
      skipped: {
        'bad-gzip': 1,
        'absurd-content-length': 1,
        'too-large': 1,
        'decompression-bomb': 1,
        truncated: 1,
      },
    });
    const docs = await articlesOnceStored(
      a.h.mongo.db,
      { url: { $regex: '^https://hand-built\\.example/' } },
      3,
    );
    expect(docs.map((d) => d.url as string).sort()).toEqual([uri('chunked'), uri('good-1'), uri('good-2')]);
    expect(docs.find((d) => d.url === uri('chunked'))?.title).toBe('Harbour inspections, story hand-built');
  });

  it('re-imports an archive named by URL without downloading it again: only its first MiB is read', async () => {
    // One story, then 32 MiB of incompressible metadata records (skipped): far more than the identity's
    // first MiB plus what loopback socket buffers (a few MiB) can hold once the importer stops reading.
    const uri = 'https://re-import.example/story';
    const file = Buffer.concat([
      warcRecord({ type: 'warcinfo', block: 'software: by hand\r\n' }),
      warcRecord({
        type: 'response',
        uri,
        block: httpResponse(200, { 'Content-Type': 'text/html' }, storyHtml('re-import')),
      }),
      ...Array.from({ length: 128 }, () => warcRecord({ type: 'metadata', block: randomBytes(256 * 1024) })),
    ]);
    const served: number[] = [];
    const archive = await startFixtureSite({
      '/big.warc': async (_request, response) => {
        const at = served.push(0) - 1;
        response.writeHead(200, { 'Content-Type': 'application/warc', 'Content-Length': file.byteLength });
        for (let offset = 0; offset < file.byteLength && !response.destroyed; offset += 64 * 1024) {
          const piece = file.subarray(offset, offset + 64 * 1024);
          served[at]! += piece.byteLength;
          if (!response.write(piece)) {
            await new Promise((resolve) => {
              response.once('drain', resolve);
              response.once('close', resolve);
            });
          }
        }
        response.end();
      },
    });
    try {
      const env = { ...a.env, FETCH_ALLOWED_HOSTS: '127.0.0.0/8' };
      const first = await importJson([archive.url('/big.warc')], env);
      expect(first.archives[0]).toMatchObject({ outcome: 'done', counts: { imported: 1 } });
      expect(served).toEqual([file.byteLength]);
      const again = await importJson([archive.url('/big.warc')], env);
      expect(again.archives[0]?.outcome).toBe('already-done');
      expect(served).toHaveLength(2);
      expect(served[1]).toBeLessThan(file.byteLength / 2);
    } finally {
      await archive.close();
    }
  });

  it('exports stored pages as WARC/1.1 that independent readers take, digests included', async () => {
    const out = join(dir, 'export.warc.gz');
    const result = await runCli(
      ['export-warc', '--site', 'archive-fixtures.example', '--out', out],
      a.env,
      undefined,
      120_000,
    );
    expect(result.code, result.stderr).toBe(0);
    const exported = readFileSync(out);
    const js = await readWithWarcioJs(exported);
    expect(js).toMatchObject({ warcinfo: 1, responses: 8, digestMismatches: [] });
    expect(js.targets.sort()).toEqual(fixtures.pages.map((p) => p.url).sort());
    // Without --out the same records go to stdout.
    const piped = join(dir, 'piped.warc.gz');
    await run(
      'bash',
      ['-c', `node bin/newsflow.mjs export-warc --site archive-fixtures.example > '${piped}'`],
      {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...a.env },
        timeout: 120_000,
      },
    );
    expect(await readWithWarcioJs(readFileSync(piped))).toMatchObject({
      warcinfo: 1,
      responses: 8,
      digestMismatches: [],
    });
  });

  it('exports a WARC that Python warcio checks and reads', async (ctx) => {
    const python = await readWithPythonWarcio(join(dir, 'export.warc.gz'));
    if (python.kind === 'unavailable') {
      ctx.skip(true, `Python's warcio could not be installed here: ${python.reason}`);
      return;
    }
    expect(python.check).toBe(0);
    expect(python.read).toMatchObject({ warcinfo: 1, response: 8, payloadDigestsOk: 8 });
  });

  it('round trip: the export imported into an empty database gives the same articles', async () => {
    b = await startPipeline(servers, 'warc-b');
    expect(await b.h.mongo.db.collection('pages').countDocuments()).toBe(0);
    const summary = await importJson([join(dir, 'export.warc.gz')], b.env);
    expect(summary.total).toMatchObject({ imported: 8, recordsRead: 9 });
    const originals = await a.h.mongo.db
      .collection('articles')
      .find({ url: { $regex: `^${origin}` } })
      .sort({ _id: 1 })
      .toArray();
    await articlesOnceStored(b.h.mongo.db, { url: { $regex: `^${origin}` } }, originals.length);
    // Pages sharing a canonical URL update one article: compare once every page has been through.
    await pipelineSettled(b.h);
    const copies = await b.h.mongo.db
      .collection('articles')
      .find({ url: { $regex: `^${origin}` } })
      .toArray();
    copies.sort((x, y) => String(x._id).localeCompare(String(y._id)));
    expect(copies.map(essence)).toEqual(originals.map(essence));
  });

  it('killed with SIGKILL mid-import and run again, it resumes and stores every page exactly once', async () => {
    if (!b) throw new Error('the round trip test starts pipeline B');
    const stories = join(dir, 'stories.warc.gz');
    const count = 40;
    writeFileSync(stories, await storiesWarc('https://resumed.example', count));
    // With the cleaner stopped its backlog only grows, so the importer is bound to wait mid-file.
    const cleaner = b.services.find((s) => s.name === 'cleaner')!;
    await cleaner.stop();
    b.services.splice(b.services.indexOf(cleaner), 1);
    const env = {
      ...b.env,
      WARC_IMPORT_BATCH_PAGES: '5',
      WARC_IMPORT_MAX_BACKLOG: '1',
      WARC_IMPORT_BACKLOG_POLL_MS: '10',
    };
    const first = startCli(['import-warc', stories], env);
    await first.waitForStderr('waiting for the cleaner', 90_000);
    first.kill();
    expect((await first.result).code).toBe(null);
    const pagesAtKill = await b.h.mongo.db
      .collection('pages')
      .countDocuments({ url: { $regex: '^https://resumed\\.example/' } });
    expect(pagesAtKill).toBeGreaterThan(0);
    expect(pagesAtKill).toBeLessThan(count);

    b.services.push(
      await startServiceProcess('cleaner', {
        servers,
        topicPrefix: b.h.topicPrefix,
        queuePrefix: b.h.queuePrefix,
        dbName: b.h.dbName,
      }),
    );
    const stored = await b.h.collect('article.stored');
    const rerun = await runCli(['import-warc', stories, '--json'], b.env, undefined, 180_000);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as ImportSummary & {
      archives: { resumedFrom?: { offset: number } }[];
    };
    expect(summary.archives[0]?.resumedFrom?.offset).toBeGreaterThan(0);

    const docs = await articlesOnceStored(
      b.h.mongo.db,
      { url: { $regex: '^https://resumed\\.example/' } },
      count,
    );
    expect(docs).toHaveLength(count);
    expect(new Set(docs.map((d) => String(d.url))).size).toBe(count);
    expect(docs.every((d) => d.version === 1)).toBe(true);
    expect(
      await b.h.mongo.db
        .collection('pages')
        .countDocuments({ url: { $regex: '^https://resumed\\.example/' } }),
    ).toBe(count);
    // Each story was stored once: one "inserted" each, never "updated".
    await stored.waitFor(count, 60_000);
    const outcomes = stored.messages
      .map((m) => JSON.parse(m.value!.toString()) as { url: string; outcome: string })
      .filter((m) => m.url.startsWith('https://resumed.example/'));
    expect(outcomes.filter((m) => m.outcome === 'inserted')).toHaveLength(count);
    expect(outcomes.filter((m) => m.outcome === 'updated')).toHaveLength(0);
  });
});
