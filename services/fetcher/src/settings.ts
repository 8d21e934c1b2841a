import { z } from 'zod';
import { setting } from '@newsflow/runtime';

const int = (min: number) => z.coerce.number().int().min(min);

/** The fetcher's own settings (besides libs/runtime `commonSettings`). */
export const fetcherSettings = {
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
  allowedHosts: setting(
    'FETCH_ALLOWED_HOSTS',
    z.string().default(''),
    'Comma list of hosts or CIDRs exempt from the SSRF guard (empty: loopback and private addresses are refused).',
  ),
  respectRobots: setting(
    'FETCH_RESPECT_ROBOTS',
    z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    'Obey robots.txt (RFC 9309).',
  ),
  dedupeWindowS: setting(
    'FETCH_DEDUPE_WINDOW_S',
    int(0).default(3600),
    'A URL requested again within this window is not fetched again (unless `force`).',
  ),
  hostDelayMs: setting(
    'FETCH_HOST_DELAY_MS',
    int(0).default(1000),
    'Least pause between two fetches of one host across all replicas (robots Crawl-delay raises it).',
  ),
  hostConcurrency: setting(
    'FETCH_HOST_CONCURRENCY',
    int(1).default(1),
    'Fetches of one host at once across all replicas.',
  ),
  maxBodyBytes: setting(
    'FETCH_MAX_BODY_BYTES',
    int(1024).default(5 * 1024 * 1024),
    'Largest page, compressed and decoded (decompression bombs stop here).',
  ),
  connectTimeoutMs: setting(
    'FETCH_CONNECT_TIMEOUT_MS',
    int(100).default(10_000),
    'DNS + TCP connect timeout per hop.',
  ),
  headersTimeoutMs: setting(
    'FETCH_HEADERS_TIMEOUT_MS',
    int(100).default(15_000),
    'Time to response headers per hop.',
  ),
  totalTimeoutMs: setting(
    'FETCH_TOTAL_TIMEOUT_MS',
    int(100).default(30_000),
    'Whole fetch including redirects and body (slow-loris bodies stop here).',
  ),
  maxRedirects: setting('FETCH_MAX_REDIRECTS', int(0).default(5), 'Redirects followed before giving up.'),
} as const;
