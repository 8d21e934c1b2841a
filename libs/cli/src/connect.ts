import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { NewsflowError, errorCode } from '@newsflow/errors';
import {
  collectionSettings,
  commonSettings,
  createKafka,
  createLogger,
  createMongo,
  createRedis,
  loadConfig,
  redactUrl,
  setting,
  withTimeout,
  type ConfigOf,
  type KafkaHandle,
  type MongoHandle,
  type Redis,
} from '@newsflow/runtime';
import type { CommandIo } from './command.js';
import { ExitCode, failureText } from './command.js';

/**
 * Settings of the CLI: the services' common ones (same variables, same defaults, so one environment serves
 * both) plus the collections the store and the discovery service write.
 */
export const cliSettings = {
  ...commonSettings,
  ...collectionSettings,
  connectTimeoutMs: setting(
    'NEWSFLOW_CONNECT_TIMEOUT_MS',
    z.coerce.number().int().min(100).max(120_000).default(4000),
    'How long the CLI waits for each server before it reports it unreachable (exit 3).',
  ),
  kafkaProbeIntervalMs: setting(
    'NEWSFLOW_KAFKA_PROBE_INTERVAL_MS',
    z.coerce.number().int().min(100).max(60_000).default(2000),
    'How long after one probe of the brokers the next starts, while push --follow, dlq (listing or --replay) or import-warc waits on Kafka; 3 failed probes in a row end the command (exit 3).',
  ),
} as const;

export type CliConfig = ConfigOf<typeof cliSettings>;

/** A server did not answer: the command exits with `ExitCode.unreachable` and this message. */
export class ServerUnreachableError extends NewsflowError {
  override name = 'ServerUnreachableError';
  constructor(
    readonly server: 'Kafka' | 'Redis' | 'MongoDB',
    readonly address: string,
    /** Why, in the client library's words (one line). */
    readonly detail: string,
    options: { cause?: unknown } = {},
  ) {
    super('CLI_SERVER_UNREACHABLE', `cannot reach ${server} at ${address} (${detail})`, {
      ...options,
      retriable: true,
    });
  }
}

/**
 * A server that answered when the command started stopped answering while the command waited on it (the broker
 * was stopped or killed): the command stops waiting and exits `ExitCode.unreachable` with this message.
 */
export class ServerGoneError extends NewsflowError {
  override name = 'ServerGoneError';
  constructor(
    readonly server: 'Kafka' | 'Redis' | 'MongoDB',
    readonly address: string,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super('CLI_SERVER_GONE', `${server} at ${address} stopped answering mid-command: ${detail}`, {
      ...options,
      retriable: true,
      context: { server, address },
    });
  }
}

/** Reads the CLI's settings from `env`. @throws ConfigError naming each bad variable. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return loadConfig(cliSettings, env);
}

function detailOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 200);
}

function saslOf(
  config: CliConfig,
):
  { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | undefined {
  return config.kafkaSaslMechanism && config.kafkaSaslUsername && config.kafkaSaslPassword
    ? {
        mechanism: config.kafkaSaslMechanism,
        username: config.kafkaSaslUsername,
        password: config.kafkaSaslPassword,
      }
    : undefined;
}

/**
 * One quick metadata round trip with no retries, so an unreachable broker is reported in about
 * `connectTimeoutMs` instead of after kafkajs's own retry schedule (which keeps the process alive).
 * @throws ServerUnreachableError when the brokers do not answer within `connectTimeoutMs`.
 */
export async function probeKafka(config: CliConfig): Promise<void> {
  const address = config.kafkaBrokers.join(',');
  const sasl = saslOf(config);
  const kafka = new Kafka({
    clientId: 'newsflow-cli-probe',
    brokers: [...config.kafkaBrokers],
    ssl: config.kafkaSsl,
    ...(sasl ? { sasl: sasl as SASLOptions } : {}),
    connectionTimeout: config.connectTimeoutMs,
    requestTimeout: config.connectTimeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.describeCluster();
      })(),
      config.connectTimeoutMs + 500,
      `Kafka at ${address}`,
    );
  } catch (error) {
    throw new ServerUnreachableError('Kafka', address, detailOf(error), { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Connects the runtime's Kafka handle (prefix, SASL/TLS from config). @throws ServerUnreachableError */
export async function connectKafka(config: CliConfig, clientId = 'newsflow-cli'): Promise<KafkaHandle> {
  await probeKafka(config);
  // kafkajs logs through this logger at warn; the CLI shows them only when asked for debug output.
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const logger = createLogger({
    service: 'newsflow-cli',
    level: verbose ? config.logLevel : 'error',
    destination: process.stderr,
  });
  try {
    return await createKafka({
      brokers: config.kafkaBrokers,
      clientId: config.kafkaClientId ?? clientId,
      ssl: config.kafkaSsl,
      sasl: saslOf(config),
      topicPrefix: config.topicPrefix,
      replicationFactor: config.kafkaReplicationFactor,
      minInsyncReplicas: config.kafkaMinInsyncReplicas,
      logger,
      requestTimeoutMs: Math.max(config.connectTimeoutMs, 5000),
      retries: config.kafkaRetries,
    });
  } catch (error) {
    throw new ServerUnreachableError('Kafka', config.kafkaBrokers.join(','), detailOf(error), {
      cause: error,
    });
  }
}

/** Connects Redis (BullMQ queues). @throws ServerUnreachableError */
export async function connectRedis(config: CliConfig): Promise<Redis> {
  try {
    return await createRedis({ url: config.redisUrl, connectTimeoutMs: config.connectTimeoutMs });
  } catch (error) {
    throw new ServerUnreachableError('Redis', redactUrl(config.redisUrl), detailOf(error), { cause: error });
  }
}

/** Connects MongoDB. @throws ServerUnreachableError */
export async function connectMongo(config: CliConfig): Promise<MongoHandle> {
  try {
    return await createMongo({ uri: config.mongodbUri, timeoutMs: config.connectTimeoutMs });
  } catch (error) {
    throw new ServerUnreachableError('MongoDB', redactUrl(config.mongodbUri), detailOf(error), {
      cause: error,
    });
  }
}

/**
 * How long one connection may take to close. Closing flushes what the command still had to write; a live
 * server answers in milliseconds, while kafkajs keeps retrying a broker that went away for minutes (its
 * consumer restarts forever), so past this the connection is abandoned.
 */
export const CLOSE_TIMEOUT_MS = 10_000;

/** A connection did not close within {@link CLOSE_TIMEOUT_MS}: the command exits `ExitCode.unreachable`. */
export class CloseAbandonedError extends NewsflowError {
  override name = 'CloseAbandonedError';
  constructor(readonly servers: readonly string[]) {
    super(
      'CLI_CLOSE_ABANDONED',
      `gave up closing ${servers.join(', ')} after ${CLOSE_TIMEOUT_MS / 1000} s (server gone?); what the command wrote last may not have arrived`,
      { retriable: true, context: { servers: servers.join(', '), timeoutMs: CLOSE_TIMEOUT_MS } },
    );
  }
}

/**
 * Closes whatever was opened (used in `finally`), one connection after the other, each within
 * {@link CLOSE_TIMEOUT_MS}; a close that fails is ignored (the connection was broken already).
 * @param closers the server each closes (named in the error) to its close.
 * @throws CloseAbandonedError naming the connections abandoned, once all were tried.
 */
export async function closeQuietly(closers: Readonly<Record<string, () => Promise<unknown>>>): Promise<void> {
  const abandoned: string[] = [];
  for (const [server, close] of Object.entries(closers)) {
    try {
      await withTimeout(close(), CLOSE_TIMEOUT_MS, server);
    } catch (error) {
      if (errorCode(error) === 'DEPENDENCY_UNAVAILABLE') abandoned.push(server);
    }
  }
  if (abandoned.length > 0) throw new CloseAbandonedError(abandoned);
}

/**
 * Runs a command body that needs servers: a config problem exits 1, an unreachable server exits 3 with
 * "cannot reach X at …", any other error exits 1 with its message. Settings come from `env`.
 */
export async function runWithServers(
  command: string,
  io: CommandIo,
  body: (config: CliConfig) => Promise<number>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let config: CliConfig;
  try {
    config = loadCliConfig(env);
  } catch (error) {
    io.stderr.write(`newsflow ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failure;
  }
  try {
    return await body(config);
  } catch (error) {
    // A server that answered at first and then stopped answering counts as unreachable too.
    if (
      error instanceof ServerUnreachableError ||
      error instanceof ServerGoneError ||
      error instanceof CloseAbandonedError ||
      errorCode(error) === 'DEPENDENCY_UNAVAILABLE'
    ) {
      io.stderr.write(`newsflow ${command}: ${(error as Error).message}\n`);
      return ExitCode.unreachable;
    }
    io.stderr.write(`newsflow ${command}: ${failureText(error)}\n`);
    return ExitCode.failure;
  }
}
