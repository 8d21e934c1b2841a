import { basename, dirname } from 'node:path';
import { commonSettings, loadConfig, redactConfig, type ConfigOf, type ConfigTable } from './config.js';
import { ConfigError } from './runtime-errors.js';
import { startHttpServer, type HttpServerHandle } from './http-server.js';
import { createKafka, type KafkaHandle } from './kafka.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type StageMetrics } from './metrics.js';
import { createMongo, type MongoHandle } from './mongo.js';
import { createRedis, type Redis } from './redis.js';
import type { StageOptions } from './stage.js';

type CommonConfig = ConfigOf<typeof commonSettings>;

/** Everything a service's wiring gets: config and connected adapters. */
export interface ServiceDeps<C> {
  readonly name: string;
  readonly config: C & CommonConfig;
  readonly logger: Logger;
  readonly metrics: StageMetrics;
  readonly kafka: KafkaHandle;
  readonly redis: Redis;
  readonly mongo: MongoHandle;
  /**
   * Ends the service because a part of it stopped working on its own (a stage's consumer or worker died):
   * /readyz turns red at once, the service shuts down and exits 1, so Compose or Kubernetes restarts it.
   */
  readonly onFatal: (error: unknown) => void;
}

/** Something the service started and must close on shutdown (stages, timers). */
export interface Closable {
  close(): Promise<void>;
}

export interface ServiceOptions<T extends ConfigTable> {
  /** Defaults to the service folder name (`services/<name>/src/main.ts`). */
  readonly name?: string;
  /** The service's own settings, added to `commonSettings`. */
  readonly settings: T;
  readonly start: (deps: ServiceDeps<ConfigOf<T>>) => Promise<readonly Closable[]>;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningService<C> extends ServiceDeps<C> {
  readonly http: HttpServerHandle;
  /** Graceful shutdown; resolves when everything is closed. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

/** Derives the service name from the entry file path (`services/fetcher/src/main.ts` → `fetcher`). */
export function serviceNameFromPath(entryFile: string): string {
  return basename(dirname(dirname(entryFile)));
}

/**
 * Starts a service: parses config (exit 1 naming bad variables), connects Kafka/Redis/MongoDB with bounded
 * waits, creates topics, serves health and metrics, runs `start`, and on SIGTERM/SIGINT stops consuming,
 * lets in-flight work finish within the grace period, closes connections and exits 0. When a part stops
 * working on its own (`deps.onFatal`, which `stageOptionsFrom` hands every stage), /readyz turns red and it
 * shuts down the same way but exits 1, so Compose or Kubernetes restarts it.
 */
export async function runService<T extends ConfigTable>(
  options: ServiceOptions<T>,
): Promise<RunningService<ConfigOf<T>>> {
  const table = { ...commonSettings, ...options.settings };
  let config: CommonConfig & ConfigOf<T>;
  try {
    config = loadConfig(table, options.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const name = config.serviceName ?? options.name ?? 'service';
  const logger = createLogger({ service: name, level: config.logLevel });
  logger.info({ config: redactConfig(table, config as ConfigOf<typeof table>) }, 'starting');
  const metrics = createMetrics(name);
  const sasl =
    config.kafkaSaslMechanism && config.kafkaSaslUsername && config.kafkaSaslPassword
      ? {
          mechanism: config.kafkaSaslMechanism,
          username: config.kafkaSaslUsername,
          password: config.kafkaSaslPassword,
        }
      : undefined;
  // Opened so far, closed again when a later server does not answer.
  const opened: (() => Promise<unknown>)[] = [];
  let connected: { kafka: KafkaHandle; redis: Redis; mongo: MongoHandle };
  try {
    const kafka = await createKafka({
      brokers: config.kafkaBrokers,
      clientId: config.kafkaClientId ?? name,
      ssl: config.kafkaSsl,
      sasl,
      topicPrefix: config.topicPrefix,
      lingerMs: config.kafkaLingerMs,
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
      retries: config.kafkaRetries,
      replicationFactor: config.kafkaReplicationFactor,
      minInsyncReplicas: config.kafkaMinInsyncReplicas,
      logger,
    });
    opened.push(() => kafka.close());
    const redis = await createRedis({ url: config.redisUrl });
    opened.push(() => redis.quit().catch(() => redis.disconnect()));
    const mongo = await createMongo({ uri: config.mongodbUri });
    opened.push(() => mongo.close());
    await kafka.ensureTopics();
    connected = { kafka, redis, mongo };
  } catch (error) {
    // A server that does not answer within its bounded wait: said as a JSON line like every other (before: an
    // unhandled rejection's bare stack), what was opened closed, exit 1 so Compose or Kubernetes tries again.
    logger.fatal({ err: error }, 'could not connect; exiting');
    for (const close of opened.reverse()) await close().catch(() => undefined);
    process.exit(1);
  }
  const { kafka, redis, mongo } = connected;

  let closables: readonly Closable[] = [];
  // Assigned once started; shutdown() may run before (a stage can fail while the service starts).
  let http: HttpServerHandle | undefined = undefined;
  let closing: Promise<void> | undefined;
  let failed = false;
  const onFatal = (error: unknown): void => {
    if (failed) return;
    failed = true;
    logger.fatal({ err: error }, 'part of the service stopped working; exiting so that it is restarted');
    void shutdown('fatal error').finally(() => process.exit(1));
  };
  const deps: ServiceDeps<ConfigOf<T>> = { name, config, logger, metrics, kafka, redis, mongo, onFatal };
  try {
    closables = await options.start(deps);
    http = await startHttpServer({
      port: config.httpPort,
      host: config.httpHost,
      registry: metrics.registry,
      checks: {
        kafka: () => kafka.ping(),
        redis: async () => (await redis.ping()) === 'PONG',
        mongo: () => mongo.ping(),
        stages: async () => !failed,
      },
    });
  } catch (error) {
    // A port already taken, an address that does not resolve, a stage that cannot start: said in the log as
    // a JSON line like every other, connections closed, exit 1 (before: an unhandled rejection's bare stack).
    failed = true;
    logger.fatal({ err: error }, 'could not start; exiting');
    await shutdown('start failed');
    process.exit(1);
  }
  logger.info({ port: http.port }, 'ready');

  function shutdown(reason: string): Promise<void> {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const hardStop = setTimeout(() => {
        logger.error({ graceMs: config.shutdownGraceMs }, 'shutdown took too long; exiting');
        process.exit(1);
      }, config.shutdownGraceMs + 10_000);
      hardStop.unref();
      for (const closable of closables) {
        await closable.close().catch((err: unknown) => logger.error({ err }, 'close failed'));
      }
      await http?.close();
      await kafka.close().catch((err: unknown) => logger.error({ err }, 'kafka close failed'));
      await mongo.close().catch((err: unknown) => logger.error({ err }, 'mongo close failed'));
      await redis.quit().catch(() => redis.disconnect());
      clearTimeout(hardStop);
      logger.info('stopped');
    })();
    return closing;
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  return { ...deps, http, shutdown };
}

/** The stage options that come straight from a service's adapters and common settings. */
export type CommonStageOptions = Pick<
  StageOptions<unknown>,
  | 'kafka'
  | 'redis'
  | 'logger'
  | 'metrics'
  | 'service'
  | 'queuePrefix'
  | 'concurrency'
  | 'attempts'
  | 'backoffMs'
  | 'maxBackoffMs'
  | 'retentionS'
  | 'maxWaitingJobs'
  | 'shutdownGraceMs'
  | 'jobTimeoutMs'
  | 'lockDurationMs'
  | 'onFatal'
>;

/** Reads a stage's {@link CommonStageOptions} off a service's deps; spread them into `startStage`. */
export function stageOptionsFrom<C>(deps: ServiceDeps<C>): CommonStageOptions {
  const { config } = deps;
  return {
    kafka: deps.kafka,
    redis: deps.redis,
    logger: deps.logger,
    metrics: deps.metrics,
    service: deps.name,
    queuePrefix: config.queuePrefix,
    concurrency: config.concurrency,
    attempts: config.jobAttempts,
    backoffMs: config.jobBackoffMs,
    maxBackoffMs: config.jobBackoffMaxMs,
    retentionS: config.dedupeRetentionS,
    maxWaitingJobs: config.maxWaitingJobs,
    shutdownGraceMs: config.shutdownGraceMs,
    jobTimeoutMs: config.jobTimeoutMs,
    lockDurationMs: config.jobLockMs,
    onFatal: deps.onFatal,
  };
}
