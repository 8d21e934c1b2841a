import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ARTICLE_CLEANED_MAX_BYTES,
  PageFetchedSchema,
  Topics,
  dlqTopic,
  parseMessage,
  type ArticleCleaned,
  type PageFetched,
} from '@newsflow/contracts';
import { waitFor } from '@newsflow/testing';
import { createPageStore, startStage, type PageStore, type Stage } from '@newsflow/runtime';
import { handlePage } from '../../services/cleaner/src/handler.js';
import { cleanerJobId } from '../../services/cleaner/src/job-id.js';
import { createCleanerMetrics } from '../../services/cleaner/src/metrics.js';
import { createHarness, type Collector, type Harness } from '../support/runtime-harness.js';
import { matching, pageIdOfLetter, parseArticle, parseLetter, storePage } from './support.js';

// Distinct sentences, so that no block reads as repeated boilerplate.
const sentence = (i: number): string =>
  `The minister said plan ${i} would be reviewed by the committee next week, officials confirmed to reporters. `;
const story = (paragraphs: number, from: number): string =>
  Array.from(
    { length: paragraphs },
    (_, i) => `<p>${sentence(from + 3 * i)}${sentence(from + 3 * i + 1)}${sentence(from + 3 * i + 2)}</p>`,
  ).join('\n');
/** One article of 616 kB of text: its text and html made a 1.25 MB article.cleaned. */
const longPage = `<!doctype html><html><head><title>Long story</title></head><body><article><h1>Long story</h1>${story(1900, 0)}</article></body></html>`;
const post = (slug: string, title: string, day: number, paragraphs: number, from: number): string =>
  `<article><h2><a href="/${slug}">${title}</a></h2><time datetime="2017-04-${day}">${day} April</time>${story(paragraphs, from)}</article>`;
/** A front page of three posts: 811 kB of text (1.65 MB message), 6.6 kB (14 kB), 623 kB (1.26 MB). */
const frontPage = `<!doctype html><html><head><title>Front</title></head><body><main>${post('first', 'First long story', 12, 2500, 0)}${post('second', 'Second story', 11, 20, 100_000)}${post('third', 'Third long story', 10, 1900, 200_000)}</main></body></html>`;

describe('cleaner stage: an article larger than its message', () => {
  let h: Harness;
  let pages: PageStore;
  let stage: Stage;
  let out: Collector;
  let dlq: Collector;
  const cleanerMetrics = createCleanerMetrics(new Registry());
  const shortened = async (cut: 'html' | 'text'): Promise<number> =>
    (await cleanerMetrics.shortened.get()).values.find((v) => v.labels.cut === cut)?.value ?? 0;

  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'cleaner-long-test');
    pages = createPageStore(h.mongo.db);
    out = await h.collect(Topics.articleCleaned);
    dlq = await h.collect(dlqTopic(Topics.pageFetched));
    stage = await startStage({
      name: 'cleaner',
      inputTopic: Topics.pageFetched,
      parse: (value) => parseMessage(PageFetchedSchema, value),
      jobId: cleanerJobId,
      handle: (input, ctx) => handlePage(input, ctx, { pages, metrics: cleanerMetrics }),
      kafka: h.kafka,
      redis: h.redis,
      logger: h.logger,
      metrics: h.metrics,
      service: 'cleaner-long-test',
      queuePrefix: h.queuePrefix,
      backoffMs: 50,
      attempts: 1,
      shutdownGraceMs: 5000,
    });
  });
  afterAll(async () => {
    await stage?.close();
    await h?.close();
  });

  const send = (message: PageFetched): Promise<void> =>
    h.kafka.send(Topics.pageFetched, new URL(message.finalUrl).host, PageFetchedSchema, message);
  /** The page's articles; throws the error of its dead letter if that comes instead. */
  const outcomeOf = async (pageId: string, count: number): Promise<ArticleCleaned[]> => {
    const outcome = await waitFor(
      () => {
        const [letter] = matching(dlq, parseLetter, (l) => pageIdOfLetter(l) === pageId);
        if (letter) return { letter };
        const articles = matching(out, parseArticle, (a) => a.pageId === pageId);
        return articles.length >= count ? { articles } : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: `${count} article(s) of ${pageId}` },
    );
    if ('letter' in outcome)
      throw new Error(`dead-lettered: ${outcome.letter.error.code} ${outcome.letter.error.message}`);
    return outcome.articles;
  };
  const sizes = (pageId: string): number[] =>
    out.messages.filter((m) => parseArticle(m).pageId === pageId).map((m) => m.value!.byteLength);

  // Was: the producer refused the 1.25 MB article.cleaned (MESSAGE_TOO_LARGE) and the page was dead-lettered.
  it('hands on a 616 kB article without its html, its text whole, and says so', async () => {
    const message = await storePage(pages, {
      url: 'https://long.example/story',
      body: longPage,
      contentType: 'text/html; charset=utf-8',
    });
    await send(message);
    const [article] = await outcomeOf(message.pageId, 1);
    expect(article!.text.slice(0, 30)).toBe('The minister said plan 0 would');
    expect(article!.text.slice(-120)).toMatch(
      /plan 5699 would be reviewed by the committee next week, officials confirmed to reporters\.$/,
    );
    expect(article).not.toHaveProperty('html');
    expect(article!.truncation).toEqual({
      fields: ['html'],
      originalBytes: { html: expect.any(Number) as number },
    });
    expect(article!.truncation!.originalBytes.html).toBeGreaterThan(600_000);
    expect(sizes(message.pageId)[0]).toBeLessThanOrEqual(ARTICLE_CLEANED_MAX_BYTES);
    expect([await shortened('html'), await shortened('text')]).toEqual([1, 0]);
  });

  it('fits each article of a page in its own message', async () => {
    const message = await storePage(pages, {
      url: 'https://long.example/',
      body: frontPage,
      contentType: 'text/html; charset=utf-8',
    });
    await send(message);
    const [first, second, third] = (await outcomeOf(message.pageId, 3)).sort((a, b) => a.part - b.part);
    // 811 kB of text: no html, and the text cut after a paragraph, as near the limit as that allows.
    expect(first!.title).toBe('First long story');
    expect(first!.truncation?.fields).toEqual(['html', 'text']);
    expect(first!.truncation?.originalBytes.text).toBeGreaterThan(800_000);
    expect(first!.text.slice(0, 40)).toBe('12 April\n\nThe minister said plan 0 would');
    expect(first!.text.slice(-40)).toMatch(/officials confirmed to reporters\.$/);
    // A short post between them is left as it was.
    expect(second!.title).toBe('Second story');
    expect(second!.html).toContain('<p>');
    expect(second).not.toHaveProperty('truncation');
    // 623 kB of text: html dropped only.
    expect(third!.title).toBe('Third long story');
    expect(third!.truncation?.fields).toEqual(['html']);
    expect(third!.text.slice(-120)).toMatch(
      /plan 205699 would be reviewed by the committee next week, officials confirmed to reporters\.$/,
    );
    const bytes = sizes(message.pageId);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(ARTICLE_CLEANED_MAX_BYTES);
    expect(Math.max(...bytes)).toBeGreaterThan(0.99 * ARTICLE_CLEANED_MAX_BYTES);
    expect([await shortened('html'), await shortened('text')]).toEqual([2, 1]);
  });
});
