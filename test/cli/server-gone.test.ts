import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { storiesWarc } from '../archives/support.js';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
} from '../reliability/support/private-stack.js';
import { isolatedEnv, startCli, type CliResult, type RunningCli } from './run-cli.js';

// `newsflow push --follow` printed its summary and then never exited once the broker it followed was killed:
// kafkajs restarts a crashed consumer on a timer, and a restart under way when the CLI disconnected scheduled
// the next one, forever (libs/runtime kafka.ts createConsumer). Each close is now bounded too (libs/cli
// connect.ts closeQuietly) and the process exits a few seconds after the command at the latest (bin/newsflow.mjs).
// Then it still waited out its whole --timeout before saying anything: kafkajs retries a dead broker without
// telling its caller. The follow now probes the broker itself (libs/cli kafka-watch.ts) and stops when it is gone.
// `import-warc` waiting for the cleaner ended with kafkajs's "Connection error: read ECONNRESET" from its backlog
// probe and exit 1, naming no server; it runs under the same watch (whileKafkaAnswers), as `dlq --replay` does,
// which reports such a failure as the broker gone when a probe gets no answer either.

/**
 * How long the CLI may take to exit after the kill: "notices at all, well before its --timeout", not a speed
 * (three failed probes 2 s apart, then the summary: about 10 s on an idle machine).
 */
const EXIT_BOUND_MS = 120_000;
/** Far beyond EXIT_BOUND_MS, so only noticing the dead broker can end the follow in time. */
const FOLLOW_TIMEOUT_S = 900;

const unavailable = privateStackUnavailable(['kafka']);
if (unavailable)
  process.stderr.write(`[cli] CLI commands with their broker killed skipped: ${unavailable}\n`);

/** How `cli` ended within EXIT_BOUND_MS of its broker's death, or 'still running' (then it is killed). */
async function outcomeOf(cli: RunningCli): Promise<CliResult | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    cli.result,
    new Promise<'still running'>((done) => {
      timer = setTimeout(() => done('still running'), EXIT_BOUND_MS);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'still running') cli.kill();
  return outcome;
}

describe.skipIf(unavailable !== undefined)(
  'newsflow: a Kafka broker killed under the CLI (private broker)',
  () => {
    let stack: PrivateStack;
    let killed = false;
    /** The private broker, started again if a test before killed it. */
    async function liveBrokers(): Promise<string> {
      if (killed) await stack.start('kafka');
      killed = false;
      return stack.servers.kafkaBrokers.join(',');
    }
    async function killBroker(): Promise<void> {
      killed = true;
      await stack.kill('kafka');
    }

    beforeAll(async () => {
      stack = await startPrivateStack({ only: ['kafka'] });
    }, 300_000);
    afterAll(async () => {
      await stack?.close();
    }, 120_000);

    it('push --follow --json notices its broker is gone, names it, marks the URL unfinished and exits 3', async () => {
      const brokers = await liveBrokers();
      // MongoDB (read for the summary) is the shared one, with a database of this test's own.
      const env = {
        ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }),
        NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
      };
      // No pipeline runs on this broker, so the URL is never fetched: only the broker's death ends the follow.
      const cli = startCli(
        [
          'push',
          '--follow',
          '--json',
          '--timeout',
          String(FOLLOW_TIMEOUT_S),
          'http://127.0.0.1:9/never-fetched',
        ],
        env,
      );
      await cli.waitForStderr(`following (timeout ${FOLLOW_TIMEOUT_S} s)`, 60_000);
      await killBroker();

      const outcome = await outcomeOf(cli);
      expect(outcome, 'newsflow push --follow still running after its broker was killed').not.toBe(
        'still running',
      );
      if (outcome === 'still running') return;
      expect(outcome.stderr).toContain('0 stored, 0 dead-lettered, 0 skipped, 1 unfinished');
      // The follow did not time out: the URL is unfinished because Kafka went away.
      expect(JSON.parse(outcome.stdout)).toEqual([
        expect.objectContaining({ url: 'http://127.0.0.1:9/never-fetched', status: 'unfinished' }),
      ]);
      expect(outcome.stderr).toContain(`newsflow push: Kafka at ${brokers} stopped answering mid-command`);
      expect(outcome.stderr).not.toContain('gave up closing Kafka');
      expect(outcome.code).toBe(3);
    }, 300_000);

    it('import-warc waiting for the cleaner notices its broker is gone, names it and exits 3', async () => {
      const brokers = await liveBrokers();
      const dir = mkdtempSync(join(tmpdir(), 'newsflow-cli-gone-'));
      try {
        const archive = join(dir, 'stories.warc.gz');
        writeFileSync(archive, await storiesWarc('https://gone.example', 20));
        const env = {
          ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }),
          NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
          WARC_IMPORT_BATCH_PAGES: '5',
          WARC_IMPORT_MAX_BACKLOG: '1',
          WARC_IMPORT_BACKLOG_POLL_MS: '10',
        };
        // No cleaner reads this broker: after its first batch the importer waits for it until the broker dies.
        const cli = startCli(['import-warc', archive], env);
        await cli.waitForStderr('waiting for the cleaner', 90_000);
        await killBroker();

        const outcome = await outcomeOf(cli);
        expect(outcome, 'newsflow import-warc still running after its broker was killed').not.toBe(
          'still running',
        );
        if (outcome === 'still running') return;
        expect(outcome.stderr).toContain(
          `newsflow import-warc: Kafka at ${brokers} stopped answering mid-command`,
        );
        expect(outcome.code).toBe(3);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  },
);
