import { z } from 'zod';
import { setting } from '@newsflow/runtime';

const int = (min: number) => z.coerce.number().int().min(min);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The cleaner's own settings (besides libs/runtime `commonSettings`); documented in services/cleaner/README.md. */
export const cleanerSettings = {
  maxPageBytes: setting(
    'CLEANER_MAX_PAGE_BYTES',
    int(1).default(5_000_000),
    'Raw pages larger than this are dead-lettered (CLEANER_PAGE_TOO_LARGE) instead of extracted.',
  ),
  maxNodes: setting(
    'CLEANER_MAX_NODES',
    int(1).default(300_000),
    'Most HTML nodes parsed per page; more dead-letters the page (EXTRACTION_TOO_MANY_NODES).',
  ),
  maxDepth: setting(
    'CLEANER_MAX_DEPTH',
    int(1).default(1000),
    'Deepest HTML nesting accepted; deeper dead-letters the page (EXTRACTION_TOO_DEEP).',
  ),
  siteTemplates: setting(
    'SITE_TEMPLATES',
    bool.default(true),
    'Learn per host which blocks repeat across its pages (in Redis) and drop them.',
  ),
  siteProfileMinPages: setting(
    'SITE_PROFILE_MIN_PAGES',
    int(1).default(5),
    'Distinct pages of a host seen before its learned template is applied (the extraction library also wants a block on >= 4 pages and >= 20 % of them).',
  ),
  siteProfileTtlS: setting(
    'SITE_PROFILE_TTL_S',
    int(60).default(14 * 86_400),
    'A host whose pages stop coming is forgotten after this many seconds.',
  ),
  siteProfileMaxBlocks: setting(
    'SITE_PROFILE_MAX_BLOCKS',
    int(16).default(2000),
    'Block fingerprints kept per host (about 100 bytes each in Redis); the rarest and oldest are dropped first.',
  ),
  siteProfileMaxPages: setting(
    'SITE_PROFILE_MAX_PAGES',
    int(16).default(2000),
    'Page ids remembered per host so a refetched or reprocessed page is not counted twice (about 80 bytes each).',
  ),
  siteProfileDecayPages: setting(
    'SITE_PROFILE_DECAY_PAGES',
    int(0).default(1000),
    'Every this many new pages of a host, all its counts are halved, so a redesigned site forgets its old template (0: never).',
  ),
} as const;
