import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fetchStream, type FetchOptions } from '@newsflow/http-fetch';
import { ArchiveError, ArchiveErrorCode } from './archive-errors.js';
import type { ArchiveToImport } from './warc-import.js';

/** File names taken from a directory: WARC and ARC, plain or gzipped. */
const ARCHIVE_NAME = /\.(warc|arc)(\.gz)?$/i;

/** Chunks read from disk at once: large enough that per-chunk costs vanish, small enough to bound memory. */
const FILE_CHUNK_BYTES = 256 * 1024;

/** Read errors surface as ArchiveError (retriable: the checkpoint keeps what was done). */
async function* guardedRead(stream: Readable, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (error instanceof ArchiveError || (error as { code?: unknown }).code?.toString().startsWith('FETCH_'))
      throw error;
    throw new ArchiveError(
      ArchiveErrorCode.readFailed,
      `reading ${name} failed: ${(error as Error).message}`,
      {
        retriable: true,
        cause: error,
      },
    );
  }
}

function fileArchive(path: string, sizeBytes: number): ArchiveToImport {
  const name = basename(path);
  return {
    name,
    async open() {
      const stream = createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES });
      return { bytes: guardedRead(stream, name), sizeBytes, close: () => stream.destroy() };
    },
  };
}

/** Options for archives named by URL: the guarded client's, with the body limits raised for archives. */
export interface ArchiveDownloadOptions extends FetchOptions {
  /** Largest archive downloaded (compressed as sent). */
  readonly maxBodyBytes: number;
  /** Whole download, pauses for backpressure included. */
  readonly totalTimeoutMs: number;
}

function urlArchive(url: string, options: ArchiveDownloadOptions): ArchiveToImport {
  return {
    name: url,
    async open() {
      // Archives are binary (application/warc, application/gzip …): no content-type check.
      const response = await fetchStream(url, { ...options, allowedContentTypes: 'any' });
      const length = Number(response.headers['content-length']);
      // The client undoes a Content-Encoding, after which the declared length no longer counts these bytes.
      const sizeBytes = Number.isFinite(length) && !response.headers['content-encoding'] ? length : undefined;
      return { bytes: guardedRead(response.body, url), sizeBytes, close: () => response.body.destroy() };
    },
  };
}

/**
 * The archives named on the command line, in order: files as they are, directories as the WARC/ARC files
 * directly in them (sorted by name), http(s) URLs downloaded through the guarded client (SSRF guard,
 * timeouts, size limit), streamed.
 *
 * @throws ArchiveError ARCHIVE_NOT_FOUND for a path that does not exist or a directory with no archive.
 */
export async function resolveArchives(
  names: readonly string[],
  download: ArchiveDownloadOptions,
): Promise<ArchiveToImport[]> {
  const archives: ArchiveToImport[] = [];
  for (const name of names) {
    if (/^https?:\/\//i.test(name)) {
      archives.push(urlArchive(name, download));
      continue;
    }
    const info = await stat(name).catch(() => undefined);
    if (!info) throw new ArchiveError(ArchiveErrorCode.notFound, `${name}: no such file or directory`);
    if (info.isDirectory()) {
      const files = (await readdir(name)).filter((f) => ARCHIVE_NAME.test(f)).sort();
      if (files.length === 0) {
        throw new ArchiveError(
          ArchiveErrorCode.notFound,
          `${name}: no .warc, .warc.gz, .arc or .arc.gz file in it`,
        );
      }
      for (const file of files) {
        const path = join(name, file);
        archives.push(fileArchive(path, (await stat(path)).size));
      }
    } else {
      archives.push(fileArchive(name, info.size));
    }
  }
  return archives;
}
