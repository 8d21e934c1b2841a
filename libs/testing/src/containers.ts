import { holdFreePorts } from './free-ports.js';
import type { StartedTestContainer } from 'testcontainers';
import { withTimeout } from './wait-for.js';
import type { TestServers } from './test-servers.js';

/**
 * Images, pinned. Kafka stays on 3.9.x (kafkajs 2.x needs protocol versions Kafka 4 removed), so it runs as
 * a generic container: `@testcontainers/kafka` defaults to a Kafka 4 image.
 */
export const ContainerImage = { kafka: 'apache/kafka:3.9.1', redis: 'redis:7', mongo: 'mongo:7' } as const;

const KAFKA_INTERNAL_PORT = 9092;
const KAFKA_CONTROLLER_PORT = 9093;
/** A cold `docker pull` of three images on a slow link. */
const CONTAINER_STARTUP_TIMEOUT_MS = 180_000;

/**
 * True when a Docker (or Podman, Colima…) engine answers. Bounded: an unreachable socket or `DOCKER_HOST`
 * counts as "no engine" after `timeoutMs` instead of hanging.
 */
export async function isContainerRuntimeAvailable(timeoutMs = 10_000): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), timeoutMs, 'container runtime detection');
    return true;
  } catch {
    return false;
  }
}

/** Starts Kafka 3.9, Redis 7 and MongoDB 7 containers in parallel; `close()` removes them. */
export async function startContainers(): Promise<TestServers> {
  // Loaded here, not at the top: every test file imports this package, and testcontainers with its two
  // modules takes ~0.4 s of CPU to load, in each file's own process, for a run that uses it once at most.
  const { getContainerRuntimeClient } = await import('testcontainers');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const { RedisContainer } = await import('@testcontainers/redis');
  const runtime = await getContainerRuntimeClient();
  const host = runtime.info.containerRuntime.host;
  const [kafka, redis, mongo] = await Promise.allSettled([
    startKafka(host),
    new RedisContainer(ContainerImage.redis).withStartupTimeout(CONTAINER_STARTUP_TIMEOUT_MS).start(),
    new MongoDBContainer(ContainerImage.mongo).withStartupTimeout(CONTAINER_STARTUP_TIMEOUT_MS).start(),
  ]);
  const started: StartedTestContainer[] = [];
  if (kafka.status === 'fulfilled') started.push(kafka.value.container);
  if (redis.status === 'fulfilled') started.push(redis.value);
  if (mongo.status === 'fulfilled') started.push(mongo.value);
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(started.map((c) => c.stop()));
  };
  if (kafka.status === 'rejected' || redis.status === 'rejected' || mongo.status === 'rejected') {
    await stopAll();
    const reasons = [kafka, redis, mongo].flatMap((r) =>
      r.status === 'rejected' ? [r.reason as unknown] : [],
    );
    throw new AggregateError(
      reasons,
      `could not start containers: ${reasons.map((r) => String(r)).join('; ')}`,
    );
  }
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= stopAll());
  return {
    kafkaBrokers: kafka.value.brokers,
    redisUrl: redis.value.getConnectionUrl(),
    // The mongo module starts a one-member replica set; talk to that member directly.
    mongoUri: `${mongo.value.getConnectionString()}/newsflow?directConnection=true`,
    source: 'containers',
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Kafka advertises the address clients must use, so the host port is chosen before start (a free one) and
 * bound explicitly instead of letting Docker pick it.
 */
async function startKafka(host: string): Promise<{ container: StartedTestContainer; brokers: string[] }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const free = await holdFreePorts(1);
  await free.release();
  const hostPort = free.ports[0]!;
  const container = await new GenericContainer(ContainerImage.kafka)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${KAFKA_INTERNAL_PORT},CONTROLLER://0.0.0.0:${KAFKA_CONTROLLER_PORT}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${KAFKA_CONTROLLER_PORT}`,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m',
    })
    .withExposedPorts({ container: KAFKA_INTERNAL_PORT, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(CONTAINER_STARTUP_TIMEOUT_MS)
    .start();
  return { container, brokers: [`${host}:${hostPort}`] };
}
