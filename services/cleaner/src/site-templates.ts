import { fingerprintBlock, type Article, type SiteProfile } from '@newsflow/extraction';
import type { Redis } from '@newsflow/runtime';

/**
 * Per-host template learning in Redis (issue 4, "site templates"): for each host, on how many distinct pages
 * each block fingerprint occurred. The extraction library drops a block that the returned profile shows on
 * many of the host's pages, which catches site-specific junk no generic rule knows.
 *
 * Keys per host (one hash tag, so a script may touch them all in Redis Cluster):
 * - `<prefix>:{host}:blocks` sorted set, fingerprint → `pages + seq / 2^32`: the integer part counts the
 *   distinct pages holding the block, the fraction is when it was last seen, so trimming drops the rarest
 *   blocks first and, among those, the longest unseen (not the lexicographically smallest, which would starve
 *   a new template block whose hash happens to sort low).
 * - `<prefix>:{host}:pages` sorted set, page id → seq: pages already counted (a refetch or reprocess of the
 *   same page is not counted again, or a live blog's paragraphs would soon look like template).
 * - `<prefix>:{host}:meta` hash: `seq` (distinct pages ever, for recency) and `pages` (decayed page count).
 *
 * Memory per host is bounded by `maxBlocks` and `maxPages` (about 100 and 80 bytes per entry) and the keys
 * expire `ttlS` after the host's last page. Every `decayPages` new pages all counts are halved (blocks at 0
 * are dropped), so a site that changes its template forgets the old one instead of filling the set with it.
 */
export const SITE_TEMPLATE_DEFAULTS = {
  keyPrefix: 'newsflow:tpl',
  ttlS: 14 * 86_400,
  maxBlocks: 2000,
  maxPages: 2000,
  decayPages: 1000,
  /**
   * Fingerprints counted per page: a 2 000-paragraph page must not make one script call huge. Template blocks
   * sit at the start or end of the content, so the first and last halves of this many are kept.
   */
  maxFingerprintsPerPage: 256,
} as const;

// KEYS[1] = blocks zset, KEYS[2] = pages zset, KEYS[3] = meta hash
// ARGV[1] = page id, ARGV[2] = ttlS, ARGV[3] = maxBlocks, ARGV[4] = maxPages, ARGV[5] = decayPages,
// ARGV[6..] = the page's fingerprints (unique).
// Counts the page (once per page id), then returns { pagesSeen, count of ARGV[6], count of ARGV[7], … },
// both including this page.
const OBSERVE_SCRIPT = `
local SEQ_SCALE = 4294967296
local pageId = ARGV[1]
local ttl = tonumber(ARGV[2])
local maxBlocks = tonumber(ARGV[3])
local maxPages = tonumber(ARGV[4])
local decayPages = tonumber(ARGV[5])
local pages
if redis.call('ZSCORE', KEYS[2], pageId) then
  pages = tonumber(redis.call('HGET', KEYS[3], 'pages') or '0')
else
  local seq = redis.call('HINCRBY', KEYS[3], 'seq', 1)
  pages = redis.call('HINCRBY', KEYS[3], 'pages', 1)
  redis.call('ZADD', KEYS[2], seq, pageId)
  local recency = (seq % SEQ_SCALE) / SEQ_SCALE
  for i = 6, #ARGV do
    local old = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]) or '0')
    redis.call('ZADD', KEYS[1], math.floor(old) + 1 + recency, ARGV[i])
  end
  if decayPages > 0 and seq % decayPages == 0 then
    local all = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
    for j = 1, #all, 2 do
      local score = tonumber(all[j + 1])
      local count = math.floor(score)
      local half = math.floor(count / 2)
      if half == 0 then
        redis.call('ZREM', KEYS[1], all[j])
      else
        redis.call('ZADD', KEYS[1], half + (score - count), all[j])
      end
    end
    pages = math.floor(pages / 2)
    redis.call('HSET', KEYS[3], 'pages', pages)
  end
  local excess = redis.call('ZCARD', KEYS[1]) - maxBlocks
  if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
  excess = redis.call('ZCARD', KEYS[2]) - maxPages
  if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
end
for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ttl) end
local out = { pages }
for i = 6, #ARGV do
  out[#out + 1] = math.floor(tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]) or '0'))
end
return out
`;

export interface SiteTemplatesOptions {
  /** A connected ioredis client (shared; not closed here). */
  readonly redis: Redis;
  /** Prefix of the Redis keys; tests use a random one. @default 'newsflow:tpl' */
  readonly keyPrefix?: string;
  /** Seconds a host's keys live after its last page. @default 1_209_600 (14 days) */
  readonly ttlS?: number;
  /** Fingerprints kept per host. @default 2000 */
  readonly maxBlocks?: number;
  /** Page ids kept per host for counting each page once. @default 2000 */
  readonly maxPages?: number;
  /** Halve every count each this many new pages of a host; 0 never. @default 1000 */
  readonly decayPages?: number;
}

export interface SiteTemplates {
  /**
   * Counts one page of `host` (once per `pageId`) and returns the host's profile restricted to this page's
   * fingerprints, counts including this page. One Redis round-trip.
   * @throws the ioredis error when Redis is unreachable.
   */
  observe(host: string, pageId: string, fingerprints: readonly string[]): Promise<SiteProfile>;
}

/** The host key of a URL for template learning: `www.` is dropped, since both names serve one site. */
export function templateHostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** Keeps at most `max` fingerprints: the first and the last halves (template blocks sit at either end). */
export function capFingerprints(fingerprints: readonly string[], max: number): string[] {
  const unique = [...new Set(fingerprints)];
  if (unique.length <= max) return unique;
  const head = Math.ceil(max / 2);
  return [...unique.slice(0, head), ...unique.slice(unique.length - (max - head))];
}

/** Fingerprints of the blocks an extraction kept (its text is the blocks joined by blank lines). */
export function keptFingerprints(articles: readonly Article[]): string[] {
  const out = new Set<string>();
  for (const article of articles) {
    for (const block of article.text.split('\n\n')) {
      const fp = fingerprintBlock(block);
      if (fp) out.add(fp);
    }
  }
  return [...out];
}

/** Creates the Redis-backed template store. See the module comment for the data layout. */
export function createSiteTemplates(options: SiteTemplatesOptions): SiteTemplates {
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? SITE_TEMPLATE_DEFAULTS.keyPrefix;
  const ttlS = options.ttlS ?? SITE_TEMPLATE_DEFAULTS.ttlS;
  const maxBlocks = options.maxBlocks ?? SITE_TEMPLATE_DEFAULTS.maxBlocks;
  const maxPages = options.maxPages ?? SITE_TEMPLATE_DEFAULTS.maxPages;
  const decayPages = options.decayPages ?? SITE_TEMPLATE_DEFAULTS.decayPages;
  return {
    async observe(host, pageId, fingerprints) {
      const fps = capFingerprints(fingerprints, SITE_TEMPLATE_DEFAULTS.maxFingerprintsPerPage);
      const tagged = `${keyPrefix}:{${host}}`;
      const reply = await redis.eval(
        OBSERVE_SCRIPT,
        3,
        `${tagged}:blocks`,
        `${tagged}:pages`,
        `${tagged}:meta`,
        pageId,
        String(ttlS),
        String(maxBlocks),
        String(maxPages),
        String(decayPages),
        ...fps,
      );
      if (!Array.isArray(reply) || reply.length !== fps.length + 1) {
        throw new Error(`unexpected site-template script reply ${JSON.stringify(reply).slice(0, 200)}`);
      }
      const blockCounts: Record<string, number> = {};
      fps.forEach((fp, i) => {
        const count = Number(reply[i + 1]);
        if (count > 0) blockCounts[fp] = count;
      });
      return { host, pagesSeen: Number(reply[0]), blockCounts };
    },
  };
}
