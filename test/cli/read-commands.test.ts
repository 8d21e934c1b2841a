import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { allTopics } from '@newsflow/contracts';
import { useCliContext } from './cli-context.js';
import { deadLetter } from './dead-letter.js';
import { runCli } from './run-cli.js';

/** Each test runs the CLI several times as a process (a few seconds each, more on a loaded machine). */
const CLI_TEST_TIMEOUT_MS = 300_000;

describe('newsflow topics, articles, status, dlq (subprocess, real servers, plain clients)', () => {
  const context = useCliContext();

  it(
    'topics --create creates every topic and .dlq with the partition count of libs/contracts',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const { env, plain } = context();
      const r = await runCli(['topics', '--create'], env);
      expect(r.code, r.stderr).toBe(0);
      const admin = plain.kafka.admin();
      await admin.connect();
      try {
        const names = allTopics().map((t) => `${env.TOPIC_PREFIX}${t.topic}`);
        const metadata = await admin.fetchTopicMetadata({ topics: names });
        const actual = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
        expect(actual).toEqual(
          Object.fromEntries(allTopics().map((t) => [`${env.TOPIC_PREFIX}${t.topic}`, t.numPartitions])),
        );
      } finally {
        await admin.disconnect();
      }
      expect(r.stdout).toMatch(
        new RegExp(`^${env.TOPIC_PREFIX.replace('.', '\\.')}url\\.requested\\s+6\\s+6$`, 'm'),
      );
    },
  );

  it(
    'articles --json lists what a plain MongoDB client inserted, filtered by --site, --entity, --since, --limit',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const { env, plain } = context();
      const hourAgo = new Date(Date.now() - 3_600_000);
      await plain.db.collection<{ _id: string; [field: string]: unknown }>('articles').insertMany([
        {
          _id: 'a1',
          url: 'https://www.alpha.example/1',
          canonicalUrl: 'https://www.alpha.example/1',
          siteName: 'Alpha News',
          title: 'Lavrov speaks',
          publishedAt: new Date('2026-01-10T00:00:00Z'),
          authors: ['Ann Author'],
          entities: [
            {
              name: 'Sergey Lavrov',
              type: 'PERSON',
              count: 3,
              salience: 0.7,
              aliases: ['Lavrov'],
              mentions: [{ start: 0, end: 6 }],
            },
          ],
          html: '<p>Lavrov speaks</p>',
        },
        {
          _id: 'b2',
          url: 'https://beta.example/2',
          canonicalUrl: 'https://beta.example/2',
          title: 'Moscow weather',
          publishedAt: hourAgo,
          authors: [],
          entities: [
            { name: 'Moscow', type: 'LOCATION', count: 1, salience: 0.4, aliases: [], mentions: [] },
          ],
        },
        {
          _id: 'a3',
          url: 'https://alpha.example/3',
          canonicalUrl: 'https://alpha.example/3',
          title: 'Undated',
          authors: [],
          entities: [],
        },
      ]);
      const ids = async (...args: string[]): Promise<string[]> => {
        const r = await runCli(['articles', '--json', ...args], env);
        expect(r.code, r.stderr).toBe(0);
        return (JSON.parse(r.stdout) as { _id: string }[]).map((d) => d._id);
      };
      const all = await runCli(['articles', '--json'], env);
      const docs = JSON.parse(all.stdout) as Record<string, unknown>[];
      expect(docs.map((d) => d._id)).toEqual(['b2', 'a1', 'a3']);
      const a1 = docs.find((d) => d._id === 'a1')!;
      expect(a1).toMatchObject({
        title: 'Lavrov speaks',
        publishedAt: '2026-01-10T00:00:00.000Z',
        authors: ['Ann Author'],
      });
      expect(a1.html).toBeUndefined();
      expect(a1.entities).toEqual([
        { name: 'Sergey Lavrov', type: 'PERSON', count: 3, salience: 0.7, aliases: ['Lavrov'] },
      ]);

      expect((await ids('--site', 'alpha.example')).sort()).toEqual(['a1', 'a3']);
      expect(await ids('--site', 'Alpha News')).toEqual(['a1']);
      expect(await ids('--entity', 'sergey LAVROV')).toEqual(['a1']);
      expect(await ids('--entity', 'lavrov')).toEqual(['a1']);
      expect(await ids('--entity', 'Lavro')).toEqual([]);
      expect(await ids('--since', '1d')).toEqual(['b2']);
      expect(await ids('--since', '2026-01-01')).toEqual(['b2', 'a1']);
      expect(await ids('--limit', '1')).toEqual(['b2']);

      const text = await runCli(['articles', '--entity', 'Sergey Lavrov'], env);
      expect(text.stdout).toBe(
        '2026-01-10  Alpha News  Lavrov speaks\n            by Ann Author · https://www.alpha.example/1\n            Sergey Lavrov\n',
      );
      const bad = await runCli(['articles', '--since', 'last tuesday'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--since needs a date');
    },
  );

  it(
    'status prints lag per stage, BullMQ queue depths, dead letters and articles stored',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const { env, plain } = context();
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.requested`,
        messages: [
          { value: 'https://s.example/1' },
          { value: 'https://s.example/2' },
          { value: 'https://s.example/3' },
        ],
      });
      // Two requests the fetcher skipped (14.7): `status` counts them on the fetcher's row.
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.skipped`,
        messages: ['https://s.example/1', 'https://s.example/2'].map((url) => ({
          value: JSON.stringify({
            schemaVersion: 1,
            url,
            reason: 'duplicate',
            message: 'requested again within the dedupe window',
            skippedAt: new Date().toISOString(),
          }),
        })),
      });
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}page.fetched.dlq`,
        messages: [
          { value: deadLetter(`${env.TOPIC_PREFIX}page.fetched`, '{"pageId":"p1"}', 'CONTRACT_SCHEMA') },
        ],
      });
      const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue('cleaner', { connection: redis, prefix: env.QUEUE_PREFIX });
      try {
        await queue.add('cleaner', { n: 1 });
        await queue.add('cleaner', { n: 2 }, { delay: 3_600_000 });
      } finally {
        await queue.close();
        redis.disconnect();
      }
      const r = await runCli(['status'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /^STAGE\s+INPUT TOPIC\s+LAG\s+CONSUMERS\s+WAITING\s+ACTIVE\s+DELAYED\s+FAILED\s+DLQ\s+SKIPPED$/m,
      );
      expect(r.stdout).toMatch(/^fetcher\s+url\.requested\s+3\s+0\s+0\s+0\s+0\s+0\s+0\s+2$/m);
      expect(r.stdout).toMatch(/^cleaner\s+page\.fetched\s+0\s+0\s+1\s+0\s+1\s+0\s+1\s+-$/m);
      expect(r.stdout).toMatch(/^page\.fetched\.dlq\s+1$/m);
      expect(r.stdout).toContain('articles stored: 3');

      const json = await runCli(['status', '--json'], env);
      const status = JSON.parse(json.stdout) as {
        stages: { stage: string; lag: number; waiting: number }[];
        articles: number;
      };
      expect(status.stages.find((s) => s.stage === 'fetcher')).toMatchObject({
        lag: 3,
        waiting: 0,
        skipped: 2,
      });
      expect(status.articles).toBe(3);
    },
  );

  it(
    'dlq lists dead letters with the decoded original, and --replay sends each back once',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const { env, plain } = context();
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.requested.dlq`,
        messages: [
          {
            key: 'dlq.example',
            value: deadLetter(`${env.TOPIC_PREFIX}url.requested`, 'https://dlq.example/x', 'FETCH_TIMEOUT'),
          },
        ],
      });
      const list = await runCli(['dlq', '--json'], env);
      expect(list.code, list.stderr).toBe(0);
      const letters = JSON.parse(list.stdout) as {
        dlqTopic: string;
        value: string;
        error: { code: string };
      }[];
      expect(letters.map((l) => [l.dlqTopic, l.error.code, l.value])).toEqual([
        [`${env.TOPIC_PREFIX}page.fetched.dlq`, 'CONTRACT_SCHEMA', '{"pageId":"p1"}'],
        [`${env.TOPIC_PREFIX}url.requested.dlq`, 'FETCH_TIMEOUT', 'https://dlq.example/x'],
      ]);
      const text = await runCli(['dlq', '--topic', 'url.requested'], env);
      expect(text.stdout).toContain('1 dead letter on 1 topic; showing 1');
      expect(text.stdout).toContain('FETCH_TIMEOUT (TestError): failed with FETCH_TIMEOUT');
      expect(text.stdout).toContain('value https://dlq.example/x');

      // A letter the stage runner had to cut (message over the broker's limit) cannot be replayed.
      await plain.producer.send({
        topic: `${env.TOPIC_PREFIX}url.requested.dlq`,
        messages: [
          {
            value: deadLetter(
              `${env.TOPIC_PREFIX}url.requested`,
              '{"url":"https://dlq.exa',
              'CONTRACT_TOO_LARGE',
              'too large (value cut to its first 524288 of 1200000 bytes)',
            ),
          },
        ],
      });
      const replay = await runCli(['dlq', '--replay', '--topic', 'url.requested.dlq'], env);
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stdout).toContain(`replayed url.requested.dlq 0@0 → ${env.TOPIC_PREFIX}url.requested`);
      expect(replay.stdout).toContain(
        'skipped url.requested.dlq 0@1: the letter holds only the start of the message',
      );
      expect(replay.stdout).toContain('1 replayed, 1 skipped');
      const requests = await plain.readAll(`${env.TOPIC_PREFIX}url.requested`, 4);
      const replayed = requests.find((m) => m.value?.toString() === 'https://dlq.example/x');
      expect(replayed?.key?.toString()).toBe('dlq.example');
      expect(replayed?.headers?.attempt?.toString()).toBe('0');

      const again = await runCli(['dlq', '--replay', '--topic', 'url.requested'], env);
      expect(again.stdout).toContain('0 replayed');
    },
  );
});
