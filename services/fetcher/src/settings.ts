import { z } from 'zod';
import { fetchSettings } from '@newsflow/http-fetch';
import { setting } from '@newsflow/runtime';

/**
 * The fetcher's settings (besides libs/runtime `commonSettings`): the `FETCH_*` settings every fetching
 * service shares (libs/http-fetch `fetchSettings`), and the dedupe window, which is the fetcher's own.
 */
export const fetcherSettings = {
  ...fetchSettings,
  dedupeWindowS: setting(
    'FETCH_DEDUPE_WINDOW_S',
    z.coerce.number().int().min(0).default(3600),
    'A URL requested again within this window is not fetched again (unless `force`) but reported on url.skipped; a request that was dead-lettered does not hold the window.',
  ),
} as const;
