import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, KafkaMessage } from 'kafkajs';
import { subscribeWhenKnown, withTimeout, type KafkaHandle } from '@newsflow/runtime';

/** One consumed message with the logical (unprefixed) topic it came from. */
export interface TopicRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Offsets of one partition: `low` is the oldest kept message, `high` the next offset to be written. */
export interface PartitionRange {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/** Kafka error types that mean a partition's leadership is still settling (a topic created a moment ago). */
const LEADER_SETTLING = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE']);
/** How often, and how far apart, offsets of a settling partition are asked again: 3 s at most. */
const SETTLING_ATTEMPTS = 15;
const SETTLING_PAUSE_MS = 200;

/**
 * `admin.fetchTopicOffsets`, asked again while leadership settles: right after `ensureTopics` a KRaft broker
 * can name a leader in its metadata before that broker answers as one, and kafkajs gives up on
 * NOT_LEADER_FOR_PARTITION at once (`newsflow push --follow` on a fresh prefix failed so).
 */
async function fetchTopicOffsets(admin: Admin, topic: string): ReturnType<Admin['fetchTopicOffsets']> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const type = (error as { type?: unknown } | null)?.type;
      if (attempt >= SETTLING_ATTEMPTS || typeof type !== 'string' || !LEADER_SETTLING.has(type)) throw error;
      await sleep(SETTLING_PAUSE_MS);
    }
  }
}

/** Partition ranges of each existing topic (logical names); missing topics are left out. */
export async function topicRanges(
  admin: Admin,
  kafka: KafkaHandle,
  topics: readonly string[],
): Promise<Map<string, PartitionRange[]>> {
  const existing = new Set(await admin.listTopics());
  const ranges = new Map<string, PartitionRange[]>();
  for (const topic of topics) {
    if (!existing.has(kafka.topic(topic))) continue;
    const offsets = await fetchTopicOffsets(admin, kafka.topic(topic));
    ranges.set(
      topic,
      offsets
        .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
        .sort((a, b) => a.partition - b.partition),
    );
  }
  return ranges;
}

export interface TopicStream {
  readonly consumer: Consumer;
  /** Stops consuming; a throw-away group is deleted. */
  stop(): Promise<void>;
}

type StartOffsets = ReadonlyMap<string, readonly { partition: number; offset: bigint }[]>;

interface StreamOptions {
  readonly kafka: KafkaHandle;
  readonly admin: Admin;
  /** Where each partition starts (logical topic names); only these topics are read. */
  readonly start: StartOffsets;
  readonly onMessage: (record: TopicRecord) => void;
  /** A lasting consumer group (name without TOPIC_PREFIX); default: a throw-away one, deleted on stop. */
  readonly groupId?: string;
}

/** How long a stream waits for its consumer to join its group (kafkajs restarts a failed join on its own). */
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Consumes from exact offsets: joins a consumer group, then seeks every partition to the next offset not yet
 * handed on (a message before it is dropped, should one be fetched before the seek applies). Resolves once the
 * group is joined, so whatever is written after that is read.
 *
 * The seeks are made on every join, not once after `run()`: kafkajs keeps seeks in the group object it builds at
 * each (re)start, and a join that fails (a broker started a moment ago, its coordinator not ready) makes `run()`
 * resolve with no group at all ("Consumer group was not initialized") and the restart forget earlier seeks.
 */
async function streamFrom(options: StreamOptions): Promise<TopicStream> {
  const { kafka, admin, start } = options;
  const logicalOf = new Map([...start.keys()].map((topic) => [kafka.topic(topic), topic]));
  const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const [topic, parts] of start)
    for (const p of parts)
      next.set(`${topic}:${p.partition}`, { topic, partition: p.partition, offset: p.offset });
  const groupSuffix = options.groupId ?? `newsflow-reader-${randomUUID()}`;
  const consumer = kafka.createConsumer(groupSuffix);
  if (logicalOf.size === 0) return { consumer, stop: async () => undefined };
  await consumer.connect();
  // A topic ensureTopics created a moment ago can still be unknown to the broker kafkajs asks.
  await subscribeWhenKnown(consumer, { topics: [...logicalOf.keys()], fromBeginning: false });
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const p of next.values())
        consumer.seek({ topic: kafka.topic(p.topic), partition: p.partition, offset: p.offset.toString() });
      resolve();
    });
  });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const logical = logicalOf.get(topic) ?? topic;
      const position = next.get(`${logical}:${partition}`);
      const offset = BigInt(message.offset);
      if (position !== undefined && offset < position.offset) return;
      options.onMessage({ topic: logical, partition, message });
      if (position !== undefined) position.offset = offset + 1n;
    },
  });
  await withTimeout(joined, JOIN_TIMEOUT_MS, 'Kafka consumer group').catch(async (error: unknown) => {
    await withTimeout(consumer.disconnect(), 10_000, 'Kafka consumer').catch(() => undefined);
    throw error;
  });
  return {
    consumer,
    async stop() {
      await withTimeout(consumer.disconnect(), 10_000, 'Kafka consumer').catch(() => undefined);
      // createConsumer prefixes group ids with TOPIC_PREFIX, as kafka.topic() does topic names.
      if (options.groupId === undefined)
        await admin.deleteGroups([kafka.topic(groupSuffix)]).catch(() => undefined);
    },
  };
}

/** Streams every message written to `topics` from now on (existing topics only). */
export async function followTopics(
  kafka: KafkaHandle,
  admin: Admin,
  topics: readonly string[],
  onMessage: (record: TopicRecord) => void,
): Promise<TopicStream> {
  const ranges = await topicRanges(admin, kafka, topics);
  const start = new Map(
    [...ranges].map(([topic, parts]) => [
      topic,
      parts.map((p) => ({ partition: p.partition, offset: p.high })),
    ]),
  );
  return streamFrom({ kafka, admin, start, onMessage });
}

export interface ReadOptions {
  /** Read as this lasting consumer group (without TOPIC_PREFIX); `afterRead` may then commit. */
  readonly groupId?: string;
  /** Runs once everything is read, while the consumer is still in its group. */
  readonly afterRead?: (records: readonly TopicRecord[], consumer: Consumer) => Promise<void>;
}

/**
 * Reads each partition from `startOf(topic, range)` up to its high watermark at call time, then stops.
 * @throws DependencyUnavailableError when the messages do not arrive within `timeoutMs`.
 */
export async function readTopics(
  kafka: KafkaHandle,
  admin: Admin,
  ranges: ReadonlyMap<string, readonly PartitionRange[]>,
  startOf: (topic: string, range: PartitionRange) => bigint,
  timeoutMs: number,
  options: ReadOptions = {},
): Promise<TopicRecord[]> {
  const start = new Map<string, { partition: number; offset: bigint }[]>();
  // The last offset to wait for per `topic:partition` (high - 1).
  const pending = new Map<string, bigint>();
  for (const [topic, parts] of ranges) {
    const from = parts
      .map((p) => {
        const wanted = startOf(topic, p);
        return { partition: p.partition, offset: wanted < p.low ? p.low : wanted, high: p.high };
      })
      .filter((p) => p.offset < p.high);
    if (from.length === 0) continue;
    start.set(topic, from);
    for (const p of from) pending.set(`${topic}:${p.partition}`, p.high - 1n);
  }
  if (pending.size === 0) return [];
  const records: TopicRecord[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const stream = await streamFrom({
    kafka,
    admin,
    start,
    ...(options.groupId === undefined ? {} : { groupId: options.groupId }),
    onMessage(record) {
      const key = `${record.topic}:${record.partition}`;
      const last = pending.get(key);
      if (last === undefined) return;
      const offset = BigInt(record.message.offset);
      if (offset > last) return;
      records.push(record);
      if (offset === last) pending.delete(key);
      if (pending.size === 0) done();
    },
  });
  try {
    await withTimeout(finished, timeoutMs, 'Kafka messages');
    records.sort(
      (a, b) =>
        a.topic.localeCompare(b.topic) ||
        a.partition - b.partition ||
        Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
    await options.afterRead?.(records, stream.consumer);
  } finally {
    await stream.stop();
  }
  return records;
}
