import { z } from 'zod';
import { setting } from '@newsflow/runtime';

const int = (min: number) => z.coerce.number().int().min(min);

/** Settings of `newsflow import-warc` (besides the common ones and FETCH_*); docs/archives.md lists them. */
export const archiveImportSettings = {
  maxBacklog: setting(
    'WARC_IMPORT_MAX_BACKLOG',
    int(1).default(2000),
    "The importer waits while the cleaner's backlog (consumer lag on page.fetched plus jobs waiting in its queue) is above this.",
  ),
  backlogPollMs: setting(
    'WARC_IMPORT_BACKLOG_POLL_MS',
    int(10).default(1000),
    "How often the importer reads the cleaner's backlog (between batches and while waiting).",
  ),
  batchPages: setting(
    'WARC_IMPORT_BATCH_PAGES',
    int(1).default(100),
    'Pages saved, announced and checkpointed together (a killed import redoes at most one batch).',
  ),
  saveConcurrency: setting(
    'WARC_IMPORT_SAVE_CONCURRENCY',
    int(1).default(8),
    'Pages written to MongoDB at once.',
  ),
  maxDownloadBytes: setting(
    'WARC_IMPORT_MAX_DOWNLOAD_BYTES',
    int(1024).default(16 * 1024 ** 3),
    'Largest archive downloaded when named by URL (bytes as sent).',
  ),
  downloadTimeoutMs: setting(
    'WARC_IMPORT_DOWNLOAD_TIMEOUT_MS',
    int(1000).default(6 * 3600 * 1000),
    'Whole download of an archive named by URL, pauses for backpressure included.',
  ),
} as const;
