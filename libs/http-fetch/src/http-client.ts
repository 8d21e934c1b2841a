import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { detectBinary, mediaTypeOf, normalizeUrl, sniffTextMediaType } from '@newsflow/normalize';
import {
  createGuardedLookup,
  EMPTY_ALLOW_LIST,
  resolveAllowedAddresses,
  systemResolveHost,
} from './address-guard.js';
import type { AllowList, ResolveHost } from './address-guard.js';
import {
  FetchAbortedError,
  FetchBodyTooLargeError,
  FetchEncodingError,
  FetchError,
  FetchErrorCode,
  FetchHttpStatusError,
  FetchNetworkError,
  FetchRedirectError,
  FetchTimeoutError,
  FetchUnsupportedContentError,
} from './fetch-errors.js';
import { parseRetryAfterMs } from './retry-after.js';

/** Media types we process (HTML, XHTML, plain text); everything else is refused before its body is read. */
export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = [
  'text/html',
  'application/xhtml+xml',
  'text/plain',
];

export const FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  totalTimeoutMs: 30_000,
  maxRedirects: 5,
  /** 5 MiB: far above any real article page, far below a decompression bomb. */
  maxBodyBytes: 5 * 1024 * 1024,
} as const;

/**
 * Response headers kept on the result: what later stages and refetches use (and what the WARC importer keeps
 * of an archived response, so an imported page looks like a fetched one).
 */
export const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'content-language',
  'content-length',
  'content-encoding',
  'etag',
  'last-modified',
  'cache-control',
  'expires',
  'date',
  'link',
  'x-robots-tag',
] as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchOptions {
  /** The User-Agent header: product token, version and a contact URL (`NewsflowBot/1.0 (+https://…)`). */
  readonly userAgent: string;
  /** Hosts/CIDRs exempt from the SSRF guard. @default EMPTY_ALLOW_LIST (nothing) */
  readonly allowList?: AllowList;
  /** Resolves host names; inject one in tests. @default systemResolveHost (dns.lookup, all addresses) */
  readonly resolveHost?: ResolveHost;
  /** DNS + TCP connect, per hop. @default 10_000 */
  readonly connectTimeoutMs?: number;
  /** From sending the request to the response headers, per hop. @default 15_000 */
  readonly headersTimeoutMs?: number;
  /** The whole fetch, all hops and the body. @default 30_000 */
  readonly totalTimeoutMs?: number;
  /** Redirects followed before failing with FETCH_REDIRECT_LIMIT. @default 5 */
  readonly maxRedirects?: number;
  /** Largest body, both as sent (compressed) and decoded. @default 5 MiB */
  readonly maxBodyBytes?: number;
  /**
   * Accepted media types (essence, lower-case), or `'any'` to skip the type and binary checks (robots.txt).
   * @default DEFAULT_ALLOWED_CONTENT_TYPES
   */
  readonly allowedContentTypes?: readonly string[] | 'any';
  /** Send `If-None-Match` with this validator (from the last fetch). */
  readonly etag?: string | undefined;
  /** Send `If-Modified-Since` with this date (from the last fetch). */
  readonly lastModified?: string | undefined;
  /** Extra request headers (e.g. Accept-Language). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the fetch (shutdown) with FETCH_ABORTED. */
  readonly signal?: AbortSignal;
  /** Clock for Retry-After dates. @default Date.now */
  readonly now?: () => number;
  /**
   * Called before following each redirect with the normalised target; throw to refuse it (e.g. robots.txt
   * of another origin). The SSRF guard re-checks every hop whatever this does.
   */
  readonly onRedirect?: (from: string, to: string) => void | Promise<void>;
}

/** What a fetch learns before reading the body: the answer's status, where it came from, its headers. */
export interface FetchedHead {
  /** The requested URL, normalised. */
  readonly url: string;
  /** The HTTP status of the last hop (2xx, or 304 when `notModified`). */
  readonly status: number;
  /** The URL that answered, after redirects (normalised). */
  readonly finalUrl: string;
  /** The URLs that answered with a redirect, in order (`[]` when none; `finalUrl` is not included). */
  readonly redirects: readonly string[];
  /** A subset of response headers (lower-case names): content-type, etag, last-modified, link, … */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The media type essence (`text/html`) as declared; `fetchPage` sniffs it when the server sent none.
   * `''` when none was sent, and when `notModified`.
   */
  readonly contentType: string;
  /** The raw Content-Type header, for charset decoding (`decodeBytes(body, contentTypeHeader)`). */
  readonly contentTypeHeader: string | undefined;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  /** True when a conditional GET got 304: nothing new, and the body is empty. */
  readonly notModified: boolean;
}

/** A page read whole into memory ({@link fetchPage}). */
export interface FetchedPage extends FetchedHead {
  /** The decoded (decompressed) body; empty when `notModified`. */
  readonly body: Uint8Array;
  /** Bytes received on the wire for the final body (compressed size). */
  readonly encodedBytes: number;
}

/** A response whose body is read as it arrives ({@link fetchStream}). */
export interface FetchedStream extends FetchedHead {
  /**
   * The decoded (decompressed) body, in chunks. Read it to the end or `destroy()` it: the connection and the
   * total timeout stay open until then. It fails with a {@link FetchError} (body too large, bad encoding,
   * total timeout, aborted, reset). Empty when `notModified`.
   */
  readonly body: Readable;
  /** Bytes received on the wire for the body so far (compressed size). */
  readonly encodedBytes: () => number;
}

interface FetchContext {
  readonly options: FetchOptions;
  readonly allowList: AllowList;
  readonly resolveHost: ResolveHost;
  readonly signal: AbortSignal;
  readonly maxBodyBytes: number;
}

/** The total timeout and the caller's signal as one AbortSignal, live until `end()`. */
interface FetchSession {
  readonly signal: AbortSignal;
  end(): void;
}

function startSession(url: string, options: FetchOptions): FetchSession {
  const totalTimeoutMs = options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs;
  const controller = new AbortController();
  const totalTimer = setTimeout(
    () => controller.abort(new FetchTimeoutError('total', totalTimeoutMs, { url })),
    totalTimeoutMs,
  );
  const onCallerAbort = () => controller.abort(new FetchAbortedError({ url, cause: options.signal?.reason }));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    end() {
      clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Fetch one URL with every safety rule applied and hand back its body as a stream: SSRF guard on every hop
 * (DNS resolved once, the socket connects to the checked address), manual redirects (limit, loop detection,
 * each hop normalised), connect/headers/total timeouts (the total one runs until the body is read),
 * streaming gzip/deflate/br decoding capped at `maxBodyBytes` both as sent and decoded (a decompression bomb
 * costs at most that much), a declared Content-Type off `allowedContentTypes` refused before the body is
 * read, and conditional GET (a 304 returns `notModified: true`). For large bodies (sitemaps, archives) raise
 * `maxBodyBytes` and `totalTimeoutMs` for the call.
 *
 * @throws {FetchError} subclasses, by `code` (see {@link FetchErrorCode}): retriable — timeouts, network
 *   errors, 429 and 5xx (with `retryAfterMs` from Retry-After), abort; permanent — NXDOMAIN, blocked
 *   address, 404/410 and other 4xx, redirect limit/loop/invalid, declared body too large, unsupported type,
 *   unknown encoding. A malformed `url` throws the `UrlError` of `normalizeUrl`.
 */
export async function fetchStream(url: string, options: FetchOptions): Promise<FetchedStream> {
  const startUrl = normalizeUrl(url);
  const session = startSession(startUrl, options);
  const context: FetchContext = {
    options,
    allowList: options.allowList ?? EMPTY_ALLOW_LIST,
    resolveHost: options.resolveHost ?? systemResolveHost,
    signal: session.signal,
    maxBodyBytes: options.maxBodyBytes ?? FETCH_DEFAULTS.maxBodyBytes,
  };
  try {
    const { response, finalUrl, redirects } = await followRedirects(startUrl, context);
    const head = checkFinalResponse(startUrl, finalUrl, redirects, response, context);
    if (head.notModified) {
      session.end();
      return { ...head, body: Readable.from([]), encodedBytes: () => 0 };
    }
    const { body, encodedBytes } = openBody(response, finalUrl, context, session);
    return { ...head, body, encodedBytes };
  } catch (error) {
    session.end();
    // Whatever broke while aborting (a reset socket) is a symptom; the abort reason is the cause.
    if (session.signal.aborted) throw session.signal.reason as FetchError;
    throw error;
  }
}

/**
 * Fetch one page into memory: {@link fetchStream} plus, unless `allowedContentTypes` is `'any'`, a check
 * that the body is text (binary signatures and control bytes, `detectBinary`) and a media type sniffed from
 * the body when the server sent none.
 *
 * @throws {FetchError} as {@link fetchStream}, and also: body too large (`FETCH_BODY_TOO_LARGE`), corrupt
 *   compressed stream (`FETCH_BAD_CONTENT_ENCODING`), binary body (`FETCH_BINARY_BODY`), a sniffed type off
 *   the allow-list (`FETCH_UNSUPPORTED_CONTENT_TYPE`).
 */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchedPage> {
  const response = await fetchStream(url, options);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
  const joined = Buffer.concat(chunks);
  const body = new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
  const { body: _stream, encodedBytes, ...head } = response;
  const page: FetchedPage = { ...head, body, encodedBytes: encodedBytes() };
  const allowed = options.allowedContentTypes ?? DEFAULT_ALLOWED_CONTENT_TYPES;
  if (allowed === 'any' || page.notModified) return page;
  const binary = detectBinary(body);
  if (binary !== undefined) {
    throw new FetchUnsupportedContentError(
      FetchErrorCode.binaryBody,
      `body is binary (${binary}) although served as ${page.contentType || 'no content type'}`,
      page.contentType,
      { url: page.finalUrl, status: page.status },
    );
  }
  if (page.contentType.length > 0) return page;
  const sniffed = sniffTextMediaType(body);
  if (!allowed.includes(sniffed)) {
    throw new FetchUnsupportedContentError(
      FetchErrorCode.unsupportedContentType,
      `sniffed content type ${sniffed} is not allowed`,
      sniffed,
      { url: page.finalUrl, status: page.status },
    );
  }
  return { ...page, contentType: sniffed };
}

/** Follow redirects by hand; resolves with the first non-redirect response, its body unread. */
async function followRedirects(
  startUrl: string,
  context: FetchContext,
): Promise<{ response: IncomingMessage; finalUrl: string; redirects: string[] }> {
  const maxRedirects = context.options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const redirects: string[] = [];
  const visited = new Set<string>([startUrl]);
  let currentUrl = startUrl;
  for (;;) {
    const response = await requestHeaders(currentUrl, context);
    const { statusCode = 0 } = response;
    if (!REDIRECT_STATUSES.has(statusCode)) return { response, finalUrl: currentUrl, redirects };
    response.destroy();
    const location = response.headers.location;
    redirects.push(currentUrl);
    if (location === undefined || location.length === 0) {
      throw new FetchRedirectError(
        FetchErrorCode.redirectInvalid,
        `HTTP ${statusCode} without Location`,
        redirects,
        { url: currentUrl, status: statusCode },
      );
    }
    let nextUrl: string;
    try {
      nextUrl = normalizeUrl(new URL(location, currentUrl).href);
    } catch (cause) {
      throw new FetchRedirectError(
        FetchErrorCode.redirectInvalid,
        `unusable redirect Location ${JSON.stringify(location.slice(0, 200))}`,
        redirects,
        { url: currentUrl, status: statusCode, cause },
      );
    }
    if (visited.has(nextUrl)) {
      throw new FetchRedirectError(
        FetchErrorCode.redirectLoop,
        `redirect loop back to ${nextUrl}`,
        redirects,
        {
          url: currentUrl,
          status: statusCode,
        },
      );
    }
    if (redirects.length > maxRedirects) {
      throw new FetchRedirectError(
        FetchErrorCode.redirectLimit,
        `more than ${maxRedirects} redirects`,
        redirects,
        {
          url: currentUrl,
          status: statusCode,
        },
      );
    }
    await context.options.onRedirect?.(currentUrl, nextUrl);
    visited.add(nextUrl);
    currentUrl = nextUrl;
  }
}

function buildRequestHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1',
    'accept-encoding': 'gzip, deflate, br',
    ...options.headers,
  };
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  if (options.lastModified !== undefined) headers['if-modified-since'] = options.lastModified;
  return headers;
}

/** TLS failures that will not fix themselves by retrying. */
function isCertificateError(code: string): boolean {
  return /^(ERR_TLS_CERT|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_)/.test(
    code,
  );
}

function toFetchError(error: unknown, url: string): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === 'string' ? code : 'UNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  if (isCertificateError(codeText)) {
    return new FetchError(
      FetchErrorCode.network,
      false,
      `TLS certificate rejected (${codeText}): ${message}`,
      {
        url,
        cause: error,
      },
    );
  }
  return new FetchNetworkError(`${codeText}: ${message}`, { url, cause: error });
}

/** Send one GET and resolve with the response once its headers arrive (connect and headers timeouts apply). */
async function requestHeaders(url: string, context: FetchContext): Promise<IncomingMessage> {
  const target = new URL(url);
  // net.connect skips `lookup` for IP literals, so check those here; host names are resolved and checked
  // once, in the lookup, and the socket connects to exactly the address that passed.
  if (isIP(target.hostname.replace(/^\[|\]$/g, '')) !== 0) {
    await resolveAllowedAddresses(target.hostname, context.allowList, context.resolveHost);
  }
  if (context.signal.aborted) throw context.signal.reason as FetchError;
  const connectTimeoutMs = context.options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs;
  const headersTimeoutMs = context.options.headersTimeoutMs ?? FETCH_DEFAULTS.headersTimeoutMs;
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = transport.request(target, {
      method: 'GET',
      headers: buildRequestHeaders(context.options),
      lookup: createGuardedLookup(context.allowList, context.resolveHost),
      // A fresh connection per request: no pooled socket checked under another allow-list is reused.
      agent: false,
    });
    const timers: NodeJS.Timeout[] = [];
    const fail = (error: FetchError) => {
      request.destroy(error);
    };
    const cleanUp = () => {
      for (const timer of timers) clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => fail(context.signal.reason as FetchError);
    context.signal.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => fail(new FetchTimeoutError('connect', connectTimeoutMs, { url })), connectTimeoutMs),
    );
    timers.push(
      setTimeout(() => fail(new FetchTimeoutError('headers', headersTimeoutMs, { url })), headersTimeoutMs),
    );
    request.once('socket', (socket) => {
      socket.once('connect', () => clearTimeout(timers[0]));
    });
    request.once('response', (response) => {
      cleanUp();
      // Later failures (body timeouts, aborts) destroy the response; keep the request from throwing unhandled.
      request.on('error', () => undefined);
      context.signal.addEventListener('abort', () => response.destroy(context.signal.reason as Error), {
        once: true,
      });
      resolve(response);
    });
    request.once('error', (error) => {
      cleanUp();
      reject(toFetchError(error, url));
    });
    request.end();
  });
}

function pickHeaders(response: IncomingMessage): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = response.headers[name];
    if (typeof value === 'string') picked[name] = value;
    else if (Array.isArray(value)) picked[name] = value.join(', ');
  }
  return picked;
}

/**
 * The head of the final response, or the error it stands for (non-2xx status, a declared type off the
 * allow-list). Destroys the response when it will not be read.
 */
function checkFinalResponse(
  startUrl: string,
  finalUrl: string,
  redirects: string[],
  response: IncomingMessage,
  context: FetchContext,
): FetchedHead {
  const status = response.statusCode ?? 0;
  const headers = pickHeaders(response);
  const etag = headers.etag ?? undefined;
  const lastModified = headers['last-modified'] ?? undefined;
  if (status === 304) {
    response.destroy();
    return {
      url: startUrl,
      status,
      finalUrl,
      redirects,
      headers,
      contentType: '',
      contentTypeHeader: undefined,
      etag: etag ?? context.options.etag,
      lastModified: lastModified ?? context.options.lastModified,
      notModified: true,
    };
  }
  if (status < 200 || status >= 300) {
    response.destroy();
    const retryAfterMs = parseRetryAfterMs(
      response.headers['retry-after'],
      (context.options.now ?? Date.now)(),
    );
    throw new FetchHttpStatusError(
      status,
      retryAfterMs === undefined ? { url: finalUrl } : { url: finalUrl, retryAfterMs },
    );
  }
  const contentTypeHeader = headers['content-type'];
  const contentType = mediaTypeOf(contentTypeHeader);
  const allowed = context.options.allowedContentTypes ?? DEFAULT_ALLOWED_CONTENT_TYPES;
  if (allowed !== 'any' && contentType.length > 0 && !allowed.includes(contentType)) {
    response.destroy();
    throw new FetchUnsupportedContentError(
      FetchErrorCode.unsupportedContentType,
      `content type ${contentType} is not one of ${allowed.join(', ')}`,
      contentType,
      { url: finalUrl, status },
    );
  }
  return {
    url: startUrl,
    status,
    finalUrl,
    redirects,
    headers,
    contentType,
    contentTypeHeader,
    etag,
    lastModified,
    notModified: false,
  };
}

/**
 * Most content codings undone for one body. Servers apply one (rarely two); a 16 KiB header can list 4 000,
 * and each is a decompressor made before a byte is read (4 096 `br` took 47 MB and 0.2 s of CPU, and a
 * nested body could fill every window).
 */
const MAX_CONTENT_CODINGS = 4;
/** The decompressor of each content coding undone, by its lower-case name. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2); Unzip also accepts gzip sent as deflate.
  deflate: () => zlib.createUnzip(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * Content-Encoding codings in the order they must be undone (last applied first); identity dropped.
 * @throws {FetchEncodingError} for an unknown coding or more than {@link MAX_CONTENT_CODINGS}.
 */
function decodingChain(contentEncoding: string | undefined, url: string): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding.length > 0 && coding !== 'identity');
  if (codings.length > MAX_CONTENT_CODINGS) {
    throw new FetchEncodingError(
      `${codings.length} content codings; at most ${MAX_CONTENT_CODINGS} are undone`,
      { url },
    );
  }
  // Every coding known before any decompressor is made, so a refusal leaves none behind.
  const unknown = codings.find((coding) => !Object.hasOwn(DECODERS, coding));
  if (unknown !== undefined) {
    throw new FetchEncodingError(`unsupported content encoding ${JSON.stringify(unknown)}`, { url });
  }
  return codings.reverse().map((coding) => DECODERS[coding]!());
}

/** A pass-through that fails once more than `maxBytes` went through it. */
function createByteLimit(
  maxBytes: number,
  measure: 'encoded' | 'decoded',
  url: string,
  counter: { bytes: number },
) {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) callback(new FetchBodyTooLargeError(maxBytes, measure, { url }));
      else callback(null, chunk);
    },
  });
}

/**
 * The response body decoded, as a stream bounded by `maxBodyBytes` before and after decoding. Errors come
 * out as FetchErrors; the session (total timeout) ends when the body is read, fails or is destroyed.
 */
function openBody(
  response: IncomingMessage,
  url: string,
  context: FetchContext,
  session: FetchSession,
): { body: Readable; encodedBytes: () => number } {
  const { maxBodyBytes, signal } = context;
  const contentLength = Number(response.headers['content-length']);
  if (Number.isFinite(contentLength) && contentLength > maxBodyBytes) {
    response.destroy();
    throw new FetchBodyTooLargeError(maxBodyBytes, 'content-length', { url });
  }
  let decoders: Transform[];
  try {
    decoders = decodingChain(response.headers['content-encoding'], url);
  } catch (error) {
    response.destroy();
    throw error;
  }
  const encoded = { bytes: 0 };
  const decoded = { bytes: 0 };
  // Errors reach the tail of the pipeline, where the reader below sees and names them.
  const tail = pipeline(
    [
      response,
      createByteLimit(maxBodyBytes, 'encoded', url, encoded),
      ...decoders,
      createByteLimit(maxBodyBytes, 'decoded', url, decoded),
    ],
    () => undefined,
  ) as unknown as Readable;
  const encoding = response.headers['content-encoding'] ?? '';
  // Not part of the pipeline, so its error is the one named here; destroying it (a reader that stops early)
  // tears the pipeline and the socket down at once.
  const body = new PassThrough();
  tail.on('error', (error) => body.destroy(toBodyError(error, url, encoding, signal)));
  tail.pipe(body);
  body.once('close', () => {
    tail.destroy();
    response.destroy();
    session.end();
  });
  return { body, encodedBytes: () => encoded.bytes };
}

/** What a failure while reading the body means: the abort reason, our own limit, a corrupt stream, a reset. */
function toBodyError(error: unknown, url: string, encoding: string, signal: AbortSignal): FetchError {
  if (signal.aborted) return signal.reason as FetchError;
  if (error instanceof FetchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new FetchEncodingError(`corrupt ${encoding} body: ${code}`, { url, cause: error });
  }
  return toFetchError(error, url);
}
