import { z } from 'zod';
import { setting, type ConfigOf } from '@newsflow/runtime';
import { parseAllowList } from './address-guard.js';
import { FETCH_DEFAULTS, type FetchOptions } from './http-client.js';
import { POLITENESS_DEFAULTS } from './host-politeness.js';
import { ROBOTS_UNREACHABLE_TTL_MS } from './robots.js';
import type { PoliteClientOptions } from './polite-client.js';

const int = (min: number) => z.coerce.number().int().min(min);

/**
 * The `FETCH_*` settings of every service that fetches over HTTP (fetcher, discovery, importers): one user
 * agent, one SSRF allow-list, one set of limits and one politeness budget per host for all of them. Spread
 * it into the service's settings table.
 */
export const fetchSettings = {
  userAgent: setting(
    'FETCH_USER_AGENT',
    z.string().min(1).default('NewsflowBot/0.1'),
    'Product token and version sent as User-Agent (the contact URL is appended).',
  ),
  contactUrl: setting(
    'FETCH_CONTACT_URL',
    z.url().default('https://github.com/newsflow/newsflow#crawler'),
    'Where site owners learn about the crawler; part of the User-Agent.',
  ),
  allowList: setting(
    'FETCH_ALLOWED_HOSTS',
    z
      .string()
      .default('')
      .transform((value, ctx) => {
        try {
          return parseAllowList(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    'Comma list of hosts, `*.sub.domains`, IPs or CIDRs exempt from the SSRF guard (empty: loopback and private addresses are refused).',
  ),
  respectRobots: setting(
    'FETCH_RESPECT_ROBOTS',
    z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    'Obey robots.txt (RFC 9309).',
  ),
  robotsRetryMs: setting(
    'FETCH_ROBOTS_RETRY_MS',
    int(100).default(ROBOTS_UNREACHABLE_TTL_MS),
    'While robots.txt does not answer (refused, timeout, 5xx), its host waits this long before it is asked again; its URLs are retried then, and dead-lettered with the real reason once JOB_ATTEMPTS are spent.',
  ),
  hostDelayMs: setting(
    'FETCH_HOST_DELAY_MS',
    int(0).default(POLITENESS_DEFAULTS.minDelayMs),
    'Least pause between two requests to one host across all replicas and services (robots Crawl-delay raises it).',
  ),
  hostConcurrency: setting(
    'FETCH_HOST_CONCURRENCY',
    int(1).default(POLITENESS_DEFAULTS.maxConcurrency),
    'Requests to one host at once across all replicas and services.',
  ),
  maxBodyBytes: setting(
    'FETCH_MAX_BODY_BYTES',
    int(1024).default(FETCH_DEFAULTS.maxBodyBytes),
    'Largest body, compressed and decoded (decompression bombs stop here).',
  ),
  connectTimeoutMs: setting(
    'FETCH_CONNECT_TIMEOUT_MS',
    int(100).default(FETCH_DEFAULTS.connectTimeoutMs),
    'DNS + TCP connect timeout per hop.',
  ),
  headersTimeoutMs: setting(
    'FETCH_HEADERS_TIMEOUT_MS',
    int(100).default(FETCH_DEFAULTS.headersTimeoutMs),
    'Time to response headers per hop.',
  ),
  totalTimeoutMs: setting(
    'FETCH_TOTAL_TIMEOUT_MS',
    int(100).default(FETCH_DEFAULTS.totalTimeoutMs),
    'Whole fetch including redirects and body (slow-loris bodies stop here).',
  ),
  maxRedirects: setting(
    'FETCH_MAX_REDIRECTS',
    int(0).default(FETCH_DEFAULTS.maxRedirects),
    'Redirects followed before giving up.',
  ),
} as const;

export type FetchConfig = ConfigOf<typeof fetchSettings>;

/** The request options the settings describe (User-Agent with the contact URL, allow-list, limits). */
export function fetchOptionsFrom(config: FetchConfig): FetchOptions {
  return {
    userAgent: `${config.userAgent} (+${config.contactUrl})`,
    allowList: config.allowList,
    connectTimeoutMs: config.connectTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    totalTimeoutMs: config.totalTimeoutMs,
    maxRedirects: config.maxRedirects,
    maxBodyBytes: config.maxBodyBytes,
  };
}

/**
 * The {@link createPoliteClient} options the settings describe; add `redis` and `keyPrefix` (the deployment's
 * `QUEUE_PREFIX`, the same in every service, so they share one budget per host).
 */
export function politeClientOptionsFrom(
  config: FetchConfig,
): Pick<PoliteClientOptions, 'fetch' | 'respectRobots' | 'robots' | 'hostDelayMs' | 'hostConcurrency'> {
  return {
    fetch: fetchOptionsFrom(config),
    respectRobots: config.respectRobots,
    robots: { unreachableTtlMs: config.robotsRetryMs },
    hostDelayMs: config.hostDelayMs,
    hostConcurrency: config.hostConcurrency,
  };
}
