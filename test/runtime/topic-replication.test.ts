import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { Topics } from '@newsflow/contracts';
import { createKafka, createLogger } from '@newsflow/runtime';
import { deleteTopicsWithPrefix, testNamespace } from '@newsflow/testing';

// ensureTopics creates the pipeline topics with KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS when set
// (3 and 2 on a cluster, docs/deploy.md); unset, the broker's defaults apply. The shared test broker is one
// node, so the values here are 1 and 1, set explicitly; the 3-node case runs in test/reliability/kafka-cluster.ts.

const servers = inject('servers');

async function topicSettings(options: {
  replicationFactor?: number;
  minInsyncReplicas?: number;
}): Promise<{ replicas: number; minIsr: { value: string; setOnTopic: boolean } }> {
  const { topicPrefix } = testNamespace('replication');
  const kafka = await createKafka({
    brokers: servers.kafkaBrokers,
    clientId: 'topic-replication-test',
    topicPrefix,
    logger: createLogger({ service: 'topic-replication-test', level: 'silent' }),
    ...options,
  });
  const admin = kafka.kafka.admin();
  try {
    await kafka.ensureTopics();
    await admin.connect();
    const topic = kafka.topic(Topics.urlRequested);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const config = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      includeSynonyms: false,
    });
    const entry = config.resources[0]!.configEntries[0]!;
    return {
      replicas: meta.topics[0]!.partitions[0]!.replicas.length,
      // A value set on the topic itself, not inherited from the broker's configuration.
      minIsr: { value: entry.configValue, setOnTopic: entry.configSource === ConfigSource.TOPIC_CONFIG },
    };
  } finally {
    await admin.disconnect();
    await kafka.close();
    await deleteTopicsWithPrefix(servers.kafkaBrokers, topicPrefix);
  }
}

describe('ensureTopics: replication of the topics it creates', () => {
  it('sets the replication factor and min.insync.replicas it is given on each topic', async () => {
    expect(await topicSettings({ replicationFactor: 1, minInsyncReplicas: 1 })).toEqual({
      replicas: 1,
      minIsr: { value: '1', setOnTopic: true },
    });
  });

  it("leaves both to the broker's defaults when unset", async () => {
    expect(await topicSettings({})).toEqual({ replicas: 1, minIsr: { value: '1', setOnTopic: false } });
  });
});
