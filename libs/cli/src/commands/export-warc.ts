import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArchiveError, ArchiveErrorCode, exportPages } from '@newsflow/archives';
import { createPageStore } from '@newsflow/runtime';
import type { Command } from '../command.js';
import { ExitCode, usageError } from '../command.js';
import { closeQuietly, connectMongo, runWithServers } from '../connect.js';
import { parseExportWarcArgs } from './export-warc-help.js';
import { plural } from '../plural.js';

const PROGRESS_EVERY_MS = 2000;

/**
 * Whether `out` names something that exists and is no regular file: a FIFO, a device (`/dev/null`), a terminal,
 * `/dev/stdout`, a directory. Those are opened as they are (a directory then fails as a write failure): a
 * `FILE.part` renamed over one would replace it with a regular file (as root, `--out /dev/full` replaced the
 * device and reported success).
 */
async function isSpecialFile(out: string): Promise<boolean> {
  try {
    return !(await stat(out)).isFile();
  } catch {
    return false;
  }
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
      const inPlace = out !== undefined && (await isSpecialFile(out));
      const partPath = out === undefined || inPlace ? undefined : `${out}.part`;
      try {
        let written = 0;
        let lastProgress = Date.now();
        const records = exportPages(createPageStore(mongo.db), {
          ...(since ? { since } : {}),
          ...(site ? { site } : {}),
          filename: out === undefined ? 'newsflow-export.warc.gz' : basename(out),
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
        const path = inPlace ? out : partPath;
        const target: Writable = path === undefined ? (io.stdout as Writable) : createWriteStream(path);
        // Only the target's own failures are write failures; the others (MongoDB) keep their meaning.
        let writeError: unknown;
        target.once('error', (error) => (writeError = error));
        try {
          // stdout stays open for the caller; a file is closed by the pipeline.
          await pipeline(Readable.from(records), target, { end: path !== undefined });
          if (partPath !== undefined && out !== undefined) await rename(partPath, out);
        } catch (error) {
          if (writeError === undefined) throw error;
          throw new ArchiveError(
            ArchiveErrorCode.writeFailed,
            `writing ${out ?? 'standard output'} failed: ${(writeError as Error).message}`,
            { cause: writeError },
          );
        }
        io.stderr.write(`export-warc: done, ${plural(written, 'page')} written${out ? ` to ${out}` : ''}\n`);
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
