import type { MessageHeaders } from './kafka-message.js';

/**
 * A Kafka message as its BullMQ job keeps it: the original bytes (base64, so any value survives JSON) and
 * where it came from, so a dead letter can carry both however the job ends.
 */
export interface StageJobData {
  readonly value: string;
  readonly key: string | null;
  readonly headers: MessageHeaders;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Where a message sits in Kafka: unique per message of a topic. */
export interface MessageCoordinates {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
}

/**
 * Gives a message up: keeps its dead letter (see `DeadLetterOutbox.keep`) and tells the stage's
 * `onDeadLetter`. `jobId` is the message's job, absent when it never became one (it did not parse).
 */
export type GiveUp = (data: StageJobData, error: unknown, attempts: number, jobId?: string) => Promise<void>;
