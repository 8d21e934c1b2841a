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
  /**
   * Whether `owner` may fetch `url`: nobody claimed it within the window, or `owner` did (its own retry).
   * `force` claims it regardless. With a window of 0 every claim is `'first'`.
   */
  claim(url: string, owner: string, force: boolean): Promise<UrlClaim>;
}

export function createUrlDedupe(redis: Redis, keyPrefix: string, windowS: number): UrlDedupe {
  return {
    async claim(url, owner, force) {
      if (windowS === 0) return 'first';
      const key = `${keyPrefix}:dedupe:${sha256Hex(url).slice(0, 32)}`;
      if (force) {
        await redis.set(key, owner, 'EX', windowS);
        return 'first';
      }
      const won = await redis.set(key, owner, 'EX', windowS, 'NX');
      if (won === 'OK') return 'first';
      return (await redis.get(key)) === owner ? 'again' : false;
    },
  };
}
