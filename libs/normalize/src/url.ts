/**
 * URL normalisation: one spelling per page, so deduplication, politeness keys and article ids agree.
 *
 * Pure: strings in, strings out; no I/O.
 */
import { NewsflowError } from '@newsflow/errors';

export const UrlErrorCode = {
  invalid: 'URL_INVALID',
  unsupportedScheme: 'URL_UNSUPPORTED_SCHEME',
} as const;
export type UrlErrorCode = (typeof UrlErrorCode)[keyof typeof UrlErrorCode];

/** The input is not a fetchable http(s) URL. Permanent: trying again cannot help. */
export class UrlError extends NewsflowError {
  override name = 'UrlError';
  declare readonly code: UrlErrorCode;
  constructor(code: UrlErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, retriable: false });
  }
}

/** Schemes we fetch. Everything else (ftp:, file:, data:, javascript:, mailto:) is refused. */
const SUPPORTED_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Query parameters that only say how a reader arrived (campaign and click trackers); dropping them makes
 * the same article one URL. Matched case-insensitively. Sources: utm_* (Google Analytics campaign tags),
 * fbclid (Facebook), gclid/dclid/gbraid/wbraid (Google Ads), msclkid (Microsoft Ads), mc_cid/mc_eid
 * (Mailchimp), yclid (Yandex), igshid (Instagram), twclid (Twitter), _hsenc/_hsmi (HubSpot), mkt_tok
 * (Marketo), _ga/_gl (Google linker).
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'igshid',
  'twclid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  '_ga',
  '_gl',
]);
const TRACKING_PREFIXES = ['utm_'];

/** Longest input we accept; real article URLs are far shorter, and this bounds work on garbage. */
const MAX_URL_LENGTH = 8192;

function isTrackingParam(rawKey: string): boolean {
  let key: string;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    key = rawKey.toLowerCase();
  }
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** RFC 3986 §2.3 unreserved characters: percent-encoding them changes nothing, so decode them. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Upper-case percent escapes and decode the ones for unreserved characters (RFC 3986 §6.2.2). */
function normalizePercentEncoding(part: string): string {
  return part.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function normalizeQuery(search: string): string {
  if (search.length <= 1) return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => normalizePercentEncoding(pair))
    .filter((pair) => !isTrackingParam(pair.split('=', 1)[0] ?? ''));
  if (pairs.length === 0) return '';
  // Sort by key, then by the whole pair, so order of equal keys is deterministic too.
  pairs.sort((a, b) => {
    const keyA = a.split('=', 1)[0] ?? '';
    const keyB = b.split('=', 1)[0] ?? '';
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return `?${pairs.join('&')}`;
}

function parseHttpUrl(input: string): URL {
  const trimmed = input.trim();
  if (trimmed.length === 0) throw new UrlError(UrlErrorCode.invalid, 'empty URL');
  if (trimmed.length > MAX_URL_LENGTH) {
    throw new UrlError(UrlErrorCode.invalid, `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (cause) {
    throw new UrlError(UrlErrorCode.invalid, `not a URL: ${JSON.stringify(trimmed.slice(0, 200))}`, {
      cause,
    });
  }
  if (!SUPPORTED_PROTOCOLS.has(url.protocol)) {
    throw new UrlError(UrlErrorCode.unsupportedScheme, `unsupported scheme ${JSON.stringify(url.protocol)}`);
  }
  if (url.hostname.length === 0) throw new UrlError(UrlErrorCode.invalid, 'URL has no host');
  return url;
}

/**
 * The canonical spelling of an http(s) URL:
 * - scheme and host lower-cased (IDN hosts in punycode), a trailing dot on the host dropped;
 * - default ports (80 for http, 443 for https), credentials and the fragment dropped;
 * - dot segments resolved, percent escapes upper-cased, escaped unreserved characters decoded;
 * - empty query pairs and tracking parameters (utm_*, fbclid, gclid, mc_cid, …) dropped, the rest sorted.
 *
 * Idempotent: `normalizeUrl(normalizeUrl(x)) === normalizeUrl(x)`.
 *
 * @throws {UrlError} `URL_UNSUPPORTED_SCHEME` for anything but http/https; `URL_INVALID` for garbage,
 *   an empty host or an input over 8 KiB.
 */
export function normalizeUrl(input: string): string {
  const url = parseHttpUrl(input);
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) {
    url.hostname = url.hostname.replace(/\.+$/, '');
    if (url.hostname.length === 0) throw new UrlError(UrlErrorCode.invalid, 'URL has no host');
  }
  const path = normalizePercentEncoding(url.pathname);
  const query = normalizeQuery(url.search);
  // URL already drops default ports and lower-cases scheme and host.
  return `${url.protocol}//${url.host}${path}${query}`;
}

/**
 * The host of a URL as used for politeness and Kafka keys: lower-case hostname plus a non-default port
 * (`example.com`, `example.com:8080`, `[::1]:3000`).
 *
 * @throws {UrlError} as {@link normalizeUrl}.
 */
export function hostOf(url: string): string {
  return new URL(normalizeUrl(url)).host;
}

/** Whether `error` is a {@link UrlError} (also across module copies: matches on `name` and `code`). */
export function isUrlError(error: unknown): error is UrlError {
  return (
    error instanceof UrlError ||
    (error instanceof Error &&
      error.name === 'UrlError' &&
      Object.values(UrlErrorCode).includes((error as { code?: unknown }).code as UrlErrorCode))
  );
}
