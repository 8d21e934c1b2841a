import { randomUUID } from 'node:crypto';

/**
 * A name no other test (or earlier run) uses: `${prefix}-${uuid}`. Use it for topics, queues, consumer
 * groups and databases so tests never share state. Characters are `[A-Za-z0-9._-]` plus the prefix, valid
 * for Kafka topics, BullMQ queues and MongoDB database names (use `_` in the prefix for Mongo if you prefer).
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
