import { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { allTopics } from '@newsflow/contracts';
import type { KafkaHandle, Redis } from '@newsflow/runtime';
import { pipelineStages } from './pipeline-stages.js';
import { consumerLag, queueWaiting } from './stage-backlog.js';
import { topicRanges } from './topic-reader.js';

/** One stage's figures; `null` where its server could not be asked. */
export interface StageStatus {
  stage: string;
  /** The input topic (logical name). */
  topic: string;
  /** Messages on the input topic not yet handed to the stage's queue. */
  lag: number | null;
  consumers: number | null;
  groupState: string | null;
  waiting: number | null;
  active: number | null;
  delayed: number | null;
  failed: number | null;
  /**
   * Messages the stage has written to its output topic, ever (the topic's end offsets summed): a counter
   * that only grows, so two readings give the stage's throughput.
   */
  produced: number | null;
  /**
   * Requests the stage left alone, ever (the fetcher: duplicates within its dedupe window, 304s, unchanged
   * pages; messages on `url.skipped`); `null` for a stage that skips nothing, or when Kafka could not be asked.
   */
  skipped: number | null;
}

export type StatusServer = 'Kafka' | 'Redis' | 'MongoDB';

export interface PipelineStatus {
  stages: StageStatus[];
  deadLetters: { topic: string; messages: number | null }[];
  articles: number | null;
  /** Followed sources (services/discovery) by state, and those failing with the reason; `null` if not asked. */
  sources: { active: number; paused: number; failing: { id: string; name: string; reason: string }[] } | null;
  /** The servers whose part failed, with the error; their figures stay `null`. */
  failures: { server: StatusServer; error: unknown }[];
}

/**
 * How `readPipelineStatus` reaches each server: the CLI connects, asks and closes; the console lends its
 * long-lived clients. A rejection fails only that server's part.
 */
export interface StatusConnections {
  withKafka<T>(use: (kafka: KafkaHandle) => Promise<T>): Promise<T>;
  withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T>;
  withMongo<T>(use: (db: Db) => Promise<T>): Promise<T>;
}

export interface StatusOptions {
  /** BullMQ key prefix (QUEUE_PREFIX). */
  readonly queuePrefix: string;
  /** The collection the store writes (STORE_ARTICLES_COLLECTION). */
  readonly articlesCollection: string;
  /** The collection of followed sources (DISCOVERY_SOURCES_COLLECTION). @default 'sources' */
  readonly sourcesCollection?: string;
}

/** Failing sources listed at most; the count of the rest is in `sources` anyway. */
const MAX_FAILING_LISTED = 50;

async function readSources(db: Db, collection: string): Promise<NonNullable<PipelineStatus['sources']>> {
  const sources = db.collection<{ _id: string; name?: string; state?: string; failingReason?: string }>(
    collection,
  );
  const [active, paused, failing] = await Promise.all([
    sources.countDocuments({ state: 'active' }),
    sources.countDocuments({ state: 'paused' }),
    sources
      .find({ state: 'failing' }, { projection: { name: 1, failingReason: 1 } })
      .limit(MAX_FAILING_LISTED)
      .toArray(),
  ]);
  return {
    active,
    paused,
    failing: failing.map((f) => ({ id: f._id, name: f.name ?? f._id, reason: f.failingReason ?? '' })),
  };
}

async function readKafka(kafka: KafkaHandle, status: PipelineStatus): Promise<void> {
  // The handle's kept admin: the console reads this every few seconds, and a fresh admin per reading cost a
  // connection and its handshake each time.
  await kafka.withAdmin(async (admin) => {
    const ranges = await topicRanges(
      admin,
      kafka,
      allTopics().map((t) => t.topic),
    );
    const groups = await admin.describeGroups(pipelineStages.map((s) => kafka.topic(s.stage)));
    for (const row of status.stages) {
      row.lag = await consumerLag(admin, kafka, row.stage, row.topic, ranges.get(row.topic) ?? []);
      const group = groups.groups.find((g) => g.groupId === kafka.topic(row.stage));
      row.consumers = group?.members.length ?? 0;
      row.groupState = group?.state ?? 'Unknown';
      const stage = pipelineStages.find((s) => s.stage === row.stage);
      const written = stage === undefined ? [] : (ranges.get(stage.output) ?? []);
      row.produced = Number(written.reduce((sum, p) => sum + p.high, 0n));
      if (stage !== undefined && 'skipped' in stage) {
        const skipped = ranges.get(stage.skipped) ?? [];
        row.skipped = Number(skipped.reduce((sum, p) => sum + p.high, 0n));
      }
    }
    for (const row of status.deadLetters) {
      const parts = ranges.get(row.topic);
      row.messages = parts ? Number(parts.reduce((sum, p) => sum + (p.high - p.low), 0n)) : 0;
    }
  });
}

async function readQueues(redis: Redis, queuePrefix: string, status: PipelineStatus): Promise<void> {
  for (const row of status.stages) {
    const queue = new Queue(row.stage, { connection: redis, prefix: queuePrefix });
    try {
      const counts = await queue.getJobCounts('active', 'delayed', 'failed');
      row.waiting = await queueWaiting(queue);
      row.active = counts.active ?? 0;
      row.delayed = counts.delayed ?? 0;
      row.failed = counts.failed ?? 0;
    } finally {
      await queue.close();
    }
  }
}

/**
 * Where the pipeline stands: per stage its consumer lag, consumers, queue depths and output counter;
 * messages on each dead-letter topic; articles stored. Each server is asked on its own, so one that is down
 * still leaves the others' figures (and its error in `failures`).
 */
export async function readPipelineStatus(
  connections: StatusConnections,
  options: StatusOptions,
): Promise<PipelineStatus> {
  const status: PipelineStatus = {
    stages: pipelineStages.map((s) => ({
      stage: s.stage,
      topic: s.topic,
      lag: null,
      consumers: null,
      groupState: null,
      waiting: null,
      active: null,
      delayed: null,
      failed: null,
      produced: null,
      skipped: null,
    })),
    deadLetters: allTopics()
      .filter((t) => t.topic.endsWith('.dlq'))
      .map((t) => ({ topic: t.topic, messages: null })),
    articles: null,
    sources: null,
    failures: [],
  };
  const parts: [StatusServer, () => Promise<void>][] = [
    ['Kafka', () => connections.withKafka((kafka) => readKafka(kafka, status))],
    ['Redis', () => connections.withRedis((redis) => readQueues(redis, options.queuePrefix, status))],
    [
      'MongoDB',
      () =>
        connections.withMongo(async (db) => {
          status.articles = await db.collection(options.articlesCollection).countDocuments({});
          status.sources = await readSources(db, options.sourcesCollection ?? 'sources');
        }),
    ],
  ];
  const outcomes = await Promise.allSettled(parts.map(([, part]) => part()));
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'rejected') status.failures.push({ server: parts[i]![0], error: outcome.reason });
  });
  return status;
}
