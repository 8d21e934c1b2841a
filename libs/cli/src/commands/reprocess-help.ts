import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow reprocess`. */
export const reprocessArgs = {
  options: {
    since: { type: 'string' },
    site: { type: 'string' },
    limit: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
} as const satisfies ArgsConfig;

/** What `newsflow reprocess --help` prints. */
export const reprocessHelp = `Usage: newsflow reprocess --since <ISO date> [--site <host>] [--limit N] [--dry-run]

Replays raw pages stored in MongoDB \`pages\` through the cleaner and entities again, without fetching
(e.g. after a new extractor version): sends one page.fetched message with "reprocess": true per page
fetched at or after --since. The store then updates each article, bumping its version and recording
the new extractor.version.

  --since DATE   ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T12:00:00Z (required)
  --site HOST    only pages whose final URL is on this host, e.g. news.example (a URL is accepted too)
  --limit N      stop after N pages
  --dry-run      print the pages that would be replayed; send nothing (needs MongoDB only)

Settings come from the environment, as for the services: MONGODB_URI, KAFKA_BROKERS, TOPIC_PREFIX,
KAFKA_SSL, KAFKA_SASL_MECHANISM/USERNAME/PASSWORD; NEWSFLOW_CONNECT_TIMEOUT_MS bounds each connection (4000).

Exit codes: 0 done; 1 some pages could not be replayed (named on stderr), or a bad setting; 2 bad usage;
3 Kafka or MongoDB unreachable.
`;
