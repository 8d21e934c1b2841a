import { isContainerRuntimeAvailable, startContainers } from './containers.js';
import { startLocalStack, type LocalStackOptions } from './local-stack.js';
import { TestingError, TestingErrorCode } from './testing-error.js';
import type { TestServers } from './test-servers.js';

/** The three variables that point tests (and services) at running servers. */
const SERVER_ENV_VARS = ['KAFKA_BROKERS', 'REDIS_URL', 'MONGODB_URI'] as const;

export interface GetServersOptions extends LocalStackOptions {
  /** Longest wait to find out whether a Docker engine answers. @default 10_000 */
  readonly dockerProbeTimeoutMs?: number;
}

/**
 * Finds Kafka 3.9, Redis and a MongoDB-wire server for tests, in this order:
 * 1. `KAFKA_BROKERS` (comma list), `REDIS_URL`, `MONGODB_URI` when all three are set; `close()` does nothing.
 * 2. Containers (`apache/kafka:3.9.1`, `redis:7`, `mongo:7`) when a Docker engine answers.
 * 3. `deploy/local/up` (no Docker needed); `close()` stops only the servers this call started.
 * `NEWSFLOW_TEST_SERVERS=containers|local` skips the detection and forces one of the last two.
 * @throws TestingError `TESTING_SERVERS_UNAVAILABLE` when only some of the three variables are set, or the
 *   chosen way fails.
 */
export async function getServers(
  env: NodeJS.ProcessEnv = process.env,
  options: GetServersOptions = {},
): Promise<TestServers> {
  const set = SERVER_ENV_VARS.filter((name) => (env[name] ?? '').trim() !== '');
  if (set.length === SERVER_ENV_VARS.length) return fromEnv(env);
  if (set.length > 0) {
    const missing = SERVER_ENV_VARS.filter((name) => !set.includes(name));
    throw new TestingError(
      TestingErrorCode.serversUnavailable,
      `${set.join(', ')} set but ${missing.join(', ')} not: set all three to use running servers, or none to start them`,
    );
  }

  const forced = env.NEWSFLOW_TEST_SERVERS;
  if (forced !== undefined && forced !== '' && forced !== 'containers' && forced !== 'local') {
    throw new TestingError(
      TestingErrorCode.serversUnavailable,
      `NEWSFLOW_TEST_SERVERS=${forced} is not one of: containers, local`,
    );
  }
  const useContainers =
    forced === 'containers' ||
    (forced !== 'local' && (await isContainerRuntimeAvailable(options.dockerProbeTimeoutMs)));
  if (useContainers) {
    try {
      return await startContainers();
    } catch (err) {
      throw new TestingError(
        TestingErrorCode.serversUnavailable,
        `could not start test containers: ${(err as Error).message} (NEWSFLOW_TEST_SERVERS=local uses deploy/local instead)`,
        { cause: err },
      );
    }
  }
  return startLocalStack(env, options);
}

function fromEnv(env: NodeJS.ProcessEnv): TestServers {
  const close = (): Promise<void> => Promise.resolve();
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    redisUrl: env.REDIS_URL ?? '',
    mongoUri: env.MONGODB_URI ?? '',
    source: 'env',
    close,
    [Symbol.asyncDispose]: close,
  };
}
