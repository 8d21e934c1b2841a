import { defineConfig } from 'vitest/config';

// Three projects, run side by side: `unit` runs pure tests beside the source with no servers; `integration` runs
// test/**/*.test.ts against real Kafka, Redis and a MongoDB-wire server started once by globalSetup, several
// files at a time (each test names its own topics, queues and database); `reliability` runs
// test/reliability/*.test.ts one file at a time (each starts and kills its own servers).
// A third, `soak` (test/reliability/*.soak.ts, on private servers), exists only when NEWSFLOW_SOAK=1 (`npm run
// soak`): Vitest runs every project it knows, and the soak takes the better part of an hour.
const soak = process.env.NEWSFLOW_SOAK === '1';

export default defineConfig({
  test: {
    // The skip reporter lists every skipped test; scripts/test.sh fails a run that skipped one it should have
    // run here (test/skips/allowed-skips.ts).
    reporters: ['default', './test/skips/skip-reporter.ts'],
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
      // The reliability scenarios start private servers and kill them: heavy, so one file at a time, beside the
      // other projects rather than after them (projects run side by side).
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
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
