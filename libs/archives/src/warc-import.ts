import { createHash } from 'node:crypto';
import { PageFetchedSchema, serializeMessage } from '@newsflow/contracts';
import { hostOf, pageIdFor } from '@newsflow/normalize';
import { pageFetchedMessage, type OutgoingMessage, type PageStore, type StoredPage } from '@newsflow/runtime';
import type { BacklogGate } from './backlog-gate.js';
import { counted, peek } from './byte-streams.js';
import type { CheckpointStore, ImportCheckpoint } from './import-checkpoint.js';
import { emptyCounts, type ArchiveProgress, type ImportCounts } from './import-progress.js';
import {
  pageFromRecord,
  skipReasonOfHead,
  type ArchivedPage,
  type RecordFilters,
} from './page-from-record.js';
import { ARCHIVE_READ_DEFAULTS, readArchive, type ArchivePosition } from './read-archive.js';

/** An archive to import, opened when its turn comes. */
export interface ArchiveToImport {
  /** Names the archive in progress lines and in each page's `source` (a file's base name, or the URL). */
  readonly name: string;
  /**
   * The raw bytes from the start, their total when known (for the share read and the ETA), and how to let
   * go of the file or connection when the import stops early.
   */
  open(): Promise<{ bytes: AsyncIterable<Uint8Array>; sizeBytes: number | undefined; close(): void }>;
}

/** The adapters an import works with. */
export interface ImportDeps {
  readonly pages: PageStore;
  /** Sends `page.fetched` messages (Kafka, keyed by host). */
  readonly announce: (messages: readonly OutgoingMessage[]) => Promise<void>;
  readonly checkpoints: CheckpointStore;
  /** Resolves when the cleaner has room for more (ops backlog probe). */
  readonly waitForRoom: BacklogGate;
  readonly now: () => Date;
  /** Called after every batch and every `progressEveryMs`. */
  readonly onProgress?: (progress: ArchiveProgress) => void;
}

export interface ImportOptions {
  readonly filters: RecordFilters;
  /** The page size limit (FETCH_MAX_BODY_BYTES): larger payloads are skipped. */
  readonly maxBodyBytes: number;
  /** Pages saved and announced together, then checkpointed. @default 100 */
  readonly batchPages?: number;
  /** Batches are also closed at this many body bytes. @default 32 MiB */
  readonly batchBytes?: number;
  /** Pages saved to MongoDB at once. @default 8 */
  readonly saveConcurrency?: number;
  /** Stop once this many pages were taken from archives (imported, or found already stored). */
  readonly maxPages?: number;
  /** Ignore (and overwrite) a checkpoint: import the archive again from its start. */
  readonly fresh?: boolean;
  /** @default 2000 */
  readonly progressEveryMs?: number;
}

export interface ArchiveImportResult {
  readonly archive: string;
  /** Hash of the archive's first MiB: its checkpoint key. */
  readonly archiveId: string;
  /** `done`: read to the end; `already-done`: a checkpoint says so, nothing read; `limit`: maxPages reached. */
  readonly outcome: 'done' | 'already-done' | 'limit';
  readonly resumedFrom: ArchivePosition | undefined;
  readonly counts: ImportCounts;
  /** From opening the archive to the end of this run's import of it (backpressure waits included). */
  readonly elapsedMs: number;
}

/** Bytes hashed to recognise an archive again (its warcinfo and first records). */
const IDENTITY_BYTES = 1024 * 1024;

export const IMPORT_DEFAULTS = {
  batchPages: 100,
  batchBytes: 32 * 1024 * 1024,
  saveConcurrency: 8,
  progressEveryMs: 2000,
} as const;

/** Runs `work` over `items`, at most `limit` at once, keeping their order in the results. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Pending {
  readonly page: ArchivedPage;
  readonly offset: number;
}

/**
 * Imports one WARC/ARC archive: every 2xx HTML or plain-text response record becomes a raw page in `pages`
 * (the fetcher's page id and schema; `url` the WARC-Target-URI, `fetchedAt` the WARC-Date, `source`
 * `warc:<archive>#<offset>`) and a `page.fetched` message, exactly as a fetch would; every other record is
 * counted under its skip reason. Works in batches: wait for the cleaner's backlog to fall under its bound,
 * note the batch in the checkpoint, save its pages, announce them, checkpoint the position. Killed at any
 * point and run again, it resumes at the last position, announces what the dead run may have saved without
 * announcing, and stores nothing twice (one page per URL, the same record giving the same page id).
 *
 * @throws ArchiveFormatError when the archive is neither WARC nor ARC; whatever the adapters throw
 *   (the checkpoint keeps what was done).
 */
export async function importArchive(
  archive: ArchiveToImport,
  deps: ImportDeps,
  options: ImportOptions,
): Promise<ArchiveImportResult> {
  const opened = await archive.open();
  try {
    return await importOpened(archive.name, opened, deps, options);
  } finally {
    opened.close();
  }
}

async function importOpened(
  archiveName: string,
  opened: { bytes: AsyncIterable<Uint8Array>; sizeBytes: number | undefined },
  deps: ImportDeps,
  options: ImportOptions,
): Promise<ArchiveImportResult> {
  const batchPages = options.batchPages ?? IMPORT_DEFAULTS.batchPages;
  const batchBytes = options.batchBytes ?? IMPORT_DEFAULTS.batchBytes;
  const concurrency = options.saveConcurrency ?? IMPORT_DEFAULTS.saveConcurrency;
  const progressEveryMs = options.progressEveryMs ?? IMPORT_DEFAULTS.progressEveryMs;
  const startedAt = deps.now().getTime();
  const counts = emptyCounts();
  let bytesThisRun = 0;
  const { head, all } = await peek(
    counted(opened.bytes, (n) => (bytesThisRun += n)),
    IDENTITY_BYTES,
  );
  const archiveId = createHash('sha256').update(head).digest('hex').slice(0, 32);
  const previous = options.fresh ? undefined : await deps.checkpoints.load(archiveId);
  const result = (outcome: ArchiveImportResult['outcome']): ArchiveImportResult => ({
    archive: archiveName,
    archiveId,
    outcome,
    resumedFrom: previous?.position,
    counts,
    elapsedMs: deps.now().getTime() - startedAt,
  });
  if (previous?.done) return result('already-done');
  const resumedFrom = previous?.position;
  const announceThrough = previous?.pendingThrough ?? -1;

  /** The latest position read; everything before it is in the batch or done. */
  let position = resumedFrom;
  /** The position up to which everything is saved and announced: what the checkpoint says. */
  let committed = resumedFrom;
  let lastProgressAt = -Infinity;
  const report = (force: boolean): void => {
    const now = deps.now().getTime();
    if (!deps.onProgress || (!force && now - lastProgressAt < progressEveryMs)) return;
    lastProgressAt = now;
    deps.onProgress({
      archive: archiveName,
      counts,
      bytesRead: (resumedFrom?.mode === 'members' ? resumedFrom.offset : 0) + bytesThisRun,
      bytesThisRun,
      sizeBytes: opened.sizeBytes,
      elapsedMs: now - startedAt,
    });
  };
  const checkpoint = (fields: Partial<ImportCheckpoint>): Promise<void> =>
    deps.checkpoints.save(archiveId, {
      position: committed,
      pendingThrough: undefined,
      done: false,
      archive: archiveName,
      updatedAt: deps.now().toISOString(),
      ...fields,
    });

  let batch: Pending[] = [];
  let batchBodyBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) {
      committed = position;
      await checkpoint({});
      return;
    }
    await deps.waitForRoom();
    const through = batch[batch.length - 1]!.offset;
    await checkpoint({ pendingThrough: through });
    const producedAt = deps.now().toISOString();
    const messages = await mapLimit(batch, concurrency, async ({ page, offset }) => {
      const stored: StoredPage = {
        pageId: pageIdFor(page.url),
        url: page.url,
        finalUrl: page.url,
        status: page.status,
        contentType: page.contentType,
        charset: page.charset,
        headers: page.headers,
        fetchedAt: page.fetchedAt,
        body: page.body,
        source: `warc:${archiveName}#${offset}`,
      };
      const saved = await deps.pages.save(stored);
      if (!saved.changed && offset > announceThrough) {
        counts.unchanged += 1;
        return undefined;
      }
      counts.imported += 1;
      const message: OutgoingMessage = {
        key: hostOf(page.url),
        value: serializeMessage(
          PageFetchedSchema,
          pageFetchedMessage(stored, saved, { source: stored.source }),
        ),
        headers: { traceId: `warc-${archiveId.slice(0, 12)}-${offset}`, attempt: 0, producedAt },
      };
      return message;
    });
    const toSend = messages.filter((m): m is OutgoingMessage => m !== undefined);
    if (toSend.length > 0) await deps.announce(toSend);
    committed = position;
    await checkpoint({});
    batch = [];
    batchBodyBytes = 0;
    report(false);
  };

  const entries = readArchive(all, {
    maxPayloadBytes: options.maxBodyBytes,
    skipHead: (h) => skipReasonOfHead(h, options.filters),
    ...(resumedFrom ? { resumeFrom: resumedFrom } : {}),
  });
  const limits = { maxBodyBytes: options.maxBodyBytes, maxRatio: ARCHIVE_READ_DEFAULTS.maxRatio };
  for await (const entry of entries) {
    if (entry.kind === 'position') {
      position = entry.position;
      // Batches close on a position, so the checkpoint after them covers every record they hold.
      if (batch.length >= batchPages || batchBodyBytes >= batchBytes) await flush();
      report(false);
      continue;
    }
    counts.recordsRead += 1;
    if (entry.kind === 'skipped') {
      counts.skipped[entry.reason] = (counts.skipped[entry.reason] ?? 0) + 1;
    } else {
      const made = await pageFromRecord(entry.head, entry.payload, limits);
      if (made.kind === 'skipped') {
        counts.skipped[made.reason] = (counts.skipped[made.reason] ?? 0) + 1;
      } else {
        batch.push({ page: made.page, offset: entry.offset });
        batchBodyBytes += made.page.body.byteLength;
        // --limit counts pages as they are taken, so a batch never overshoots it.
        if (
          options.maxPages !== undefined &&
          counts.imported + counts.unchanged + batch.length >= options.maxPages
        ) {
          await flush();
          await entries.return(undefined);
          return result('limit');
        }
      }
    }
  }
  await flush();
  await checkpoint({ done: true });
  report(true);
  return result('done');
}
