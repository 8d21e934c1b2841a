import { gunzipSync } from 'node:zlib';
import { SourcesError, SourcesErrorCode } from './sources-error.js';

/** Whether `bytes` start with the gzip magic number (a `.xml.gz` sitemap, whatever its Content-Type). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips `bytes`, refusing to produce more than `maxBytes` (a gzip bomb stops there, having cost at most that
 * much memory). Bytes that are not gzip are returned as they are.
 * @throws SourcesError `SOURCES_TOO_LARGE` past `maxBytes`, `SOURCES_BAD_GZIP` for corrupt gzip.
 */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || cause instanceof RangeError) {
      throw new SourcesError(SourcesErrorCode.tooLarge, `gzip content larger than ${maxBytes} bytes`, {
        cause,
      });
    }
    throw new SourcesError(SourcesErrorCode.badGzip, `not valid gzip: ${(cause as Error).message}`, {
      cause,
    });
  }
}
