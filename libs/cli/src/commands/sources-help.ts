import type { ArgsConfig, CommandArgs } from '../command.js';

/** How long add/pause/resume/remove wait for the discovery service, in seconds, unless `--timeout` says. */
export const DEFAULT_TIMEOUT_S = 120;

/** What pause, resume and remove take (one table: they differ only in what they ask discovery to do). */
const changeArgs = {
  allowPositionals: true,
  options: { 'no-wait': { type: 'boolean', default: false }, timeout: { type: 'string' } },
} as const satisfies ArgsConfig;

/** The flags of each `newsflow sources` sub-command, in the order the usage lists them. */
export const sourcesArgs = {
  subcommands: {
    add: {
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        every: { type: 'string' },
        feed: { type: 'string', multiple: true },
        sitemap: { type: 'string', multiple: true },
        backfill: { type: 'string' },
        'no-wait': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    },
    list: { options: { json: { type: 'boolean', default: false } } },
    pause: changeArgs,
    resume: changeArgs,
    remove: changeArgs,
    parse: { allowPositionals: true, options: { json: { type: 'boolean', default: false } } },
  },
} as const satisfies CommandArgs;

/** What `newsflow sources --help` prints. */
export const sourcesHelp = `Usage: newsflow sources add <url> [--name N] [--every DURATION] [--feed URL]... [--sitemap URL]...
                           [--backfill DURATION|all] [--no-wait] [--timeout SEC] [--json]
       newsflow sources list [--json]
       newsflow sources pause|resume|remove <url|id> [--no-wait]
       newsflow sources parse <file|url|-> [--json]

Follows news sites: the discovery service finds a site's feeds (RSS, Atom, RDF, JSON Feed) and sitemaps (news
sitemaps, indexes, .xml.gz), or watches its home page for article links, polls them and pushes each new
article URL onto url.requested once. Changes go to the source.requested topic; sources live in MongoDB.

  add      follow a site (its home page), or a feed or sitemap URL directly. Waits until discovery has run
           and prints what it found (--no-wait: return once the request is sent).
             --name N          a name to show (default: the host)
             --every DURATION  poll every DURATION (30s, 15m, 2h), never below DISCOVERY_MIN_INTERVAL_MS;
                               default: adaptive, more often while new items keep appearing
             --feed URL        poll this feed (repeatable; no discovery then)
             --sitemap URL     poll this sitemap (repeatable)
             --backfill D      the first poll sends what was published in the last D (default 2d); all: everything
  list     one row per source: name, kind, feeds/sitemaps, last and next poll, status, URLs found in the
           last 24 h, articles stored from its host (--json: the documents, for scripts)
  pause    stop polling a source (by URL or id); resume: start again; remove: forget it
  parse    parse one feed or sitemap (a file, an http(s) URL, or - for stdin) and print its items; for
           debugging a source. --json: {kind, format?, items: [{url, title?, publishedAt?, authors?, id?}]}

Options:
  --timeout SEC   how long add/pause/resume/remove wait for the service (default ${DEFAULT_TIMEOUT_S})
  --json          machine-readable output
  -h, --help      this text

Environment: KAFKA_BROKERS, TOPIC_PREFIX, MONGODB_URI, DISCOVERY_SOURCES_COLLECTION (default sources),
STORE_ARTICLES_COLLECTION; parse <url> also FETCH_ALLOWED_HOSTS and the other FETCH_* limits.

Exit codes: 0 done, 1 discovery failed or timed out, 2 bad arguments, 3 a server could not be reached.

Examples:
  newsflow sources add https://www.theguardian.com/ --name Guardian
  newsflow sources add https://example.com/ --every 2m --backfill all
  newsflow sources list
  newsflow sources parse https://example.com/news-sitemap.xml --json
`;
