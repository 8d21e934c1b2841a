/**
 * Binary-content detection, one definition for every stage: the fetcher checks the bytes it receives
 * ({@link detectBinary}), the cleaner checks the text it decoded ({@link binaryShare}).
 */

/** How many bytes of a body are checked for binary content (WHATWG MIME Sniffing §7.1 reads 1445). */
const SNIFF_BYTES = 1445;

/** How much decoded text {@link binaryShare} samples: enough for a verdict, cheap on big pages. */
const SHARE_SAMPLE_CHARS = 64 * 1024;

/** Signatures of common binary formats served with a text Content-Type (WHATWG MIME Sniffing §6). */
const BINARY_SIGNATURES: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'ZIP', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip', bytes: [0x1f, 0x8b, 0x08] },
  { name: 'ELF', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
];

/**
 * WHATWG MIME Sniffing §7.2 "binary data bytes": control characters text never contains. Tab, newlines,
 * form feed and ESC (ISO-2022-JP escapes) are text.
 */
export function isBinaryDataByte(code: number): boolean {
  return code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1a) || (code >= 0x1c && code <= 0x1f);
}

/**
 * Why `body` is not text, or `undefined` when it looks like text: a known binary signature (PDF, PNG, …) or
 * a binary data byte in the first {@link SNIFF_BYTES} bytes. UTF-16 bodies (BOM) are text.
 */
export function detectBinary(body: Uint8Array): string | undefined {
  for (const signature of BINARY_SIGNATURES) {
    if (signature.bytes.every((byte, i) => body[i] === byte)) return `${signature.name} signature`;
  }
  const utf16Bom = (body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe);
  if (utf16Bom) return undefined;
  const end = Math.min(body.length, SNIFF_BYTES);
  for (let i = 0; i < end; i += 1) {
    const byte = body[i] ?? 0;
    if (isBinaryDataByte(byte)) return `control byte 0x${byte.toString(16).padStart(2, '0')} at offset ${i}`;
  }
  return undefined;
}

/**
 * Share (0–1) of binary data characters ({@link isBinaryDataByte}) and U+FFFD replacement characters in the
 * first {@link SHARE_SAMPLE_CHARS} characters of decoded text: high when bytes that were not text got
 * decoded anyway.
 */
export function binaryShare(text: string): number {
  const n = Math.min(text.length, SHARE_SAMPLE_CHARS);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || isBinaryDataByte(c)) bad++;
  }
  return bad / n;
}
