import { InputTooLargeError } from './input-too-large-error.js';

/**
 * Reads `stream` until its end or until it is past `limit` bytes, whichever comes first (closing it then): at most
 * one chunk past `limit` is held. For a reader that lets the next step refuse what is too large.
 */
export async function readAtMost(stream: AsyncIterable<Uint8Array | string>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    chunks.push(chunk);
    size += chunk.length;
    if (size > limit) break;
  }
  return Buffer.concat(chunks);
}

/**
 * Reads `stream` whole, giving up (and closing it) once it is past `limit` bytes: a command fed /dev/zero, an
 * endless pipe or a huge file by mistake must fail with a message, not fill memory first.
 * @throws InputTooLargeError (`CLI_INPUT_TOO_LARGE`) past `limit`, or the stream's own error
 */
export async function readBounded(
  stream: AsyncIterable<Uint8Array | string>,
  limit: number,
): Promise<Buffer> {
  const bytes = await readAtMost(stream, limit);
  if (bytes.length > limit) throw new InputTooLargeError(limit, 'read');
  return bytes;
}
