import type { TestProject } from 'vitest/node';
import { checkServers, getServers, type TestServerAddresses } from '@newsflow/testing';
import { buildEntries } from './support/built-entries.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Kafka 3.9, Redis and a MongoDB-wire server shared by every integration test (names kept apart per test). */
    servers: { kafkaBrokers: string[]; redisUrl: string; mongoUri: string };
  }
}

/** How long the servers get to answer one request before the whole run fails, naming the dead one. */
const SERVER_CHECK_TIMEOUT_MS = 15_000;

/**
 * Vitest global setup for the `integration` and `reliability` projects: finds or starts the servers once (env
 * vars, else containers, else deploy/local/up), proves each answers, hands their addresses to the tests, builds
 * the CLI and the services once for the processes tests start (test/support/built-entries.ts; not in watch
 * mode, where the sources change under the run), and returns the teardown that stops whatever it started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await getServers();
  try {
    await checkServers(servers, { timeoutMs: SERVER_CHECK_TIMEOUT_MS });
  } catch (err) {
    await servers.close();
    throw err;
  }
  const addresses: TestServerAddresses = {
    kafkaBrokers: servers.kafkaBrokers,
    redisUrl: servers.redisUrl,
    mongoUri: servers.mongoUri,
  };
  project.provide('servers', addresses);
  process.stderr.write(
    `[global-setup] servers from ${servers.source}: kafka ${addresses.kafkaBrokers.join(',')}, ` +
      `${addresses.redisUrl}, ${addresses.mongoUri}\n`,
  );
  let built: Awaited<ReturnType<typeof buildEntries>> | undefined;
  try {
    if (!project.vitest.config.watch) built = await buildEntries(project.name);
  } catch (err) {
    await servers.close();
    throw err;
  }
  project.provide('builtEntries', built?.entries ?? null);
  return async () => {
    built?.remove();
    await servers.close();
  };
}
