import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** Headers every newsflow message carries. */
export interface MessageHeaders {
  readonly traceId: string;
  readonly attempt: number;
  readonly producedAt: string;
}

/** A message ready to produce: its value is already serialised. */
export interface OutgoingMessage {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: MessageHeaders;
}

/** Encodes our headers for kafkajs. */
export function encodeHeaders(headers: MessageHeaders): IHeaders {
  return { traceId: headers.traceId, attempt: String(headers.attempt), producedAt: headers.producedAt };
}

/** Reads our headers from a consumed message, filling what a foreign producer (kcat) left out. */
export function decodeHeaders(message: Pick<KafkaMessage, 'headers' | 'timestamp'>): MessageHeaders {
  const read = (name: string): string | undefined => {
    const value = message.headers?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const attempt = Number(read('attempt') ?? '0');
  return {
    traceId: read('traceId') ?? randomUUID(),
    attempt: Number.isFinite(attempt) ? attempt : 0,
    producedAt: read('producedAt') ?? new Date(Number(message.timestamp)).toISOString(),
  };
}
