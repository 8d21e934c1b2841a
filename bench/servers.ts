import { checkServers } from '@newsflow/testing';

/** The servers a bench runs against, as the services' settings name them. */
export interface BenchServers {
  /** Comma-separated, as `KAFKA_BROKERS`. */
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly mongoUri: string;
}

/** Longest wait for each server's answer before a bench gives up on it. */
const CHECK_TIMEOUT_MS = 10_000;

/** Exit code of a bench whose servers do not answer: the CLI's (`newsflow`, docs/deploy.md) for the same case. */
export const SERVERS_UNREACHABLE_EXIT = 3;

/** `KAFKA_BROKERS`, `REDIS_URL`, `MONGODB_URI`, else the addresses `npm run servers:up` (deploy/local/up) uses. */
export function benchServers(env: NodeJS.ProcessEnv = process.env): BenchServers {
  return {
    kafkaBrokers: env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    mongoUri: env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/newsflow',
  };
}

/**
 * Sends each server one request (libs/testing checkServers: every wait bounded) before a bench starts anything,
 * so a server that is not there is named with its address in seconds, instead of a driver's stack trace after
 * its own retry schedule. Exits {@link SERVERS_UNREACHABLE_EXIT} when one does not answer.
 */
export async function requireBenchServers(bench: string, servers: BenchServers): Promise<void> {
  try {
    await checkServers(
      {
        kafkaBrokers: servers.kafkaBrokers.split(','),
        redisUrl: servers.redisUrl,
        mongoUri: servers.mongoUri,
      },
      {
        timeoutMs: CHECK_TIMEOUT_MS,
        startHint:
          'Start them with `npm run servers:up` (deploy/local/up: 127.0.0.1:9092, :6379, :27017) or `npm run stack:up`,\n' +
          'or point KAFKA_BROKERS, REDIS_URL and MONGODB_URI at running ones.',
      },
    );
  } catch (error) {
    process.stderr.write(`${bench}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(SERVERS_UNREACHABLE_EXIT);
  }
}
