import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { AsyncIterReader } from 'warcio';
import { SkipReason } from './skip-reasons.js';

export type DecodedPayload =
  | { readonly kind: 'body'; readonly body: Uint8Array }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

export interface PayloadLimits {
  /** Largest decoded body (the page size limit, FETCH_MAX_BODY_BYTES). */
  readonly maxBodyBytes: number;
  /** Decoded bytes per encoded byte above which an over-long body is a decompression bomb, not a big page. */
  readonly maxRatio: number;
}

/**
 * A body that decodes past the limit: a bomb when even the limit is more than `maxRatio` times what was sent
 * (the true ratio is higher still), else merely too large.
 */
function tooLong(encodedBytes: number, limits: PayloadLimits): DecodedPayload {
  const reason = limits.maxBodyBytes > limits.maxRatio * encodedBytes ? SkipReason.bomb : SkipReason.tooLarge;
  return { kind: 'skipped', reason };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** One Content-Encoding undone, output capped at `maxBodyBytes` (zlib stops there, so a bomb costs no more). */
function undoCoding(coding: string, bytes: Uint8Array, limits: PayloadLimits): DecodedPayload {
  const options = { maxOutputLength: limits.maxBodyBytes };
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        // Many crawlers store the payload decoded but keep the header: bytes that are not gzip are taken as is.
        return { kind: 'body', body: isGzip(bytes) ? gunzipSync(bytes, options) : bytes };
      case 'deflate':
        // "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2), but raw deflate is common.
        try {
          return { kind: 'body', body: inflateSync(bytes, options) };
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
          return { kind: 'body', body: inflateRawSync(bytes, options) };
        }
      case 'br':
        return { kind: 'body', body: brotliDecompressSync(bytes, options) };
      default:
        return { kind: 'skipped', reason: SkipReason.badEncoding };
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return tooLong(bytes.byteLength, limits);
    return { kind: 'skipped', reason: SkipReason.badEncoding };
  }
}

/**
 * The body a fetch would have stored, from an HTTP payload as archived: chunked transfer coding removed
 * (warcio's de-chunker, which leaves a body that is not actually chunked as it is) and Content-Encoding
 * (gzip, deflate, br) undone, each step bounded by `maxBodyBytes`.
 */
export async function decodeHttpPayload(
  payload: Uint8Array,
  headers: Readonly<Record<string, string>>,
  limits: PayloadLimits,
): Promise<DecodedPayload> {
  let body = payload;
  const transfer = (headers['transfer-encoding'] ?? '').toLowerCase();
  if (transfer.split(',').some((coding) => coding.trim() === 'chunked')) {
    body = await new AsyncIterReader([payload], null, true).readFully();
  }
  const codings = (headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding.length > 0 && coding !== 'identity')
    .reverse();
  for (const coding of codings) {
    const decoded = undoCoding(coding, body, limits);
    if (decoded.kind === 'skipped') return decoded;
    body = decoded.body;
  }
  if (body.byteLength > limits.maxBodyBytes) return { kind: 'skipped', reason: SkipReason.tooLarge };
  return { kind: 'body', body };
}
