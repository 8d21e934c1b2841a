import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { removeTestNamespace, testNamespace, waitFor } from '@newsflow/testing';
import { storiesWarc } from '../archives/support.js';
import {
  privateStackUnavailable,
  startPrivateStack,
  type PrivateStack,
} from '../reliability/support/private-stack.js';
import { startClosingServer } from './closing-server.js';
import { deadLetter } from './dead-letter.js';
import { connectPlain } from './plain-clients.js';
import { isolatedEnv, runCli, startCli, type CliResult, type RunningCli } from './run-cli.js';

// `newsflow push --follow` printed its summary and then never exited once the broker it followed was killed:
// kafkajs restarts a crashed consumer on a timer, and a restart under way when the CLI disconnected scheduled
// the next one, forever (libs/runtime kafka.ts createConsumer). Each close is now bounded too (libs/cli
// connect.ts closeQuietly) and the process exits a few seconds after the command at the latest (bin/newsflow.mjs).
// Then it still waited out its whole --timeout before saying anything: kafkajs retries a dead broker without
// telling its caller. The follow now probes the broker itself (libs/cli kafka-watch.ts) and stops when it is gone.
// `import-warc` waiting for the cleaner ended with kafkajs's "Connection error: read ECONNRESET" from its backlog
// probe and exit 1, naming no server; it runs under the same watch (whileKafkaAnswers), as `dlq --replay` does,
// which reports such a failure as the broker gone when a probe gets no answer either.
// `dlq --replay` with its broker killed between two letters exited 3, but its ledger recorded nothing (it was
// written once, after the last letter) and its lock outlived it (the replay still waited on kafkajs when the
// command closed Redis): the next replay was refused for 5 minutes, then sent the letters already sent again.
// The replay now records each letter as it goes and stops at once when the watch finds the broker gone.
// `dlq` listing (no --replay) ran outside the watch: its broker killed mid-read, it waited out its 60 s read
// timeout, kafkajs reconnecting all along, and exited 3 naming no broker ("Kafka messages: no answer within
// 60000 ms"). The listing runs under the watch too.

/**
 * How long the CLI may take to exit after the kill: "notices at all, well before its --timeout", not a speed
 * (three failed probes PROBE_INTERVAL_MS apart, then the summary and closing: a few seconds on an idle machine).
 */
const EXIT_BOUND_MS = 120_000;
/**
 * How often the commands probe their broker (NEWSFLOW_KAFKA_PROBE_INTERVAL_MS, 2000 by default): a killed broker
 * refuses at once, so 3 failed probes take about 1.5 s instead of 6 s of each case.
 */
const PROBE_INTERVAL_MS = '500';
/**
 * Connections the dlq listing may make to its killed broker's port before it exits: the watch's 3 probes plus
 * kafkajs's own reconnects meanwhile (measured 8-9). Waiting out its 60 s read timeout instead made 28.
 */
const MAX_ATTEMPTS_AFTER_KILL = 16;
/** Far beyond EXIT_BOUND_MS, so only noticing the dead broker can end the follow in time. */
const FOLLOW_TIMEOUT_S = 900;

const unavailable = privateStackUnavailable(['kafka']);
if (unavailable)
  process.stderr.write(`[cli] CLI commands with their broker killed skipped: ${unavailable}\n`);

/** Loads test/cli/stop-on-output.mjs into the CLI: it stops itself right after printing NEWSFLOW_TEST_STOP_ON. */
const STOP_HOOK = `--import ${resolve(import.meta.dirname, 'stop-on-output.mjs')}`;
/** Letters of the replay test: the first is replayed before the broker dies, the others after it is back. */
const LETTERS = 6;

/** The scheduler state of process `pid` (`T`: stopped), from /proc; undefined once it is gone. */
function processState(pid: number): string | undefined {
  try {
    return /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Resolves once `cli` has stopped itself (stop-on-output.mjs). @throws when it exits first. */
async function stopped(cli: RunningCli): Promise<void> {
  const stop = waitFor(() => processState(cli.pid) === 'T', {
    timeoutMs: 90_000,
    message: 'the CLI stopped by stop-on-output.mjs',
  });
  const first = await Promise.race([stop.then(() => undefined), cli.result]);
  if (first !== undefined) {
    throw new Error(`newsflow exited ${first.code} before it stopped:\n${first.stdout}\n${first.stderr}`);
  }
}

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

    // First: it ends with its broker started again, which the test after it uses as it is, so the file
    // restarts Kafka twice, not three times (a restart after a kill took 24-50 s of the file's time).
    it('dlq --replay with its broker killed between two letters: exit 3, the letter sent is remembered, a rerun sends the rest once each', async () => {
      const brokers = await liveBrokers();
      const namespace = testNamespace('cli');
      // Redis (the replay ledger and its lock) is the shared one, under this test's own queue prefix.
      const env = {
        ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }, namespace),
        NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
        NEWSFLOW_KAFKA_PROBE_INTERVAL_MS: PROBE_INTERVAL_MS,
      };
      const plain = await connectPlain([...stack.servers.kafkaBrokers], env.MONGODB_URI);
      try {
        const target = `${env.TOPIC_PREFIX}url.requested`;
        const urls = Array.from({ length: LETTERS }, (_, i) => `https://gone.example/${i}`);
        await plain.producer.send({
          topic: `${target}.dlq`,
          messages: urls.map((url) => ({ value: deadLetter(target, url, 'FETCH_TIMEOUT') })),
        });

        // The CLI stops itself as it prints its first letter, before it sends the second; the broker dies then.
        const cli = startCli(['dlq', '--replay', '--topic', 'url.requested'], {
          ...env,
          NODE_OPTIONS: STOP_HOOK,
          NEWSFLOW_TEST_STOP_ON: 'replayed ',
        });
        await stopped(cli);
        await killBroker();
        process.kill(cli.pid, 'SIGCONT');

        const outcome = await outcomeOf(cli);
        expect(outcome, 'newsflow dlq --replay still running after its broker was killed').not.toBe(
          'still running',
        );
        if (outcome === 'still running') return;
        expect(outcome.stdout.match(/^replayed /gm), outcome.stdout).toHaveLength(1);
        expect(outcome.stdout).toContain(`replayed url.requested.dlq 0@0 → ${target}`);
        expect(outcome.stderr).toContain(
          'newsflow dlq: 1 replayed before the replay stopped; the others stay for the next --replay',
        );
        expect(outcome.stderr).toContain(`newsflow dlq: Kafka at ${brokers} stopped answering mid-command`);
        expect(outcome.code).toBe(3);

        // The broker back: the next replay is not refused (the lock was released) and sends only the others.
        await liveBrokers();
        const rest = await runCli(['dlq', '--replay', '--topic', 'url.requested'], env);
        expect(rest.code, rest.stderr).toBe(0);
        expect(rest.stdout).toContain(`${LETTERS - 1} replayed`);
        expect(rest.stdout).not.toContain('0@0');
        const admin = plain.kafka.admin();
        await admin.connect();
        try {
          const offsets = await admin.fetchTopicOffsets(target);
          expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(LETTERS);
        } finally {
          await admin.disconnect();
        }
        const replayed = await plain.readAll(target, LETTERS, 60_000);
        expect(replayed.map((m) => m.value?.toString()).sort()).toEqual([...urls].sort());
      } finally {
        await plain.close();
        await removeTestNamespace(inject('servers'), namespace);
      }
    }, 300_000);

    it('push --follow --json notices its broker is gone, names it, marks the URL unfinished and exits 3', async () => {
      const brokers = await liveBrokers();
      // MongoDB (read for the summary) is the shared one, with a database of this test's own.
      const env = {
        ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }),
        NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
        NEWSFLOW_KAFKA_PROBE_INTERVAL_MS: PROBE_INTERVAL_MS,
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
          NEWSFLOW_KAFKA_PROBE_INTERVAL_MS: PROBE_INTERVAL_MS,
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

    it('dlq listing with its broker killed mid-read: exit 3 naming the broker, after the probes and few other attempts', async () => {
      const brokers = await liveBrokers();
      const env = {
        ...isolatedEnv({ ...inject('servers'), kafkaBrokers: [...stack.servers.kafkaBrokers] }),
        NEWSFLOW_CONNECT_TIMEOUT_MS: '4000',
        NEWSFLOW_KAFKA_PROBE_INTERVAL_MS: PROBE_INTERVAL_MS,
      };
      const plain = await connectPlain([...stack.servers.kafkaBrokers], env.MONGODB_URI);
      try {
        const target = `${env.TOPIC_PREFIX}url.requested`;
        await plain.producer.send({
          topic: `${target}.dlq`,
          messages: [{ value: deadLetter(target, 'https://gone.example/listed', 'FETCH_TIMEOUT') }],
        });
      } finally {
        await plain.close();
      }
      // The CLI stops itself as kafkajs logs that its reader joined the group (debug logging sends kafkajs's
      // lines to stderr): the letters' range is known, none is read yet. The broker dies then, and a server
      // that closes every connection takes its port, counting each attempt the CLI makes from then on.
      const cli = startCli(['dlq', '--topic', 'url.requested'], {
        ...env,
        LOG_LEVEL: 'debug',
        NODE_OPTIONS: STOP_HOOK,
        NEWSFLOW_TEST_STOP_ON: 'Consumer has joined the group',
        NEWSFLOW_TEST_STOP_STREAM: 'stderr',
      });
      await stopped(cli);
      await killBroker();
      await using port = await startClosingServer(Number(brokers.split(':').at(-1)));
      process.kill(cli.pid, 'SIGCONT');

      const outcome = await outcomeOf(cli);
      expect(outcome, 'newsflow dlq still running after its broker was killed').not.toBe('still running');
      if (outcome === 'still running') return;
      expect(outcome.stderr).toContain(`newsflow dlq: Kafka at ${brokers} stopped answering mid-command`);
      expect(outcome.stdout).toBe('');
      expect(outcome.code).toBe(3);
      // KAFKA_GONE_AFTER_FAILURES probes, each one connection; kafkajs's own reconnects beside them stay few.
      expect(port.connections()).toBeGreaterThanOrEqual(3);
      expect(port.connections()).toBeLessThanOrEqual(MAX_ATTEMPTS_AFTER_KILL);
    }, 300_000);
  },
);
