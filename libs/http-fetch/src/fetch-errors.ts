import { NewsflowError, type ErrorContext } from '@newsflow/errors';

/**
 * Every way a fetch fails, by stable `code`. Grouped by what happens next: `retriable` ones go back to BullMQ
 * backoff (honouring `retryAfterMs` where the server sent one); the rest are permanent and go to the
 * dead-letter topic with their code as the reason.
 */
export const FetchErrorCode = {
  /** Connecting took longer than `connectTimeoutMs` (DNS + TCP). Retriable. */
  connectTimeout: 'FETCH_CONNECT_TIMEOUT',
  /** No response headers within `headersTimeoutMs`. Retriable. */
  headersTimeout: 'FETCH_HEADERS_TIMEOUT',
  /** The whole fetch (all hops and the body) took longer than `totalTimeoutMs`. Retriable. */
  totalTimeout: 'FETCH_TOTAL_TIMEOUT',
  /** Connection refused or reset, TLS failure, a temporary DNS failure. Retriable. */
  network: 'FETCH_NETWORK',
  /** The host name does not exist (NXDOMAIN). Permanent. */
  dnsNotFound: 'FETCH_DNS_NOT_FOUND',
  /** The host resolves only to refused addresses (loopback, private, link-local, metadata…). Permanent. */
  addressBlocked: 'FETCH_ADDRESS_BLOCKED',
  /** 429 Too Many Requests. Retriable, carries `retryAfterMs`. */
  rateLimited: 'FETCH_RATE_LIMITED',
  /** A 5xx answer (or 408). Retriable, carries `retryAfterMs` when sent. */
  serverError: 'FETCH_SERVER_ERROR',
  /** 404 Not Found or 410 Gone. Permanent. */
  notFound: 'FETCH_NOT_FOUND',
  /** Any other 4xx answer (401, 403, 451…). Permanent. */
  clientError: 'FETCH_HTTP_CLIENT_ERROR',
  /** More redirects than `maxRedirects`. Permanent. */
  redirectLimit: 'FETCH_REDIRECT_LIMIT',
  /** A redirect back to a URL already visited. Permanent. */
  redirectLoop: 'FETCH_REDIRECT_LOOP',
  /** A redirect without a usable Location (missing, not http(s), garbage). Permanent. */
  redirectInvalid: 'FETCH_REDIRECT_INVALID',
  /** The body (encoded or decoded) is larger than `maxBodyBytes`. Permanent. */
  bodyTooLarge: 'FETCH_BODY_TOO_LARGE',
  /** The Content-Type is not in the allow-list (PDF, images, octet-stream…). Permanent. */
  unsupportedContentType: 'FETCH_UNSUPPORTED_CONTENT_TYPE',
  /** The body claims to be text but its bytes are binary. Permanent. */
  binaryBody: 'FETCH_BINARY_BODY',
  /** A Content-Encoding we cannot decode, or a corrupt compressed stream. Permanent. */
  badEncoding: 'FETCH_BAD_CONTENT_ENCODING',
  /** robots.txt disallows the URL for our user agent. Permanent. */
  robotsDisallowed: 'FETCH_ROBOTS_DISALLOWED',
  /** The caller aborted the fetch (shutdown). Retriable: another replica can do it. */
  aborted: 'FETCH_ABORTED',
  /** An allow-list entry (`FETCH_ALLOWED_HOSTS`) is no host name, IP or CIDR. Permanent (a start-up error). */
  allowListInvalid: 'FETCH_ALLOW_LIST_INVALID',
} as const;
export type FetchErrorCode = (typeof FetchErrorCode)[keyof typeof FetchErrorCode];

export interface FetchErrorOptions extends ErrorOptions {
  /** The URL being fetched when it failed (the current hop). */
  readonly url?: string;
  /** The HTTP status, when the failure is an answer. */
  readonly status?: number;
  /** How long the server asked us to wait (Retry-After), in ms. */
  readonly retryAfterMs?: number;
  readonly context?: ErrorContext;
}

/** Base of all fetch failures: `code`, `retriable`, the `url` of the hop and the `status` if any. */
export class FetchError extends NewsflowError {
  override name = 'FetchError';
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(code: FetchErrorCode, retriable: boolean, message: string, options: FetchErrorOptions = {}) {
    super(code, message, {
      retriable,
      cause: options.cause,
      context: {
        ...options.context,
        url: options.url,
        status: options.status,
        retryAfterMs: options.retryAfterMs,
      },
    });
    this.url = options.url;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
  declare readonly code: FetchErrorCode;
}

/** A timeout of one of the three phases; retriable. */
export class FetchTimeoutError extends FetchError {
  override name = 'FetchTimeoutError';
  constructor(
    readonly phase: 'connect' | 'headers' | 'total',
    readonly timeoutMs: number,
    options: FetchErrorOptions = {},
  ) {
    const code =
      phase === 'connect'
        ? FetchErrorCode.connectTimeout
        : phase === 'headers'
          ? FetchErrorCode.headersTimeout
          : FetchErrorCode.totalTimeout;
    super(code, true, `${phase} timeout after ${timeoutMs} ms`, options);
  }
}

/** A transport failure (refused, reset, TLS, temporary DNS); retriable. */
export class FetchNetworkError extends FetchError {
  override name = 'FetchNetworkError';
  constructor(message: string, options: FetchErrorOptions = {}) {
    super(FetchErrorCode.network, true, message, options);
  }
}

/** The host does not exist; permanent. */
export class FetchDnsNotFoundError extends FetchError {
  override name = 'FetchDnsNotFoundError';
  constructor(
    readonly hostname: string,
    options: FetchErrorOptions = {},
  ) {
    super(FetchErrorCode.dnsNotFound, false, `host not found: ${hostname}`, options);
  }
}

/** The target address is refused by the SSRF guard; permanent. */
export class FetchAddressBlockedError extends FetchError {
  override name = 'FetchAddressBlockedError';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: string,
    options: FetchErrorOptions = {},
  ) {
    super(
      FetchErrorCode.addressBlocked,
      false,
      `refusing to connect to ${hostname} (${address}: ${addressClass} address)`,
      options,
    );
  }
}

/** An HTTP status that is not a success: 429/5xx/408 retriable, other 4xx permanent. */
export class FetchHttpStatusError extends FetchError {
  override name = 'FetchHttpStatusError';
  constructor(status: number, options: Omit<FetchErrorOptions, 'status'> = {}) {
    const code =
      status === 429
        ? FetchErrorCode.rateLimited
        : status >= 500 || status === 408
          ? FetchErrorCode.serverError
          : status === 404 || status === 410
            ? FetchErrorCode.notFound
            : FetchErrorCode.clientError;
    const retriable = code === FetchErrorCode.rateLimited || code === FetchErrorCode.serverError;
    super(code, retriable, `HTTP ${status}`, { ...options, status });
  }
}

/** Redirect limit, loop or unusable Location; permanent. */
export class FetchRedirectError extends FetchError {
  override name = 'FetchRedirectError';
  constructor(
    code:
      | typeof FetchErrorCode.redirectLimit
      | typeof FetchErrorCode.redirectLoop
      | typeof FetchErrorCode.redirectInvalid,
    message: string,
    readonly redirects: readonly string[],
    options: FetchErrorOptions = {},
  ) {
    super(code, false, message, options);
  }
}

/** The body is larger than allowed (also: a decompression bomb); permanent. */
export class FetchBodyTooLargeError extends FetchError {
  override name = 'FetchBodyTooLargeError';
  constructor(
    readonly maxBodyBytes: number,
    readonly measure: 'content-length' | 'encoded' | 'decoded',
    options: FetchErrorOptions = {},
  ) {
    super(FetchErrorCode.bodyTooLarge, false, `body larger than ${maxBodyBytes} bytes (${measure})`, options);
  }
}

/** The content is not a page we process: a type off the allow-list, or binary bytes; permanent. */
export class FetchUnsupportedContentError extends FetchError {
  override name = 'FetchUnsupportedContentError';
  constructor(
    code: typeof FetchErrorCode.unsupportedContentType | typeof FetchErrorCode.binaryBody,
    message: string,
    readonly contentType: string,
    options: FetchErrorOptions = {},
  ) {
    super(code, false, message, options);
  }
}

/** Content-Encoding we cannot decode, or a corrupt stream; permanent. */
export class FetchEncodingError extends FetchError {
  override name = 'FetchEncodingError';
  constructor(message: string, options: FetchErrorOptions = {}) {
    super(FetchErrorCode.badEncoding, false, message, options);
  }
}

/** robots.txt says no; permanent. */
export class FetchRobotsDisallowedError extends FetchError {
  override name = 'FetchRobotsDisallowedError';
  constructor(url: string, reason: string, options: FetchErrorOptions = {}) {
    super(FetchErrorCode.robotsDisallowed, false, `disallowed by robots.txt (${reason}): ${url}`, {
      ...options,
      url,
    });
  }
}

/**
 * robots.txt of the URL's origin does not answer (refused, reset, timeout, 5xx, 429): nothing is fetched from
 * the origin until it does (RFC 9309 §2.3.1.4), and the request waits and asks again. Retriable, with
 * `retryAfterMs` when robots.txt will next be asked; carries the code of the failure (`FETCH_NETWORK`,
 * `FETCH_CONNECT_TIMEOUT`, `FETCH_SERVER_ERROR`, …), so a request that runs out of attempts is dead-lettered
 * with the real reason.
 */
export class FetchRobotsUnreachableError extends FetchError {
  override name = 'FetchRobotsUnreachableError';
  constructor(
    url: string,
    failure: { readonly code: string; readonly message: string },
    retryAfterMs: number,
  ) {
    super(
      isFetchErrorCode(failure.code) ? failure.code : FetchErrorCode.network,
      true,
      `robots.txt does not answer (${failure.message}); not fetching ${url} until it does`,
      { url, retryAfterMs },
    );
  }
}

/** The caller's signal aborted the fetch; retriable. */
export class FetchAbortedError extends FetchError {
  override name = 'FetchAbortedError';
  constructor(options: FetchErrorOptions = {}) {
    super(FetchErrorCode.aborted, true, 'fetch aborted', options);
  }
}

/** An allow-list entry that is neither host name, IP nor CIDR; thrown by `parseAllowList`. */
export class AllowListError extends FetchError {
  override name = 'AllowListError';
  constructor(readonly entry: string) {
    super(
      FetchErrorCode.allowListInvalid,
      false,
      `invalid allow-list entry ${JSON.stringify(entry)}: expected a host name, IP or CIDR`,
      { context: { entry } },
    );
  }
}

/** Whether `code` is one of {@link FetchErrorCode}. */
export function isFetchErrorCode(code: unknown): code is FetchErrorCode {
  return typeof code === 'string' && (Object.values(FetchErrorCode) as string[]).includes(code);
}

/** Whether `error` is a fetch failure, matched on `code` so it also works across module copies. */
export function isFetchError(error: unknown): error is FetchError {
  return error instanceof Error && 'code' in error && isFetchErrorCode(error.code);
}
