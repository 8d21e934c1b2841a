import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { PageFetchedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { createPageStore } from '@newsflow/runtime';
import { ExitCode } from '../../libs/cli/src/command.js';
import { createReprocessCommand } from '../../libs/cli/src/commands/reprocess.js';
import { captureIo } from '../support/capture-io.js';
import type { Harness } from '../support/runtime-harness.js';
import { createStoreHarness } from './store-harness.js';

/** Runs the command with captured output. */
async function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo();
  const code = await createReprocessCommand({ env }).run(args, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

/** A loopback port with nothing listening. */
async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('newsflow reprocess', () => {
  let h: Harness;
  /** False while beforeEach has not opened this test's harness (so afterEach does not close the last one twice). */
  let opened = false;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    opened = false;
    const servers = inject('servers');
    h = await createStoreHarness(servers, 'reprocess-test');
    opened = true;
    const mongoUri = new URL(servers.mongoUri);
    mongoUri.pathname = `/${h.dbName}`;
    env = {
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      MONGODB_URI: mongoUri.toString(),
      TOPIC_PREFIX: h.topicPrefix,
    };
    const pages = createPageStore(h.mongo.db);
    await pages.init();
    const page = (pageId: string, url: string, fetchedAt: string, body: string) =>
      pages.save({
        pageId,
        url,
        finalUrl: url,
        status: 200,
        contentType: 'text/html',
        charset: 'utf-8',
        headers: { 'content-type': 'text/html; charset=utf-8' },
        etag: '"v1"',
        fetchedAt: new Date(fetchedAt),
        body: new TextEncoder().encode(body),
      });
    await page('p_old', 'https://news.example/old', '2026-10-01T00:00:00.000Z', '<p>old</p>');
    await page('p_a', 'https://news.example/a', '2026-11-20T00:00:00.000Z', '<p>a</p>');
    await page('p_b', 'https://other.example/b', '2026-11-21T00:00:00.000Z', '<p>bb</p>');
  });
  afterEach(async () => {
    if (opened) await h.close();
  });

  it('re-emits page.fetched with reprocess: true for each page stored since the date, without fetching', async () => {
    const fetched = await h.collect(Topics.pageFetched);
    const result = await run(['--since', '2026-11-01'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toContain('reprocess: done, 2 page.fetched messages sent');
    const messages = (await fetched.waitFor(2)).map((m) => ({
      key: m.key?.toString(),
      value: parseMessage(PageFetchedSchema, m.value!),
    }));
    expect(messages.map((m) => m.value.pageId).sort()).toEqual(['p_a', 'p_b']);
    const a = messages.find((m) => m.value.pageId === 'p_a');
    expect(a?.key).toBe('news.example');
    expect(a?.value).toMatchObject({
      url: 'https://news.example/a',
      finalUrl: 'https://news.example/a',
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      etag: '"v1"',
      fetchedAt: '2026-11-20T00:00:00.000Z',
      bytes: 8,
      reprocess: true,
    });
    expect(a?.value.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // One requestedAt per run, so the cleaner treats a second replay of the same bytes as new work.
    expect(Date.parse(a?.value.requestedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(new Set(messages.map((m) => m.value.requestedAt)).size).toBe(1);
  });

  it('limits the replay to one site', async () => {
    const fetched = await h.collect(Topics.pageFetched);
    const result = await run(['--since', '2026-01-01T00:00:00Z', '--site', 'other.example'], env);
    expect(result.code).toBe(ExitCode.ok);
    const [message] = await fetched.waitFor(1);
    expect(parseMessage(PageFetchedSchema, message!.value!).pageId).toBe('p_b');
    expect(result.stdout).toContain('1 page.fetched message sent');
  });

  it('lists without sending on --dry-run', async () => {
    const result = await run(['--since', '2026-11-01', '--dry-run'], env);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toMatch(/p_a\t2026-11-20T00:00:00.000Z\thttps:\/\/news.example\/a/);
    expect(result.stdout).toContain('2 pages would be replayed');
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await run([], env)).code).toBe(ExitCode.usage);
    const bad = await run(['--since', 'last tuesday'], env);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toContain('--since needs an ISO 8601 date');
  });

  it('exits 3 with a clear message when MongoDB or Kafka is unreachable', async () => {
    const noMongo = await run(['--since', '2026-11-01'], {
      ...env,
      MONGODB_URI: `mongodb://127.0.0.1:${await deadPort()}/x`,
      NEWSFLOW_CONNECT_TIMEOUT_MS: '500',
    });
    expect(noMongo.code).toBe(ExitCode.unreachable);
    expect(noMongo.stderr).toContain('cannot reach MongoDB at mongodb://127.0.0.1:');
    const noKafka = await run(['--since', '2026-11-01'], {
      ...env,
      KAFKA_BROKERS: `127.0.0.1:${await deadPort()}`,
      NEWSFLOW_CONNECT_TIMEOUT_MS: '500',
    });
    expect(noKafka.code).toBe(ExitCode.unreachable);
    expect(noKafka.stderr).toContain('cannot reach Kafka at 127.0.0.1:');
  });
});
