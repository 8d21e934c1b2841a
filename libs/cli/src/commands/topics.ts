import { allTopics } from '@newsflow/contracts';
import type { Command } from '../command.js';
import { ExitCode, parseOptions } from '../command.js';
import { closeQuietly, connectKafka, runWithServers } from '../connect.js';
import { topicsArgs } from './topics-help.js';

/** `newsflow topics`: the pipeline's topics, created with their partition counts on request. */
export const topicsCommand: Command = {
  name: 'topics',
  async run(args, io) {
    const values = parseOptions(io, 'topics', args, topicsArgs.options);
    if (typeof values === 'number') return values;
    return runWithServers('topics', io, async (config) => {
      const kafka = await connectKafka(config, 'newsflow-topics');
      const admin = kafka.kafka.admin();
      try {
        if (values.create) await kafka.ensureTopics();
        await admin.connect();
        const wanted = allTopics().map((t) => ({ topic: kafka.topic(t.topic), partitions: t.numPartitions }));
        const existing = new Set(await admin.listTopics());
        const metadata = await admin.fetchTopicMetadata({
          topics: wanted.map((t) => t.topic).filter((t) => existing.has(t)),
        });
        const actual = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
        const rows = wanted.map((t) => ({ ...t, actual: actual.get(t.topic) ?? 0 }));
        if (values.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          const width = Math.max(5, ...rows.map((r) => r.topic.length));
          io.stdout.write(`${'TOPIC'.padEnd(width)}  PARTITIONS  ON BROKER\n`);
          for (const r of rows)
            io.stdout.write(
              `${r.topic.padEnd(width)}  ${String(r.partitions).padStart(10)}  ${r.actual === 0 ? 'missing' : String(r.actual).padStart(9)}\n`,
            );
        }
        return rows.every((r) => r.actual >= r.partitions) ? ExitCode.ok : ExitCode.failure;
      } finally {
        await closeQuietly({
          'Kafka admin': () => admin.disconnect(),
          Kafka: () => kafka.close(),
        });
      }
    });
  },
};
