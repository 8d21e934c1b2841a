import { afterAll, beforeAll, inject } from 'vitest';
import { removeTestNamespace, testNamespace } from '@newsflow/testing';
import { connectPlain, type PlainClients } from './plain-clients.js';
import { isolatedEnv, type CliEnv } from './run-cli.js';

/** What a CLI test against the real servers works with. */
export interface CliContext {
  /** The CLI's environment: global setup's servers with a topic prefix, queue prefix and database of its own. */
  readonly env: CliEnv;
  /** Plain kafkajs and MongoDB clients on the same servers and database, to check what the CLI did. */
  readonly plain: PlainClients;
}

/**
 * Gives the enclosing `describe` one isolated CLI environment and plain clients on it: a `beforeAll` connects
 * them, an `afterAll` closes them and removes the environment's topics, queue keys and database. Returns a
 * getter for tests to call.
 */
export function useCliContext(): () => CliContext {
  const namespace = testNamespace('cli');
  let context: CliContext | undefined;
  let plain: PlainClients | undefined;
  beforeAll(async () => {
    const env = isolatedEnv(inject('servers'), namespace);
    plain = await connectPlain(inject('servers').kafkaBrokers, env.MONGODB_URI);
    context = { env, plain };
  });
  afterAll(async () => {
    await plain?.close();
    await removeTestNamespace(inject('servers'), namespace);
  });
  return () => {
    if (context === undefined) throw new Error('the CLI context is not ready: call its getter inside a test');
    return context;
  };
}
