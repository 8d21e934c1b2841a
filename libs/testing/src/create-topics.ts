import type { Admin, ITopicConfig } from 'kafkajs';
import { waitFor } from './wait-for.js';

/**
 * Creates topics and resolves once each partition has a leader. Not kafkajs's `waitForLeaders: true`: a busy
 * broker (or another broker of a KRaft cluster) answers UNKNOWN_TOPIC_OR_PARTITION for a moment after creating
 * a topic, and kafkajs gives up on that at once ("This server does not host this topic-partition"), which
 * failed fresh-clone runs under load. libs/runtime `ensureTopics` waits the same way.
 * @throws TestingError (wait timed out) after `timeoutMs`.
 */
export async function createTopicsWithLeaders(
  admin: Admin,
  topics: ITopicConfig[],
  timeoutMs = 60_000,
): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  await waitFor(
    async () => {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      return found.length === names.length && found.every((t) => t.partitions.every((p) => p.leader >= 0));
    },
    { timeoutMs, intervalMs: 200, message: `leaders of ${names.join(', ')}` },
  );
}
