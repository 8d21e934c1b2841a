import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure tests beside the source with no servers; `integration` runs
// test/**/*.test.ts against real Kafka, Redis and a MongoDB-wire server started once by globalSetup.
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
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
