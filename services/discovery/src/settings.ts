import { z } from 'zod';
import { fetchSettings } from '@newsflow/http-fetch';
import { collectionSettings, setting } from '@newsflow/runtime';
import { DEFAULT_BACKFILL_MS, DEFAULT_MAX_LISTING_BYTES, parseDuration } from '@newsflow/sources';

const int = (min: number) => z.coerce.number().int().min(min);

/** `2d`, `36h`, a number of milliseconds, or `all`; read to milliseconds (`null` for all). */
const backfill = z
  .string()
  .default('2d')
  .transform((value, ctx) => {
    if (value.trim().toLowerCase() === 'all') return null;
    try {
      return parseDuration(/^\d+$/.test(value) ? Number(value) : value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Discovery's settings: the shared `FETCH_*` table (one user agent, SSRF allow-list, limits and politeness
 * budget per host with the fetcher) plus its own.
 */
export const discoverySettings = {
  ...fetchSettings,
  sourcesCollection: collectionSettings.sourcesCollection,
  minIntervalMs: setting(
    'DISCOVERY_MIN_INTERVAL_MS',
    int(1000).default(60_000),
    'Floor of every poll interval, pinned ones included (tests set a second).',
  ),
  maxIntervalMs: setting(
    'DISCOVERY_MAX_INTERVAL_MS',
    int(1000).default(6 * 3_600_000),
    'Ceiling of the adaptive interval and of error backoff.',
  ),
  backfillMs: setting(
    'DISCOVERY_BACKFILL',
    backfill,
    `How far back a new source's first poll reaches (\`2d\`, \`12h\`, \`all\`); \`--backfill\` overrides it per source (default ${DEFAULT_BACKFILL_MS / 86_400_000} days).`,
  ),
  maxUrlsPerPoll: setting(
    'DISCOVERY_MAX_URLS_PER_POLL',
    int(1).default(5000),
    'Most new URLs one poll pushes; the rest go out on the next polls (a big archive does not flood the pipeline).',
  ),
  seenMaxUrls: setting(
    'DISCOVERY_SEEN_MAX_URLS',
    int(100).default(200_000),
    'URLs remembered per source (least recently listed forgotten first).',
  ),
  seenTtlS: setting(
    'DISCOVERY_SEEN_TTL_S',
    int(60).default(90 * 86_400),
    'A remembered URL that no listing has shown for this long is forgotten.',
  ),
  maxListingBytes: setting(
    'DISCOVERY_MAX_LISTING_BYTES',
    int(1024).default(DEFAULT_MAX_LISTING_BYTES),
    'Largest feed or sitemap, as sent and once gunzipped (the sitemap protocol allows 50 MiB).',
  ),
  maxChildSitemaps: setting(
    'DISCOVERY_MAX_CHILD_SITEMAPS',
    int(1).default(20),
    'Child sitemaps of a sitemap index read per poll (newest lastmod first; unchanged ones are skipped).',
  ),
  pollConcurrency: setting(
    'DISCOVERY_POLL_CONCURRENCY',
    int(1).max(200).default(8),
    'Polls a replica runs at once.',
  ),
  failingAfter: setting(
    'DISCOVERY_FAILING_AFTER',
    int(1).default(3),
    'Failed polls in a row after which a source shows `failing` with the reason.',
  ),
} as const;
