import { describe, expect, it } from 'vitest';
import {
  ArticleStoredSchema,
  DeadLetterSchema,
  SCHEMA_VERSION,
  UrlSkippedSchema,
  serializeMessage,
} from '@newsflow/contracts';
import { useCliContext } from './cli-context.js';
import { runCli, startCli } from './run-cli.js';

describe('newsflow push (subprocess, real Kafka and MongoDB)', () => {
  const context = useCliContext();

  it('puts raw url.requested values that a plain kafkajs consumer reads: from arguments and from stdin (-)', async () => {
    const { env, plain } = context();
    const r = await runCli(
      ['push', '--force', '--source', 'cli-test', 'https://news.example/a', '-'],
      env,
      '# a comment\nhttps://News.Example/b?x=1\n\n  https://other.example/c  \n',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`pushed 3 URLs onto ${env.TOPIC_PREFIX}url.requested\n`);

    // At least once: a produce retried under load may write a URL twice (producers are not idempotent on
    // purpose, docs/deploy.md; the fetcher's dedupe absorbs it), so read until the three URLs are there and
    // check each URL's first message.
    const topic = `${env.TOPIC_PREFIX}url.requested`;
    const urlOf = (m: { value: Buffer | null }): unknown =>
      (JSON.parse(m.value!.toString()) as { url?: unknown }).url;
    let read = await plain.readAll(topic, 3);
    for (let count = 4; new Set(read.map(urlOf)).size < 3 && count <= 6; count++)
      read = await plain.readAll(topic, count);
    const messages = read.filter((m, i) => read.findIndex((o) => urlOf(o) === urlOf(m)) === i);
    const values = messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);
    expect(values.map((v) => v.url).sort()).toEqual([
      'https://News.Example/b?x=1',
      'https://news.example/a',
      'https://other.example/c',
    ]);
    for (const v of values) {
      expect(v).toMatchObject({ schemaVersion: SCHEMA_VERSION, force: true, source: 'cli-test' });
      expect(Date.parse(String(v.requestedAt))).not.toBeNaN();
    }
    // Keyed by host, so one host's URLs stay in one partition (the fetcher's politeness relies on it).
    expect(messages.map((m) => m.key?.toString()).sort()).toEqual([
      'news.example',
      'news.example',
      'other.example',
    ]);
    for (const m of messages) expect(m.headers?.traceId?.toString()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('--follow reports progress until each URL is stored or dead-lettered, then prints title, date, authors, top entities', async () => {
    const { env, plain } = context();
    const stored = 'https://follow.example/news/1';
    const failed = 'https://follow.example/news/2';
    const cli = startCli(['push', '--follow', '--timeout', '60', stored, failed], env);
    await cli.waitForStderr('following');

    // The article as the store would have written it (read back by the CLI from MongoDB).
    await plain.db.collection<{ _id: string; [field: string]: unknown }>('articles').insertOne({
      _id: 'a_follow1',
      url: stored,
      canonicalUrl: 'https://follow.example/canonical/1',
      title: 'Tillerson meets Lavrov in Moscow',
      publishedAt: new Date('2017-04-12T09:00:00Z'),
      authors: ['Jane Doe', 'John Roe'],
      siteName: 'Follow News',
      part: 0,
      entities: [
        { name: 'Moscow', type: 'LOCATION', count: 2, salience: 0.2, aliases: [], mentions: [] },
        { name: 'Sergey Lavrov', type: 'PERSON', count: 5, salience: 0.6, aliases: [], mentions: [] },
        { name: 'Rex Tillerson', type: 'PERSON', count: 4, salience: 0.5, aliases: [], mentions: [] },
      ],
    });
    // ArticleStored carries the canonical URL; the traceId header the push set ties it to the pushed URL.
    // The first test's 3 URLs share the topic, and a produce retried under load may write one twice: read one
    // message more until ours is among them (had it not been read, the topic holds at least one more).
    const requestOf = async (count: number) =>
      (await plain.readAll(`${env.TOPIC_PREFIX}url.requested`, count)).find((m) =>
        m.value?.toString().includes(stored),
      );
    let request = await requestOf(5);
    for (let count = 6; request === undefined && count <= 12; count++) request = await requestOf(count);
    const traceId = request!.headers!.traceId!.toString();
    await plain.producer.send({
      topic: `${env.TOPIC_PREFIX}article.stored`,
      messages: [
        {
          key: 'a_follow1',
          headers: { traceId },
          value: serializeMessage(ArticleStoredSchema, {
            schemaVersion: SCHEMA_VERSION,
            articleId: 'a_follow1',
            url: 'https://follow.example/canonical/1',
            version: 1,
            storedAt: new Date().toISOString(),
            outcome: 'inserted',
          }),
        },
      ],
    });
    // A dead letter with no traceId: matched by the URL inside the original value.
    await plain.producer.send({
      topic: `${env.TOPIC_PREFIX}url.requested.dlq`,
      messages: [
        {
          value: serializeMessage(DeadLetterSchema, {
            schemaVersion: SCHEMA_VERSION,
            topic: `${env.TOPIC_PREFIX}url.requested`,
            key: 'follow.example',
            value: Buffer.from(JSON.stringify({ url: failed })).toString('base64'),
            error: { name: 'FetchError', code: 'FETCH_HTTP_STATUS', message: 'HTTP 404' },
            attempts: 1,
            failedAt: new Date().toISOString(),
            service: 'fetcher',
          }),
        },
      ],
    });

    const r = await cli.result;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`stored    ${stored}  (inserted, version 1)`);
    expect(r.stderr).toContain(`failed    ${failed}  (fetcher: FETCH_HTTP_STATUS HTTP 404)`);
    expect(r.stderr).toContain('1 stored, 1 dead-lettered, 0 skipped, 0 timeout');
    expect(r.stdout).toContain(`✓ ${stored}  (inserted, 1 article in MongoDB)`);
    expect(r.stdout).toContain(
      '  Tillerson meets Lavrov in Moscow\n    2017-04-12 · Jane Doe, John Roe · Follow News',
    );
    expect(r.stdout).toContain('entities: Sergey Lavrov (PERSON), Rex Tillerson (PERSON), Moscow (LOCATION)');
    expect(r.stdout).toContain(
      `✗ ${failed}\n  dead-lettered on url.requested.dlq by fetcher: FETCH_HTTP_STATUS HTTP 404`,
    );
  });

  it('--follow --timeout gives up on URLs nothing happens to: exit 1, status "timeout" in --json and text', async () => {
    const { env } = context();
    const r = await runCli(['push', '--follow', '--json', '--timeout', '2', 'https://quiet.example/x'], env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { url: string; status: string; lastStage: string }[];
    expect(out).toEqual([
      { url: 'https://quiet.example/x', status: 'timeout', lastStage: 'queued', articles: [] },
    ]);
    expect(r.stderr).toContain('0 stored, 0 dead-lettered, 0 skipped, 1 timeout');
    // One word for one state: the text output says what --json says.
    const text = await runCli(['push', '--follow', '--timeout', '2', 'https://quiet.example/y'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('… https://quiet.example/y\n  timeout: no stage reported it yet\n');
    expect(text.stderr).toContain('0 stored, 0 dead-lettered, 0 skipped, 1 timeout');
  });

  describe('with topics of its own (it reads url.requested from the start)', () => {
    const ownContext = useCliContext();

    it('--follow reports a URL the fetcher skipped, with the reason and the --force hint, in text and --json', async () => {
      const { env, plain } = ownContext();
      const url = 'https://skip.example/news/1';
      const cli = startCli(['push', '--follow', '--json', '--timeout', '60', url], env);
      await cli.waitForStderr('following');
      const [request] = (await plain.readAll(`${env.TOPIC_PREFIX}url.requested`, 1)).filter((m) =>
        m.value?.toString().includes(url),
      );
      const message =
        'requested again within the dedupe window (3600 s) of an earlier request, which fetches it';
      // As the fetcher sends it: keyed by host, carrying the request's traceId.
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.skipped`,
        messages: [
          {
            key: 'skip.example',
            headers: { traceId: request!.headers!.traceId!.toString() },
            value: serializeMessage(UrlSkippedSchema, {
              schemaVersion: SCHEMA_VERSION,
              url,
              reason: 'duplicate',
              message,
              skippedAt: new Date().toISOString(),
            }),
          },
        ],
      });
      const r = await cli.result;
      // Skipped is not failed: the URL was fetched by the earlier request.
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`skipped   ${url}  (fetcher: duplicate: ${message})`);
      expect(r.stderr).toContain('0 stored, 0 dead-lettered, 1 skipped, 0 timeout');
      expect(JSON.parse(r.stdout)).toEqual([
        {
          url,
          status: 'skipped',
          lastStage: 'skipped',
          skip: { reason: 'duplicate', message, hint: 'push again with --force to fetch it anyway' },
          articles: [],
        },
      ]);

      const text = startCli(['push', '--follow', '--timeout', '60', url], env);
      await text.waitForStderr('following');
      const firstTraceId = request!.headers!.traceId!.toString();
      const pushed = (await plain.readAll(`${env.TOPIC_PREFIX}url.requested`, 2)).find(
        (m) => m.headers!.traceId!.toString() !== firstTraceId,
      )!;
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.skipped`,
        messages: [
          {
            headers: { traceId: pushed.headers!.traceId!.toString() },
            value: serializeMessage(UrlSkippedSchema, {
              schemaVersion: SCHEMA_VERSION,
              url,
              reason: 'unchanged',
              message: 'content unchanged since the last fetch',
              skippedAt: new Date().toISOString(),
            }),
          },
        ],
      });
      const t = await text.result;
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout).toContain(
        `↷ ${url}\n  skipped by the fetcher (unchanged): content unchanged since the last fetch\n  push again with --force to fetch it anyway\n`,
      );
    });
  });
});
