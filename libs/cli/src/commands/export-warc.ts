import { createWriteStream, type Stats } from 'node:fs';
import { lstat, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArchiveError, ArchiveErrorCode, exportPages } from '@newsflow/archives';
import { createPageStore } from '@newsflow/runtime';
import { plural } from '@newsflow/normalize';
import type { Command } from '../command.js';
import { ExitCode, usageError } from '../command.js';
import { closeQuietly, connectMongo, runWithServers } from '../connect.js';
import { parseExportWarcArgs } from './export-warc-help.js';

const PROGRESS_EVERY_MS = 2000;

/** Where `--out` is written, and how. */
interface OutputTarget {
  /** The path opened: `--out` itself, or the file a symbolic link `--out` leads to. */
  readonly path: string;
  /** Written to `path.part` and renamed over `path` when complete (a regular file), or opened as it is. */
  readonly viaPart: boolean;
}

/**
 * Where `--out FILE` goes. A regular file, or a name that does not exist yet, is written to `FILE.part` and
 * renamed over it when complete. Something that exists and is no regular file (a FIFO, a device such as
 * `/dev/null`, a terminal, `/dev/stdout`, a directory) is opened as it is (a directory then fails as a write
 * failure): a `FILE.part` renamed over one would replace it with a regular file (as root, `--out /dev/full`
 * replaced the device and reported success). A symbolic link is written through, to the file it leads to, as
 * shell redirection and `cp` do: the `.part` goes beside that file and is renamed over it, so the link stays a
 * link (renamed over the link, it was replaced by a regular file and its target left as it was).
 * @throws ArchiveError (`ARCHIVE_WRITE_FAILED`) for a link that leads to nothing (`cp` refuses one too).
 */
async function outputTarget(out: string): Promise<OutputTarget> {
  const own = await lstat(out).catch(() => undefined);
  if (own === undefined) return { path: out, viaPart: true };
  if (!own.isSymbolicLink()) return { path: out, viaPart: own.isFile() };
  let led: Stats;
  try {
    led = await stat(out);
  } catch (error) {
    throw new ArchiveError(
      ArchiveErrorCode.writeFailed,
      `${out} is a symbolic link to ${await readlink(out)}, which cannot be opened (${(error as Error).message})`,
      { cause: error },
    );
  }
  // The link's own path for a special file: /dev/stdout leads to /proc/self/fd/1, then to a pipe with no path.
  return led.isFile() ? { path: await realpath(out), viaPart: true } : { path: out, viaPart: false };
}

/** `newsflow export-warc`: stored raw pages as a WARC file. */
export const exportWarcCommand: Command = {
  name: 'export-warc',
  async run(args, io) {
    const request = parseExportWarcArgs(args);
    if (typeof request === 'string') return usageError(io, 'export-warc', request);
    const { since, site, out } = request;

    return runWithServers('export-warc', io, async (config) => {
      const mongo = await connectMongo(config);
      let partPath: string | undefined;
      try {
        const target = out === undefined ? undefined : await outputTarget(out);
        partPath = target?.viaPart ? `${target.path}.part` : undefined;
        let written = 0;
        let lastProgress = Date.now();
        const records = exportPages(createPageStore(mongo.db), {
          ...(since ? { since } : {}),
          ...(site ? { site } : {}),
          filename: target === undefined ? 'newsflow-export.warc.gz' : basename(target.path),
          software: 'newsflow export-warc',
          now: () => new Date(),
          onPage: () => {
            written += 1;
            if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
              lastProgress = Date.now();
              io.stderr.write(`export-warc: ${plural(written, 'page')} written\n`);
            }
          },
          onMissing: (pageId) =>
            io.stderr.write(`export-warc: page ${pageId} vanished while exporting; left out\n`),
        });
        const path = partPath ?? target?.path;
        const sink: Writable = path === undefined ? (io.stdout as Writable) : createWriteStream(path);
        // Only the sink's own failures are write failures; the others (MongoDB) keep their meaning.
        let writeError: unknown;
        sink.once('error', (error) => (writeError = error));
        try {
          // stdout stays open for the caller; a file is closed by the pipeline.
          await pipeline(Readable.from(records), sink, { end: path !== undefined });
          if (partPath !== undefined && target !== undefined) await rename(partPath, target.path);
        } catch (error) {
          if (writeError === undefined) throw error;
          throw new ArchiveError(
            ArchiveErrorCode.writeFailed,
            `writing ${out ?? 'standard output'} failed: ${(writeError as Error).message}`,
            { cause: writeError },
          );
        }
        const to = out === undefined ? '' : ` to ${out}${target?.path === out ? '' : ` (${target?.path})`}`;
        io.stderr.write(`export-warc: done, ${plural(written, 'page')} written${to}\n`);
        return ExitCode.ok;
      } catch (error) {
        if (partPath !== undefined) await rm(partPath, { force: true });
        if (error instanceof ArchiveError) {
          io.stderr.write(`newsflow export-warc: ${error.code}: ${error.message}\n`);
          return ExitCode.failure;
        }
        throw error;
      } finally {
        await closeQuietly({ MongoDB: () => mongo.close() });
      }
    });
  },
};
