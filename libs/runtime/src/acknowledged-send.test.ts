import type { PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createAcknowledgedSender } from './acknowledged-send.js';

const partitions = (ids: number[]): PartitionMetadata[] =>
  ids.map((partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

describe('createAcknowledgedSender partitioner', () => {
  it('gives a key-less message the same partition on every retry, where kafkajs alone would rotate it', () => {
    const partition = createAcknowledgedSender().createPartitioner();
    const metadata = partitions([0, 1, 2]);
    const messages = Array.from({ length: 6 }, (_, i) => ({ key: null, value: `m${i}` }));
    const first = messages.map((message) => partition({ topic: 't', partitionMetadata: metadata, message }));
    expect(new Set(first).size).toBe(3);
    for (let retry = 0; retry < 3; retry += 1)
      expect(
        messages.map((message) => partition({ topic: 't', partitionMetadata: metadata, message })),
      ).toEqual(first);
  });

  it('puts a keyed message where the default (murmur2) partitioner does, and picks again if its partition is gone', () => {
    const ours = createAcknowledgedSender().createPartitioner();
    const message = { key: 'example.com', value: 'v' };
    const kept = ours({ topic: 't', partitionMetadata: partitions([0, 1, 2, 3, 4, 5]), message });
    expect(ours({ topic: 't', partitionMetadata: partitions([0, 1, 2, 3, 4, 5]), message })).toBe(kept);
    const fewer = partitions([0, 1, 2, 3, 4, 5].filter((p) => p !== kept));
    expect(ours({ topic: 't', partitionMetadata: fewer, message })).not.toBe(kept);
  });
});
