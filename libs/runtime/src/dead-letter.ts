import { DeadLetterSchema, SCHEMA_VERSION, dlqTopic, serializeMessage } from '@newsflow/contracts';
import { describeError } from '@newsflow/errors';
import type { KafkaHandle } from './kafka.js';
import type { Logger } from './logger.js';
import type { StageMetrics } from './metrics.js';
import type { StageJobData } from './stage-job.js';

/**
 * Most original bytes a dead letter carries. Base64 adds a third and the envelope a little more, so a letter
 * stays under a broker's default message.max.bytes (1 MiB) even for a message just under that limit; a larger
 * value is cut and the letter's error message says so. Uncut, such a letter was refused by the broker on every
 * try: the message was never dead-lettered and, from the consumer, blocked its partition for good.
 */
const MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;

export interface DeadLetterWriterOptions {
  readonly kafka: KafkaHandle;
  /** Logical input topic of the stage; letters go to its `.dlq` topic. */
  readonly inputTopic: string;
  /** Service name recorded in each letter. */
  readonly service: string;
  readonly metrics: StageMetrics;
  readonly log: Logger;
}

/** Sends given-up messages to `<input topic>.dlq` with the reason, the attempt count and the original bytes. */
export interface DeadLetterWriter {
  /** Resolves once the broker has the letter. @throws DependencyUnavailableError when Kafka does not answer. */
  write(data: StageJobData, error: unknown, attempts: number): Promise<void>;
}

export function createDeadLetterWriter(options: DeadLetterWriterOptions): DeadLetterWriter {
  const { kafka, inputTopic, service, metrics, log } = options;
  return {
    async write(data, error, attempts) {
      const described = describeError(error);
      // Whole base64 quads only, so the cut value is still valid base64 of the message's first bytes.
      const keepChars = Math.floor(MAX_DEAD_LETTER_VALUE_BYTES / 3) * 4;
      const cut = data.value.length > keepChars;
      const value = cut ? data.value.slice(0, keepChars) : data.value;
      const reason = cut
        ? {
            ...described,
            message: `${described.message} (value cut to its first ${(keepChars / 4) * 3} of ${Buffer.byteLength(data.value, 'base64')} bytes)`,
          }
        : described;
      await kafka.sendRaw(dlqTopic(inputTopic), [
        {
          key: data.key,
          value: serializeMessage(DeadLetterSchema, {
            schemaVersion: SCHEMA_VERSION,
            topic: data.topic,
            partition: data.partition,
            offset: data.offset,
            key: data.key,
            value,
            error: reason,
            attempts,
            failedAt: new Date().toISOString(),
            service,
            traceId: data.headers.traceId,
          }),
          headers: { ...data.headers, producedAt: new Date().toISOString() },
        },
      ]);
      metrics.deadLettered.inc({ topic: inputTopic, code: described.code });
      log.warn(
        { err: error, offset: data.offset, partition: data.partition, traceId: data.headers.traceId },
        'message dead-lettered',
      );
    },
  };
}
