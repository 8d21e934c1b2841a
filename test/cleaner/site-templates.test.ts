import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from '@newsflow/runtime';
import { createSiteTemplates, type SiteTemplatesOptions } from '../../services/cleaner/src/site-templates.js';

describe('site template store (real Redis)', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  beforeAll(async () => {
    redis = await createRedis({ url: inject('servers').redisUrl });
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  const store = (options: Partial<SiteTemplatesOptions> = {}) => {
    const keyPrefix = `tpltest-${randomUUID()}`;
    prefixes.push(keyPrefix);
    return { keyPrefix, templates: createSiteTemplates({ redis, keyPrefix, ...options }) };
  };

  it('counts each page once, including the current page, and answers only for its fingerprints', async () => {
    const { templates } = store();
    expect(await templates.observe('news.example', 'p1', ['menu', 'story1'])).toEqual({
      host: 'news.example',
      pagesSeen: 1,
      blockCounts: { menu: 1, story1: 1 },
    });
    // The same page again (a refetch, a reprocess) is not counted twice.
    expect(await templates.observe('news.example', 'p1', ['menu', 'story1', 'update'])).toEqual({
      host: 'news.example',
      pagesSeen: 1,
      blockCounts: { menu: 1, story1: 1 },
    });
    expect(await templates.observe('news.example', 'p2', ['menu', 'story2'])).toEqual({
      host: 'news.example',
      pagesSeen: 2,
      blockCounts: { menu: 2, story2: 1 },
    });
    // Hosts are apart.
    expect((await templates.observe('other.example', 'p3', ['menu'])).blockCounts).toEqual({ menu: 1 });
  });

  it('stays within its caps, keeps frequent blocks and still learns a new one when full', async () => {
    const { keyPrefix, templates } = store({ maxBlocks: 32, maxPages: 20 });
    for (let page = 0; page < 60; page++) {
      const unique = Array.from({ length: 10 }, (_, i) => `z-${page}-${i}`);
      // From page 40 on, the site adds a block whose fingerprint sorts before every other one.
      const fps = ['footer', ...unique, ...(page >= 40 ? ['!new-banner'] : [])];
      const profile = await templates.observe('busy.example', `p${page}`, fps);
      if (page >= 40) expect(profile.blockCounts['!new-banner'], `page ${page}`).toBe(page - 39);
    }
    const profile = await templates.observe('busy.example', 'p-last', ['footer']);
    expect(profile.blockCounts.footer).toBe(61);
    expect(profile.pagesSeen).toBe(61);
    expect(await redis.zcard(`${keyPrefix}:{busy.example}:blocks`)).toBeLessThanOrEqual(32);
    expect(await redis.zcard(`${keyPrefix}:{busy.example}:pages`)).toBeLessThanOrEqual(20);
  });

  it('halves every count each decay period, so an old template fades', async () => {
    const { templates } = store({ decayPages: 10 });
    let profile = await templates.observe('decay.example', 'p0', ['old-banner']);
    for (let page = 1; page < 10; page++)
      profile = await templates.observe('decay.example', `p${page}`, ['old-banner']);
    expect(profile).toMatchObject({ pagesSeen: 5, blockCounts: { 'old-banner': 5 } });
    for (let page = 10; page < 20; page++)
      profile = await templates.observe('decay.example', `p${page}`, ['new-banner']);
    // 10 pages of the new banner, halved once at page 20; the old one went 5 → 2.
    expect(await templates.observe('decay.example', 'p19', ['old-banner', 'new-banner'])).toMatchObject({
      pagesSeen: 7,
      blockCounts: { 'old-banner': 2, 'new-banner': 5 },
    });
  });

  it('expires a host after its TTL', async () => {
    const { keyPrefix, templates } = store({ ttlS: 120 });
    await templates.observe('ttl.example', 'p1', ['a']);
    for (const suffix of ['blocks', 'pages', 'meta']) {
      const ttl = await redis.ttl(`${keyPrefix}:{ttl.example}:${suffix}`);
      expect(ttl, suffix).toBeGreaterThan(100);
      expect(ttl, suffix).toBeLessThanOrEqual(120);
    }
  });
});
