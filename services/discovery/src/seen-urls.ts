import { sha256Hex } from '@newsflow/normalize';
import type { Redis } from '@newsflow/runtime';

export interface SeenUrlsOptions {
  readonly redis: Redis;
  /** Keys are `<keyPrefix>:<sourceId>`. */
  readonly keyPrefix: string;
  /** URLs kept per source; the least recently listed go first. */
  readonly maxUrls: number;
  /** A URL not listed again for this long is forgotten. */
  readonly ttlMs: number;
}

/**
 * The URLs a source has already pushed, per source, in Redis (so they survive restarts and are shared by
 * replicas): a sorted set of URL hashes scored by when a listing last showed them. Bounded by count and
 * age; an entry a listing keeps showing never expires.
 */
export interface SeenUrls {
  /** The URLs (normalised) not remembered for `sourceId`, in the order given. */
  unseen(sourceId: string, urls: readonly string[]): Promise<string[]>;
  /** Remembers `urls` as listed at `nowMs` and trims the set. */
  remember(sourceId: string, urls: readonly string[], nowMs: number): Promise<void>;
  /** How many URLs are remembered for `sourceId`. */
  count(sourceId: string): Promise<number>;
  forget(sourceId: string): Promise<void>;
}

/** 64 bits of SHA-256: a collision among a source's 200 000 URLs has odds of about 1 in 10^9. */
function memberOf(url: string): string {
  return sha256Hex(url).slice(0, 16);
}

/** URLs sent to Redis per command. */
const CHUNK = 1000;

export function createSeenUrls(options: SeenUrlsOptions): SeenUrls {
  const { redis } = options;
  const keyOf = (sourceId: string) => `${options.keyPrefix}:${sourceId}`;
  return {
    async unseen(sourceId, urls) {
      const fresh: string[] = [];
      for (let i = 0; i < urls.length; i += CHUNK) {
        const chunk = urls.slice(i, i + CHUNK);
        const scores = await redis.zmscore(keyOf(sourceId), ...chunk.map(memberOf));
        chunk.forEach((url, j) => {
          if (scores[j] === null || scores[j] === undefined) fresh.push(url);
        });
      }
      return fresh;
    },
    async remember(sourceId, urls, nowMs) {
      const key = keyOf(sourceId);
      for (let i = 0; i < urls.length; i += CHUNK) {
        const args = urls.slice(i, i + CHUNK).flatMap((url) => [nowMs, memberOf(url)]);
        if (args.length > 0) await redis.zadd(key, ...args);
      }
      await redis
        .multi()
        .zremrangebyscore(key, '-inf', `(${nowMs - options.ttlMs}`)
        // Ranks from the lowest score: everything but the newest `maxUrls` goes.
        .zremrangebyrank(key, 0, -(options.maxUrls + 1))
        .pexpire(key, options.ttlMs)
        .exec();
    },
    count: (sourceId) => redis.zcard(keyOf(sourceId)),
    async forget(sourceId) {
      await redis.del(keyOf(sourceId));
    },
  };
}
