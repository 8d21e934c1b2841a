import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Document } from 'mongodb';
import { warcInfoRecord, warcResponseRecord } from '@newsflow/archives';
import { readPipelineStatus, type PipelineStatus, type StageStatus } from '@newsflow/ops';
import type { Harness } from '../support/runtime-harness.js';
import { storyHtml } from './hand-built.js';

const pagesDir = resolve(import.meta.dirname, '..', 'fixtures', 'pages');

export interface FixturePageInArchive {
  readonly slug: string;
  readonly url: string;
  /** Titles of the articles the page holds (its expected.json). */
  readonly titles: string[];
}

/**
 * The fixture pages the archive holds: a fixed choice (HTML and plain text, a page of several posts, four
 * variants of one story sharing a canonical URL), so the tests' cost does not grow with the extraction corpus
 * that test/fixtures/pages has become.
 */
export const ARCHIVED_FIXTURES = [
  'boilerplate-cookie-newsletter',
  'boilerplate-disqus',
  'boilerplate-facebook-comments-share',
  'boilerplate-related-author-bio',
  'seed-000-text',
  'seed-000-wordpress',
  'seed-001-blogger',
  'seed-001-text',
] as const;

/** A WARC gzipped per record, written by the library from {@link ARCHIVED_FIXTURES}, at `origin`. */
export async function fixtureWarc(origin: string): Promise<{ file: Buffer; pages: FixturePageInArchive[] }> {
  const parts = [
    await warcInfoRecord({ filename: 'fixtures.warc.gz', software: 'newsflow tests', date: new Date() }),
  ];
  const pages: FixturePageInArchive[] = [];
  for (const slug of ARCHIVED_FIXTURES) {
    const htmlPath = join(pagesDir, slug, 'source.html');
    const isHtml = existsSync(htmlPath);
    const body = readFileSync(isHtml ? htmlPath : join(pagesDir, slug, 'source.txt'));
    const expected = JSON.parse(readFileSync(join(pagesDir, slug, 'expected.json'), 'utf8')) as {
      articles: { title: string }[];
    };
    const url = `${origin}/${slug}`;
    pages.push({ slug, url, titles: expected.articles.map((a) => a.title) });
    parts.push(
      await warcResponseRecord({
        url,
        status: 200,
        headers: { 'content-type': `${isHtml ? 'text/html' : 'text/plain'}; charset=utf-8` },
        contentType: isHtml ? 'text/html' : 'text/plain',
        fetchedAt: new Date('2017-04-13T08:00:00Z'),
        body,
      }),
    );
  }
  return { file: Buffer.concat(parts), pages };
}

/** `count` distinct story pages at `origin` (one article each), written by the library. */
export async function storiesWarc(origin: string, count: number): Promise<Buffer> {
  const parts = [
    await warcInfoRecord({ filename: 'stories.warc.gz', software: 'newsflow tests', date: new Date() }),
  ];
  for (let n = 0; n < count; n++) {
    parts.push(
      await warcResponseRecord({
        url: `${origin}/story-${n}`,
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        contentType: 'text/html',
        fetchedAt: new Date('2017-04-13T08:00:00Z'),
        body: Buffer.from(storyHtml(n)),
      }),
    );
  }
  return Buffer.concat(parts);
}

/** Waits (bounded) until the articles matching `filter` are at least `until` many, or satisfy `until`. */
export async function articlesOnceStored(
  db: Db,
  filter: Document,
  until: number | ((docs: Document[]) => boolean),
  timeoutMs = 120_000,
): Promise<Document[]> {
  const done = typeof until === 'number' ? (docs: Document[]) => docs.length >= until : until;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const docs = await db.collection('articles').find(filter).toArray();
    if (done(docs)) return docs;
    if (Date.now() > deadline) {
      throw new Error(`${docs.length} articles stored within ${timeoutMs} ms, not what was awaited`);
    }
    await sleep(250);
  }
}

/** Where the harness's pipeline stands: the figures `newsflow status` shows, read with the harness's clients. */
export function pipelineStatus(h: Harness): Promise<PipelineStatus> {
  return readPipelineStatus(
    {
      withKafka: (use) => use(h.kafka),
      withRedis: (use) => use(h.redis),
      withMongo: (use) => use(h.mongo.db),
    },
    { queuePrefix: h.queuePrefix, articlesCollection: 'articles' },
  );
}

export function stageOf(status: PipelineStatus, stage: string): StageStatus {
  const found = status.stages.find((s) => s.stage === stage);
  if (!found) throw new Error(`no stage ${stage} in the status`);
  return found;
}

/**
 * Waits (bounded) until cleaner, entities and store have nothing left (no lag, nothing waiting, active or
 * delayed) and every article cleaned was stored or dead-lettered: what is in MongoDB then stays as it is.
 */
export async function pipelineSettled(h: Harness, timeoutMs = 120_000): Promise<PipelineStatus> {
  const deadline = Date.now() + timeoutMs;
  let idleSince: { at: number; figures: string } | undefined;
  for (;;) {
    const status = await pipelineStatus(h);
    const idle = ['cleaner', 'entities', 'store'].every((name) => {
      const s = stageOf(status, name);
      return s.lag === 0 && s.waiting === 0 && s.active === 0 && s.delayed === 0;
    });
    const deadLetters = status.deadLetters.reduce((sum, d) => sum + (d.messages ?? 0), 0);
    const cleaned = stageOf(status, 'cleaner').produced ?? 0;
    const stored = stageOf(status, 'store').produced ?? 0;
    if (idle && stored + deadLetters >= cleaned) return status;
    // A produce retried under load can write an article.cleaned twice (at least once); the store's job id
    // drops the copy, so `stored` stays behind `cleaned` for good. Idle with the same figures for 5 s is settled.
    const figures = JSON.stringify(status.stages.map((s) => s.produced));
    if (!idle || idleSince?.figures !== figures) idleSince = idle ? { at: Date.now(), figures } : undefined;
    else if (Date.now() - idleSince.at >= 5_000) return status;
    if (Date.now() > deadline) {
      throw new Error(`the pipeline did not settle within ${timeoutMs} ms: ${JSON.stringify(status.stages)}`);
    }
    await sleep(250);
  }
}
