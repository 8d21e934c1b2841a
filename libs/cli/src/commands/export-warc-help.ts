import { parseCommandArgs, type ArgsConfig } from '../command.js';
import { parseSinceDate, parseSiteHost } from '../filter-options.js';

/** The flags of `newsflow export-warc`. */
export const exportWarcArgs = {
  options: {
    since: { type: 'string' },
    site: { type: 'string' },
    out: { type: 'string' },
  },
} as const satisfies ArgsConfig;

/** What `newsflow export-warc` was asked to do, its arguments checked. */
export interface ExportWarcRequest {
  readonly since?: Date;
  readonly site?: string;
  readonly out?: string;
}

/**
 * The arguments of `newsflow export-warc`, checked here in the light module so that bad usage is answered
 * before the command's client libraries load; a string naming the problem otherwise.
 */
export function parseExportWarcArgs(args: readonly string[]): ExportWarcRequest | string {
  const parsed = parseCommandArgs(args, exportWarcArgs);
  if (typeof parsed === 'string') return parsed;
  const { values } = parsed;
  const since = values.since === undefined ? undefined : parseSinceDate(values.since);
  if (typeof since === 'string') return since;
  const site = values.site === undefined ? undefined : parseSiteHost(values.site);
  if (typeof site === 'string') return site;
  return {
    ...(since === undefined ? {} : { since }),
    ...(site === undefined ? {} : { site: site.host }),
    ...(values.out === undefined ? {} : { out: values.out }),
  };
}

/** What `newsflow export-warc --help` prints. */
export const exportWarcHelp = `Usage: newsflow export-warc [--since DATE] [--site HOST] [--out FILE.warc.gz]

Writes the raw pages stored in MongoDB \`pages\` as a WARC/1.1 file, gzipped per record, that every WARC tool
reads (warcio, pywb, OpenWayback, ArchiveSpark): a warcinfo record, then one response record per page, oldest
fetch first, with the HTTP status and the headers kept at fetch time, WARC-Target-URI (the URL the page was
served from), WARC-Date (when it was fetched), WARC-Payload-Digest and WARC-Block-Digest (sha256, base32).
Bodies are written as stored (decoded), so Content-Encoding is left out and Content-Length is the body's.
Streams: one page in memory at a time.

Options:
  --since DATE   only pages fetched at or after this ISO 8601 date, e.g. 2026-11-01
  --site HOST    only pages whose final URL is on this host
  --out FILE     write to FILE (through FILE.part, renamed when complete; a FIFO or device such as
                 /dev/null is written as it is; a symbolic link is written through to its file, as >
                 and cp do, and a link to nothing refused); default: standard output
  -h, --help     this text

Progress goes to stderr. Settings: MONGODB_URI. \`newsflow import-warc\` reads the result back.

Exit codes: 0 written; 1 the file could not be written (ARCHIVE_WRITE_FAILED); 2 bad usage; 3 MongoDB
unreachable.
`;
