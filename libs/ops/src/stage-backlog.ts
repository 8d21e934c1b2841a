import { Queue } from 'bullmq';
import type { Admin } from 'kafkajs';
import type { KafkaHandle, Redis } from '@newsflow/runtime';
import { pipelineStages, type PipelineStage } from './pipeline-stages.js';
import { topicRanges, type PartitionRange } from './topic-reader.js';

/**
 * Messages of `topic` (logical name) that the consumer group of `stage` has not yet handed to its queue, over
 * the partitions `parts` (from {@link topicRanges}).
 */
export async function consumerLag(
  admin: Admin,
  kafka: KafkaHandle,
  stage: string,
  topic: string,
  parts: readonly PartitionRange[],
): Promise<number> {
  // A topic not created yet has nothing to lag behind (and the broker refuses offset requests for it).
  if (parts.length === 0) return 0;
  const committed = await admin.fetchOffsets({ groupId: kafka.topic(stage), topics: [kafka.topic(topic)] });
  const byPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  let lag = 0n;
  for (const p of parts) {
    const offset = byPartition.get(p.partition) ?? -1n;
    // A group that never committed starts from the beginning (the stages subscribe fromBeginning).
    lag += p.high - (offset >= 0n ? offset : p.low);
  }
  return Number(lag);
}

/** Jobs a stage's BullMQ queue holds that no worker has taken yet (waiting and prioritized). */
export async function queueWaiting(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'prioritized');
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
}

/** How far one stage is behind: the LAG and WAITING columns of `newsflow status`. */
export interface StageBacklog {
  readonly lag: number;
  readonly waiting: number;
}

/** Reads one stage's backlog again and again over long-lived clients (a producer that must not outrun it). */
export interface BacklogProbe {
  read(): Promise<StageBacklog>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface BacklogProbeOptions {
  readonly kafka: KafkaHandle;
  readonly redis: Redis;
  /** BullMQ key prefix (QUEUE_PREFIX). */
  readonly queuePrefix: string;
  readonly stage: PipelineStage['stage'];
}

/**
 * A probe of one stage's backlog, the same figures `newsflow status` shows for it: consumer lag on its input
 * topic plus jobs waiting in its queue. Reads on the handle's kept admin ({@link KafkaHandle.withAdmin}) and one
 * queue handle kept until `close`.
 */
export async function createBacklogProbe(options: BacklogProbeOptions): Promise<BacklogProbe> {
  const { kafka, stage } = options;
  const topic = pipelineStages.find((s) => s.stage === stage)!.topic;
  const queue = new Queue(stage, { connection: options.redis, prefix: options.queuePrefix });
  const close = async (): Promise<void> => {
    await queue.close().catch(() => undefined);
  };
  return {
    async read() {
      const [lag, waiting] = await Promise.all([
        kafka.withAdmin(async (admin) => {
          const parts = (await topicRanges(admin, kafka, [topic])).get(topic) ?? [];
          return consumerLag(admin, kafka, stage, topic, parts);
        }),
        queueWaiting(queue),
      ]);
      return { lag, waiting };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
