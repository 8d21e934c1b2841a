import { dlqTopic } from '@newsflow/contracts';
import { readPipelineStatus, type PipelineStatus } from '@newsflow/ops';
import { redactUrl } from '@newsflow/runtime';
import type { Command } from '../command.js';
import { ExitCode, parseOptions } from '../command.js';
import {
  ServerUnreachableError,
  closeQuietly,
  connectKafka,
  connectMongo,
  connectRedis,
  runWithServers,
  type CliConfig,
} from '../connect.js';
import { statusArgs } from './status-help.js';

type Status = Omit<PipelineStatus, 'failures'> & { unreachable: string[] };

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
  const head = [
    'STAGE',
    'INPUT TOPIC',
    'LAG',
    'CONSUMERS',
    'WAITING',
    'ACTIVE',
    'DELAYED',
    'FAILED',
    'DLQ',
    'SKIPPED',
  ];
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
    cell(s.skipped),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((v, i) => (i < 2 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  out.push(line(head), ...rows.map(line), '');
  out.push('DEAD-LETTER TOPIC              MESSAGES');
  for (const d of status.deadLetters) out.push(`${d.topic.padEnd(30)} ${cell(d.messages).padStart(8)}`);
  out.push('', `articles stored: ${cell(status.articles)}`);
  if (status.sources) {
    const { active, paused, failing } = status.sources;
    out.push(`sources: ${active} active, ${paused} paused, ${failing.length} failing`);
    for (const f of failing) out.push(`  failing ${f.name} (${f.id}): ${f.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** `newsflow status`: lag, queue depths, dead letters and stored articles. */
export const statusCommand: Command = {
  name: 'status',
  async run(args, io) {
    const values = parseOptions(io, 'status', args, statusArgs.options);
    if (typeof values === 'number') return values;
    return runWithServers('status', io, async (config) => {
      // Each server is connected, asked and closed on its own, so one that is down leaves the others' figures.
      const { failures, ...figures } = await readPipelineStatus(
        {
          async withKafka(use) {
            const kafka = await connectKafka(config);
            try {
              return await use(kafka);
            } finally {
              await closeQuietly({ Kafka: () => kafka.close() });
            }
          },
          async withRedis(use) {
            const redis = await connectRedis(config);
            try {
              return await use(redis);
            } finally {
              await closeQuietly({ Redis: () => redis.quit().catch(() => redis.disconnect()) });
            }
          },
          async withMongo(use) {
            const mongo = await connectMongo(config);
            try {
              return await use(mongo.db);
            } finally {
              await closeQuietly({ MongoDB: () => mongo.close() });
            }
          },
        },
        {
          queuePrefix: config.queuePrefix,
          articlesCollection: config.articlesCollection,
          sourcesCollection: config.sourcesCollection,
        },
      );
      const status: Status = { ...figures, unreachable: [] };
      for (const { error } of failures) {
        if (error instanceof ServerUnreachableError) status.unreachable.push(error.message);
        else throw error;
      }
      // The figures are data (stdout; the JSON also lists the servers that did not answer, for scripts); which
      // server did not answer is a diagnostic, said once, on stderr as every command's "cannot reach".
      io.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : render(config, status));
      for (const u of status.unreachable) io.stderr.write(`newsflow status: ${u}\n`);
      return status.unreachable.length > 0 ? ExitCode.unreachable : ExitCode.ok;
    });
  },
};
