import { PassThrough } from 'node:stream';

/** A CLI command's streams, as `CommandIo` in libs/cli types them. */
export interface CapturedIo {
  readonly io: {
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
    readonly stdin: NodeJS.ReadableStream;
  };
  /** What the command wrote to stdout so far. */
  out(): string;
  /** What the command wrote to stderr so far. */
  err(): string;
}

/** Streams for running a CLI command in-process: stdin gives `input` then ends; out/err collect the output. */
export function captureIo(input: string | Uint8Array = ''): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, stdin }, out: () => out, err: () => err };
}
