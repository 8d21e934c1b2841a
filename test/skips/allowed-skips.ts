/**
 * The tests that may be skipped by `npm test` (scripts/test.sh), and only while their reason holds on the
 * machine. Any other skipped test fails the run (test/skips/check-skips.ts), so a check that silently stopped
 * running — a wrong path, a missing tool — is seen. Add an entry only for a test that truly cannot run on some
 * machines, with a probe that tells whether this is such a machine.
 */
export interface AllowedSkip {
  /** The test file, relative to the repository root. */
  readonly file: string;
  /**
   * The test's full name as Vitest prints it (suite titles and test title joined by " > "), or the full name of
   * a suite, which allows every test in it.
   */
  readonly test: string;
  /** Why the test cannot run on some machines; printed beside each skip. */
  readonly reason: string;
  /** A bash command (run in the repository root) that exits 0 exactly when `reason` holds on this machine. */
  readonly holdsWhen: string;
}

const NO_COMPOSE = '! docker compose version >/dev/null 2>&1 && ! docker-compose version >/dev/null 2>&1';

export const ALLOWED_SKIPS: readonly AllowedSkip[] = [
  {
    file: 'test/deploy/compose.test.ts',
    test: 'docker-compose.yml > passes `docker compose config -q` with the .env.example values',
    reason: 'Docker Compose (`docker compose` or `docker-compose`) is not installed',
    holdsWhen: NO_COMPOSE,
  },
  {
    file: 'test/deploy/compose.test.ts',
    test: 'docker-compose.yml > docker compose is not installed here: the structural checks above stand in for `docker compose config`',
    reason: 'Docker Compose is installed, so the real `docker compose config` check runs instead',
    holdsWhen: `! (${NO_COMPOSE})`,
  },
  {
    file: 'test/store/article-reader.test.ts',
    test: 'a client that is not our code reads a stored article and finds the documented fields > with pymongo',
    reason: 'Python has no pymongo (`pip install pymongo`)',
    holdsWhen: "! python3 -c 'import pymongo' >/dev/null 2>&1",
  },
  {
    file: 'test/reliability/reliability.test.ts',
    test: 'reliability: servers restarted mid-stream (private deploy/local stack)',
    reason:
      'deploy/local has not installed Kafka, Redis and a MongoDB-wire server here (tests use containers or ' +
      'servers given by KAFKA_BROKERS/REDIS_URL/MONGODB_URI); `deploy/local/where` names what is missing',
    holdsWhen: '! bash deploy/local/where kafka redis mongo >/dev/null 2>&1',
  },
  {
    file: 'test/reliability/reliability.test.ts',
    test: 'reliability: a 3-node Kafka cluster loses a broker (private deploy/local stack)',
    reason:
      'deploy/local has not installed Kafka, Redis and a MongoDB-wire server here (see the entry above)',
    holdsWhen: '! bash deploy/local/where kafka redis mongo >/dev/null 2>&1',
  },
  {
    file: 'test/runtime/dead-letter-outbox.test.ts',
    test: 'dead letters while Kafka is down (private broker)',
    reason:
      'deploy/local has not installed Kafka here, so the test cannot stop a broker of its own; ' +
      '`deploy/local/where kafka` says why',
    holdsWhen: '! bash deploy/local/where kafka >/dev/null 2>&1',
  },
  {
    file: 'test/cli/server-gone.test.ts',
    test: 'newsflow: a Kafka broker killed under the CLI (private broker)',
    reason:
      'deploy/local has not installed Kafka here, so the test cannot kill a broker of its own; ' +
      '`deploy/local/where kafka` says why',
    holdsWhen: '! bash deploy/local/where kafka >/dev/null 2>&1',
  },
  {
    file: 'test/deploy/kafka-unclean-restart.test.ts',
    test: 'deploy/local: a Kafka broker killed with SIGKILL (private broker)',
    reason:
      'deploy/local has not installed Kafka here, so the test cannot kill a broker of its own; ' +
      '`deploy/local/where kafka` says why',
    holdsWhen: '! bash deploy/local/where kafka >/dev/null 2>&1',
  },
  {
    file: 'test/console/console.test.ts',
    test: 'the console on a pipeline that processed the fixture pages > in Chromium',
    reason:
      "Debian's Chromium (/usr/bin/chromium) is missing and this machine cannot install it (scripts/test.sh " +
      'installs it with apt-get where it runs as root)',
    holdsWhen: '[ ! -x /usr/bin/chromium ] && ! { command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }',
  },
  {
    file: 'test/archives/import-export.test.ts',
    test: 'import-warc and export-warc through the pipeline > exports a WARC that Python warcio checks and reads',
    reason:
      "Python's warcio could not be installed (python3 with venv, and PyPI, are needed; the venv is " +
      '${NEWSFLOW_CACHE_DIR:-.cache}/warcio-venv); the same export is still read by the JS warcio parser',
    holdsWhen:
      '! "${NEWSFLOW_CACHE_DIR:-.cache}/warcio-venv/bin/python" -c \'import warcio\' >/dev/null 2>&1',
  },
];
