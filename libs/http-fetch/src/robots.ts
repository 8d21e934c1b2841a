/**
 * robots.txt (RFC 9309): parsing, matching, and what to do when it cannot be fetched. Pure: text in, decisions
 * out; the fetch and the Redis cache are the caller's (the cache keeps a {@link RobotsPolicy} for `ttlMs`).
 */
import { FetchErrorCode } from './fetch-errors.js';

/** RFC 9309 §2.5: crawlers must parse at least the first 500 KiB; we parse exactly that much. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** How long a fetched robots.txt (2xx, or 4xx = allow all) is trusted. RFC 9309 §2.4: no more than 24 h. */
export const ROBOTS_TTL_MS = 24 * 60 * 60_000;

/**
 * How long an unreachable robots.txt (5xx, 429, network error) holds its host back before it is asked again.
 * Short, because requests wait for it rather than give up: each retry of a waiting request asks again.
 */
export const ROBOTS_UNREACHABLE_TTL_MS = 60_000;

/** Most `Sitemap:` lines kept from one robots.txt: a site needs a handful, a hostile file could list millions. */
export const MAX_ROBOTS_SITEMAPS = 1000;

/** Crawl-delay values beyond this are treated as this: a site asking for an hour per page is not fetched hourly. */
export const MAX_CRAWL_DELAY_MS = 60_000;

export interface RobotsRule {
  readonly allow: boolean;
  /** The path pattern as written (percent-encoding normalised), with `*` and a trailing `$`. */
  readonly pattern: string;
}

export interface RobotsGroup {
  /** Lower-case product tokens from the group's `user-agent` lines (`*` for the default group). */
  readonly userAgents: readonly string[];
  readonly rules: readonly RobotsRule[];
  /** `Crawl-delay` in ms (non-standard, honoured by us), when the group has one. */
  readonly crawlDelayMs?: number;
}

export interface RobotsTxt {
  readonly groups: readonly RobotsGroup[];
  readonly sitemaps: readonly string[];
}

/** The rules that apply to one user agent: the merged matching groups, or those of `*`. */
export interface RobotsRules {
  readonly rules: readonly RobotsRule[];
  readonly crawlDelayMs?: number;
}

export interface RobotsVerdict {
  readonly allowed: boolean;
  /** The rule that decided, if any (`undefined` means no rule matched: allowed by default). */
  readonly rule?: RobotsRule;
}

const utf8 = new TextEncoder();
/** A character {@link normalizeEncoding} percent-encodes: a control, a space, DEL or non-ASCII. */
const NEEDS_ENCODING = /[^\x21-\x7e]/;
/** `%XX` (upper-case hex) for each byte value. */
const PERCENT_ESCAPES = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);

/**
 * Upper-case percent escapes and percent-encode (UTF-8) non-ASCII and spaces, so patterns and paths compare
 * alike. One encoding of the whole text, then one pass over its bytes: every byte of a non-ASCII character is
 * 0x80 or above, so printable ASCII bytes are the characters kept (a lone surrogate becomes U+FFFD's bytes).
 * An encoder per character made 500 KiB of `é` cost ~0.4-1 s of CPU.
 */
function normalizeEncoding(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return upperCaseEscapes(text);
  const encoded = utf8.encode(text);
  const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const parts: string[] = [];
  let kept = 0; // where the bytes not yet copied start
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]!;
    if (byte > 0x20 && byte <= 0x7e) continue;
    if (kept < i) parts.push(upperCaseEscapes(bytes.toString('latin1', kept, i)));
    parts.push(PERCENT_ESCAPES[byte]!);
    kept = i + 1;
  }
  if (kept < bytes.length) parts.push(upperCaseEscapes(bytes.toString('latin1', kept)));
  return parts.join('');
}

/** `%c3%a9` → `%C3%A9`. On the kept text only: the escapes made above are upper-case, and none spans two parts. */
function upperCaseEscapes(text: string): string {
  return text.includes('%') ? text.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase()) : text;
}

/**
 * Parse robots.txt text. Tolerant like the RFC asks: unknown lines and garbage are skipped, keys are
 * case-insensitive, `#` starts a comment, consecutive `user-agent` lines share one group, and rules before
 * any `user-agent` line are ignored. Only the first {@link ROBOTS_MAX_BYTES} characters are read.
 */
export function parseRobotsTxt(text: string): RobotsTxt {
  const groups: { userAgents: string[]; rules: RobotsRule[]; crawlDelayMs?: number }[] = [];
  const sitemaps: string[] = [];
  let current: (typeof groups)[number] | undefined;
  let lastWasUserAgent = false;
  const body = text.length > ROBOTS_MAX_BYTES ? text.slice(0, ROBOTS_MAX_BYTES) : text;
  for (const rawLine of body.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'user-agent': {
        if (!current || !lastWasUserAgent) {
          current = { userAgents: [], rules: [] };
          groups.push(current);
        }
        // RFC 9309 §2.2.1: the product token is letters, '_' and '-'; compare case-insensitively.
        const token = value.toLowerCase().match(/^[a-z_*-]+/)?.[0];
        if (token) current.userAgents.push(token);
        lastWasUserAgent = true;
        break;
      }
      case 'allow':
      case 'disallow': {
        lastWasUserAgent = false;
        // An empty Disallow allows everything; it is no rule at all.
        if (!current || value.length === 0) break;
        current.rules.push({ allow: key === 'allow', pattern: normalizeEncoding(value) });
        break;
      }
      case 'crawl-delay': {
        lastWasUserAgent = false;
        const seconds = Number(value);
        if (current && Number.isFinite(seconds) && seconds >= 0) {
          current.crawlDelayMs = Math.min(Math.round(seconds * 1000), MAX_CRAWL_DELAY_MS);
        }
        break;
      }
      case 'sitemap':
        if (value.length > 0 && sitemaps.length < MAX_ROBOTS_SITEMAPS) sitemaps.push(value);
        break;
      default:
        // Unknown keys do not end a run of user-agent lines (RFC 9309 §2.2), except rules, handled above.
        break;
    }
  }
  return { groups, sitemaps };
}

/** The product token of a User-Agent header value: `NewsflowBot/1.0 (+https://…)` → `newsflowbot`. */
export function productToken(userAgent: string): string {
  return (
    userAgent
      .trim()
      .toLowerCase()
      .match(/^[a-z_-]+/)?.[0] ?? ''
  );
}

/**
 * The rules for `userAgent` (a full User-Agent header or a product token): all groups naming its product
 * token merged (RFC 9309 §2.2.1), else the `*` groups merged, else no rules (everything allowed).
 */
export function selectRobotsRules(robots: RobotsTxt, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  let chosen = robots.groups.filter((group) => token.length > 0 && group.userAgents.includes(token));
  if (chosen.length === 0) chosen = robots.groups.filter((group) => group.userAgents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  const delays = chosen.flatMap((group) => (group.crawlDelayMs === undefined ? [] : [group.crawlDelayMs]));
  return delays.length > 0 ? { rules, crawlDelayMs: Math.max(...delays) } : { rules };
}

/** Whether `pattern` (with `*` wildcards and an optional `$` end anchor) matches the start of `path`. */
function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  // Greedy-free wildcard match: each literal part must appear in order; the first at the start.
  const first = parts[0] ?? '';
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return anchored ? path.length === first.length : true;
  let position = first.length;
  for (let i = 1; i < parts.length - 1; i += 1) {
    const part = parts[i] ?? '';
    const found = path.indexOf(part, position);
    if (found === -1) return false;
    position = found + part.length;
  }
  const last = parts[parts.length - 1] ?? '';
  if (anchored) return path.length - last.length >= position && path.endsWith(last);
  return path.indexOf(last, position) !== -1;
}

/** The path-and-query robots rules match against: `/a/b?x=1`, percent-encoding normalised. */
export function robotsPathOf(url: string): string {
  const parsed = new URL(url);
  return normalizeEncoding(`${parsed.pathname}${parsed.search}`);
}

/**
 * Whether `url` may be fetched under `rules`: the longest matching pattern decides; on a tie Allow wins
 * (RFC 9309 §2.2.2); no match allows. `/robots.txt` itself is always allowed.
 */
export function matchRobots(rules: RobotsRules, url: string): RobotsVerdict {
  const path = robotsPathOf(url);
  if (path === '/robots.txt') return { allowed: true };
  let best: RobotsRule | undefined;
  for (const rule of rules.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  return best ? { allowed: best.allow, rule: best } : { allowed: true };
}

/**
 * What happened when fetching `/robots.txt` (after following up to 5 redirects, RFC 9309 §2.3.1.2):
 * - `fetched`: an answer with a status (a 3xx here means the redirects ran out);
 * - `unreachable`: a failure that may pass (refused, reset, timeout), with the fetch error's code;
 * - `unavailable`: no file to be had from the origin itself (a redirect to a host we may not reach);
 * - `unreadable`: a file that cannot be read (larger than allowed, a corrupt encoding).
 */
export type RobotsFetchOutcome =
  | { readonly kind: 'fetched'; readonly status: number; readonly text?: string }
  | { readonly kind: 'unreachable'; readonly code: string; readonly message: string }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly code: string };

/** A cacheable robots decision for one origin and user agent. */
export interface RobotsPolicy {
  /**
   * `rules` from a fetched file; `allow-all` when there is none (4xx); `disallow-all` when it cannot be read;
   * `unreachable` while the server fails to answer (5xx, 429, refused, timeout): nothing may be fetched, and
   * requests should wait and ask again rather than give up (RFC 9309 §2.3.1.4).
   */
  readonly mode: 'rules' | 'allow-all' | 'disallow-all' | 'unreachable';
  readonly rules: RobotsRules;
  /** How long to keep this policy before fetching robots.txt again. */
  readonly ttlMs: number;
  /** Why: `robots.txt`, `status 404`, `unreachable: FETCH_NETWORK …`, `unreadable: FETCH_BODY_TOO_LARGE`. */
  readonly reason: string;
  /** For `unreachable`: the code and message of the failure (`FETCH_SERVER_ERROR`, `HTTP 503`). */
  readonly failure?: { readonly code: string; readonly message: string };
  /** `Sitemap:` URLs the file lists (absolute, as written; at most {@link MAX_ROBOTS_SITEMAPS}). */
  readonly sitemaps: readonly string[];
}

export interface RobotsPolicyOptions {
  /** @default ROBOTS_TTL_MS (24 h) */
  readonly ttlMs?: number;
  /** @default ROBOTS_UNREACHABLE_TTL_MS (1 min) */
  readonly unreachableTtlMs?: number;
}

const ALLOW_ALL: RobotsRules = { rules: [] };
const DISALLOW_ALL: RobotsRules = { rules: [{ allow: false, pattern: '/' }] };

/**
 * The policy for an origin from the outcome of fetching its robots.txt (RFC 9309 §2.3.1):
 * - 2xx: the parsed rules for `userAgent`, kept `ttlMs`;
 * - 4xx ("unavailable"), and a 3xx or another host reached through redirects: allow all, kept `ttlMs` —
 *   except 429, which like 5xx means "try later";
 * - 5xx, 429, network error or timeout ("unreachable"): nothing allowed, for `unreachableTtlMs`, then ask again;
 * - a file that cannot be read (too large, corrupt): disallow all, for `unreachableTtlMs`.
 */
export function decideRobotsPolicy(
  outcome: RobotsFetchOutcome,
  userAgent: string,
  options: RobotsPolicyOptions = {},
): RobotsPolicy {
  const ttlMs = options.ttlMs ?? ROBOTS_TTL_MS;
  const unreachableTtlMs = options.unreachableTtlMs ?? ROBOTS_UNREACHABLE_TTL_MS;
  const unreachable = (code: string, message: string): RobotsPolicy => ({
    mode: 'unreachable',
    rules: DISALLOW_ALL,
    ttlMs: unreachableTtlMs,
    reason: `unreachable: ${code} ${message}`,
    failure: { code, message },
    sitemaps: [],
  });
  switch (outcome.kind) {
    case 'unreachable':
      return unreachable(outcome.code, outcome.message);
    case 'unavailable':
      return { mode: 'allow-all', rules: ALLOW_ALL, ttlMs, reason: outcome.reason, sitemaps: [] };
    case 'unreadable':
      return {
        mode: 'disallow-all',
        rules: DISALLOW_ALL,
        ttlMs: unreachableTtlMs,
        reason: `unreadable: ${outcome.code}`,
        sitemaps: [],
      };
    case 'fetched':
      break;
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    const robots = parseRobotsTxt(outcome.text ?? '');
    const rules = selectRobotsRules(robots, userAgent);
    return { mode: 'rules', rules, ttlMs, reason: 'robots.txt', sitemaps: robots.sitemaps };
  }
  if (status === 429) return unreachable(FetchErrorCode.rateLimited, `HTTP ${status}`);
  if (status >= 500) return unreachable(FetchErrorCode.serverError, `HTTP ${status}`);
  return { mode: 'allow-all', rules: ALLOW_ALL, ttlMs, reason: `status ${status}`, sitemaps: [] };
}

/** {@link matchRobots} under a policy, with the reason when disallowed. */
export function checkRobotsPolicy(
  policy: RobotsPolicy,
  url: string,
): RobotsVerdict & { readonly reason: string } {
  const verdict = matchRobots(policy.rules, url);
  const reason =
    policy.mode === 'rules'
      ? verdict.rule
        ? `${verdict.rule.allow ? 'allow' : 'disallow'} ${verdict.rule.pattern}`
        : 'no rule'
      : policy.reason;
  return { ...verdict, reason };
}

/** The robots.txt URL for the origin of `url`. */
export function robotsUrlFor(url: string): string {
  return new URL('/robots.txt', url).href;
}
