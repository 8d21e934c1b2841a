import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ArticleCleanedSchema, PageFetchedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { createPageStore } from '@newsflow/runtime';
import { createHarness, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { storePage } from './support.js';

const seed001 = readFileSync(resolve(import.meta.dirname, '../fixtures/seeds/001_b8b49eddf7ca3b8d.txt'));

describe('cleaner service (own process, real Kafka/Redis/Mongo)', () => {
  let h: Harness;
  let service: ServiceProcess;
  beforeAll(async () => {
    h = await createHarness(inject('servers'), 'cleaner-service-test');
    service = await startServiceProcess('cleaner', {
      servers: inject('servers'),
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      env: { SITE_PROFILE_MIN_PAGES: '3', CLEANER_MAX_PAGE_BYTES: '2000000' },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await h?.close();
  });

  it('is ready, and cleans a stored page announced on page.fetched', async () => {
    expect((await fetch(`http://127.0.0.1:${service.port}/readyz`)).status).toBe(200);
    const out = await h.collect(Topics.articleCleaned);
    const message = await storePage(createPageStore(h.mongo.db), {
      url: 'https://seeds.example/2017/04/12/001',
      body: seed001,
      contentType: 'text/plain',
    });
    await h.kafka.send(Topics.pageFetched, 'seeds.example', PageFetchedSchema, message);
    const articles = (await out.waitFor(3, 60_000)).map((m) => parseMessage(ArticleCleanedSchema, m.value!));
    expect(articles.map((a) => a.title).sort()).toEqual([
      'CHECKMATE: 5 ways Russia outwitted the US in one day',
      'Russia vetoes UN Security Council resolution on Syrian chemical weapons attack',
      'TILLERSON AND LAVROV HOLD PRESS CONFERENCE AFTER MEETING WITH PUTIN',
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toMatch(/newsflow_jobs_completed_total\{[^}]*queue="cleaner"[^}]*\} 1/);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await service.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start with an invalid setting, naming it', async () => {
    const started = startServiceProcess('cleaner', {
      servers: inject('servers'),
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      env: { CLEANER_MAX_PAGE_BYTES: 'lots' },
    });
    await expect(started).rejects.toThrow(/exited \(1\)[\s\S]*CLEANER_MAX_PAGE_BYTES/);
  });
});
