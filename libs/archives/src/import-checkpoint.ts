import type { Redis } from '@newsflow/runtime';
import type { ArchivePosition } from './read-archive.js';

/** What an import of one archive has done, kept so that a killed import resumes instead of starting over. */
export interface ImportCheckpoint {
  /** Everything before this position is stored and announced. */
  readonly position: ArchivePosition | undefined;
  /**
   * Records at offsets up to this one may have been saved but not announced (the run died in between): a
   * resumed run announces them even though their bytes are already stored.
   */
  readonly pendingThrough: number | undefined;
  /** The whole archive was read. */
  readonly done: boolean;
  readonly archive: string;
  readonly updatedAt: string;
}

/** Checkpoints by archive identity (a hash of its first bytes, so a renamed or re-downloaded file is the same). */
export interface CheckpointStore {
  load(archiveId: string): Promise<ImportCheckpoint | undefined>;
  save(archiveId: string, checkpoint: ImportCheckpoint): Promise<void>;
  remove(archiveId: string): Promise<void>;
}

/** Checkpoints in Redis under `<keyPrefix>:warc-import:<archive id>` (no expiry: a done archive stays done). */
export function createRedisCheckpointStore(redis: Redis, keyPrefix: string): CheckpointStore {
  const key = (archiveId: string): string => `${keyPrefix}:warc-import:${archiveId}`;
  return {
    async load(archiveId) {
      const raw = await redis.get(key(archiveId));
      return raw === null ? undefined : (JSON.parse(raw) as ImportCheckpoint);
    },
    async save(archiveId, checkpoint) {
      await redis.set(key(archiveId), JSON.stringify(checkpoint));
    },
    async remove(archiveId) {
      await redis.del(key(archiveId));
    },
  };
}
