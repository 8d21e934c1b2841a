import type { Redis } from '@newsflow/runtime';
import type { FetchOptions } from './http-client.js';
import { fetchRobotsPolicy } from './robots-fetch.js';
import { productToken } from './robots.js';
import type { RobotsPolicy, RobotsPolicyOptions } from './robots.js';

export interface RobotsCacheOptions {
  /** A connected ioredis client (shared; not closed here). */
  readonly redis: Redis;
  /** @default 'newsflow:robots' */
  readonly keyPrefix?: string;
}

/** A policy as kept, with the time it has left. */
export interface CachedRobotsPolicy {
  readonly policy: RobotsPolicy;
  /** When robots.txt will be asked again, in ms from now. */
  readonly expiresInMs: number;
}

/** robots.txt policies in Redis, per origin and user agent, each kept for the policy's own `ttlMs`. */
export interface RobotsCache {
  get(url: string, userAgent: string): Promise<CachedRobotsPolicy | undefined>;
  set(url: string, userAgent: string, policy: RobotsPolicy): Promise<void>;
}

function keyFor(prefix: string, url: string, userAgent: string): string {
  return `${prefix}:${productToken(userAgent) || '*'}:${new URL(url).origin}`;
}

export function createRobotsCache(options: RobotsCacheOptions): RobotsCache {
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? 'newsflow:robots';
  return {
    async get(url, userAgent) {
      const key = keyFor(keyPrefix, url, userAgent);
      const [raw, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
      if (raw === null) return undefined;
      try {
        return { policy: JSON.parse(raw) as RobotsPolicy, expiresInMs: Math.max(0, ttlMs) };
      } catch {
        // A value we cannot read is as good as none: fetch robots.txt again.
        return undefined;
      }
    },
    async set(url, userAgent, policy) {
      await redis.set(
        keyFor(keyPrefix, url, userAgent),
        JSON.stringify(policy),
        'PX',
        Math.max(1, policy.ttlMs),
      );
    },
  };
}

/**
 * The robots policy for `url`'s origin: from the cache, else fetched (through `fetchPage`, with the SSRF
 * guard) and cached for its TTL; throws what {@link fetchRobotsPolicy} throws (nothing is cached then). Call
 * it while holding the host's politeness slot, so the robots.txt request is paced like any other and
 * replicas do not fetch it at once.
 */
export async function getRobotsPolicy(
  url: string,
  cache: RobotsCache,
  fetchOptions: FetchOptions,
  policyOptions: RobotsPolicyOptions = {},
): Promise<CachedRobotsPolicy & { readonly cached: boolean }> {
  const cached = await cache.get(url, fetchOptions.userAgent);
  if (cached) return { ...cached, cached: true };
  const policy = await fetchRobotsPolicy(url, fetchOptions, policyOptions);
  await cache.set(url, fetchOptions.userAgent, policy);
  return { policy, expiresInMs: policy.ttlMs, cached: false };
}
