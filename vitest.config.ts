import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import ReliabilityFirstSequencer from './test/support/reliability-first-sequencer.js';

// Three projects, run side by side: `unit` runs pure tests beside the source with no servers; `integration` runs
// test/**/*.test.ts against real Kafka, Redis and a MongoDB-wire server started once by globalSetup, several
// files at a time (each test names its own topics, queues and database); `reliability` is one file,
// test/reliability/reliability.test.ts, whose scenarios run one after another (each starts and kills its own
// servers or service processes), started first so the other files run beside it.
// A third, `soak` (test/reliability/*.soak.ts, on private servers), exists only when NEWSFLOW_SOAK=1 (`npm run
// soak`): Vitest runs every project it knows, and the soak takes the better part of an hour.
const soak = process.env.NEWSFLOW_SOAK === '1';

export default defineConfig({
  test: {
    // The skip reporter lists every skipped test; scripts/test.sh fails a run that skipped one it should have
    // run here (test/skips/allowed-skips.ts).
    reporters: ['default', './test/skips/skip-reporter.ts'],
    // At least 3 files at a time, whatever the core count (Vitest's default is cores - 1: one on a 2-core CI
    // machine, where the whole suite then ran file after file). The integration and reliability files mostly
    // wait on servers, service processes and consumer-group joins, not on the CPU: the reliability chain takes
    // one worker, the integration and unit files share the others.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    sequence: { sequencer: ReliabilityFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/reliability/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      // The reliability scenarios start private servers and kill them: heavy, so one file
      // (reliability.test.ts imports the scenario modules in order) that runs beside the other projects. Not
      // `fileParallelism: false`: Vitest runs such a project in a group of its own, after every other file.
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/reliability.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      ...(soak
        ? [
            {
              test: {
                name: 'soak',
                include: ['test/reliability/**/*.soak.ts'],
                testTimeout: 3_600_000,
                hookTimeout: 900_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
