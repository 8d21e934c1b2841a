import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ArticleCleanedSchema,
  ArticleEnrichedSchema,
  DeadLetterSchema,
  Topics,
  dlqTopic,
  parseMessage,
} from '@newsflow/contracts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { createHarness, type Harness } from '../support/runtime-harness.js';
import { makeArticleCleaned } from '../support/articles.js';

const seed000 = readFileSync(
  resolve(import.meta.dirname, '../fixtures/seeds/000_b70890286bceabd6.txt'),
  'utf8',
);
// The story part of seed 000, as the cleaner hands it on (boilerplate already removed).
const storyText = seed000.split('\n\n').slice(3, -12).join('\n\n');
const fixture = (lang: string): string =>
  readFileSync(resolve(import.meta.dirname, `fixtures/${lang}.txt`), 'utf8');

describe('entities service (own process, real Kafka/Redis/Mongo)', () => {
  let h: Harness;
  let service: ServiceProcess;
  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'entities-test');
    service = await startServiceProcess('entities', {
      servers: inject('servers'),
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await h?.close();
  });

  it('tags a cleaned article and merges name variants with offsets into its text', async () => {
    const out = await h.collect(Topics.articleEnriched);
    const article = makeArticleCleaned({
      articleId: 'a_seed000',
      title: 'BREAKING: Rex Tillerson has public meeting with Sergey Lavrov in Moscow',
      text: storyText,
    });
    await h.kafka.send(Topics.articleCleaned, article.articleId, ArticleCleanedSchema, article);
    const [message] = await out.waitFor(1, 60_000);
    const enriched = parseMessage(ArticleEnrichedSchema, message!.value!);
    expect(enriched.text).toBe(article.text);
    const byName = new Map(enriched.entities.map((e) => [e.name, e]));
    const lavrov = byName.get('Sergey Lavrov');
    expect(lavrov?.type).toBe('PERSON');
    expect(lavrov!.count).toBeGreaterThanOrEqual(5);
    expect(enriched.entities.filter((e) => e.name.includes('Lavrov'))).toHaveLength(1);
    for (const mention of lavrov!.mentions)
      expect(enriched.text.slice(mention.start, mention.end)).toMatch(/Lavrov$/);
    expect(byName.get('Rex Tillerson')?.type).toBe('PERSON');
    for (const place of ['Moscow', 'Syria', 'Russia', 'Washington'])
      expect(byName.get(place)?.type, place).toBe('LOCATION');
    expect(enriched.entitiesModel).toMatchObject({ name: 'newsflow-bilstm-crf', language: 'en' });
    expect(enriched.entitiesModel.version).toMatch(/^[0-9a-f]{12}$/);
    expect(enriched.entitiesModel.reason).toBeUndefined();
  });

  it('stores German, French and Chinese articles with no entities and the reason, and counts them', async () => {
    // Reads the topic from its start, so the English article of the test above is among the messages.
    const out = await h.collect(Topics.articleEnriched);
    // The German one carries the cleaner's language; the others leave it to detection on their text.
    const articles = [
      makeArticleCleaned({
        articleId: 'a_de',
        language: 'de',
        title: 'Prozess gegen Jürgen Pföhler',
        text: fixture('de'),
      }),
      makeArticleCleaned({
        articleId: 'a_fr',
        title: 'Emmanuel Macron reçoit les syndicats',
        text: fixture('fr'),
      }),
      makeArticleCleaned({ articleId: 'a_zh', title: '前三季度经济增长', text: fixture('zh') }),
    ];
    for (const article of articles)
      await h.kafka.send(Topics.articleCleaned, article.articleId, ArticleCleanedSchema, article);
    const messages = await out.waitFor(4, 60_000);
    const byId = new Map(
      messages.map((m) => parseMessage(ArticleEnrichedSchema, m.value!)).map((a) => [a.articleId, a]),
    );
    for (const lang of ['de', 'fr', 'zh']) {
      const enriched = byId.get(`a_${lang}`);
      expect(enriched?.entities, lang).toEqual([]);
      expect(enriched?.entitiesModel, lang).toEqual({
        name: 'none',
        version: 'none',
        language: lang,
        reason: `none: language ${lang}`,
      });
    }
    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    for (const lang of ['de', 'fr', 'zh']) {
      expect(metrics).toMatch(
        new RegExp(
          `newsflow_entities_articles_total\\{[^}]*outcome="skipped"[^}]*language="${lang}"[^}]*\\} 1`,
        ),
      );
    }
    expect(metrics).toMatch(
      /newsflow_entities_articles_total\{[^}]*outcome="tagged"[^}]*language="en"[^}]*\} 1/,
    );
  });

  it('dead-letters an article that breaks the contract, and its metrics say so', async () => {
    const dlq = await h.collect(dlqTopic(Topics.articleCleaned));
    await h.kafka.producer.send({
      topic: h.kafka.topic(Topics.articleCleaned),
      messages: [{ value: JSON.stringify({ articleId: 'x' }) }],
    });
    const [letter] = await dlq.waitFor(1);
    expect(parseMessage(DeadLetterSchema, letter!.value!).error.code).toBe('CONTRACT_SCHEMA');
    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toMatch(/newsflow_dead_letters_total\{[^}]*code="CONTRACT_SCHEMA"[^}]*\} 1/);
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await service.stop('SIGTERM')).toBe(0);
  });
});
