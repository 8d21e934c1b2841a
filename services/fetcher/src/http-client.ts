import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { normalizeUrl } from '@newsflow/normalize';
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
import { parseRetryAfterMs } from './retry-timing.js';

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

/** Response headers kept on the result: what later stages and refetches use. */
const KEPT_HEADERS = [
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

/** How many bytes of a body are checked for binary content (WHATWG MIME Sniffing §7.1 reads 1445). */
const SNIFF_BYTES = 1445;

/** Signatures of common binary formats served with a text Content-Type (WHATWG MIME Sniffing §6). */
const BINARY_SIGNATURES: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'ZIP', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip', bytes: [0x1f, 0x8b, 0x08] },
  { name: 'ELF', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
];

export interface FetchPageOptions {
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

export interface FetchedPage {
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
  /** The decoded (decompressed) body; empty when `notModified`. */
  readonly body: Uint8Array;
  /** The media type essence (`text/html`), sniffed when the server sent none; `''` when `notModified`. */
  readonly contentType: string;
  /** The raw Content-Type header, for charset decoding (`decodeBytes(body, contentTypeHeader)`). */
  readonly contentTypeHeader: string | undefined;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  /** True when a conditional GET got 304: nothing new to emit. */
  readonly notModified: boolean;
  /** Bytes received on the wire for the final body (compressed size). */
  readonly encodedBytes: number;
}

interface FetchContext {
  readonly options: FetchPageOptions;
  readonly allowList: AllowList;
  readonly resolveHost: ResolveHost;
  readonly signal: AbortSignal;
  readonly maxBodyBytes: number;
}

/**
 * Fetch one page with every safety rule applied: SSRF guard on every hop (DNS resolved once, the socket
 * connects to the checked address), manual redirects (limit, loop detection, each hop normalised), connect/
 * headers/total timeouts, streaming gzip/deflate/br decoding capped at `maxBodyBytes` (a decompression bomb
 * costs at most that much memory), a content-type allow-list with a binary-content check, and conditional
 * GET (a 304 returns `notModified: true`).
 *
 * @throws {FetchError} subclasses, by `code` (see {@link FetchErrorCode}): retriable — timeouts, network
 *   errors, 429 and 5xx (with `retryAfterMs` from Retry-After), abort; permanent — NXDOMAIN, blocked
 *   address, 404/410 and other 4xx, redirect limit/loop/invalid, body too large, unsupported type or
 *   binary body, bad encoding. A malformed `url` throws the `UrlError` of `normalizeUrl`.
 */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  const startUrl = normalizeUrl(url);
  const totalTimeoutMs = options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs;
  const controller = new AbortController();
  const totalTimer = setTimeout(
    () => controller.abort(new FetchTimeoutError('total', totalTimeoutMs, { url: startUrl })),
    totalTimeoutMs,
  );
  const onCallerAbort = () =>
    controller.abort(new FetchAbortedError({ url: startUrl, cause: options.signal?.reason }));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const context: FetchContext = {
    options,
    allowList: options.allowList ?? EMPTY_ALLOW_LIST,
    resolveHost: options.resolveHost ?? systemResolveHost,
    signal: controller.signal,
    maxBodyBytes: options.maxBodyBytes ?? FETCH_DEFAULTS.maxBodyBytes,
  };
  try {
    return await followRedirects(startUrl, context);
  } catch (error) {
    // Whatever broke while aborting (a reset socket, a zlib error) is a symptom; the abort reason is the cause.
    if (controller.signal.aborted) throw controller.signal.reason as FetchError;
    throw error;
  } finally {
    clearTimeout(totalTimer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function followRedirects(startUrl: string, context: FetchContext): Promise<FetchedPage> {
  const maxRedirects = context.options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const redirects: string[] = [];
  const visited = new Set<string>([startUrl]);
  let currentUrl = startUrl;
  for (;;) {
    const response = await requestHeaders(currentUrl, context);
    const { statusCode = 0 } = response;
    if (!REDIRECT_STATUSES.has(statusCode))
      return await handleFinalResponse(startUrl, currentUrl, redirects, response, context);
    response.destroy();
    const location = response.headers.location;
    redirects.push(currentUrl);
    if (location === undefined || location.length === 0) {
      throw new FetchRedirectError(
        FetchErrorCode.redirectInvalid,
        `HTTP ${statusCode} without Location`,
        redirects,
        {
          url: currentUrl,
          status: statusCode,
        },
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
        {
          url: currentUrl,
          status: statusCode,
          cause,
        },
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

function buildRequestHeaders(options: FetchPageOptions): Record<string, string> {
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

/** Media type essence of a Content-Type value: `Text/HTML; charset=x` → `text/html`. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function pickHeaders(response: IncomingMessage): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers[name];
    if (typeof value === 'string') picked[name] = value;
    else if (Array.isArray(value)) picked[name] = value.join(', ');
  }
  return picked;
}

async function handleFinalResponse(
  startUrl: string,
  finalUrl: string,
  redirects: string[],
  response: IncomingMessage,
  context: FetchContext,
): Promise<FetchedPage> {
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
      body: new Uint8Array(0),
      contentType: '',
      contentTypeHeader: undefined,
      etag: etag ?? context.options.etag,
      lastModified: lastModified ?? context.options.lastModified,
      notModified: true,
      encodedBytes: 0,
    };
  }
  if (status < 200 || status >= 300) {
    response.destroy();
    const retryAfter = response.headers['retry-after'];
    const retryAfterMs = parseRetryAfterMs(retryAfter, (context.options.now ?? Date.now)());
    throw new FetchHttpStatusError(
      status,
      retryAfterMs === undefined ? { url: finalUrl } : { url: finalUrl, retryAfterMs },
    );
  }

  const contentTypeHeader = headers['content-type'];
  let contentType = mediaTypeOf(contentTypeHeader);
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
  const { body, encodedBytes } = await readBody(response, finalUrl, context);
  if (allowed !== 'any') {
    const binary = detectBinary(body);
    if (binary !== undefined) {
      throw new FetchUnsupportedContentError(
        FetchErrorCode.binaryBody,
        `body is binary (${binary}) although served as ${contentType || 'no content type'}`,
        contentType,
        { url: finalUrl, status },
      );
    }
    if (contentType.length === 0) contentType = sniffTextType(body);
    if (!allowed.includes(contentType)) {
      throw new FetchUnsupportedContentError(
        FetchErrorCode.unsupportedContentType,
        `sniffed content type ${contentType} is not allowed`,
        contentType,
        { url: finalUrl, status },
      );
    }
  }
  return {
    url: startUrl,
    status,
    finalUrl,
    redirects,
    headers,
    body,
    contentType,
    contentTypeHeader,
    etag,
    lastModified,
    notModified: false,
    encodedBytes,
  };
}

/** Content-Encoding codings in the order they must be undone (last applied first); identity dropped. */
function decodingChain(contentEncoding: string | undefined, url: string): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding.length > 0 && coding !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip();
      case 'deflate':
        // "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2); Unzip also accepts gzip sent as deflate.
        return zlib.createUnzip();
      case 'br':
        return zlib.createBrotliDecompress();
      default:
        throw new FetchEncodingError(`unsupported content encoding ${JSON.stringify(coding)}`, { url });
    }
  });
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

async function readBody(
  response: IncomingMessage,
  url: string,
  context: FetchContext,
): Promise<{ body: Uint8Array; encodedBytes: number }> {
  const { maxBodyBytes } = context;
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
  const chunks: Buffer[] = [];
  try {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    await pipeline([
      response,
      createByteLimit(maxBodyBytes, 'encoded', url, encoded),
      ...decoders,
      createByteLimit(maxBodyBytes, 'decoded', url, decoded),
      sink,
    ]);
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason as FetchError;
    if (error instanceof FetchError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new FetchEncodingError(`corrupt ${response.headers['content-encoding'] ?? ''} body: ${code}`, {
        url,
        cause: error,
      });
    }
    throw toFetchError(error, url);
  }
  const body = Buffer.concat(chunks);
  return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), encodedBytes: encoded.bytes };
}

/** WHATWG MIME Sniffing §7.2 "binary data bytes": control characters text never contains. */
function isBinaryDataByte(byte: number): boolean {
  return byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f);
}

/**
 * Why `body` is not text, or `undefined` when it looks like text: a known binary signature (PDF, PNG, …) or
 * a binary data byte in the first {@link SNIFF_BYTES} bytes. UTF-16 bodies (BOM) are text.
 */
export function detectBinary(body: Uint8Array): string | undefined {
  for (const signature of BINARY_SIGNATURES) {
    if (signature.bytes.every((byte, i) => body[i] === byte)) return `${signature.name} signature`;
  }
  const utf16Bom = (body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe);
  if (utf16Bom) return undefined;
  const end = Math.min(body.length, SNIFF_BYTES);
  for (let i = 0; i < end; i += 1) {
    const byte = body[i] ?? 0;
    if (isBinaryDataByte(byte)) return `control byte 0x${byte.toString(16).padStart(2, '0')} at offset ${i}`;
  }
  return undefined;
}

/** For a body served without Content-Type: HTML when it starts with markup, else plain text. */
function sniffTextType(body: Uint8Array): string {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 512))
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype html|html|head|body|!--|\?xml|meta|title|div|p[ >])/.test(head)
    ? 'text/html'
    : 'text/plain';
}
