import {
  createReplayLedger,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetterRecord,
  type ReplayEvent,
} from '@newsflow/ops';
import { withTimeout } from '@newsflow/runtime';
import type { Command } from '../command.js';
import { ExitCode, parseOptions } from '../command.js';
import { CLOSE_TIMEOUT_MS, closeQuietly, connectKafka, connectRedis, runWithServers } from '../connect.js';
import { whileKafkaAnswers } from '../kafka-watch.js';
import { terminalText } from '../terminal-text.js';
import { deadLetterTopics } from '@newsflow/contracts/topics';
import { plural } from '@newsflow/normalize';
import { DEFAULT_LIMIT, dlqArgs, dlqTopicsOf } from './dlq-help.js';

function preview(bytes: Buffer, max = 160): string {
  const text = bytes.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * One letter as text. Its fields come from whatever produced the message (an ESC in an error message or a
 * value): shown through {@link terminalText}, never obeyed by the terminal.
 */
export function describeLetter(l: DeadLetterRecord): string {
  const where = `\n${l.topic} ${l.partition}@${l.offset}`;
  if (!l.letter) return `${where}  (not a dead letter)\n`;
  const { error: e, failedAt, service, attempts, key } = l.letter;
  return terminalText(
    `${where}  ${failedAt}  ${service}  attempts ${attempts}\n` +
      `  ${e.code} (${e.name}): ${e.message}\n` +
      `  key ${key ?? '(none)'}  value ${preview(l.original)}\n`,
  );
}

function describeEvent(event: ReplayEvent): string {
  const where = `${event.topic} ${event.partition}@${event.offset}`;
  return event.outcome === 'replayed'
    ? `replayed ${where} → ${event.target ?? '?'}\n`
    : `skipped ${where}: ${event.reason ?? '?'}\n`;
}

function summary({ replayed, skipped }: { replayed: number; skipped: number }): string {
  return `${replayed} replayed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** `newsflow dlq`: dead letters, listed or replayed. */
export const dlqCommand: Command = {
  name: 'dlq',
  async run(args, io) {
    const values = parseOptions(io, 'dlq', args, dlqArgs.options);
    if (typeof values === 'number') return values;
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      io.stderr.write('newsflow dlq: --limit needs a positive integer\n');
      return ExitCode.usage;
    }
    // The list the help shows (dlq-help.ts), so every topic it names is taken.
    const topics = dlqTopicsOf(values.topic);
    if (topics === undefined) {
      io.stderr.write(`newsflow dlq: unknown topic ${values.topic}; one of ${deadLetterTopics.join(', ')}\n`);
      return ExitCode.usage;
    }
    const code = values.code;
    return runWithServers('dlq', io, async (config) => {
      const kafka = await connectKafka(config);
      try {
        if (values.replay) {
          const redis = await connectRedis(config);
          const out = values.json ? io.stderr : io.stdout;
          const counts = { replayed: 0, skipped: 0 };
          let replay: Promise<unknown> | undefined;
          try {
            await whileKafkaAnswers(
              config,
              (signal) =>
                (replay = replayDeadLetters(kafka, {
                  topics,
                  ledger: createReplayLedger({ redis, prefix: config.queuePrefix }),
                  ...(code === undefined ? {} : { code }),
                  signal,
                  onEvent: (event) => {
                    counts[event.outcome]++;
                    out.write(describeEvent(event));
                  },
                })),
            );
            out.write(`${summary(counts)}\n`);
            return ExitCode.ok;
          } catch (error) {
            // Each letter printed is recorded as replayed; say so beside the error, so no one replays by hand.
            if (counts.replayed + counts.skipped > 0)
              io.stderr.write(
                `newsflow dlq: ${summary(counts)} before the replay stopped; the others stay for the next --replay\n`,
              );
            throw error;
          } finally {
            // Stopped by a broker gone, the replay ends at once, releasing its lock: let it before Redis closes.
            if (replay) await withTimeout(replay, CLOSE_TIMEOUT_MS, 'the replay').catch(() => undefined);
            await closeQuietly({ Redis: () => redis.quit().catch(() => redis.disconnect()) });
          }
        }
        // Under the watch as the replay: kafkajs reconnects to a broker gone mid-read without telling, and the
        // read would wait out its whole 60 s timeout, then exit naming no broker.
        const { totals, letters: all } = await whileKafkaAnswers(config, () =>
          readDeadLetters(kafka, { topics, limit }),
        );
        const letters = code === undefined ? all : all.filter((l) => l.letter?.error.code === code);
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
        const total = [...totals.values()].reduce((sum, n) => sum + n, 0);
        io.stdout.write(
          `${plural(total, 'dead letter')} on ${plural(topics.length, 'topic')}; showing ${letters.length}${code === undefined ? '' : ` with code ${code}`}\n`,
        );
        for (const l of letters) io.stdout.write(describeLetter(l));
        return ExitCode.ok;
      } finally {
        await closeQuietly({ Kafka: () => kafka.close() });
      }
    });
  },
};
