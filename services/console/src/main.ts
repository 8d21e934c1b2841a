import { fileURLToPath } from 'node:url';
import { readPipelineStatus } from '@newsflow/ops';
import { runService, serviceNameFromPath } from '@newsflow/runtime';
import { createConsoleServer } from './console-server.js';
import { startPipelineMonitor } from './pipeline-monitor.js';
import { consoleSettings } from './settings.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: consoleSettings,
  async start(deps) {
    const { config, kafka, redis, mongo, logger } = deps;
    const monitor = startPipelineMonitor({
      intervalMs: config.sampleIntervalMs,
      logger,
      readStatus: () =>
        readPipelineStatus(
          {
            withKafka: (use) => use(kafka),
            withRedis: (use) => use(redis),
            withMongo: (use) => use(mongo.db),
          },
          { queuePrefix: config.queuePrefix, articlesCollection: config.articlesCollection },
        ),
      readHealth: async () => {
        const [k, r, m] = await Promise.all([
          kafka.ping().catch(() => false),
          redis.ping().then(
            (pong) => pong === 'PONG',
            () => false,
          ),
          mongo.ping().catch(() => false),
        ]);
        return { kafka: k, redis: r, mongodb: m };
      },
    });
    const server = await createConsoleServer({
      kafka,
      redis,
      db: mongo.db,
      logger,
      monitor,
      token: config.token,
      queuePrefix: config.queuePrefix,
      articlesCollection: config.articlesCollection,
      sourcesCollection: config.sourcesCollection,
      deadLetterLimit: config.deadLetterLimit,
      refreshMs: config.sampleIntervalMs,
    });
    const address = await server.listen({ port: config.port, host: config.host });
    logger.info(
      { url: address.replace('0.0.0.0', '127.0.0.1'), readOnly: config.token === undefined },
      'console listening',
    );
    return [{ close: () => server.close() }, monitor];
  },
});
