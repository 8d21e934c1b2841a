/**
 * Why a record of an archive did not become a page. Every record read is either imported or counted under
 * exactly one of these (progress lines, the final summary and `--json` show the counts).
 */
export const SkipReason = {
  /** `warcinfo` records and the ARC file header: they describe the archive, not a page. */
  archiveInfo: 'archive-info',
  /** A `revisit` record: it points at a payload stored elsewhere instead of holding it. */
  revisit: 'revisit',
  /** A `request` record (what the crawler sent). */
  request: 'request',
  /** A `metadata` record (crawler notes, outlinks). */
  metadata: 'metadata',
  /** `resource`, `conversion`, `continuation` and unknown types. */
  otherType: 'other-type',
  /** The HTTP status is not 2xx. */
  notOk: 'not-2xx',
  /** The payload is not HTML or plain text (declared, or sniffed when undeclared), or is binary. */
  notText: 'not-html',
  /** No usable `WARC-Target-URI` (missing, not http(s), or refused by URL normalisation). */
  badTargetUri: 'bad-target-uri',
  /** The HTTP head of a response record cannot be read (no status line or no blank line after the headers). */
  badHttp: 'bad-http',
  /**
   * Record headers that cannot be read (no version line, no type, a missing or malformed Content-Length), or a
   * response record without a readable WARC-Date (missing, 'yesterday', month 99).
   */
  badRecord: 'bad-record',
  /** The archive ends (or the gzip member ends) before the record's Content-Length. */
  truncated: 'truncated',
  /** A gzip member that does not decompress; reading goes on at the next member. */
  badGzip: 'bad-gzip',
  /** Content-Length far beyond anything the importer would read (also a gzip member larger than that). */
  absurdLength: 'absurd-content-length',
  /** The payload is larger than the page size limit (FETCH_MAX_BODY_BYTES), as recorded or once decoded. */
  tooLarge: 'too-large',
  /** Compressed data that expands far beyond any real page (a gzip member or a Content-Encoding). */
  bomb: 'decompression-bomb',
  /** The payload's Content-Encoding is unknown or corrupt. */
  badEncoding: 'bad-content-encoding',
  /** Filtered out by `--since` (dated before it). */
  beforeSince: 'before-since',
  /** Filtered out by `--site`. */
  otherSite: 'other-site',
} as const;

export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];
