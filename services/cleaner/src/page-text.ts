import { binaryShare, decodeBytes, mediaTypeOf, type DecodedText } from '@newsflow/normalize';
import { CleanerError, CleanerErrorCode } from './cleaner-error.js';

/** What the extractor is told about a page: HTML, plain text, or `undefined` to let it sniff the body. */
export type PageKind = 'text/html' | 'text/plain' | undefined;

/** Media types that never hold article text; anything else is decoded and sniffed. */
const NON_TEXT_TYPE =
  /^(?:image|audio|video|font|model)\/|^application\/(?:pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|x-rar-compressed|msword|wasm|vnd\.)/;
/**
 * Share of binary-data and U+FFFD replacement characters ({@link binaryShare}) above which a body is binary.
 * Real pages in a wrong charset stay far below (a few per cent of U+FFFD at most).
 */
const MAX_BINARY_SHARE = 0.1;

/**
 * Tells the extractor how to read a page from its Content-Type.
 * @throws CleanerError `CLEANER_UNSUPPORTED_TYPE` for types that hold no article (images, PDFs, archives…).
 */
export function pageKindOf(contentType: string): PageKind {
  const type = mediaTypeOf(contentType);
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'text/html';
  if (type === 'text/plain') return 'text/plain';
  if (NON_TEXT_TYPE.test(type)) {
    throw new CleanerError(
      CleanerErrorCode.unsupportedType,
      `content type ${JSON.stringify(type)} holds no article text`,
    );
  }
  return undefined;
}

/**
 * Decodes stored page bytes. The charset the fetcher recorded is passed as the header charset when the stored
 * Content-Type has none, so both fetch-time signals count before `<meta>` and detection.
 * @throws CleanerError `CLEANER_BINARY_BODY` when the result is not text.
 */
export function decodePage(body: Uint8Array, contentType: string, charset: string | undefined): DecodedText {
  const header =
    charset && !/charset\s*=/i.test(contentType)
      ? `${contentType || 'text/html'}; charset=${charset}`
      : contentType;
  const decoded = decodeBytes(body, header);
  const share = binaryShare(decoded.text);
  if (share > MAX_BINARY_SHARE) {
    throw new CleanerError(
      CleanerErrorCode.binaryBody,
      `body is not text (${Math.round(share * 100)} % control or undecodable characters)`,
    );
  }
  return decoded;
}
