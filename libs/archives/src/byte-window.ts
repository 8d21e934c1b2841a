/**
 * The bytes of a stream addressed by their absolute offset, read on demand and kept only from a chosen
 * offset on (`release`), so a reader can look back over the part it has not settled yet without copying the
 * stream into one buffer.
 */
export class ByteWindow {
  readonly #source: AsyncIterator<Uint8Array>;
  readonly #chunks: Uint8Array[] = [];
  /** Absolute offset of the first kept byte. */
  #start: number;
  /** Absolute offset just past the last byte read. */
  #end: number;
  #done = false;

  /** `startOffset`: the absolute offset of the source's first byte. */
  constructor(source: AsyncIterable<Uint8Array>, startOffset = 0) {
    this.#source = source[Symbol.asyncIterator]();
    this.#start = startOffset;
    this.#end = startOffset;
  }

  /** Absolute offset of the first byte still kept. */
  get start(): number {
    return this.#start;
  }

  /** Absolute offset just past the last byte read so far. */
  get end(): number {
    return this.#end;
  }

  /** Reads on until `offset` is inside the window; false when the stream ends first. */
  async fill(offset: number): Promise<boolean> {
    while (this.#end <= offset) {
      if (this.#done) return false;
      const next = await this.#source.next();
      if (next.done) {
        this.#done = true;
        return false;
      }
      if (next.value.byteLength === 0) continue;
      this.#chunks.push(next.value);
      this.#end += next.value.byteLength;
    }
    return true;
  }

  /**
   * Up to `maxLength` bytes from `offset` (a view into one chunk, so possibly fewer); empty at the end of the
   * stream. `offset` must not have been released.
   */
  async slice(offset: number, maxLength: number): Promise<Uint8Array> {
    if (offset < this.#start)
      throw new RangeError(`offset ${offset} was released (window starts at ${this.#start})`);
    if (!(await this.fill(offset))) return new Uint8Array(0);
    let chunkStart = this.#start;
    for (const chunk of this.#chunks) {
      const chunkEnd = chunkStart + chunk.byteLength;
      if (offset < chunkEnd) {
        const from = offset - chunkStart;
        return chunk.subarray(from, Math.min(chunk.byteLength, from + maxLength));
      }
      chunkStart = chunkEnd;
    }
    return new Uint8Array(0);
  }

  /** The byte at `offset`, or undefined past the end of the stream. */
  async byteAt(offset: number): Promise<number | undefined> {
    const view = await this.slice(offset, 1);
    return view[0];
  }

  /** Forgets the bytes before `offset` (they can no longer be sliced). */
  release(offset: number): void {
    while (this.#chunks.length > 0) {
      const first = this.#chunks[0]!;
      if (this.#start + first.byteLength > offset) break;
      this.#chunks.shift();
      this.#start += first.byteLength;
    }
  }

  /** Reads and forgets everything before `offset`; false when the stream ends first. */
  async skipTo(offset: number): Promise<boolean> {
    for (;;) {
      this.release(offset);
      if (this.#end >= offset) return true;
      if (!(await this.fill(this.#end))) return false;
    }
  }
}
