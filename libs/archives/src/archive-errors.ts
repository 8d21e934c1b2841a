import { NewsflowError, type ErrorContext } from '@newsflow/errors';

/** Codes of the errors `import-warc` and `export-warc` raise (docs/errors.md lists each). */
export const ArchiveErrorCode = {
  /** The bytes are neither WARC nor ARC (after gunzip). */
  unknownFormat: 'ARCHIVE_UNKNOWN_FORMAT',
  /** A path named on the command line does not exist, or a directory holds no archive. */
  notFound: 'ARCHIVE_NOT_FOUND',
  /** Reading the archive failed part-way (disk or network); its checkpoint keeps what was done. */
  readFailed: 'ARCHIVE_READ_FAILED',
  /** The export could not be written (disk full, closed pipe). */
  writeFailed: 'ARCHIVE_WRITE_FAILED',
} as const;

export type ArchiveErrorCode = (typeof ArchiveErrorCode)[keyof typeof ArchiveErrorCode];

/** An archive cannot be read or written; `retriable` when running the command again may succeed. */
export class ArchiveError extends NewsflowError {
  override name = 'ArchiveError';
  constructor(
    code: ArchiveErrorCode,
    message: string,
    options: { retriable?: boolean; context?: ErrorContext; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** The (decompressed) bytes open with neither `WARC/` nor an ARC header line. */
export class ArchiveFormatError extends ArchiveError {
  override name = 'ArchiveFormatError';
  constructor(firstBytes: Uint8Array) {
    const shown = JSON.stringify(new TextDecoder('latin1').decode(firstBytes.subarray(0, 16)));
    super(ArchiveErrorCode.unknownFormat, `not a WARC or ARC archive (it starts with ${shown})`);
  }
}
