import type { Counter } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import {
  ArticleEnrichedSchema,
  MAX_MESSAGE_BYTES,
  serializeMessage,
  type ArticleCleaned,
  type ArticleEnriched,
} from '@newsflow/contracts';
import type { Tagger } from '@newsflow/entities';
import type { JobContext } from '@newsflow/runtime';
import { handleArticle } from './handler.js';

/** Tags every capitalised token as a one-token person: the most entities a text can give. */
const everyName: Tagger = {
  info: { vocabularySize: 0, tags: ['O', 'S-PER'], languages: ['en'], caseRobust: false },
  tagDocument: (sentences) =>
    Promise.resolve(sentences.map((tokens) => tokens.map((form) => (/^[A-Z]/.test(form) ? 'S-PER' : 'O')))),
  release: () => Promise.resolve(),
};

const at = '2026-11-23T12:00:00.000Z';
const article = (text: string): ArticleCleaned => ({
  schemaVersion: 1,
  articleId: 'a1',
  pageId: 'p1',
  part: 0,
  url: 'https://news.example/a',
  finalUrl: 'https://news.example/a',
  canonicalUrl: 'https://news.example/a',
  title: 'a list',
  language: 'en',
  authors: [],
  tags: [],
  text,
  wordCount: 1,
  provenance: {},
  extractor: { name: 'newsflow', version: '1' },
  fetchedAt: at,
  processedAt: at,
});

/** Runs the handler; its send does what the Kafka producer does first: serialise (validate) and check the size. */
async function enrich(text: string, maxTokens: number): Promise<{ message: ArticleEnriched; bytes: number }> {
  let sent: { message: ArticleEnriched; bytes: number } | undefined;
  const ctx = {
    log: { info: vi.fn(), warn: vi.fn() },
    send: (_topic: string, _key: string | null, _schema: unknown, message: ArticleEnriched) => {
      const bytes = serializeMessage(ArticleEnrichedSchema, message).byteLength;
      if (bytes > MAX_MESSAGE_BYTES) throw new Error(`MESSAGE_TOO_LARGE: ${bytes} bytes`);
      sent = { message, bytes };
      return Promise.resolve();
    },
  } as unknown as JobContext;
  const articles = { inc: vi.fn() } as unknown as Counter<'outcome' | 'language'>;
  await handleArticle(article(text), ctx, { tagger: everyName, maxTokens, modelVersion: 'm1', articles });
  if (!sent) throw new Error('nothing sent');
  return sent;
}

const distinctNames = (n: number): string =>
  Array.from({ length: n }, (_, i) => `N${i.toString(36)}`).join(' ');

describe('handleArticle', () => {
  // A good article was dead-lettered: its article.enriched was over 1 MB (2.35 MB for 20 000 distinct names in
  // 99 kB of text at the default ENTITIES_MAX_TOKENS) or over the contract's caps (25 000 entities with
  // ENTITIES_MAX_TOKENS=25000; 60 000 mentions of one name with 60000). Now the most salient that fit go on.
  it.each([
    [
      '20 000 distinct names, the default setting',
      distinctNames(20_000),
      20_000,
      /^entities of the first 20000 tokens only \(ENTITIES_MAX_TOKENS\); \d+ of 19998 entities kept/,
    ],
    [
      '25 000 distinct names, ENTITIES_MAX_TOKENS=25000',
      distinctNames(25_000),
      25_000,
      /^entities of the first 25000 tokens only \(ENTITIES_MAX_TOKENS\); \d+ of 24998 entities kept/,
    ],
    [
      'one name 60 000 times, ENTITIES_MAX_TOKENS=60000',
      'Bob '.repeat(60_000),
      60_000,
      /^entities of the first 60000 tokens only \(ENTITIES_MAX_TOKENS\); mentions of entities cut/,
    ],
  ])(
    'hands on an article of %s with the entities that fit the message',
    async (_label, text, maxTokens, reason) => {
      const { message, bytes } = await enrich(text, maxTokens);
      expect(bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(bytes).toBeGreaterThan(0.9 * MAX_MESSAGE_BYTES);
      expect(message.entities.length).toBeGreaterThan(0);
      expect(message.entitiesModel).toMatchObject({
        name: 'newsflow-bilstm-crf',
        version: 'm1',
        language: 'en',
      });
      expect(message.entitiesModel.reason).toMatch(reason);
    },
  );

  // Was: only logged; the article did not say that its entities are those of its start.
  it('says on the article that a text longer than ENTITIES_MAX_TOKENS was tagged in part', async () => {
    const { message } = await enrich(
      `Ann met Bob in Paris. ${'and then they talked. '.repeat(100)}Cy came.`,
      100,
    );
    expect(message.entities.map((e) => e.name).sort()).toEqual(['Ann', 'Bob', 'Paris']);
    expect(message.entitiesModel.reason).toBe('entities of the first 100 tokens only (ENTITIES_MAX_TOKENS)');
  });

  it('hands on every entity of an ordinary article, with no reason', async () => {
    const { message } = await enrich('Ann met Bob in Paris. Ann left.', 20_000);
    expect(message.entities.map((e) => e.name).sort()).toEqual(['Ann', 'Bob', 'Paris']);
    expect(message.entitiesModel).not.toHaveProperty('reason');
  });
});
