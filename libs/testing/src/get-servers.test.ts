import { describe, expect, it } from 'vitest';
import { getServers } from './get-servers.js';

describe('getServers', () => {
  it('uses KAFKA_BROKERS, REDIS_URL and MONGODB_URI when all three are set, and close() does nothing', async () => {
    const servers = await getServers({
      KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
      REDIS_URL: 'redis://127.0.0.1:3',
      MONGODB_URI: 'mongodb://127.0.0.1:4/newsflow',
    });
    expect(servers).toMatchObject({
      kafkaBrokers: ['127.0.0.1:1', '127.0.0.1:2'],
      redisUrl: 'redis://127.0.0.1:3',
      mongoUri: 'mongodb://127.0.0.1:4/newsflow',
      source: 'env',
    });
    await expect(servers.close()).resolves.toBeUndefined();
  });

  it('refuses a partial set of variables, naming the missing ones', async () => {
    const partial = getServers({ REDIS_URL: 'redis://127.0.0.1:3' });
    await expect(partial).rejects.toMatchObject({ code: 'TESTING_SERVERS_UNAVAILABLE' });
    await expect(partial).rejects.toThrow('REDIS_URL set but KAFKA_BROKERS, MONGODB_URI not');
  });

  it('refuses an unknown NEWSFLOW_TEST_SERVERS', async () => {
    await expect(getServers({ NEWSFLOW_TEST_SERVERS: 'docker' })).rejects.toThrow(
      'NEWSFLOW_TEST_SERVERS=docker is not one of: containers, local',
    );
  });
});
