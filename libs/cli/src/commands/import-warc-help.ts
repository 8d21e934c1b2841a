import { SkipReason } from '@newsflow/archives/skip-reasons';
import { parseCommandArgs, type ArgsConfig } from '../command.js';
import { parseSinceDate, parseSiteHost } from '../filter-options.js';

/** The flags of `newsflow import-warc`. */
export const importWarcArgs = {
  allowPositionals: true,
  options: {
    since: { type: 'string' },
    site: { type: 'string', multiple: true },
    limit: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const satisfies ArgsConfig;

/** What `newsflow import-warc` was asked to do, its arguments checked. */
export interface ImportWarcRequest {
  readonly archives: readonly string[];
  readonly since?: Date;
  readonly sites: readonly string[];
  readonly limit?: number;
  readonly fresh: boolean;
  readonly json: boolean;
}

/**
 * The arguments of `newsflow import-warc`, checked here in the light module so that bad usage is answered
 * before the command's client libraries load; a string naming the problem otherwise.
 */
export function parseImportWarcArgs(args: readonly string[]): ImportWarcRequest | string {
  const parsed = parseCommandArgs(args, importWarcArgs);
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return 'name at least one archive (file, directory or URL)';
  const since = values.since === undefined ? undefined : parseSinceDate(values.since);
  if (typeof since === 'string') return since;
  const sites: string[] = [];
  for (const value of values.site ?? []) {
    const site = parseSiteHost(value);
    if (typeof site === 'string') return site;
    sites.push(site.host);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0))
    return '--limit needs a positive integer';
  return {
    archives: positionals,
    ...(since === undefined ? {} : { since }),
    sites,
    ...(limit === undefined ? {} : { limit }),
    fresh: values.fresh,
    json: values.json,
  };
}

/** What `newsflow import-warc --help` prints. */
export const importWarcHelp = `Usage: newsflow import-warc <file|dir|url>... [--since DATE] [--site HOST]... [--limit N] [--fresh] [--json]

Pours web archives through the pipeline. Reads WARC 1.0/1.1 and ARC files, gzipped per record, gzipped
whole or plain, from disk (a directory: its .warc/.warc.gz/.arc/.arc.gz files) or over http(s) (through
the guarded HTTP client: FETCH_ALLOWED_HOSTS, FETCH_* timeouts), streamed. Every response record with a 2xx
HTML or plain-text payload becomes a raw page in MongoDB \`pages\` (url = WARC-Target-URI, fetchedAt =
WARC-Date) and a page.fetched message, so cleaner, entities and store make articles of it as of a fetched
page. Other records are skipped and counted by reason: ${Object.values(SkipReason).join(', ')}.

The importer waits while the cleaner is behind (its lag plus waiting jobs over WARC_IMPORT_MAX_BACKLOG),
and keeps a checkpoint per archive in Redis: run it again after a crash or Ctrl-C and it resumes where it
stopped, storing nothing twice; an archive imported to its end is skipped (--fresh reads it again).

Options:
  --since DATE   only records dated (WARC-Date) at or after this ISO 8601 date, e.g. 2026-11-01
  --site HOST    only records whose target URI is on this host (repeat for several)
  --limit N      stop after N pages taken from the archives
  --fresh        ignore the checkpoints: read every archive from its start
  --json         print the summary as JSON
  -h, --help     this text

Progress goes to stderr every few seconds: records read, imported, skipped by reason, rate and ETA.
Settings: MONGODB_URI, KAFKA_BROKERS, REDIS_URL, TOPIC_PREFIX, QUEUE_PREFIX, FETCH_MAX_BODY_BYTES (page size
limit), FETCH_* for downloads, WARC_IMPORT_* (docs/archives.md).

Exit codes: 0 every archive read; 1 an archive could not be read (named on stderr with its error code; the
others are still imported); 2 bad usage; 3 Kafka, Redis or MongoDB unreachable.
`;
