import { sha256Hex } from '@newsflow/normalize';
import type { Redis } from '@newsflow/runtime';

/** Claims URLs for a window so the same URL pushed many times is fetched once, across replicas. */
export interface UrlDedupe {
  /**
   * True when `owner` may fetch `url`: nobody claimed it within the window, or `owner` did (its own retry).
   * `force` claims it regardless.
   */
  claim(url: string, owner: string, force: boolean): Promise<boolean>;
}

export function createUrlDedupe(redis: Redis, keyPrefix: string, windowS: number): UrlDedupe {
  return {
    async claim(url, owner, force) {
      if (windowS === 0) return true;
      const key = `${keyPrefix}:dedupe:${sha256Hex(url).slice(0, 32)}`;
      if (force) {
        await redis.set(key, owner, 'EX', windowS);
        return true;
      }
      const won = await redis.set(key, owner, 'EX', windowS, 'NX');
      return won === 'OK' || (await redis.get(key)) === owner;
    },
  };
}
