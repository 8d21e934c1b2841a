import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { normalizeUrl, pageIdFor } from '@newsflow/normalize';
import { createRedis, withRedisLock, type Redis } from '@newsflow/runtime';
import { httpResponse, member, storyHtml, warcRecord } from '../archives/hand-built.js';
import { useCliContext } from './cli-context.js';
import { startCli } from './run-cli.js';

describe('import-warc saves a page in turn with the fetcher (subprocess, real servers)', () => {
  const context = useCliContext();
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-import-lock-'));
  let redis: Redis;
  beforeAll(async () => {
    redis = await createRedis({ url: inject('servers').redisUrl });
  });
  afterAll(async () => {
    await redis?.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits while a fetcher holds the page lock, then saves the page', async () => {
    const { env, plain } = context();
    const url = 'https://lock.example/story';
    const archive = join(dir, 'one-page.warc.gz');
    writeFileSync(
      archive,
      member(
        warcRecord({
          type: 'response',
          uri: url,
          block: httpResponse(200, { 'Content-Type': 'text/html; charset=utf-8' }, storyHtml(1)),
        }),
      ),
    );
    const pageId = pageIdFor(normalizeUrl(url));
    // The key a fetcher's save of the page holds (createPageStore with its lock on QUEUE_PREFIX). Without the
    // lock, an import racing a fetch of the same page could leave a mix of both saves (test/runtime/page-store).
    const key = `${env.QUEUE_PREFIX}:page-lock:${pageId}`;
    const monitor = await redis.monitor();
    try {
      // A SET of the key by any client but the test's own (which takes the lock below).
      const ours = `${redis.stream.localAddress}:${redis.stream.localPort}`;
      const tried = new Promise<'tried'>((resolve) =>
        monitor.on('monitor', (_time: string, args: string[], source: string) => {
          if (args[0]?.toLowerCase() === 'set' && args[1] === key && source !== ours) resolve('tried');
        }),
      );
      const held = await withRedisLock(redis, key, { ttlMs: 15_000, waitMs: 0, retryMs: 5 }, async () => {
        const running = startCli(['import-warc', archive], env);
        // Either the import asks for the lock (and must then wait), or it finishes without ever asking.
        const first = await Promise.race([
          tried,
          running.result.then((r) => `finished (exit ${r.code}) while the page lock was held:\n${r.stderr}`),
        ]);
        const storedMeanwhile = await plain.db
          .collection<{ _id: string }>('pages')
          .countDocuments({ _id: pageId });
        return { running, first, storedMeanwhile };
      });
      expect(held, 'the test could not take the page lock').toBeDefined();
      const { running, first, storedMeanwhile } = held!.value;
      expect(first).toBe('tried');
      expect(storedMeanwhile).toBe(0);
      const result = await running.result;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^imported 1 page from 1 archive /);
      expect(await plain.db.collection<{ _id: string }>('pages').countDocuments({ _id: pageId })).toBe(1);
    } finally {
      monitor.disconnect();
    }
  });
});
