import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow console`. */
export const consoleArgs = {
  options: { port: { type: 'string' }, host: { type: 'string' } },
} as const satisfies ArgsConfig;

/** What `newsflow console --help` prints. */
export const consoleHelp = `Usage: newsflow console [--port PORT] [--host HOST]

Runs the web console against the stack the environment names (the same variables as every command), until
Ctrl-C: the pipeline at work (lag, queues, throughput, dead letters, server health), dead letters with replay,
stored articles with their entities, the BullMQ queues (Bull Board) and the followed sources.

Options:
  --port PORT   port of the console (default: CONSOLE_PORT, else 8090)
  --host HOST   address to bind (default: CONSOLE_HOST, else 127.0.0.1: this machine only)
  -h, --help    this text

Environment: KAFKA_BROKERS, REDIS_URL, MONGODB_URI, TOPIC_PREFIX, QUEUE_PREFIX, STORE_ARTICLES_COLLECTION,
DISCOVERY_SOURCES_COLLECTION, and the console's own CONSOLE_* settings (docs/console.md). Changes (replays,
pausing sources, queue actions) need CONSOLE_TOKEN; without it the console is read-only.

The console's JSON log goes to stderr; its address is printed on stdout once it listens.

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 it could not start (a bad setting, a server not answering).
`;
