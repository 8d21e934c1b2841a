import { z } from 'zod';
import { DEFAULT_KAFKA_RETRIES } from './kafka-retry.js';
import { DEFAULT_MAX_RETRY_DELAY_MS } from './retry-delay.js';
import { ConfigError } from './runtime-errors.js';

/** One setting: the environment variable it comes from, its schema (with default) and what it means. */
export interface ConfigField<T = unknown> {
  readonly env: string;
  readonly schema: z.ZodType<T>;
  readonly doc: string;
  /** Never logged or echoed back (passwords, tokens). @default false */
  readonly secret?: boolean;
}

export type ConfigTable = Readonly<Record<string, ConfigField>>;
export type ConfigOf<T extends ConfigTable> = {
  readonly [K in keyof T]: T[K] extends ConfigField<infer V> ? V : never;
};

/** Declares a setting. */
export function setting<T>(env: string, schema: z.ZodType<T>, doc: string, secret = false): ConfigField<T> {
  return { env, schema, doc, secret };
}

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);
const int = (min: number) => z.coerce.number().int().min(min);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/**
 * A connection string that starts as its driver reads one, checked here so that a wrong value is a
 * CONFIG_INVALID naming its variable (exit 1 at start-up) rather than a driver's parse error later (a service
 * died with its stack, the CLI said "cannot reach MongoDB at (unparseable url)", exit 3). Only the scheme is
 * checked: the drivers take what WHATWG URLs do not (MongoDB's `h1:27017,h2:27017` host lists).
 */
const connectionString = (pattern: RegExp, expected: string) =>
  z.string().regex(pattern, { message: `expected ${expected}` });

/** Settings every service has. Service tables extend this one. */
export const commonSettings = {
  serviceName: setting(
    'SERVICE_NAME',
    z.string().min(1).optional(),
    'Name in logs and metrics (defaults to the service folder name).',
  ),
  logLevel: setting(
    'LOG_LEVEL',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'pino log level.',
  ),
  httpPort: setting(
    'HTTP_PORT',
    int(0).max(65535).default(8080),
    'Port of /healthz, /readyz and /metrics (0 picks a free port).',
  ),
  httpHost: setting(
    'HTTP_HOST',
    z.string().default('0.0.0.0'),
    'Address the health/metrics server binds to.',
  ),
  kafkaBrokers: setting(
    'KAFKA_BROKERS',
    commaList.default(['127.0.0.1:9092']),
    'Comma-separated Kafka bootstrap brokers.',
  ),
  kafkaClientId: setting(
    'KAFKA_CLIENT_ID',
    z.string().optional(),
    'Kafka client id (defaults to the service name).',
  ),
  kafkaSsl: setting('KAFKA_SSL', bool.default(false), 'Connect to Kafka over TLS.'),
  kafkaSaslMechanism: setting(
    'KAFKA_SASL_MECHANISM',
    z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    'SASL mechanism; unset disables SASL.',
  ),
  kafkaSaslUsername: setting('KAFKA_SASL_USERNAME', z.string().optional(), 'SASL user name.'),
  kafkaSaslPassword: setting('KAFKA_SASL_PASSWORD', z.string().optional(), 'SASL password.', true),
  kafkaReplicationFactor: setting(
    'KAFKA_REPLICATION_FACTOR',
    int(1).max(32).optional(),
    "Replicas of each topic newsflow creates (3 on a 3-broker cluster); unset: the broker's default.replication.factor (1 on a single broker).",
  ),
  kafkaMinInsyncReplicas: setting(
    'KAFKA_MIN_INSYNC_REPLICAS',
    int(1).max(32).optional(),
    "min.insync.replicas of each topic newsflow creates: an acks=all write needs this many replicas (2 with 3 replicas); unset: the broker's default (1 on a single broker).",
  ),
  kafkaSessionTimeoutMs: setting(
    'KAFKA_SESSION_TIMEOUT_MS',
    int(6000).max(300_000).default(30_000),
    "A consumer that stops heartbeating leaves its group after this long (6000 at least: Kafka's group.min.session.timeout.ms). It is also how long work stalls after a broker restart: consumers that lost the broker come back as new members, and the group waits for the lost ones to time out.",
  ),
  kafkaRetries: setting(
    'KAFKA_RETRIES',
    int(0).max(20).default(DEFAULT_KAFKA_RETRIES),
    "Retries of each Kafka request (a send, a metadata, offset or group call) before it fails; the waits between tries double from 200 ms to at most 5 s (8: about 21 s of waits in all, 3: about 1.4 s). A stage's send that fails fails its job, which waits in its backoff like any retriable error and is dead-lettered only once JOB_ATTEMPTS are spent: fewer retries spend a job's attempts sooner while Kafka is away (JOB_ATTEMPTS and JOB_BACKOFF_MS must still outlast the outages to ride out), more keep each attempt waiting longer.",
  ),
  kafkaLingerMs: setting(
    'KAFKA_LINGER_MS',
    int(0).max(1000).default(5),
    'How long a produced message waits for others to share its request (0: send at once).',
  ),
  topicPrefix: setting(
    'TOPIC_PREFIX',
    z.string().default(''),
    'Prefix for every topic name (lets several pipelines share a broker).',
  ),
  redisUrl: setting(
    'REDIS_URL',
    connectionString(/^rediss?:\/\/|^\//, 'redis://…, rediss://… or a socket path').default(
      'redis://127.0.0.1:6379',
    ),
    'Redis URL for BullMQ queues, dedupe and politeness state (may carry a password).',
    true,
  ),
  queuePrefix: setting('QUEUE_PREFIX', z.string().default('newsflow'), 'Prefix of BullMQ keys in Redis.'),
  mongodbUri: setting(
    'MONGODB_URI',
    connectionString(/^mongodb(\+srv)?:\/\//, 'mongodb://… or mongodb+srv://…').default(
      'mongodb://127.0.0.1:27017/newsflow',
    ),
    'MongoDB connection string; the path names the database.',
    true,
  ),
  concurrency: setting('WORKER_CONCURRENCY', int(1).max(1000).default(4), 'Jobs a replica works on at once.'),
  jobAttempts: setting(
    'JOB_ATTEMPTS',
    int(1).max(100).default(5),
    'Attempts per message before it is dead-lettered.',
  ),
  jobBackoffMs: setting(
    'JOB_BACKOFF_MS',
    int(0).default(1000),
    'First retry delay; doubles each attempt, with jitter, up to JOB_BACKOFF_MAX_MS.',
  ),
  jobBackoffMaxMs: setting(
    'JOB_BACKOFF_MAX_MS',
    int(1).max(86_400_000).default(DEFAULT_MAX_RETRY_DELAY_MS),
    "Ceiling of the delay between a job's attempts, a server's Retry-After included (at most a day).",
  ),
  jobTimeoutMs: setting(
    'JOB_TIMEOUT_MS',
    int(100).default(120_000),
    'A job running longer than this fails (and is retried).',
  ),
  jobLockMs: setting(
    'JOB_LOCK_MS',
    int(1000).default(30_000),
    'A job whose replica died (kill -9) is taken over by another replica after this long.',
  ),
  maxWaitingJobs: setting(
    'QUEUE_MAX_WAITING_JOBS',
    int(1).default(2000),
    'Backpressure: a stage stops reading Kafka while more jobs than this wait in its queue (Redis memory stays bounded when a stage falls behind).',
  ),
  dedupeRetentionS: setting(
    'JOB_RETENTION_S',
    int(1).default(86_400),
    'How long finished job ids are kept, so a redelivered message is not processed twice.',
  ),
  shutdownGraceMs: setting(
    'SHUTDOWN_GRACE_MS',
    int(0).default(20_000),
    'On SIGTERM, time to finish in-flight jobs before handing them back.',
  ),
} as const;

/**
 * Parses the environment once against `table`, collecting every problem and naming each bad variable.
 * Empty strings count as unset.
 * @throws ConfigError listing every invalid or missing variable.
 */
export function loadConfig<T extends ConfigTable>(
  table: T,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<T> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table)) {
    const raw = env[field.env];
    const result = field.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) values[key] = result.data;
    else {
      const shown = field.secret || raw === undefined ? '' : ` (got ${JSON.stringify(raw.slice(0, 80))})`;
      problems.push(`${field.env}${shown}: ${result.error.issues.map((i) => i.message).join('; ')}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as ConfigOf<T>;
}

/** The config with secret fields masked, for a start-up log line. */
export function redactConfig<T extends ConfigTable>(table: T, config: ConfigOf<T>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table)) {
    const value = (config as Record<string, unknown>)[key];
    shown[key] = field.secret && value !== undefined ? '***' : value;
  }
  return shown;
}
