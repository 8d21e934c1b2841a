import { withRedisLock, type Redis } from '@newsflow/runtime';
import { ReplayBusyError } from './ops-errors.js';

/**
 * Which dead letters a replay has already dealt with, per dead-letter partition, kept in Redis so that the
 * CLI and the console share it and a letter is never sent back twice: a watermark (every offset below it is
 * done) plus the offsets done above it (letters replayed one by one or by error code). Marking moves the
 * watermark over every done offset that follows it, so the set holds only the scattered ones.
 */
export interface ReplayLedger {
  /** What is done in one partition (physical topic name). */
  done(topic: string, partition: number): Promise<DoneOffsets>;
  /**
   * Records `offsets` as done, and everything below `floor` (the partition's first kept offset, or its end
   * after a replay of everything).
   */
  mark(topic: string, partition: number, offsets: readonly bigint[], floor: bigint): Promise<void>;
  /**
   * Runs `work` while holding the one replay lock (two replays at once would read and send the same letters).
   * @throws ReplayBusyError when another replay holds it.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export interface ReplayLedgerOptions {
  readonly redis: Redis;
  /** Key prefix (QUEUE_PREFIX), so pipelines sharing a Redis keep apart. */
  readonly prefix: string;
  /**
   * How long the lock outlives a replay that died holding it; a replay still running renews it every third of
   * this, however long it takes. @default 300000
   */
  readonly lockTtlMs?: number;
}

/** The done offsets of one partition. */
export interface DoneOffsets {
  /** Every offset below it is done. */
  readonly watermark: bigint;
  has(offset: bigint): boolean;
}

/** How long the replay lock outlives a replay that died holding it. */
const DEFAULT_LOCK_TTL_MS = 300_000;

/** Bound on offsets sent to Redis in one call. */
const MARK_CHUNK = 1000;

// KEYS: watermark, offsets set. ARGV: floor, offsets... Moves the watermark up to the floor, adds the
// offsets, then over every consecutive done offset, and drops the set's members below it.
const MARK_SCRIPT = `
local w = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[1])
if floor > w then w = floor end
for i = 2, #ARGV do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i]) end
while redis.call('ZSCORE', KEYS[2], tostring(w)) do w = w + 1 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. w)
redis.call('SET', KEYS[1], tostring(w))
return w
`;

/** The replay ledger in Redis (keys `<prefix>:dlq-replays:…`). */
export function createReplayLedger(options: ReplayLedgerOptions): ReplayLedger {
  const { redis } = options;
  const base = `${options.prefix}:dlq-replays`;
  const keys = (topic: string, partition: number): [string, string] => [
    `${base}:${topic}:${partition}:watermark`,
    `${base}:${topic}:${partition}:offsets`,
  ];
  return {
    async done(topic, partition) {
      const [watermarkKey, offsetsKey] = keys(topic, partition);
      const [watermark, members] = await Promise.all([
        redis.get(watermarkKey),
        redis.zrange(offsetsKey, 0, -1),
      ]);
      const below = BigInt(watermark ?? '0');
      const above = new Set(members);
      return { watermark: below, has: (offset) => offset < below || above.has(offset.toString()) };
    },
    async mark(topic, partition, offsets, floor) {
      const [watermarkKey, offsetsKey] = keys(topic, partition);
      for (let i = 0; i === 0 || i < offsets.length; i += MARK_CHUNK) {
        const chunk = offsets.slice(i, i + MARK_CHUNK).map(String);
        await redis.eval(MARK_SCRIPT, 2, watermarkKey, offsetsKey, floor.toString(), ...chunk);
      }
    },
    async exclusive(work) {
      // Renewed while the replay runs (one of many letters, or waiting on a slow broker, outlived the TTL, and a
      // second replay could take the lock and send the same letters): it expires only a TTL after its holder died.
      const held = await withRedisLock(
        redis,
        `${base}:lock`,
        { ttlMs: options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, waitMs: 0, retryMs: 0 },
        work,
      );
      if (!held) throw new ReplayBusyError();
      return held.value;
    },
  };
}
