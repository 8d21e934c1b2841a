import type { OutgoingMessage } from './kafka-message.js';

/** One produce request: messages grouped by (real) topic. */
export type SendBatch = (
  topicMessages: readonly { topic: string; messages: readonly OutgoingMessage[] }[],
) => Promise<void>;

export interface ProduceBatcherOptions {
  /** How long the first queued message waits for company before the request goes out. */
  readonly lingerMs: number;
  /**
   * Most bytes in one request. The broker's message.max.bytes bounds a record batch (all messages of one
   * partition in a request), so a request must stay under it even when every message is near the limit.
   * A single larger message still goes, alone.
   */
  readonly maxBytes: number;
}

/** A record's framing and our three headers, counted generously. */
const RECORD_OVERHEAD_BYTES = 160;

/** Bytes a message takes in a produce request, as {@link ProduceBatcher} and {@link produceRequests} count them. */
function requestBytes(message: OutgoingMessage): number {
  return message.value.byteLength + Buffer.byteLength(message.key ?? '') + RECORD_OVERHEAD_BYTES;
}

/**
 * `messages` cut, in order, into produce requests of at most `maxBytes` each (a single larger message goes
 * alone): the broker refuses a record batch over message.max.bytes, and a partition's messages in one request
 * form one batch.
 */
export function produceRequests(messages: readonly OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const requests: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const bytes = requestBytes(message);
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      requests.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

interface Pending {
  readonly topic: string;
  readonly message: OutgoingMessage;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects the messages that workers send within `lingerMs` into one produce request (Kafka's `linger.ms`).
 * kafkajs sends every `producer.send` as its own request; with four workers per stage that made one request
 * (and one acks=all round-trip on the broker) per message. Each caller's promise settles with its request,
 * so a handler still returns only once the broker has its message.
 */
export class ProduceBatcher {
  readonly #send: SendBatch;
  readonly #options: ProduceBatcherOptions;
  #pending: Pending[] = [];
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(send: SendBatch, options: ProduceBatcherOptions) {
    this.#send = send;
    this.#options = options;
  }

  enqueue(topic: string, message: OutgoingMessage): Promise<void> {
    const bytes = requestBytes(message);
    if (this.#pending.length > 0 && this.#pendingBytes + bytes > this.#options.maxBytes) this.#flushNow();
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ topic, message, resolve, reject });
      this.#pendingBytes += bytes;
      if (this.#options.lingerMs <= 0) this.#flushNow();
      else this.#timer ??= setTimeout(() => this.#flushNow(), this.#options.lingerMs);
    });
  }

  /** Sends what is queued now and waits for every request still in flight. */
  async flush(): Promise<void> {
    this.#flushNow();
    await Promise.allSettled([...this.#inFlight]);
  }

  #flushNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#pendingBytes = 0;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const p of batch) {
      const list = byTopic.get(p.topic);
      if (list) list.push(p.message);
      else byTopic.set(p.topic, [p.message]);
    }
    const request = this.#send([...byTopic].map(([topic, messages]) => ({ topic, messages }))).then(
      () => {
        for (const p of batch) p.resolve();
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
    this.#inFlight.add(request);
    void request.finally(() => this.#inFlight.delete(request));
  }
}
