import { createHarness, type Harness, type Servers } from '../support/runtime-harness.js';

/** Attempts at creating a harness before the test fails. */
const HARNESS_ATTEMPTS = 3;

/**
 * `createHarness` with a retry: right after creating topics, kafkajs' `createTopics({ waitForLeaders: true })`
 * sometimes fails with "This server does not host this topic-partition" on a busy single-node broker
 * (UNKNOWN_TOPIC_OR_PARTITION while the new partitions get their leaders). The topics exist by then; a
 * second attempt with fresh names passes.
 */
export async function createStoreHarness(servers: Servers, name: string): Promise<Harness> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createHarness(servers, name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= HARNESS_ATTEMPTS || !message.includes('does not host this topic-partition')) throw error;
    }
  }
}
