import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { DeadLetterSchema, Topics, dlqTopic, validateMessage, type DeadLetter } from '@newsflow/contracts';
import type { KafkaHandle } from '@newsflow/runtime';
import type { Command } from '../command.js';
import { ExitCode, parseOptions } from '../command.js';
import { closeQuietly, connectKafka, runWithServers } from '../connect.js';
import { readTopics, topicRanges, type PartitionRange, type TopicRecord } from '../topic-reader.js';

const DEFAULT_LIMIT = 20;
const READ_TIMEOUT_MS = 60_000;
/** Consumer group (plus TOPIC_PREFIX) whose committed offsets mark the dead letters already replayed. */
export const REPLAY_GROUP = 'newsflow-dlq-replay';

/**
 * How the stage runner (libs/runtime stage.ts) marks a letter whose original value was cut to fit the broker's
 * message limit: replaying the cut bytes would only fail again, so such letters are skipped.
 */
const CUT_VALUE = /\(value cut to its first \d+ of \d+ bytes\)$/;

const DLQ_TOPICS: readonly string[] = Object.values(Topics).map(dlqTopic);

const HELP = `Usage: newsflow dlq [--topic TOPIC] [--limit N] [--replay] [--json]

Lists dead letters: messages a stage gave up on, with the error, the attempts and the original message.

Options:
  --topic TOPIC   one dead-letter topic: url.requested.dlq, page.fetched.dlq, article.cleaned.dlq,
                  article.enriched.dlq, article.stored.dlq (the .dlq may be left out); default: all
  --limit N       the last N letters of each partition (default ${DEFAULT_LIMIT})
  --replay        re-produce every letter not replayed before (whatever --limit says) to the topic it
                  came from: its original key and value, a fresh attempt count. What was replayed is
                  remembered (consumer group ${REPLAY_GROUP}), so running it twice replays nothing twice.
                  Letters that hold only the start of a too-large message are skipped.
  --json          print the letters as JSON (value decoded as text)
  -h, --help      this text

Environment: KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*, TOPIC_PREFIX.

Exit codes: 0 listed / replayed, 1 a letter could not be replayed, 2 bad arguments, 3 Kafka could not be reached.

Note: a stage keeps the ids of finished jobs for JOB_RETENTION_S (default a day); a replayed message
whose job id is still kept is treated as a duplicate and skipped, so replay after fixing the cause and
after that window, or for letters rejected before they were queued (invalid messages).
`;

interface Letter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly letter: DeadLetter | undefined;
  /** The original message value, decoded. */
  readonly original: Buffer;
}

function toLetter(record: TopicRecord): Letter {
  let letter: DeadLetter | undefined;
  try {
    letter = validateMessage(DeadLetterSchema, JSON.parse(record.message.value?.toString('utf8') ?? 'null'));
  } catch {
    letter = undefined;
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.message.offset,
    letter,
    original: letter ? Buffer.from(letter.value, 'base64') : Buffer.alloc(0),
  };
}

function preview(bytes: Buffer, max = 160): string {
  const text = bytes.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

async function committedOffsets(
  admin: Admin,
  kafka: KafkaHandle,
  topics: readonly string[],
): Promise<Map<string, bigint>> {
  const result = new Map<string, bigint>();
  for (const topic of topics) {
    const offsets = await admin.fetchOffsets({
      groupId: kafka.topic(REPLAY_GROUP),
      topics: [kafka.topic(topic)],
    });
    for (const p of offsets[0]?.partitions ?? []) result.set(`${topic}:${p.partition}`, BigInt(p.offset));
  }
  return result;
}

async function replay(
  kafka: KafkaHandle,
  admin: Admin,
  ranges: Map<string, PartitionRange[]>,
  io: NodeJS.WritableStream,
): Promise<number> {
  const done = await committedOffsets(admin, kafka, [...ranges.keys()]);
  let replayed = 0;
  let skipped = 0;
  await readTopics(
    kafka,
    admin,
    ranges,
    (topic, p) => {
      const committed = done.get(`${topic}:${p.partition}`) ?? -1n;
      return committed >= 0n ? committed : p.low;
    },
    READ_TIMEOUT_MS,
    {
      groupId: REPLAY_GROUP,
      // Replays, then commits the replay group past what was read: the next --replay starts after it.
      async afterRead(records, consumer) {
        for (const letter of records.map(toLetter)) {
          if (!letter.letter) {
            io.write(`skipped ${letter.topic} ${letter.partition}@${letter.offset}: not a dead letter\n`);
            skipped++;
            continue;
          }
          if (CUT_VALUE.test(letter.letter.error.message)) {
            io.write(
              `skipped ${letter.topic} ${letter.partition}@${letter.offset}: the letter holds only the start of the message\n`,
            );
            skipped++;
            continue;
          }
          const target = letter.topic.replace(/\.dlq$/, '');
          await kafka.sendRaw(target, [
            {
              key: letter.letter.key,
              value: letter.original,
              headers: {
                traceId: letter.letter.traceId ?? randomUUID(),
                attempt: 0,
                producedAt: new Date().toISOString(),
              },
            },
          ]);
          replayed++;
          io.write(
            `replayed ${letter.topic} ${letter.partition}@${letter.offset} → ${kafka.topic(target)}\n`,
          );
        }
        const last = new Map<string, { topic: string; partition: number; offset: string }>();
        for (const r of records) {
          last.set(`${r.topic}:${r.partition}`, {
            topic: kafka.topic(r.topic),
            partition: r.partition,
            offset: (BigInt(r.message.offset) + 1n).toString(),
          });
        }
        if (last.size > 0) await consumer.commitOffsets([...last.values()]);
      },
    },
  );
  io.write(`${replayed} replayed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  return replayed;
}

/** `newsflow dlq`: dead letters, listed or replayed. */
export const dlqCommand: Command = {
  name: 'dlq',
  help: HELP,
  async run(args, io) {
    const values = parseOptions(io, 'dlq', args, {
      topic: { type: 'string' },
      limit: { type: 'string' },
      replay: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (typeof values === 'number') return values;
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      io.stderr.write('newsflow dlq: --limit needs a positive integer\n');
      return ExitCode.usage;
    }
    let topics = DLQ_TOPICS;
    if (values.topic !== undefined) {
      const topic = values.topic.endsWith('.dlq') ? values.topic : dlqTopic(values.topic);
      if (!DLQ_TOPICS.includes(topic)) {
        io.stderr.write(`newsflow dlq: unknown topic ${values.topic}; one of ${DLQ_TOPICS.join(', ')}\n`);
        return ExitCode.usage;
      }
      topics = [topic];
    }
    return runWithServers('dlq', io, async (config) => {
      const kafka = await connectKafka(config);
      const admin = kafka.kafka.admin();
      try {
        await admin.connect();
        const ranges = await topicRanges(admin, kafka, topics);
        if (values.replay) {
          await replay(kafka, admin, ranges, values.json ? io.stderr : io.stdout);
          return ExitCode.ok;
        }
        const records = await readTopics(
          kafka,
          admin,
          ranges,
          (_topic, p) => p.high - BigInt(limit),
          READ_TIMEOUT_MS,
        );
        const letters = records.map(toLetter);
        if (values.json) {
          const out = letters.map((l) => ({
            dlqTopic: kafka.topic(l.topic),
            partition: l.partition,
            offset: l.offset,
            ...(l.letter ? { ...l.letter, value: l.original.toString('utf8') } : { invalid: true }),
          }));
          io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return ExitCode.ok;
        }
        const total = [...ranges.values()].flat().reduce((sum, p) => sum + (p.high - p.low), 0n);
        io.stdout.write(
          `${total} dead letter${total === 1n ? '' : 's'} on ${topics.length} topic${topics.length === 1 ? '' : 's'}; showing ${letters.length}\n`,
        );
        for (const l of letters) {
          if (!l.letter) {
            io.stdout.write(`\n${l.topic} ${l.partition}@${l.offset}  (not a dead letter)\n`);
            continue;
          }
          const e = l.letter.error;
          io.stdout.write(
            `\n${l.topic} ${l.partition}@${l.offset}  ${l.letter.failedAt}  ${l.letter.service}  attempts ${l.letter.attempts}\n`,
          );
          io.stdout.write(`  ${e.code} (${e.name}): ${e.message}\n`);
          io.stdout.write(`  key ${l.letter.key ?? '(none)'}  value ${preview(l.original)}\n`);
        }
        return ExitCode.ok;
      } finally {
        await closeQuietly(
          () => admin.disconnect(),
          () => kafka.close(),
        );
      }
    });
  },
};
