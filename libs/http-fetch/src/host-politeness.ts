import { randomUUID } from 'node:crypto';
import type { Redis } from '@newsflow/runtime';

/**
 * Per-host politeness shared by every fetcher replica through Redis: at most `maxConcurrency` fetches per
 * host at once (1 by default) and at least `delayMs` between one fetch ending and the next starting. One
 * Lua script per state change, so replicas never race; the clock is Redis' own (`TIME`), so replicas with
 * skewed clocks agree.
 *
 * A job for a busy host is not blocked: {@link HostPoliteness.tryAcquire} answers at once with how long to
 * wait, and the caller parks the job (BullMQ `moveToDelayed` + `DelayedError`) and works on other hosts.
 */

export const POLITENESS_DEFAULTS = {
  keyPrefix: 'newsflow:politeness',
  /** A slot held longer than this is presumed dead (its replica crashed) and freed. Above the total fetch timeout. */
  leaseMs: 60_000,
  maxConcurrency: 1,
  /** Pause between fetches to one host when robots.txt sets no Crawl-delay. */
  minDelayMs: 1000,
  /** A Crawl-delay above this is capped: beyond a minute a news site would never be fetched in time. */
  maxDelayMs: 60_000,
} as const;

// KEYS[1] = slots (zset token → lease expiry), KEYS[2] = next-allowed time (ms, Redis clock)
// ARGV = token, delayMs, leaseMs, maxConcurrency, busyWaitMs
// Returns { acquired (0|1), waitMs }.
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token = ARGV[1]
local delay = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local maxConcurrency = tonumber(ARGV[4])
local busyWait = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], token) then
  redis.call('ZADD', KEYS[1], now + lease, token)
  redis.call('PEXPIRE', KEYS[1], lease)
  return {1, 0}
end
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextAt > now then
  return {0, nextAt - now}
end
if redis.call('ZCARD', KEYS[1]) >= maxConcurrency then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local leaseLeft = tonumber(first[2]) - now
  return {0, math.max(1, math.min(leaseLeft, busyWait))}
end
redis.call('ZADD', KEYS[1], now + lease, token)
redis.call('PEXPIRE', KEYS[1], lease)
if delay > 0 then
  redis.call('SET', KEYS[2], now + delay, 'PX', delay)
end
return {1, 0}
`;

// KEYS as above; ARGV = token, delayMs. Frees the slot and pushes next-allowed to now + delay.
// Returns 1 when the token still held a slot, 0 when its lease had already expired.
const RELEASE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[2])
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if delay > 0 then
  local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now + delay > nextAt then
    redis.call('SET', KEYS[2], now + delay, 'PX', delay)
  end
end
return removed
`;

export interface HostPolitenessOptions {
  /** A connected ioredis client (shared; not closed by this module). */
  readonly redis: Redis;
  /** Prefix of the Redis keys; tests use a random one. @default 'newsflow:politeness' */
  readonly keyPrefix?: string;
  /** How long a slot is held before presumed abandoned, in ms. @default 60_000 */
  readonly leaseMs?: number;
  /** Fetches per host at once, across all replicas. @default 1 */
  readonly maxConcurrency?: number;
}

export interface AcquireOptions {
  /** Pause after this fetch before the host's next one (see {@link politenessDelayMs}). */
  readonly delayMs: number;
  /** Who holds the slot; use the BullMQ job id so a retried job re-enters its own slot. @default random */
  readonly token?: string;
}

/** A held slot for one host; call `release` when the fetch ends, whatever its outcome. */
export interface HostSlot {
  readonly host: string;
  readonly token: string;
  /** Free the slot; the host's next fetch may start `delayMs` later. Returns false if the lease had expired. */
  release(): Promise<boolean>;
}

export type AcquireResult =
  | { readonly acquired: true; readonly slot: HostSlot }
  | { readonly acquired: false; readonly waitMs: number };

export interface HostPoliteness {
  /** Take a slot for `host` now, or learn how long to wait (ms) before trying again. Never blocks. */
  tryAcquire(host: string, options: AcquireOptions): Promise<AcquireResult>;
}

/** The delay between fetches to one host: the robots.txt Crawl-delay, within `[minDelayMs, maxDelayMs]`. */
export function politenessDelayMs(
  crawlDelayMs: number | undefined,
  options: { readonly minDelayMs?: number; readonly maxDelayMs?: number } = {},
): number {
  const minDelayMs = options.minDelayMs ?? POLITENESS_DEFAULTS.minDelayMs;
  const maxDelayMs = options.maxDelayMs ?? POLITENESS_DEFAULTS.maxDelayMs;
  return Math.min(maxDelayMs, Math.max(minDelayMs, crawlDelayMs ?? 0));
}

function keysFor(prefix: string, host: string): [string, string] {
  // One hash tag per host keeps both keys in one Redis Cluster slot, as a script needs.
  const tagged = `${prefix}:{${host.toLowerCase()}}`;
  return [`${tagged}:slots`, `${tagged}:next`];
}

function toNumberPair(reply: unknown): [number, number] {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new Error(`unexpected politeness script reply ${JSON.stringify(reply)}`);
  return [Number(reply[0]), Number(reply[1])];
}

/**
 * Create the Redis-backed politeness gate. See the module comment for the contract.
 *
 * @throws from `tryAcquire`/`release`: the ioredis error when Redis is unreachable (retriable at the worker).
 */
export function createHostPoliteness(options: HostPolitenessOptions): HostPoliteness {
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? POLITENESS_DEFAULTS.keyPrefix;
  const leaseMs = options.leaseMs ?? POLITENESS_DEFAULTS.leaseMs;
  const maxConcurrency = options.maxConcurrency ?? POLITENESS_DEFAULTS.maxConcurrency;
  return {
    async tryAcquire(host, { delayMs, token = randomUUID() }) {
      const [slotsKey, nextKey] = keysFor(keyPrefix, host);
      // When the host is busy, ask again after one delay: the holder usually finishes well within its lease.
      const busyWaitMs = Math.max(delayMs, 100);
      const reply = await redis.eval(
        ACQUIRE_SCRIPT,
        2,
        slotsKey,
        nextKey,
        token,
        String(Math.max(0, Math.round(delayMs))),
        String(leaseMs),
        String(maxConcurrency),
        String(busyWaitMs),
      );
      const [acquired, waitMs] = toNumberPair(reply);
      if (acquired !== 1) return { acquired: false, waitMs };
      const slot: HostSlot = {
        host,
        token,
        release: async () => {
          const removed = await redis.eval(
            RELEASE_SCRIPT,
            2,
            slotsKey,
            nextKey,
            token,
            String(Math.max(0, Math.round(delayMs))),
          );
          return Number(removed) === 1;
        },
      };
      return { acquired: true, slot };
    },
  };
}
