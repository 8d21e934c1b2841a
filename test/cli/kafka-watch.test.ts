import { describe, expect, inject, it } from 'vitest';
import { loadCliConfig } from '../../libs/cli/src/connect.js';
import { whileKafkaAnswers } from '../../libs/cli/src/kafka-watch.js';

// The unit tests (libs/cli kafka-watch.test.ts) have no broker that answers; this one has the shared one.
describe('whileKafkaAnswers with brokers that answer', () => {
  it('passes a failure of the work on as it is, not as the brokers gone', async () => {
    const config = loadCliConfig({ KAFKA_BROKERS: inject('servers').kafkaBrokers.join(',') });
    const failure = new Error('MongoDB went away');
    await expect(whileKafkaAnswers(config, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
