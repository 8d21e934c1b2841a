import { sha256Hex } from '@newsflow/normalize';
import type { Redis } from '@newsflow/runtime';

/**
 * Outcome of a claim: `'first'` when `owner` claimed the URL just now, `'again'` when it already held the claim
 * (its own retry, or a re-run after its worker died: an earlier run may have stored the page without
 * announcing it), `false` when another owner holds it.
 */
export type UrlClaim = 'first' | 'again' | false;

/** Claims URLs for a window so the same URL pushed many times is fetched once, across replicas. */
export interface UrlDedupe {
  /** How long a claim holds, in seconds (`FETCH_DEDUPE_WINDOW_S`; 0: no dedupe). */
  readonly windowS: number;
  /**
   * Whether `owner` may fetch `url`: nobody claimed it within the window, or `owner` did (its own retry).
   * `force` claims it regardless. With a window of 0 every claim is `'first'`.
   */
  claim(url: string, owner: string, force: boolean): Promise<UrlClaim>;
  /**
   * Notes that `owner` put its job back before fetching (a busy host): its next claim is `'first'` again, so
   * the re-run keeps its conditional GET and stays quiet about an unchanged page.
   */
  park(url: string, owner: string): Promise<void>;
  /**
   * Gives up `owner`'s claim (parked or not), so the URL may be requested again at once: a dead-lettered
   * request must not keep it (the operator fixes the cause and pushes again). Another owner's claim stays.
   */
  release(url: string, owner: string): Promise<void>;
}

/** Suffix of a claim whose owner parked its job before fetching anything. */
const PARKED = ':parked';

// KEYS[1] = the claim; ARGV = owner, owner as parked. Deletes the claim only when one of them holds it.
const RELEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or holder == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export function createUrlDedupe(redis: Redis, keyPrefix: string, windowS: number): UrlDedupe {
  const keyOf = (url: string): string => `${keyPrefix}:dedupe:${sha256Hex(url).slice(0, 32)}`;
  return {
    windowS,
    async claim(url, owner, force) {
      if (windowS === 0) return 'first';
      const key = keyOf(url);
      if (force) {
        await redis.set(key, owner, 'EX', windowS);
        return 'first';
      }
      const won = await redis.set(key, owner, 'EX', windowS, 'NX');
      if (won === 'OK') return 'first';
      const holder = await redis.get(key);
      if (holder === owner + PARKED) {
        await redis.set(key, owner, 'KEEPTTL');
        return 'first';
      }
      return holder === owner ? 'again' : false;
    },
    async park(url, owner) {
      if (windowS === 0) return;
      const key = keyOf(url);
      if ((await redis.get(key)) === owner) await redis.set(key, owner + PARKED, 'KEEPTTL');
    },
    async release(url, owner) {
      if (windowS === 0) return;
      await redis.eval(RELEASE_SCRIPT, 1, keyOf(url), owner, owner + PARKED);
    },
  };
}
