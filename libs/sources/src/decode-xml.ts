import iconv from 'iconv-lite';
import { charsetFromContentType, decodeBytes, normalizeCharset } from '@newsflow/normalize';

/** How far into the body the XML declaration is looked for. */
const XML_DECL_SCAN_BYTES = 512;

/** The `encoding` of an `<?xml …?>` declaration at the start of `bytes` (ASCII-compatible encodings only). */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, XML_DECL_SCAN_BYTES),
  ).toString('latin1');
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(
    head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, ''),
  )?.[1];
}

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a feed or sitemap to text. A byte-order mark decides; otherwise bytes that are valid UTF-8 are read
 * as UTF-8 whatever is declared (feeds that declare ISO-8859-1 and send UTF-8 are common, and legacy text
 * with accents is almost never valid UTF-8); otherwise the declared encoding (HTTP header, then the XML
 * declaration), then statistical detection. Never throws: undecodable bytes become U+FFFD.
 */
export function decodeXml(bytes: Uint8Array, contentTypeHeader?: string): string {
  const bom = bomCharset(bytes);
  if (bom)
    return iconv.decode(
      Buffer.from(bytes.buffer, bytes.byteOffset + bom.length, bytes.byteLength - bom.length),
      bom.charset,
    );
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Not UTF-8: trust a declaration naming something else.
  }
  const declared =
    normalizeCharset(charsetFromContentType(contentTypeHeader)) ??
    normalizeCharset(xmlDeclaredEncoding(bytes));
  if (declared && declared !== 'utf-8')
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), declared);
  return decodeBytes(bytes).text;
}

/**
 * Removes a `<!DOCTYPE …>` with its internal subset, so no entity it declares is ever expanded (a
 * billion-laughs or quadratic-blowup document then costs one linear scan). Entities it declared stay as
 * literal `&name;` text.
 */
export function stripDoctype(text: string): string {
  const start = text.search(/<!DOCTYPE/i);
  // A DOCTYPE comes before the root element: only the prolog is looked at.
  if (start === -1 || /<[A-Za-z]/.test(text.slice(0, start))) return text;
  let quote: string | undefined;
  let inSubset = false;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return text.slice(0, start) + text.slice(i + 1);
  }
  return text.slice(0, start);
}
