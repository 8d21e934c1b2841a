/** Media types: the essence of a Content-Type value, and a guess for a text body served without one. */

/** Media type essence of a Content-Type value: `Text/HTML; charset=x` → `text/html`; `''` when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** How much of a body {@link sniffTextMediaType} looks at: markup starts near the top. */
const SNIFF_HEAD_BYTES = 512;

/** Tags a page may start with (after a BOM and whitespace) that make it HTML rather than plain text. */
const HTML_START = /^<(!doctype html|html|head|body|!--|\?xml|meta|title|div|p[ >])/;

/**
 * For a text body served without Content-Type: `text/html` when it starts with markup, else `text/plain`.
 * Call it on bodies already found not to be binary ({@link detectBinary}).
 */
export function sniffTextMediaType(body: Uint8Array): 'text/html' | 'text/plain' {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, SNIFF_HEAD_BYTES))
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart()
    .toLowerCase();
  return HTML_START.test(head) ? 'text/html' : 'text/plain';
}
