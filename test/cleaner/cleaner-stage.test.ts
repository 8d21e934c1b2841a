import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  PageFetchedSchema,
  Topics,
  dlqTopic,
  parseMessage,
  type ArticleCleaned,
  type DeadLetter,
  type PageFetched,
} from '@newsflow/contracts';
import { EXTRACTOR_NAME, EXTRACTOR_VERSION } from '@newsflow/extraction';
import { articleIdFor, sha256Hex } from '@newsflow/normalize';
import { waitFor } from '@newsflow/testing';
import { createPageStore, startStage, type JobContext, type PageStore, type Stage } from '@newsflow/runtime';
import { handlePage } from '../../services/cleaner/src/handler.js';
import { cleanerJobId } from '../../services/cleaner/src/job-id.js';
import { createCleanerMetrics } from '../../services/cleaner/src/metrics.js';
import { createSiteTemplates } from '../../services/cleaner/src/site-templates.js';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';
import { HOUSE_BLOCK, templatePage } from './fixtures/template-site.js';
import {
  pageFetchedFor,
  pageIdOfLetter,
  parseArticle,
  parseLetter,
  storePage,
  waitForMatching,
} from './support.js';

const seedsDir = resolve(import.meta.dirname, '../fixtures/seeds');
const seed000 = readFileSync(resolve(seedsDir, '000_b70890286bceabd6.txt'));
const seed001 = readFileSync(resolve(seedsDir, '001_b8b49eddf7ca3b8d.txt'));
// Raw windows-1252 bytes; the `.raw` extension keeps formatters from rewriting them as UTF-8.
const wordpressPage = readFileSync(resolve(import.meta.dirname, 'fixtures/wordpress-windows-1252.html.raw'));
/** Small enough that a test can exceed it cheaply; the service default is 5 MB. */
const MAX_PAGE_BYTES = 300_000;

describe('cleaner stage (handler + real Kafka, Redis and MongoDB)', () => {
  let h: Harness;
  let pages: PageStore;
  let stage: Stage;
  let out: Collector;
  let dlq: Collector;
  const metrics = createCleanerMetrics(new Registry());

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'cleaner-test');
    pages = createPageStore(h.mongo.db);
    const templates = createSiteTemplates({ redis: h.redis, keyPrefix: `${h.queuePrefix}:tpl` });
    out = await h.collect(Topics.articleCleaned);
    dlq = await h.collect(dlqTopic(Topics.pageFetched));
    stage = await startStage({
      name: 'cleaner',
      inputTopic: Topics.pageFetched,
      parse: (value) => parseMessage(PageFetchedSchema, value),
      jobId: cleanerJobId,
      handle: (input, ctx) =>
        handlePage(input, ctx, {
          pages,
          templates,
          minProfilePages: 5,
          maxPageBytes: MAX_PAGE_BYTES,
          metrics,
        }),
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'cleaner-test',
      queuePrefix: h.queuePrefix,
      backoffMs: 50,
      attempts: 2,
      shutdownGraceMs: 5000,
    });
  });
  afterAll(async () => {
    await stage?.close();
    await h?.close();
  });

  const send = (message: PageFetched): Promise<void> =>
    h.kafka.send(Topics.pageFetched, new URL(message.finalUrl).host, PageFetchedSchema, message);
  const articlesOf = (pageId: string, count: number): Promise<ArticleCleaned[]> =>
    waitForMatching(out, parseArticle, (a) => a.pageId === pageId, count);
  const letterOf = async (pageId: string): Promise<DeadLetter> =>
    (await waitForMatching(dlq, parseLetter, (l) => pageIdOfLetter(l) === pageId, 1))[0]!;
  /** Resolves once nothing is waiting, running or delayed in the queue. */
  const queueSettled = async (): Promise<void> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const counts = await stage.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() > deadline) throw new Error(`queue not settled: ${JSON.stringify(counts)}`);
      await sleep(50);
    }
  };

  it('turns a plain-text page with three stories (seed 001) into three articles', async () => {
    const url = 'https://seeds.example/2017/04/12/001';
    const message = await storePage(pages, {
      url,
      body: seed001,
      contentType: 'text/plain',
      charset: 'utf-8',
    });
    await send(message);
    const articles = (await articlesOf(message.pageId, 3)).sort((a, b) => a.part - b.part);
    expect(articles.map((a) => a.title)).toEqual([
      'TILLERSON AND LAVROV HOLD PRESS CONFERENCE AFTER MEETING WITH PUTIN',
      'CHECKMATE: 5 ways Russia outwitted the US in one day',
      'Russia vetoes UN Security Council resolution on Syrian chemical weapons attack',
    ]);
    expect(articles[1]!.authors).toEqual(['Adam Garrie']);
    for (const [part, article] of articles.entries()) {
      expect(article.part).toBe(part);
      expect(article.articleId).toBe(articleIdFor(url, part));
      expect(article.publishedAt?.slice(0, 10)).toBe('2017-04-12');
      expect(article.text).not.toMatch(/No comments|Post a Comment/);
      expect(article.text).toContain(' ');
      expect(article.wordCount).toBeGreaterThan(200);
      expect(article.extractor).toEqual({ name: EXTRACTOR_NAME, version: EXTRACTOR_VERSION });
      expect(article.provenance.title?.source).toBeTruthy();
      expect(article.fetchedAt).toBe(message.fetchedAt);
      expect(Date.parse(article.processedAt)).toBeGreaterThan(Date.parse(article.fetchedAt));
      expect(article.url).toBe(url);
    }
    // Hard-wrapped lines are rejoined into sentences.
    expect(articles[0]!.text).toContain('U.S. Secretary of State Rex Tillerson met with Vladimir Putin');
    const keys = out.messages
      .filter((m) => parseArticle(m).pageId === message.pageId)
      .map((m) => m.key?.toString());
    expect(keys.sort()).toEqual(articles.map((a) => a.articleId).sort());
  });

  it('drops the boilerplate around a single story (seed 000)', async () => {
    const message = await storePage(pages, {
      url: 'https://seeds.example/000',
      body: seed000,
      contentType: 'text/plain; charset=utf-8',
    });
    await send(message);
    const [article] = await articlesOf(message.pageId, 1);
    expect(article!.title).toBe('BREAKING: Rex Tillerson has public meeting with Sergey Lavrov in Moscow');
    expect(article!.text).toMatch(/^Russian Foreign Minister Sergey Lavrov has welcomed/);
    expect(article!.text).toMatch(
      /back down militarily or will America continue sporadic illegal attacks on Syria\?$/,
    );
    for (const junk of [
      'The statements, views and opinions',
      'What do you think?',
      'Subscribe',
      'Notify of',
      '0 Comments',
      'Inline Feedbacks',
      'MUST WATCH',
      'in ,',
    ]) {
      expect(article!.text, junk).not.toContain(junk);
    }
  });

  it('decodes a windows-1252 HTML page and takes its id from the canonical URL', async () => {
    const message = await storePage(pages, {
      url: 'https://costanorte.example/?p=4812',
      body: wordpressPage,
      contentType: 'text/html',
      charset: 'windows-1252',
    });
    await send(message);
    const [article] = await articlesOf(message.pageId, 1);
    expect(article!.title).toBe('Ferry strike leaves Santander café owners counting losses');
    expect(article!.text).toContain(
      '“On a normal Wednesday we serve four hundred breakfasts before ten o’clock,” said Iñaki Ruiz',
    );
    expect(article!.authors).toEqual(['María Gómez']);
    expect(article!.publishedAt).toBe('2017-04-12T09:30:00+02:00');
    expect(article!.siteName).toBe('Costa Norte Diario');
    // Tracking parameters are dropped from the canonical URL, so the id does not depend on them.
    expect(article!.canonicalUrl).toBe('https://costanorte.example/2017/04/12/ferry-strike-santander/');
    expect(article!.articleId).toBe(
      articleIdFor('https://costanorte.example/2017/04/12/ferry-strike-santander/', 0),
    );
    expect(article!.finalUrl).toBe('https://costanorte.example/?p=4812');
    for (const junk of [
      'Share this',
      'You may also like',
      'Subscribe',
      '0 Comments',
      'newsletter',
      'Lo más leído',
      'About María Gómez',
      'Portada',
    ]) {
      expect(article!.text, junk).not.toContain(junk);
    }
    expect(article!.html).toMatch(/^<p>The third day of the ferry strike/);
  });

  it('dead-letters a page id that is not in `pages` with PAGE_NOT_FOUND', async () => {
    await send(pageFetchedFor({ pageId: 'p_missing_page', url: 'https://seeds.example/missing' }));
    const letter = await letterOf('p_missing_page');
    expect(letter.error).toMatchObject({ name: 'PageNotFoundError', code: 'PAGE_NOT_FOUND' });
    expect(letter.attempts).toBe(1);
  });

  it('cleans the body a message carries inline without reading `pages`, and reads `pages` when it does not match', async () => {
    const body = seed000;
    const inlineBody = gzipSync(body).toString('base64');
    const message = (pageId: string, contentHash: string): PageFetched => ({
      ...pageFetchedFor({
        pageId,
        url: `https://seeds.example/${pageId}`,
        contentType: 'text/plain',
        contentHash,
        bytes: body.byteLength,
      }),
      inlineBody,
    });
    // Never stored: only the inline bytes can give this article.
    await send(message('p_inline_only', sha256Hex(body)));
    const [inline] = await articlesOf('p_inline_only', 1);
    expect(inline!.title).toBe('BREAKING: Rex Tillerson has public meeting with Sergey Lavrov in Moscow');

    // The hash names other bytes: the inline body is not trusted and the stored page is read instead.
    const stored = await storePage(pages, {
      url: 'https://seeds.example/inline-mismatch',
      body: seed001,
      contentType: 'text/plain',
    });
    await send(message(stored.pageId, stored.contentHash));
    const fromStore = await articlesOf(stored.pageId, 3);
    expect(fromStore.map((a) => a.title)).toContain('CHECKMATE: 5 ways Russia outwitted the US in one day');

    // A small inline body that unpacks past the page limit (a decompression bomb) is not used: the stored
    // page is read instead (unpacking itself stops at the limit, which this test cannot observe).
    const bombed = await storePage(pages, {
      url: 'https://seeds.example/inline-bomb',
      body: seed000,
      contentType: 'text/plain',
    });
    await send({ ...bombed, inlineBody: gzipSync(Buffer.alloc(MAX_PAGE_BYTES * 4)).toString('base64') });
    const [fromBombed] = await articlesOf(bombed.pageId, 1);
    expect(fromBombed!.title).toBe('BREAKING: Rex Tillerson has public meeting with Sergey Lavrov in Moscow');
  });

  it('survives a binary body: a dead letter or an article, and the next page still flows', async () => {
    const garbage = Buffer.alloc(64 * 1024);
    let x = 0x2545f491;
    for (let i = 0; i < garbage.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      garbage[i] = x & 0xff;
    }
    const binary = await storePage(pages, {
      url: 'https://seeds.example/garbage.bin',
      body: garbage,
      contentType: 'text/html',
    });
    const untyped = await storePage(pages, {
      url: 'https://seeds.example/garbage-untyped',
      body: garbage,
      contentType: '',
    });
    await send(binary);
    await send(untyped);
    for (const message of [binary, untyped])
      expect((await letterOf(message.pageId)).error.code).toBe('CLEANER_BINARY_BODY');
    const after = await storePage(pages, {
      url: 'https://seeds.example/after-garbage',
      body: seed000,
      contentType: 'text/plain',
    });
    await send(after);
    await articlesOf(after.pageId, 1);
  });

  it('stores a page whose title is found but no text as one article marked empty, a paywall teaser as truncated, and counts them', async () => {
    const counted = async (outcome: string): Promise<number> =>
      (await metrics.articles.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    const before = { empty: await counted('empty'), truncated: await counted('truncated') };
    const title = 'Sars gets R4bn to hire army of debt collectors';
    // The story is rendered by a script: the page shows its headline and nothing else.
    const scriptOnly = await storePage(pages, {
      url: 'https://seeds.example/script-rendered',
      body: `<html><head><title>${title}</title></head><body><h1>${title}</h1><div id="app"></div><script>render()</script></body></html>`,
      contentType: 'text/html',
    });
    const teaserText = [
      'The revenue service will hire hundreds of debt collectors this year to chase unpaid taxes, the minister said.',
      'Officials expect the new teams to recover several billion rand from companies that have ignored demands for years.',
    ];
    const teaser = await storePage(pages, {
      url: 'https://seeds.example/paywalled',
      body: `<html><head><script type="application/ld+json">${JSON.stringify({
        '@type': 'NewsArticle',
        headline: title,
        wordCount: 1200,
        isAccessibleForFree: false,
      })}</script></head><body><article><h1>${title}</h1>${teaserText.map((t) => `<p>${t}</p>`).join('')}</article></body></html>`,
      contentType: 'text/html',
    });
    await send(scriptOnly);
    await send(teaser);
    const [empty] = await articlesOf(scriptOnly.pageId, 1);
    expect(empty).toMatchObject({
      title,
      text: '',
      wordCount: 0,
      incomplete: { kind: 'empty', reason: 'no text found on the page' },
    });
    const [truncated] = await articlesOf(teaser.pageId, 1);
    expect(truncated!.text).toBe(teaserText.join('\n\n'));
    expect(truncated!.incomplete).toEqual({
      kind: 'truncated',
      reason: `${truncated!.wordCount} of the 1200 words the page declares (JSON-LD wordCount); not free (paywall)`,
    });
    // The handler counts an article once its send is acknowledged, which can be after the test reads it.
    const counts = async () => ({ empty: await counted('empty'), truncated: await counted('truncated') });
    const expected = { empty: before.empty + 1, truncated: before.truncated + 1 };
    const reached = async (): Promise<boolean> => {
      const now = await counts();
      return now.empty >= expected.empty && now.truncated >= expected.truncated;
    };
    // On a timeout the comparison below says what was counted.
    await waitFor(reached, { message: 'the empty and truncated articles counted' }).catch(() => undefined);
    expect(await counts()).toEqual(expected);
  });

  it('reads a page that declares GB2312 but is sent as UTF-8 as UTF-8 (no mojibake title)', async () => {
    const title = '促进航天事业高质量发展';
    const paragraphs = [
      '国家航天局今天发布了新的计划，将在未来五年内完成多项重大任务，包括载人登月的准备工作。',
      '专家表示，这一计划将推动相关产业的发展，并为科学研究提供更多的机会和数据支持。',
    ];
    const message = await storePage(pages, {
      url: 'https://seeds.example/gb2312-declared',
      body: `<html><head><meta charset="gb2312"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
      contentType: 'text/html',
      charset: 'gb2312',
    });
    await send(message);
    const [article] = await articlesOf(message.pageId, 1);
    expect(article!.title).toBe(title);
    expect(article!.text).toBe(paragraphs.join('\n\n'));
  });

  it('dead-letters pages that cannot hold an article, each with its reason', async () => {
    const cases = [
      { url: 'https://seeds.example/empty', body: '', contentType: 'text/html', code: 'EXTRACT_NO_ARTICLE' },
      {
        url: 'https://seeds.example/nav-only',
        body: '<html><body><nav><a href="/">Home</a> <a href="/a">About</a></nav></body></html>',
        contentType: 'text/html',
        code: 'EXTRACT_NO_ARTICLE',
      },
      {
        url: 'https://seeds.example/logo.png',
        body: seed000,
        contentType: 'image/png',
        code: 'CLEANER_UNSUPPORTED_TYPE',
      },
      {
        url: 'https://seeds.example/huge',
        body: 'word '.repeat(MAX_PAGE_BYTES / 4),
        contentType: 'text/plain',
        code: 'CLEANER_PAGE_TOO_LARGE',
      },
      {
        url: 'https://seeds.example/deep',
        body: '<div>'.repeat(5000) + 'deep text',
        contentType: 'text/html',
        code: 'EXTRACTION_TOO_DEEP',
      },
    ];
    const messages = await Promise.all(cases.map((c) => storePage(pages, c)));
    for (const message of messages) await send(message);
    for (const [i, message] of messages.entries()) {
      const letter = await letterOf(message.pageId);
      expect(letter.error.code, cases[i]!.url).toBe(cases[i]!.code);
      // Permanent: dead-lettered on the first attempt, no retries.
      expect(letter.attempts, cases[i]!.url).toBe(1);
    }
  });

  it('cleans a redelivered message once, a changed page again, and a reprocess request again', async () => {
    const url = 'https://seeds.example/idempotent';
    const first = await storePage(pages, { url, body: seed000, contentType: 'text/plain' });
    await send(first);
    await send(first);
    await articlesOf(first.pageId, 1);
    await queueSettled();
    expect(out.messages.map(parseArticle).filter((a) => a.pageId === first.pageId)).toHaveLength(1);

    await send({ ...first, reprocess: true, requestedAt: new Date().toISOString() });
    await articlesOf(first.pageId, 2);

    const edited = Buffer.from(
      seed000.toString('utf8').replace('Lavrov ended saying', 'Lavrov ended by saying'),
    );
    const changed = await storePage(pages, { url, body: edited, contentType: 'text/plain' });
    expect(changed.contentHash).not.toBe(first.contentHash);
    await send(changed);
    const all = await articlesOf(first.pageId, 3);
    await queueSettled();
    expect(out.messages.map(parseArticle).filter((a) => a.pageId === first.pageId)).toHaveLength(3);
    // Same page, same article id, whatever the version.
    expect(new Set(all.map((a) => a.articleId)).size).toBe(1);
    expect(all.some((a) => a.text.includes('Lavrov ended by saying'))).toBe(true);
  });

  it('learns a host template: a junk block on 5 pages of a host is gone from the 6th', async () => {
    const host = 'harbour-gazette.example';
    const results: ArticleCleaned[] = [];
    for (let i = 0; i < 6; i++) {
      const page = templatePage(i);
      const message = await storePage(pages, {
        url: `https://www.${host}/news/${page.slug}`,
        body: page.html,
        contentType: 'text/html; charset=utf-8',
      });
      await send(message);
      const [article] = await articlesOf(message.pageId, 1);
      expect(article!.title).toBe(page.title);
      results.push(article!);
    }
    // The generic rules do not know the block: the first pages keep it …
    expect(results.slice(0, 4).every((a) => a.text.includes(HOUSE_BLOCK))).toBe(true);
    // … and once the host has 5 pages it is template, so the 6th page (and the 5th) lose it, but keep their story.
    const sixth = results[5]!;
    expect(sixth.text).not.toContain(HOUSE_BLOCK);
    for (const paragraph of templatePage(5).paragraphs) expect(sixth.text).toContain(paragraph);
    expect(results[4]!.text).not.toContain(HOUSE_BLOCK);

    // The same page on a host never seen before keeps the block: the profile is per host.
    const elsewhere = await storePage(pages, {
      url: 'https://other-paper.example/news/report-6',
      body: templatePage(5).html,
      contentType: 'text/html',
    });
    await send(elsewhere);
    const [control] = await articlesOf(elsewhere.pageId, 1);
    expect(control!.text).toContain(HOUSE_BLOCK);
  });

  it('keeps a story that repeats across a host instead of dropping it as template', async () => {
    // One story under six URLs (archive, tag and print views): its paragraphs are on every page of the host.
    const story = templatePage(1);
    const articles: ArticleCleaned[] = [];
    for (let i = 0; i < 6; i++) {
      const message = await storePage(pages, {
        url: `https://repeats.example/view/${i}/${story.slug}`,
        body: story.html,
        contentType: 'text/html',
      });
      await send(message);
      articles.push((await articlesOf(message.pageId, 1))[0]!);
    }
    for (const article of articles) {
      for (const paragraph of story.paragraphs) expect(article.text).toContain(paragraph);
    }
  });
});

describe('cleaner handler when MongoDB is down', () => {
  it('fails with a retriable DependencyUnavailableError', async () => {
    // A loopback port nobody listens on.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/down`, {
      serverSelectionTimeoutMS: 300,
      connectTimeoutMS: 300,
    });
    try {
      const send = vi.fn();
      const ctx = {
        log: (await import('@newsflow/runtime')).createLogger({ service: 'cleaner-test', level: 'silent' }),
        headers: {},
        attempt: 1,
        send,
      } as unknown as JobContext;
      const error: unknown = await handlePage(
        pageFetchedFor({ pageId: 'p_any', url: 'https://seeds.example/any' }),
        ctx,
        { pages: createPageStore(client.db()) },
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'DependencyUnavailableError',
        code: 'DEPENDENCY_UNAVAILABLE',
        retriable: true,
      });
      expect(send).not.toHaveBeenCalled();
    } finally {
      await client.close();
    }
  });
});
