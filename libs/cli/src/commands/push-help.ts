import type { ArgsConfig } from '../command.js';

/** How long `--follow` waits for the URLs, in seconds, unless `--timeout` says. */
export const DEFAULT_TIMEOUT_S = 120;

/** The flags of `newsflow push`. */
export const pushArgs = {
  allowPositionals: true,
  options: {
    follow: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    force: { type: 'boolean', default: false },
    source: { type: 'string' },
    priority: { type: 'string' },
    file: { type: 'string' },
  },
} as const satisfies ArgsConfig;

/** What `newsflow push --help` prints. */
export const pushHelp = `Usage: newsflow push [options] <url...>
       newsflow push [options] -            URLs from stdin, one a line
       newsflow push [options] --file FILE  URLs from a file, one a line

Puts URLs onto the url.requested topic (blank lines and lines starting with # are skipped). Every URL is
checked first; if any is not an http(s) URL nothing is pushed and the command exits 2.

Options:
  --follow          show progress until each URL is stored, dead-lettered or skipped (the fetcher
                    leaves alone a URL requested within FETCH_DEDUPE_WINDOW_S, not modified or unchanged
                    since its last fetch, and says why), then print each article's title, date, authors
                    and top entities (read from MongoDB)
  --timeout SEC     with --follow: give up after SEC seconds (default ${DEFAULT_TIMEOUT_S}); a URL no stage
                    finished by then is "timeout" (exit 1)
  --json            with --follow: print the outcome of every URL as JSON on stdout (status stored,
                    dead-lettered, skipped, timeout, or unfinished when Kafka went away mid-follow); the
                    text output and the summary on stderr use the same words
  --force           fetch and process again even if the URL was fetched recently or is unchanged
  --source NAME     label stored with the request (e.g. the feed it came from)
  --priority N      1 (first) to 10
  --file FILE       read URLs from FILE
  -h, --help        this text

Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_SSL, KAFKA_SASL_*, TOPIC_PREFIX; with --follow
also MONGODB_URI and STORE_ARTICLES_COLLECTION. NEWSFLOW_CONNECT_TIMEOUT_MS bounds each connection (4000).

Exit codes: 0 pushed (with --follow: every URL stored, or skipped as already fetched), 1 a URL was
dead-lettered or timed out,
2 bad arguments or URLs, 3 a server could not be reached, or went away: with --follow, Kafka stopped
answering (checked every 2 s; 3 failures in a row end the follow with the summary so far), or closing a
connection was abandoned after 10 s.

Examples:
  newsflow push https://example.com/news/1 https://example.com/news/2
  newsflow push --follow --timeout 300 https://example.com/news/1
  cat urls.txt | newsflow push -
`;
