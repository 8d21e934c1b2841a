import { deadLetterTopics, dlqTopic } from '@newsflow/contracts/topics';
import type { ArgsConfig } from '../command.js';

/** Letters listed per partition unless `--limit` says. */
export const DEFAULT_LIMIT = 20;

/**
 * The dead-letter topics `--topic` names: all of them without it, the one it names (`.dlq` may be left out),
 * or `undefined` when it names none of {@link deadLetterTopics}.
 */
export function dlqTopicsOf(topic: string | undefined): readonly string[] | undefined {
  if (topic === undefined) return deadLetterTopics;
  const name = topic.endsWith('.dlq') ? topic : dlqTopic(topic);
  return deadLetterTopics.includes(name) ? [name] : undefined;
}

/** The flags of `newsflow dlq`. */
export const dlqArgs = {
  options: {
    topic: { type: 'string' },
    code: { type: 'string' },
    limit: { type: 'string' },
    replay: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const satisfies ArgsConfig;

/** What `newsflow dlq --help` prints. */
export const dlqHelp = `Usage: newsflow dlq [--topic TOPIC] [--code CODE] [--limit N] [--replay] [--json]

Lists dead letters: messages a stage gave up on, with the error, the attempts and the original message.

Options:
  --topic TOPIC   one dead-letter topic: ${deadLetterTopics.join(', ')}
                  (the .dlq may be left out); default: all
  --code CODE     only letters with this error code (e.g. FETCH_NOT_FOUND, FETCH_TOTAL_TIMEOUT)
  --limit N       the last N letters of each partition (default ${DEFAULT_LIMIT})
  --replay        re-produce every letter not replayed before (whatever --limit says; with --code, those
                  of that code) to the topic it came from: its original key and value, a fresh attempt
                  count. Each letter is remembered in Redis as it is sent (under QUEUE_PREFIX, shared with
                  the console), so running it twice replays nothing twice, and a replay cut short (Kafka
                  gone: exit 3) leaves the letters it printed done and the others for the next one.
                  Letters that hold only the start of a too-large message are skipped.
  --json          print the letters as JSON (value decoded as text)
  -h, --help      this text

Environment: KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*, TOPIC_PREFIX; for --replay also REDIS_URL, QUEUE_PREFIX.

Exit codes: 0 listed / replayed, 1 a replay is already running (DLQ_REPLAY_BUSY) or failed, 2 bad arguments,
3 Kafka or Redis could not be reached.

Note: a stage forgets the job id of a message it dead-letters, so a replayed letter is processed again
at once: fix what made it fail first.
`;
