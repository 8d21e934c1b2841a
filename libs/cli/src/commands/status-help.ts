import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow status`. */
export const statusArgs = {
  options: { json: { type: 'boolean', default: false } },
} as const satisfies ArgsConfig;

/** What `newsflow status --help` prints. */
export const statusHelp = `Usage: newsflow status [--json]

Shows where the pipeline stands:
  - per stage: consumer lag on its input topic (messages not yet handed to its queue), consumers in its
    group, its BullMQ queue (waiting, active, delayed, failed), and for the fetcher the requests it
    skipped (a URL requested again within FETCH_DEDUPE_WINDOW_S, a 304, an unchanged page; each is on the
    url.skipped topic with its reason; push with --force to fetch anyway);
  - messages on each dead-letter topic;
  - articles stored in MongoDB;
  - followed sources (newsflow sources) by state, and each failing one with the reason.
Consumer groups are named like the stages (plus TOPIC_PREFIX), queues live under QUEUE_PREFIX.

Options:
  --json        print the same as JSON (per stage also "produced": messages it wrote to its output topic)
  -h, --help    this text

Environment: KAFKA_BROKERS, REDIS_URL, MONGODB_URI, TOPIC_PREFIX, QUEUE_PREFIX, STORE_ARTICLES_COLLECTION,
DISCOVERY_SOURCES_COLLECTION.

Exit codes: 0 all servers answered, 3 one could not be reached (named on stderr; the rest is still shown,
its figures as -; --json also lists it under "unreachable"), 2 bad arguments.
`;
