import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { KafkaMessage } from 'kafkajs';
import { SourceRequestedSchema, Topics, serializeMessage, type SourceRequested } from '@newsflow/contracts';
import { sourceIdFor } from '@newsflow/sources';
import type { Harness } from '../support/runtime-harness.js';

/** A source document as the tests read it. */
export interface SourceDoc {
  _id: string;
  state: string;
  kind: string;
  failingReason?: string;
  discovery: {
    status: string;
    feeds: string[];
    sitemaps: string[];
    pages: string[];
    error?: { code: string };
  };
  targets: Record<
    string,
    {
      url: string;
      kind: string;
      format?: string;
      lastStatus?: string;
      lastError?: { code: string; message: string };
      consecutiveFailures: number;
      intervalMs?: number;
      polls: number;
      listedLastPoll?: number;
      newLastPoll?: number;
    }
  >;
  urlsTotal: number;
  lastRequest?: { id?: string };
}

/** Sends a `source.requested` and returns its requestId. */
export async function requestSource(
  h: Harness,
  request: Omit<SourceRequested, 'schemaVersion' | 'requestId'>,
): Promise<string> {
  const requestId = randomUUID();
  const key = request.id ?? sourceIdFor(request.url!);
  await h.kafka.sendRaw(Topics.sourceRequested, [
    {
      key,
      value: serializeMessage(SourceRequestedSchema, { ...request, requestId }),
      headers: { traceId: randomUUID(), attempt: 0, producedAt: new Date().toISOString() },
    },
  ]);
  return requestId;
}

/** Polls the `sources` document until `accept` says yes; throws with the last document after `timeoutMs`. */
export async function waitForSource(
  h: Harness,
  id: string,
  accept: (doc: SourceDoc) => boolean,
  timeoutMs = 60_000,
): Promise<SourceDoc> {
  const deadline = Date.now() + timeoutMs;
  let last: SourceDoc | null = null;
  for (;;) {
    last = await h.mongo.db.collection<SourceDoc>('sources').findOne({ _id: id });
    if (last && accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `source ${id} not as expected within ${timeoutMs} ms: ${JSON.stringify(last, null, 1)}`,
      );
    await sleep(200);
  }
}

/** The JSON values of `url.requested` messages collected so far, for one source. */
export function requestsOf(
  messages: readonly KafkaMessage[],
  sourceId: string,
): { url: string; source: string; meta?: Record<string, unknown> }[] {
  return messages
    .map(
      (m) =>
        JSON.parse(m.value?.toString() ?? '{}') as {
          url: string;
          source: string;
          meta?: Record<string, unknown>;
        },
    )
    .filter((m) => m.source === sourceId);
}

/** Job schedulers of the discovery poll queue (one per target is the invariant). */
export async function pollSchedulers(h: Harness): Promise<{ id?: string | null; key: string }[]> {
  const queue = new Queue('discovery-poll', { connection: h.redis, prefix: h.queuePrefix });
  try {
    return (await queue.getJobSchedulers(0, -1)) as { id?: string | null; key: string }[];
  } finally {
    await queue.close();
  }
}

/** Waits until the collector holds `count` requests of `sourceId`; throws after `timeoutMs` (more than `count` fails later asserts). */
export async function waitForRequests(
  messages: readonly KafkaMessage[],
  sourceId: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ReturnType<typeof requestsOf>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = requestsOf(messages, sourceId);
    if (mine.length >= count) return mine;
    if (Date.now() > deadline)
      throw new Error(
        `expected ${count} url.requested of ${sourceId}, got ${mine.length} within ${timeoutMs} ms`,
      );
    await sleep(100);
  }
}

/** Waits until no poll job is active (so a kill -9 lands between polls); throws after `timeoutMs`. */
export async function waitForIdlePolls(h: Harness, timeoutMs = 30_000): Promise<void> {
  const queue = new Queue('discovery-poll', { connection: h.redis, prefix: h.queuePrefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while ((await queue.getActiveCount()) > 0) {
      if (Date.now() > deadline) throw new Error(`polls still active after ${timeoutMs} ms`);
      await sleep(20);
    }
  } finally {
    await queue.close();
  }
}
