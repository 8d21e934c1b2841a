import { hostOf } from '@newsflow/normalize';
import type { Redis } from '@newsflow/runtime';
import { FetchErrorCode, FetchRobotsDisallowedError, FetchRobotsUnreachableError } from './fetch-errors.js';
import { fetchPage, fetchStream } from './http-client.js';
import type { FetchedPage, FetchedStream, FetchOptions } from './http-client.js';
import { createHostPoliteness, politenessDelayMs, POLITENESS_DEFAULTS } from './host-politeness.js';
import type { HostPoliteness, HostSlot } from './host-politeness.js';
import { checkRobotsPolicy } from './robots.js';
import type { RobotsPolicy, RobotsPolicyOptions } from './robots.js';
import { createRobotsCache, getRobotsPolicy } from './robots-cache.js';
import type { CachedRobotsPolicy, RobotsCache } from './robots-cache.js';

export interface PoliteClientOptions {
  /** A connected ioredis client (shared; not closed here). */
  readonly redis: Redis;
  /**
   * Namespace of the Redis keys for host slots and robots policies. Every service of one deployment passes
   * the same one (`QUEUE_PREFIX`), so the fetcher, discovery and importers share one budget per host; tests
   * pass a random one.
   */
  readonly keyPrefix: string;
  /** How every request is made: user agent, SSRF allow-list, limits. Requests may override the limits. */
  readonly fetch: FetchOptions;
  /** Obey robots.txt (RFC 9309). @default true */
  readonly respectRobots?: boolean;
  /** Least pause between two requests to one host, across all replicas and services (Crawl-delay raises it). @default 1000 */
  readonly hostDelayMs?: number;
  /** Requests to one host at once, across all replicas and services. @default 1 */
  readonly hostConcurrency?: number;
  /** How long robots policies are kept. */
  readonly robots?: RobotsPolicyOptions;
}

/** What one request to a host came to: done, or the host is busy and the caller should come back later. */
export type PoliteOutcome<T> =
  { readonly kind: 'done'; readonly value: T } | { readonly kind: 'wait'; readonly waitMs: number };

/** One request: who asks (for the host slot), and the limits or validators of this request. */
export type PoliteRequest = Omit<Partial<FetchOptions>, 'userAgent' | 'allowList' | 'resolveHost'> & {
  /**
   * Who holds the host slot: a BullMQ job id, so a retried or re-run job re-enters its own slot.
   * @default a random one
   */
  readonly token?: string;
};

/**
 * A guarded HTTP client that is polite across processes: every request passes robots.txt (fetched, cached in
 * Redis and paced like any request), takes a slot of its host (concurrency and delay kept in Redis), and is
 * made by the guarded client (SSRF guard, limits). A busy host is never waited for inside: the answer is
 * `{ kind: 'wait', waitMs }`, and the caller re-schedules its job (BullMQ `ctx.delayUntil(now + waitMs)`).
 */
export interface PoliteClient {
  /** The options requests are made with. */
  readonly fetchOptions: FetchOptions;
  /**
   * Fetch one page into memory ({@link fetchPage}); pass `etag`/`lastModified` for a conditional GET.
   * @throws {FetchError} as `fetchPage`; `FETCH_ROBOTS_DISALLOWED` when robots.txt says no; a retriable
   *   `FetchRobotsUnreachableError` with the failure's code while robots.txt does not answer (`retryAfterMs`:
   *   when it is asked again); `FETCH_DNS_NOT_FOUND` / `FETCH_ADDRESS_BLOCKED` found fetching robots.txt.
   */
  fetchPage(url: string, request?: PoliteRequest): Promise<PoliteOutcome<FetchedPage>>;
  /**
   * Fetch one URL and hand its streamed body to `consume` ({@link fetchStream}) while the host slot is held;
   * the body is destroyed when `consume` settles, read or not.
   * @throws {FetchError} as `fetchStream`, the robots errors of `fetchPage`, and whatever `consume` throws.
   */
  fetchStream<T>(
    url: string,
    request: PoliteRequest,
    consume: (response: FetchedStream) => Promise<T>,
  ): Promise<PoliteOutcome<T>>;
  /**
   * The robots.txt policy of `url`'s origin (rules, Crawl-delay, `Sitemap:` lines): from Redis, else fetched
   * in a host slot and cached. Fetched even when robots are not obeyed (discovery reads its sitemaps).
   * @throws {FetchError} `FETCH_DNS_NOT_FOUND`, `FETCH_ADDRESS_BLOCKED`, a rejected certificate, abort.
   */
  robotsPolicy(url: string, request?: Pick<PoliteRequest, 'token'>): Promise<PoliteOutcome<RobotsPolicy>>;
}

/** Creates the client. Nothing to close: the Redis client is the caller's. */
export function createPoliteClient(options: PoliteClientOptions): PoliteClient {
  const respectRobots = options.respectRobots ?? true;
  const hostDelayMs = options.hostDelayMs ?? POLITENESS_DEFAULTS.minDelayMs;
  const fetchOptions = options.fetch;
  const robots: RobotsCache = createRobotsCache({
    redis: options.redis,
    keyPrefix: `${options.keyPrefix}:robots`,
  });
  const politeness: HostPoliteness = createHostPoliteness({
    redis: options.redis,
    keyPrefix: `${options.keyPrefix}:politeness`,
    maxConcurrency: options.hostConcurrency ?? POLITENESS_DEFAULTS.maxConcurrency,
  });

  /** The cached policy, else robots.txt fetched in a slot of the host (or how long to wait for one). */
  async function lookupRobots(
    url: string,
    token: string | undefined,
  ): Promise<PoliteOutcome<CachedRobotsPolicy>> {
    const cached = await robots.get(url, fetchOptions.userAgent);
    if (cached) return { kind: 'done', value: cached };
    // robots.txt is a request to the host like any other: it takes the host's slot and delay, and the
    // request that needed it waits for the next slot.
    const acquired = await politeness.tryAcquire(hostOf(url), {
      delayMs: politenessDelayMs(undefined, { minDelayMs: hostDelayMs }),
      ...(token === undefined ? {} : { token }),
    });
    if (!acquired.acquired) return { kind: 'wait', waitMs: acquired.waitMs };
    try {
      const { policy, expiresInMs } = await getRobotsPolicy(url, robots, fetchOptions, options.robots);
      return { kind: 'done', value: { policy, expiresInMs } };
    } finally {
      await acquired.slot.release();
    }
  }

  async function robotsPolicy(
    url: string,
    request: Pick<PoliteRequest, 'token'> = {},
  ): Promise<PoliteOutcome<RobotsPolicy>> {
    const found = await lookupRobots(url, request.token);
    return found.kind === 'wait' ? found : { kind: 'done', value: found.value.policy };
  }

  /** Robots first, then a slot of the host: the slot to run the request in, or how long to wait. */
  async function admit(url: string, token: string | undefined): Promise<PoliteOutcome<HostSlot>> {
    let crawlDelayMs: number | undefined;
    if (respectRobots) {
      const found = await lookupRobots(url, token);
      if (found.kind === 'wait') return found;
      const { policy, expiresInMs } = found.value;
      if (policy.mode === 'unreachable') {
        // Wait for robots.txt rather than give up: the retry comes when it is asked again.
        const failure = policy.failure ?? { code: FetchErrorCode.network, message: policy.reason };
        throw new FetchRobotsUnreachableError(url, failure, expiresInMs);
      }
      const verdict = checkRobotsPolicy(policy, url);
      if (!verdict.allowed) throw new FetchRobotsDisallowedError(url, verdict.reason);
      crawlDelayMs = policy.rules.crawlDelayMs;
    }
    const acquired = await politeness.tryAcquire(hostOf(url), {
      delayMs: politenessDelayMs(crawlDelayMs, { minDelayMs: hostDelayMs }),
      ...(token === undefined ? {} : { token }),
    });
    return acquired.acquired
      ? { kind: 'done', value: acquired.slot }
      : { kind: 'wait', waitMs: acquired.waitMs };
  }

  async function inSlot<T>(
    url: string,
    token: string | undefined,
    work: () => Promise<T>,
  ): Promise<PoliteOutcome<T>> {
    const admitted = await admit(url, token);
    if (admitted.kind === 'wait') return admitted;
    try {
      return { kind: 'done', value: await work() };
    } finally {
      await admitted.value.release();
    }
  }

  return {
    fetchOptions,
    robotsPolicy,
    fetchPage(url, { token, ...overrides } = {}) {
      return inSlot(url, token, () => fetchPage(url, { ...fetchOptions, ...overrides }));
    },
    fetchStream(url, { token, ...overrides }, consume) {
      return inSlot(url, token, async () => {
        const response = await fetchStream(url, { ...fetchOptions, ...overrides });
        try {
          return await consume(response);
        } finally {
          response.body.destroy();
        }
      });
    },
  };
}
