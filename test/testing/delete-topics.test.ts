import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopicsWithLeaders, deleteTopicsWithPrefix, uniqueName, waitFor } from '@newsflow/testing';

const servers = inject('servers');

describe('deleteTopicsWithPrefix: a test deletes its own topics at teardown', () => {
  const kafka = new Kafka({
    clientId: uniqueName('delete-topics-test'),
    brokers: servers.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  // Two tests' prefixes; the neighbour's id starts with the first one's, so only the trailing '.' tells them apart.
  const id = uniqueName('d').slice(2, 10);
  const ours = `d${id}.`;
  const neighbour = `d${id}x.`;

  beforeAll(async () => {
    await admin.connect();
    await createTopicsWithLeaders(
      admin,
      [`${ours}url.requested`, `${ours}url.requested.dlq`, `${neighbour}url.requested`].map((topic) => ({
        topic,
        numPartitions: 1,
      })),
    );
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [`${neighbour}url.requested`] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("deletes every topic of its prefix and none of another's", async () => {
    const deleted = await deleteTopicsWithPrefix(servers.kafkaBrokers, ours);
    expect(deleted.sort()).toEqual([`${ours}url.requested`, `${ours}url.requested.dlq`]);
    const left = await waitFor(
      async () => {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(`d${id}`));
        return topics.some((t) => t.startsWith(ours)) ? undefined : topics;
      },
      { timeoutMs: 30_000, message: `the topics of ${ours} to go` },
    );
    expect(left).toEqual([`${neighbour}url.requested`]);
  });

  it('reports an unreachable broker through log and resolves with nothing deleted', async () => {
    const lines: string[] = [];
    const deleted = await deleteTopicsWithPrefix(['127.0.0.1:1'], ours, {
      timeoutMs: 1_000,
      log: (line) => lines.push(line),
    });
    expect(deleted).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`could not delete the topics of prefix ${ours}`);
  });

  it("refuses a prefix short enough to match other tests' topics", async () => {
    await expect(deleteTopicsWithPrefix(servers.kafkaBrokers, 't')).rejects.toMatchObject({
      name: 'TestingError',
      code: 'TESTING_UNSAFE_TOPIC_PREFIX',
    });
  });
});
