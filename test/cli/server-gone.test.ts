import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
} from '../reliability/support/private-stack.js';
import { isolatedEnv, startCli } from './run-cli.js';

// `newsflow push --follow` printed its summary and then never exited once the broker it followed was killed:
// kafkajs restarts a crashed consumer on a timer, and a restart under way when the CLI disconnected scheduled
// the next one, forever (libs/runtime kafka.ts createConsumer). Each close is now bounded too (libs/cli
// connect.ts closeQuietly) and the process exits a few seconds after the command at the latest (bin/newsflow.mjs).
// Then it still waited out its whole --timeout before saying anything: kafkajs retries a dead broker without
// telling its caller. The follow now probes the broker itself (libs/cli kafka-watch.ts) and stops when it is gone.

/**
 * How long the CLI may take to exit after the kill: "notices at all, well before its --timeout", not a speed
 * (three failed probes 2 s apart, then the summary: about 10 s on an idle machine).
 */
const EXIT_BOUND_MS = 120_000;
/** Far beyond EXIT_BOUND_MS, so only noticing the dead broker can end the follow in time. */
const FOLLOW_TIMEOUT_S = 900;

const unavailable = privateStackUnavailable(['kafka']);
if (unavailable) process.stderr.write(`[cli] push --follow with its broker killed skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)(
  'newsflow: a Kafka broker killed under the CLI (private broker)',
  () => {
    let stack: PrivateStack;

    beforeAll(async () => {
      stack = await startPrivateStack({ only: ['kafka'] });
    }, 300_000);
    afterAll(async () => {
      await stack?.close();
    }, 120_000);

    it('push --follow notices its broker is gone, names it, prints its summary and exits 3', async () => {
      const brokers = stack.servers.kafkaBrokers.join(',');
      // MongoDB (read for the summary) is the shared one, with a database of this test's own.
      const env = {
        ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }),
        NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
      };
      // No pipeline runs on this broker, so the URL is never fetched: only the broker's death ends the follow.
      const cli = startCli(
        ['push', '--follow', '--timeout', String(FOLLOW_TIMEOUT_S), 'http://127.0.0.1:9/never-fetched'],
        env,
      );
      await cli.waitForStderr(`following (timeout ${FOLLOW_TIMEOUT_S} s)`, 60_000);
      await stack.kill('kafka');

      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        cli.result,
        new Promise<'still running'>((done) => {
          timer = setTimeout(() => done('still running'), EXIT_BOUND_MS);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'still running') cli.kill();
      expect(outcome, 'newsflow push --follow still running after its broker was killed').not.toBe(
        'still running',
      );
      if (outcome === 'still running') return;
      expect(outcome.stderr).toContain('0 stored, 0 dead-lettered, 0 skipped, 1 unfinished');
      expect(outcome.stdout).toContain('not finished');
      expect(outcome.stderr).toContain(`newsflow push: Kafka at ${brokers} stopped answering mid-command`);
      expect(outcome.stderr).not.toContain('gave up closing Kafka');
      expect(outcome.code).toBe(3);
    }, 300_000);
  },
);
