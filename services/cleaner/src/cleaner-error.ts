import { NewsflowError, type NewsflowErrorOptions } from '@newsflow/errors';

/**
 * Codes of {@link CleanerError}. All are permanent: the same stored bytes give the same outcome, so the page
 * goes to `page.fetched.dlq` at once. Documented in services/cleaner/README.md (a test keeps the table complete).
 */
export const CleanerErrorCode = {
  /** The stored page holds more bytes than `CLEANER_MAX_PAGE_BYTES`. */
  pageTooLarge: 'CLEANER_PAGE_TOO_LARGE',
  /** The stored body cannot be read back (bad gzip). */
  pageCorrupt: 'CLEANER_PAGE_CORRUPT',
  /** The content type is an image, video, archive, PDF or another type that holds no article text. */
  unsupportedType: 'CLEANER_UNSUPPORTED_TYPE',
  /** The decoded body is mostly control characters or undecodable bytes: binary, not text. */
  binaryBody: 'CLEANER_BINARY_BODY',
  /** Extraction found no article with text on the page (an index, a login wall, an empty page). */
  noArticle: 'EXTRACT_NO_ARTICLE',
  /** The extractor failed in a way it does not type (a bug); retrying the same bytes would fail again. */
  extractFailed: 'EXTRACT_FAILED',
} as const;
export type CleanerErrorCode = (typeof CleanerErrorCode)[keyof typeof CleanerErrorCode];

/** A page the cleaner cannot turn into articles; never retriable. */
export class CleanerError extends NewsflowError {
  override name = 'CleanerError';
  declare readonly code: CleanerErrorCode;
  constructor(
    code: CleanerErrorCode,
    message: string,
    options: Omit<NewsflowErrorOptions, 'retriable'> = {},
  ) {
    super(code, message, { ...options, retriable: false });
  }
}
