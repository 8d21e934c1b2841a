import { DeadLetterSchema, SCHEMA_VERSION, serializeMessage } from '@newsflow/contracts';

/** A dead letter as the stages write it: `original` failed on `topic` (physical name) with `code`. */
export function deadLetter(
  topic: string,
  original: string,
  code: string,
  message = `failed with ${code}`,
): Buffer {
  return serializeMessage(DeadLetterSchema, {
    schemaVersion: SCHEMA_VERSION,
    topic,
    partition: 0,
    offset: '7',
    key: 'dlq.example',
    value: Buffer.from(original).toString('base64'),
    error: { name: 'TestError', code, message },
    attempts: 5,
    failedAt: '2026-01-02T03:04:05.000Z',
    service: 'fetcher',
  });
}
