import type { Collection, Db, UpdateFilter } from 'mongodb';
import type { SourceDocument, TargetState } from './source-document.js';

/** Hour buckets of `urlsByHour` kept: two days, so "the last 24 h" is always covered. */
const KEPT_HOURS = 48;

/** One write to a target: its fields to set or unset, top-level fields to set or unset, counters to add to. */
export interface TargetChange {
  readonly set?: Partial<TargetState>;
  readonly unset?: readonly (keyof TargetState)[];
  readonly top?: Partial<SourceDocument>;
  readonly unsetTop?: readonly string[];
  readonly inc?: Readonly<Record<string, number>>;
}

export interface SourceRepository {
  readonly collection: Collection<SourceDocument>;
  init(): Promise<void>;
  get(id: string): Promise<SourceDocument | null>;
  insert(doc: SourceDocument): Promise<void>;
  update(id: string, update: UpdateFilter<SourceDocument>): Promise<void>;
  /** Changes one target (`targets.<id>.<field>`) and top-level fields in one write. */
  updateTarget(id: string, targetId: string, change: TargetChange): Promise<void>;
  remove(id: string): Promise<void>;
  /** Sources that should have poll schedules (active or failing). */
  listPolled(): AsyncIterable<Pick<SourceDocument, '_id' | 'state' | 'targets'>>;
}

/** The `urlsByHour` key of `date`: `YYYY-MM-DDTHH` (UTC). */
export function hourKey(date: Date): string {
  return date.toISOString().slice(0, 13);
}

/** Hour keys older than {@link KEPT_HOURS} before `now`, to drop. */
export function staleHourKeys(urlsByHour: Record<string, number>, now: Date): string[] {
  const oldest = hourKey(new Date(now.getTime() - KEPT_HOURS * 3_600_000));
  return Object.keys(urlsByHour).filter((key) => key < oldest);
}

/** URLs pushed in the 24 hours before `now`, from the hour buckets. */
export function urlsInLastDay(urlsByHour: Record<string, number> | undefined, now: Date): number {
  const oldest = hourKey(new Date(now.getTime() - 24 * 3_600_000));
  return Object.entries(urlsByHour ?? {}).reduce((sum, [key, n]) => (key > oldest ? sum + n : sum), 0);
}

/** The `sources` collection of `db` (name from `DISCOVERY_SOURCES_COLLECTION`, default `sources`). */
export function createSourceRepository(db: Db, collectionName = 'sources'): SourceRepository {
  const collection = db.collection<SourceDocument>(collectionName);
  return {
    collection,
    async init() {
      await collection.createIndex({ state: 1 });
    },
    get: (id) => collection.findOne({ _id: id }),
    async insert(doc) {
      await collection.insertOne(doc);
    },
    async update(id, update) {
      await collection.updateOne({ _id: id }, update);
    },
    async updateTarget(id, targetId, change) {
      const set: Record<string, unknown> = { ...change.top, updatedAt: new Date() };
      for (const [key, value] of Object.entries(change.set ?? {})) set[`targets.${targetId}.${key}`] = value;
      const unset: Record<string, ''> = {};
      for (const key of change.unset ?? []) unset[`targets.${targetId}.${key}`] = '';
      for (const key of change.unsetTop ?? []) unset[key] = '';
      const update: Record<string, unknown> = { $set: set };
      if (Object.keys(unset).length > 0) update.$unset = unset;
      if (change.inc && Object.keys(change.inc).length > 0) update.$inc = change.inc;
      // Only a target that still exists is written: a poll finishing after `remove` must not bring it back.
      await collection.updateOne({ _id: id, [`targets.${targetId}.url`]: { $exists: true } }, update);
    },
    async remove(id) {
      await collection.deleteOne({ _id: id });
    },
    listPolled: () =>
      collection.find(
        { state: { $in: ['active', 'failing'] } },
        { projection: { _id: 1, state: 1, targets: 1 } },
      ),
  };
}
