import { setTimeout as sleep } from 'node:timers/promises';
import type { FetchedPage, PoliteClient, PoliteOutcome, PoliteRequest } from '@newsflow/http-fetch';
import { HostBusyError } from './discovery-errors.js';

/** Media types discovery reads besides HTML: feeds, sitemaps (XML, text, gzip). Content decides, not type. */
export const LISTING_CONTENT_TYPES = 'any' as const;

export interface ListingFetcher {
  /**
   * GETs `url` through the shared polite client (robots.txt, one politeness budget per host with the fetcher,
   * SSRF guard, limits), waiting in process for a busy host up to the fetcher's bound.
   * @throws FetchError as the client does; HostBusyError when the host stays busy too long.
   */
  get(url: string, request?: PoliteRequest): Promise<FetchedPage>;
  /** The `Sitemap:` lines of the robots.txt of `url`'s origin (empty when there is none). */
  robotsSitemaps(url: string): Promise<readonly string[]>;
}

async function waitFor<T>(
  url: string,
  maxWaitMs: number,
  attempt: () => Promise<PoliteOutcome<T>>,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const outcome = await attempt();
    if (outcome.kind === 'done') return outcome.value;
    const waited = Date.now() - started;
    if (waited + outcome.waitMs > maxWaitMs) throw new HostBusyError(url, waited);
    await sleep(outcome.waitMs);
  }
}

/**
 * Discovery's requests: few per host and spread over time, so a busy host is waited for in process (the
 * fetcher re-schedules its jobs instead; both take the same slots).
 */
export function createListingFetcher(
  client: PoliteClient,
  options: { maxWaitMs: number; maxBodyBytes: number },
): ListingFetcher {
  return {
    get(url, request = {}) {
      return waitFor(url, options.maxWaitMs, () =>
        client.fetchPage(url, {
          allowedContentTypes: LISTING_CONTENT_TYPES,
          maxBodyBytes: options.maxBodyBytes,
          ...request,
        }),
      );
    },
    async robotsSitemaps(url) {
      const policy = await waitFor(url, options.maxWaitMs, () => client.robotsPolicy(url));
      return policy.sitemaps;
    },
  };
}
