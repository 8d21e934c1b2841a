import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { Topics, dlqTopic } from '@newsflow/contracts';
import { subscribeWhenKnown, type KafkaHandle } from '@newsflow/runtime';

/** What happened to one pushed URL, from the Kafka timestamps (ms) of the messages carrying its traceId. */
export interface Trace {
  requestedMs?: number;
  fetchedMs?: number;
  cleanedMs?: number;
  enrichedMs?: number;
  /** One per stored article. */
  storedMs: number[];
  /** The first dead letter: topic and error code. */
  deadLetter?: { topic: string; code: string; atMs: number };
}

const WATCHED = [
  Topics.urlRequested,
  Topics.pageFetched,
  Topics.articleCleaned,
  Topics.articleEnriched,
  Topics.articleStored,
] as const;
const DLQ_TOPICS = [
  Topics.urlRequested,
  Topics.pageFetched,
  Topics.articleCleaned,
  Topics.articleEnriched,
].map(dlqTopic);

export interface TraceObserver {
  readonly traces: Map<string, Trace>;
  /** Messages seen per logical topic. */
  readonly counts: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Reads every pipeline topic and dead-letter topic of the run (from the beginning, its own consumer group) and
 * files each message's timestamp under its `traceId` header. Only headers are read, except dead letters'
 * error codes.
 */
export async function observeTraces(kafka: KafkaHandle): Promise<TraceObserver> {
  const traces = new Map<string, Trace>();
  const counts = new Map<string, number>();
  const byRealName = new Map<string, string>([...WATCHED, ...DLQ_TOPICS].map((t) => [kafka.topic(t), t]));
  const consumer: Consumer = kafka.kafka.consumer({
    groupId: `bench-observer-${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await subscribeWhenKnown(consumer, { topics: [...byRealName.keys()], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const topic = byRealName.get(batch.topic) ?? batch.topic;
      counts.set(topic, (counts.get(topic) ?? 0) + batch.messages.length);
      for (const message of batch.messages) {
        const raw = message.headers?.traceId;
        const traceId = (Array.isArray(raw) ? raw[0] : raw)?.toString();
        if (traceId === undefined) continue;
        let trace = traces.get(traceId);
        if (trace === undefined) {
          trace = { storedMs: [] };
          traces.set(traceId, trace);
        }
        const at = Number(message.timestamp);
        switch (topic) {
          case Topics.urlRequested:
            trace.requestedMs ??= at;
            break;
          case Topics.pageFetched:
            trace.fetchedMs ??= at;
            break;
          case Topics.articleCleaned:
            trace.cleanedMs ??= at;
            break;
          case Topics.articleEnriched:
            trace.enrichedMs ??= at;
            break;
          case Topics.articleStored:
            trace.storedMs.push(at);
            break;
          default: {
            if (trace.deadLetter) break;
            let code = 'UNKNOWN';
            try {
              code =
                (JSON.parse(message.value?.toString() ?? '{}') as { error?: { code?: string } }).error
                  ?.code ?? code;
            } catch {
              // a dead letter that is not JSON still ends the trace
            }
            trace.deadLetter = { topic: topic.replace(/\.dlq$/, ''), code, atMs: at };
          }
        }
      }
    },
  });
  return {
    traces,
    counts,
    stop: () => consumer.disconnect(),
  };
}
