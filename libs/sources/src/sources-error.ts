import { NewsflowError } from '@newsflow/errors';

/** Stable error codes of {@link SourcesError}; match on these, not on messages. */
export const SourcesErrorCode = {
  /** The bytes are not a feed or sitemap at all (an HTML page, an image, an empty body). */
  notAFeed: 'SOURCES_NOT_A_FEED',
  /** A feed or sitemap so broken that no item could be read from it. */
  malformed: 'SOURCES_MALFORMED',
  /** The document (or its gzip content) is larger than allowed. */
  tooLarge: 'SOURCES_TOO_LARGE',
  /** A `.gz` body that is not valid gzip. */
  badGzip: 'SOURCES_BAD_GZIP',
  /** A duration (`--every`, `--backfill`) that cannot be read. */
  badDuration: 'SOURCES_BAD_DURATION',
} as const;
export type SourcesErrorCode = (typeof SourcesErrorCode)[keyof typeof SourcesErrorCode];

/**
 * Thrown when a feed, sitemap or setting cannot be read. Permanent: the same bytes give the same error, so the
 * caller records it on the source rather than retrying at once.
 */
export class SourcesError extends NewsflowError {
  override readonly name = 'SourcesError';
  declare readonly code: SourcesErrorCode;
  constructor(code: SourcesErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, retriable: false });
  }
}
