import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '@newsflow/testing/fixture-site';
import { createHarness, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures');
const read = (...parts: string[]) => readFileSync(join(fixtures, ...parts));

/** Strings of the seeds' boilerplate that must never reach a stored article. */
const BOILERPLATE = [
  'The statements, views and opinions expressed',
  'What do you think?',
  'Notify of',
  'Inline Feedbacks',
  'View all comments',
  'MUST WATCH',
  'Post a Comment',
  'No comments:',
];

describe('the whole pipeline: raw URLs on Kafka → four services → articles in MongoDB', () => {
  let h: Harness;
  let site: FixtureSite;
  let mongo: MongoClient;
  const services: ServiceProcess[] = [];
  const pages = {
    '/seed-000.txt': {
      body: read('seeds', '000_b70890286bceabd6.txt'),
      contentType: 'text/plain; charset=utf-8',
    },
    '/seed-001.txt': {
      body: read('seeds', '001_b8b49eddf7ca3b8d.txt'),
      contentType: 'text/plain; charset=utf-8',
    },
    '/seed-000.html': {
      body: read('pages', 'seed-000-wordpress', 'source.html'),
      contentType: 'text/html; charset=utf-8',
    },
    '/seed-001.html': {
      body: read('pages', 'seed-001-blogger', 'source.html'),
      contentType: 'text/html; charset=utf-8',
    },
  };

  beforeAll(async () => {
    const servers = inject('servers');
    h = await createHarness(servers, 'e2e');
    site = await startFixtureSite(pages);
    const started = await Promise.all(
      ['fetcher', 'cleaner', 'entities', 'store'].map((name) =>
        startServiceProcess(name, {
          servers,
          topicPrefix: h.topicPrefix,
          queuePrefix: h.queuePrefix,
          dbName: h.dbName,
          env: { FETCH_ALLOWED_HOSTS: '127.0.0.0/8', FETCH_HOST_DELAY_MS: '0' },
        }),
      ),
    );
    services.push(...started);
    mongo = await MongoClient.connect(servers.mongoUri, { serverSelectionTimeoutMS: 10_000 });
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await mongo?.close();
    await site?.close();
    await h?.close();
  });

  /** Waits (bounded) until MongoDB holds `count` articles whose url starts with the site origin. */
  async function articlesOnceStored(count: number, timeoutMs = 120_000): Promise<Document[]> {
    const articles = mongo.db(h.dbName).collection('articles');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const docs = await articles
        .find({ url: { $regex: `^${site.origin.replaceAll('.', '\\.')}` } })
        .toArray();
      if (docs.length >= count) return docs;
      if (Date.now() > deadline) {
        const logs = services.map((s) => `${s.name}:\n${s.lines.slice(-8).join('\n')}`).join('\n');
        throw new Error(`only ${docs.length} of ${count} articles stored within ${timeoutMs} ms\n${logs}`);
      }
      await sleep(250);
    }
  }

  it('stores clean, entity-tagged articles for the seed pages pushed as raw Kafka messages', async () => {
    const kafka = new Kafka({ brokers: inject('servers').kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${h.topicPrefix}url.requested`,
      messages: Object.keys(pages).map((path) => ({ value: site.url(path) })),
    });
    await producer.disconnect();

    // seed 000 holds one article, seed 001 three; each is served as text and as HTML.
    const docs = await articlesOnceStored(8);
    expect(docs).toHaveLength(8);
    const byUrl = (path: string) =>
      docs.filter((d) => d.url === site.url(path)).sort((a, b) => Number(a.part) - Number(b.part));

    for (const path of ['/seed-000.txt', '/seed-000.html']) {
      const [article] = byUrl(path);
      expect(article?.title, path).toBe(
        'BREAKING: Rex Tillerson has public meeting with Sergey Lavrov in Moscow',
      );
      expect(article?.text).toContain(
        'Russian Foreign Minister Sergey Lavrov has welcomed US Secretary of State Rex Tillerson',
      );
      expect(article?.text).toContain('will America continue sporadic illegal attacks on Syria?');
      const entities = new Map(
        (article?.entities as { name: string; type: string; count: number }[]).map((e) => [e.name, e]),
      );
      expect(entities.get('Sergey Lavrov')?.type).toBe('PERSON');
      expect(entities.get('Sergey Lavrov')!.count).toBeGreaterThanOrEqual(5);
      expect(entities.get('Rex Tillerson')?.type).toBe('PERSON');
      expect(entities.get('Moscow')?.type).toBe('LOCATION');
    }
    for (const path of ['/seed-001.txt', '/seed-001.html']) {
      const articles = byUrl(path);
      expect(
        articles.map((a) => a.title as string),
        path,
      ).toEqual([
        expect.stringMatching(/TILLERSON AND LAVROV HOLD PRESS CONFERENCE/i),
        expect.stringMatching(/CHECKMATE: 5 ways Russia outwitted the US in one day/i),
        expect.stringMatching(/Security Council/i),
      ]);
      for (const a of articles) expect(new Date(a.publishedAt as Date).toISOString()).toMatch(/^2017-04-12/);
      expect(articles[1]?.authors).toContain('Adam Garrie');
      expect(articles[0]?.text).toContain('U.S. Secretary of State Rex Tillerson met with Vladimir Putin');
      const names = articles.flatMap((a) => (a.entities as { name: string }[]).map((e) => e.name));
      expect(names).toEqual(expect.arrayContaining(['Vladimir Putin', 'NATO']));
    }
    for (const doc of docs) {
      for (const junk of BOILERPLATE)
        expect(String(doc.text), `${String(doc.url)} part ${String(doc.part)}`).not.toContain(junk);
      expect(doc.schemaVersion).toBe(1);
      expect(doc.extractor).toMatchObject({ name: 'newsflow-extraction' });
    }
  });
});
