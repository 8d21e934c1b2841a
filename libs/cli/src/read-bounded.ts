/**
 * Reads `stream` whole, giving up (and closing it) once it is past `limit` bytes: a command fed /dev/zero, an
 * endless pipe or a huge file by mistake must fail with a message, not fill memory first.
 * @throws Error `larger than <limit> bytes`, or the stream's own error
 */
export async function readBounded(
  stream: AsyncIterable<Uint8Array | string>,
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    size += chunk.length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
