import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Topics, allTopics, dlqTopic } from '@newsflow/contracts';
import { redactUrl, type KafkaHandle } from '@newsflow/runtime';
import type { Command } from '../command.js';
import { ExitCode, usageError } from '../command.js';
import {
  ServerUnreachableError,
  closeQuietly,
  connectKafka,
  connectMongo,
  connectRedis,
  runWithServers,
  type CliConfig,
} from '../connect.js';
import { topicRanges } from '../topic-reader.js';

/** The pipeline's stages: BullMQ queue and consumer group name, and the topic each reads. */
export const STAGES = [
  { stage: 'fetcher', topic: Topics.urlRequested },
  { stage: 'cleaner', topic: Topics.pageFetched },
  { stage: 'entities', topic: Topics.articleCleaned },
  { stage: 'store', topic: Topics.articleEnriched },
] as const;

const HELP = `Usage: newsflow status [--json]

Shows where the pipeline stands:
  - per stage: consumer lag on its input topic (messages not yet handed to its queue), consumers in its
    group, and its BullMQ queue (waiting, active, delayed, failed);
  - messages on each dead-letter topic;
  - articles stored in MongoDB.
Consumer groups are named like the stages (plus TOPIC_PREFIX), queues live under QUEUE_PREFIX.

Options:
  --json        print the same as JSON
  -h, --help    this text

Environment: KAFKA_BROKERS, REDIS_URL, MONGODB_URI, TOPIC_PREFIX, QUEUE_PREFIX, STORE_ARTICLES_COLLECTION.

Exit codes: 0 all servers answered, 3 one could not be reached (the rest is still shown), 2 bad arguments.
`;

interface StageStatus {
  stage: string;
  topic: string;
  lag: number | null;
  consumers: number | null;
  groupState: string | null;
  waiting: number | null;
  active: number | null;
  delayed: number | null;
  failed: number | null;
}

interface Status {
  stages: StageStatus[];
  deadLetters: { topic: string; messages: number | null }[];
  articles: number | null;
  unreachable: string[];
}

async function kafkaStatus(kafka: KafkaHandle, status: Status): Promise<void> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const ranges = await topicRanges(
      admin,
      kafka,
      allTopics().map((t) => t.topic),
    );
    const groups = await admin.describeGroups(STAGES.map((s) => kafka.topic(s.stage)));
    for (const row of status.stages) {
      const parts = ranges.get(row.topic) ?? [];
      // A topic not created yet has nothing to lag behind (and the broker refuses offset requests for it).
      const committed =
        parts.length === 0
          ? []
          : await admin.fetchOffsets({ groupId: kafka.topic(row.stage), topics: [kafka.topic(row.topic)] });
      const byPartition = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
      );
      let lag = 0n;
      for (const p of parts) {
        const offset = byPartition.get(p.partition) ?? -1n;
        // A group that never committed starts from the beginning (the stages subscribe fromBeginning).
        lag += p.high - (offset >= 0n ? offset : p.low);
      }
      row.lag = Number(lag);
      const group = groups.groups.find((g) => g.groupId === kafka.topic(row.stage));
      row.consumers = group?.members.length ?? 0;
      row.groupState = group?.state ?? 'Unknown';
    }
    for (const row of status.deadLetters) {
      const parts = ranges.get(row.topic);
      row.messages = parts ? Number(parts.reduce((sum, p) => sum + (p.high - p.low), 0n)) : 0;
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function redisStatus(config: CliConfig, status: Status): Promise<void> {
  const redis = await connectRedis(config);
  try {
    for (const row of status.stages) {
      const queue = new Queue(row.stage, { connection: redis, prefix: config.queuePrefix });
      try {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        row.waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
        row.active = counts.active ?? 0;
        row.delayed = counts.delayed ?? 0;
        row.failed = counts.failed ?? 0;
      } finally {
        await queue.close();
      }
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

async function mongoStatus(config: CliConfig, status: Status): Promise<void> {
  const mongo = await connectMongo(config);
  try {
    status.articles = await mongo.db.collection(config.articlesCollection).countDocuments({});
  } finally {
    await mongo.close();
  }
}

function cell(value: number | string | null): string {
  return value === null ? '-' : String(value);
}

function render(config: CliConfig, status: Status): string {
  const prefixes = [
    config.topicPrefix ? `TOPIC_PREFIX=${config.topicPrefix}` : '',
    `QUEUE_PREFIX=${config.queuePrefix}`,
  ]
    .filter(Boolean)
    .join(' ');
  const out = [
    `Kafka ${config.kafkaBrokers.join(',')} · Redis ${redactUrl(config.redisUrl)} · MongoDB ${redactUrl(config.mongodbUri)} (${prefixes})`,
    '',
  ];
  const head = ['STAGE', 'INPUT TOPIC', 'LAG', 'CONSUMERS', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'DLQ'];
  const rows = status.stages.map((s) => [
    s.stage,
    s.topic,
    cell(s.lag),
    cell(s.consumers),
    cell(s.waiting),
    cell(s.active),
    cell(s.delayed),
    cell(s.failed),
    cell(status.deadLetters.find((d) => d.topic === dlqTopic(s.topic))?.messages ?? null),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((v, i) => (i < 2 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  out.push(line(head), ...rows.map(line), '');
  out.push('DEAD-LETTER TOPIC              MESSAGES');
  for (const d of status.deadLetters) out.push(`${d.topic.padEnd(30)} ${cell(d.messages).padStart(8)}`);
  out.push('', `articles stored: ${cell(status.articles)}`);
  for (const u of status.unreachable) out.push(`unreachable: ${u}`);
  return `${out.join('\n')}\n`;
}

/** `newsflow status`: lag, queue depths, dead letters and stored articles. */
export const statusCommand: Command = {
  name: 'status',
  help: HELP,
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } } }));
    } catch (error) {
      return usageError(io, 'status', (error as Error).message);
    }
    return runWithServers('status', io, async (config) => {
      const status: Status = {
        stages: STAGES.map((s) => ({
          ...s,
          lag: null,
          consumers: null,
          groupState: null,
          waiting: null,
          active: null,
          delayed: null,
          failed: null,
        })),
        deadLetters: allTopics()
          .filter((t) => t.topic.endsWith('.dlq'))
          .map((t) => ({ topic: t.topic, messages: null })),
        articles: null,
        unreachable: [],
      };
      // Each server is asked on its own, so one that is down still leaves the others' figures.
      const parts: (() => Promise<void>)[] = [
        async () => {
          const kafka = await connectKafka(config);
          try {
            await kafkaStatus(kafka, status);
          } finally {
            await closeQuietly(() => kafka.close());
          }
        },
        () => redisStatus(config, status),
        () => mongoStatus(config, status),
      ];
      const outcomes = await Promise.allSettled(parts.map((part) => part()));
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        const reason: unknown = outcome.reason;
        if (reason instanceof ServerUnreachableError) status.unreachable.push(reason.message);
        else throw reason;
      }
      io.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : render(config, status));
      for (const u of status.unreachable) io.stderr.write(`newsflow status: ${u}\n`);
      return status.unreachable.length > 0 ? ExitCode.unreachable : ExitCode.ok;
    });
  },
};
