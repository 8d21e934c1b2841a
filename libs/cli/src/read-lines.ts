/**
 * The non-empty lines of a text or a stream (stdin), trimmed; lines starting with `#` are comments.
 */
export async function readLines(source: string | NodeJS.ReadableStream): Promise<string[]> {
  let text: string;
  if (typeof source === 'string') text = source;
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    text = Buffer.concat(chunks).toString('utf8');
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}
