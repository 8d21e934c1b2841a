import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { DeadLetterSchema, validateMessage, type DeadLetter } from '@newsflow/contracts';
import type { KafkaHandle } from '@newsflow/runtime';
import { DeadLetterNotFoundError } from './ops-errors.js';
import type { DoneOffsets, ReplayLedger } from './replay-ledger.js';
import { readTopics, topicRanges, type PartitionRange, type TopicRecord } from './topic-reader.js';

/** Bound on reading the letters asked for. */
const READ_TIMEOUT_MS = 60_000;

/**
 * How the stage runner (libs/runtime stage.ts) marks a letter whose original value was cut to fit the broker's
 * message limit: replaying the cut bytes would only fail again, so such letters are skipped.
 */
const CUT_VALUE = /\(value cut to its first \d+ of \d+ bytes\)$/;

/** One message of a dead-letter topic. */
export interface DeadLetterRecord {
  /** The dead-letter topic (logical name, `<topic>.dlq`). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The letter; undefined when the message is not a valid dead letter. */
  readonly letter: DeadLetter | undefined;
  /** The original message value, decoded from base64 (empty when `letter` is undefined). */
  readonly original: Buffer;
  /** Why a replay leaves this letter alone; undefined when it can be replayed. */
  readonly unreplayable: string | undefined;
  /** Whether a replay has dealt with it; undefined when no ledger was asked. */
  readonly replayed: boolean | undefined;
}

function toDeadLetterRecord(record: TopicRecord, done?: DoneOffsets): DeadLetterRecord {
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
    unreplayable: !letter
      ? 'not a dead letter'
      : CUT_VALUE.test(letter.error.message)
        ? 'the letter holds only the start of the message'
        : undefined,
    replayed: done?.has(BigInt(record.message.offset)),
  };
}

export interface ReadDeadLettersOptions {
  /** Dead-letter topics (logical names) to read. */
  readonly topics: readonly string[];
  /** The last `limit` letters of each partition. */
  readonly limit: number;
  /** When given, each letter says whether a replay has dealt with it. */
  readonly ledger?: ReplayLedger;
}

export interface DeadLetters {
  /** Letters kept on each existing topic (whatever `limit` says). */
  readonly totals: ReadonlyMap<string, number>;
  /** The letters read, by topic, partition and offset. */
  readonly letters: DeadLetterRecord[];
}

/**
 * Reads the newest dead letters of `topics` (missing topics count as empty).
 * @throws DependencyUnavailableError when the letters do not arrive in time.
 */
export async function readDeadLetters(
  kafka: KafkaHandle,
  options: ReadDeadLettersOptions,
): Promise<DeadLetters> {
  return kafka.withAdmin(async (admin) => {
    const ranges = await topicRanges(admin, kafka, options.topics);
    const totals = new Map(
      [...ranges].map(([topic, parts]) => [
        topic,
        Number(parts.reduce((sum, p) => sum + (p.high - p.low), 0n)),
      ]),
    );
    const records = await readTopics(
      kafka,
      admin,
      ranges,
      (_topic, p) => p.high - BigInt(options.limit),
      READ_TIMEOUT_MS,
    );
    const done = new Map<string, DoneOffsets>();
    if (options.ledger) {
      for (const [topic, parts] of ranges)
        for (const p of parts)
          done.set(`${topic}:${p.partition}`, await options.ledger.done(kafka.topic(topic), p.partition));
    }
    return {
      totals,
      letters: records.map((r) => toDeadLetterRecord(r, done.get(`${r.topic}:${r.partition}`))),
    };
  });
}

/** What a replay did with one letter. */
export interface ReplayEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly outcome: 'replayed' | 'skipped';
  /** Replayed: the topic it went back to (physical name). */
  readonly target?: string;
  /** Skipped: why. */
  readonly reason?: string;
}

export interface ReplayOptions {
  /** Dead-letter topics (logical names). */
  readonly topics: readonly string[];
  readonly ledger: ReplayLedger;
  /** Only letters with this error code. */
  readonly code?: string;
  /** Only this one letter (its dead-letter topic must be among `topics`). */
  readonly letter?: { readonly topic: string; readonly partition: number; readonly offset: string };
  /** Told of each letter as it is dealt with (sent, or skipped, and recorded in the ledger). */
  readonly onEvent?: (event: ReplayEvent) => void;
  /**
   * Stops the replay: no letter is sent after it aborts, the letter in flight is not waited for (nor recorded:
   * the next replay sends it again), the lock is released and the replay rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
}

export interface ReplayResult {
  readonly replayed: number;
  readonly skipped: number;
}

/**
 * The partitions a replay reads (`read`: all of each, or just the one letter asked for) and their kept
 * offsets (`kept`).
 */
async function replayRanges(
  kafka: KafkaHandle,
  admin: Admin,
  options: ReplayOptions,
): Promise<{ read: Map<string, PartitionRange[]>; kept: Map<string, PartitionRange[]> }> {
  const kept = await topicRanges(admin, kafka, options.topics);
  const { letter } = options;
  if (letter === undefined) return { read: kept, kept };
  const offset = BigInt(letter.offset);
  const part = kept.get(letter.topic)?.find((p) => p.partition === letter.partition);
  if (!part || offset < part.low || offset >= part.high)
    throw new DeadLetterNotFoundError(letter.topic, letter.partition, letter.offset);
  const read = new Map([[letter.topic, [{ partition: letter.partition, low: offset, high: offset + 1n }]]]);
  return { read, kept: new Map([[letter.topic, [part]]]) };
}

/**
 * Settles as `work` does, or rejects with the reason of `signal` as soon as it aborts; `work` is then left to
 * end on its own (kafkajs retries a send to a dead broker for its whole retry budget) and its outcome ignored.
 */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  // Its failure after the abort is no one's to report.
  work.catch(() => undefined);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Sends dead letters back to the topic they came from, with their original key and value and a fresh attempt
 * count: every letter no replay has dealt with, or only those of one error code, or one letter. Letters that
 * are not valid dead letters, or hold only the start of a too-large message, are skipped. Each letter is
 * recorded in the ledger as soon as it was sent (at least once: a crash in between sends it again next time),
 * so running it twice sends nothing twice, and a replay that fails half-way (its broker gone) leaves the
 * letters it sent recorded and the others for the next one.
 * @throws ReplayBusyError when another replay is running.
 * @throws DeadLetterNotFoundError when `letter` is not on its topic.
 * @throws the reason of `signal` once it aborts.
 */
export async function replayDeadLetters(kafka: KafkaHandle, options: ReplayOptions): Promise<ReplayResult> {
  const { ledger, signal } = options;
  signal?.throwIfAborted();
  return ledger.exclusive(() => untilAborted(kafka.withAdmin(replayWith), signal));
  async function replayWith(admin: Admin): Promise<ReplayResult> {
    const { read, kept } = await replayRanges(kafka, admin, options);
    const done = new Map<string, DoneOffsets>();
    for (const [topic, parts] of read)
      for (const p of parts)
        done.set(`${topic}:${p.partition}`, await ledger.done(kafka.topic(topic), p.partition));
    const records = await readTopics(
      kafka,
      admin,
      read,
      // Every offset below the watermark is done: start there (readTopics starts no lower than `low`).
      (topic, p) => done.get(`${topic}:${p.partition}`)?.watermark ?? p.low,
      READ_TIMEOUT_MS,
    );
    const firstKept = (topic: string, partition: number): bigint =>
      kept.get(topic)?.find((p) => p.partition === partition)?.low ?? 0n;
    let replayed = 0;
    let skipped = 0;
    for (const record of records) {
      const offset = BigInt(record.message.offset);
      if (done.get(`${record.topic}:${record.partition}`)?.has(offset)) continue;
      const letter = toDeadLetterRecord(record);
      if (options.code !== undefined && letter.letter?.error.code !== options.code) continue;
      signal?.throwIfAborted();
      const base = { topic: letter.topic, partition: letter.partition, offset: letter.offset };
      let event: ReplayEvent;
      if (letter.unreplayable !== undefined || !letter.letter) {
        skipped++;
        event = { ...base, outcome: 'skipped', reason: letter.unreplayable ?? 'not a dead letter' };
      } else {
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
        event = { ...base, outcome: 'replayed', target: kafka.topic(target) };
      }
      await ledger.mark(
        kafka.topic(letter.topic),
        letter.partition,
        [offset],
        firstKept(letter.topic, letter.partition),
      );
      options.onEvent?.(event);
    }
    // A replay of everything has dealt with each partition up to its end; otherwise only with what it sent.
    const everything = options.code === undefined && options.letter === undefined;
    for (const [topic, parts] of kept)
      for (const p of parts)
        await ledger.mark(kafka.topic(topic), p.partition, [], everything ? p.high : p.low);
    return { replayed, skipped };
  }
}
