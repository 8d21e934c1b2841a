import { DEFAULT_ALLOWED_CONTENT_TYPES, KEPT_RESPONSE_HEADERS } from '@newsflow/http-fetch';
import {
  decodeBytes,
  detectBinary,
  hostOf,
  mediaTypeOf,
  normalizeUrl,
  sniffTextMediaType,
} from '@newsflow/normalize';
import type { RecordHead } from './archive-records.js';
import { decodeHttpPayload, type PayloadLimits } from './http-payload.js';
import { SkipReason } from './skip-reasons.js';

/** What `import-warc` takes from an archive (`--since`, `--site`). */
export interface RecordFilters {
  /** Records dated before this are skipped. */
  readonly since?: Date;
  /** Only records whose target URI is on one of these hosts. */
  readonly sites?: readonly string[];
}

/** A response record as a raw page: the fields a fetch gives `PageStore.save`. */
export interface ArchivedPage {
  readonly url: string;
  readonly status: number;
  /** Media type essence (declared, or sniffed when undeclared). */
  readonly contentType: string;
  readonly charset: string | undefined;
  /** The HTTP response headers the fetcher keeps (KEPT_RESPONSE_HEADERS). */
  readonly headers: Readonly<Record<string, string>>;
  /** The record's WARC-Date (when it was captured). */
  readonly fetchedAt: Date;
  /** The body decoded (chunked transfer coding and Content-Encoding undone). */
  readonly body: Uint8Array;
}

const TYPE_REASONS: Readonly<Record<string, SkipReason>> = {
  warcinfo: SkipReason.archiveInfo,
  revisit: SkipReason.revisit,
  request: SkipReason.request,
  metadata: SkipReason.metadata,
};

function targetUrlOf(head: RecordHead): string | undefined {
  if (!head.targetUri || !/^https?:\/\//i.test(head.targetUri)) return undefined;
  try {
    return normalizeUrl(head.targetUri);
  } catch {
    return undefined;
  }
}

function dateOf(head: RecordHead): Date | undefined {
  const ms = Date.parse(head.date ?? '');
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Why a record will not become a page, judged from its head alone (so its payload need not be read):
 * its type, target URI, date, site, HTTP status and declared content type. Undefined: read the payload.
 */
export function skipReasonOfHead(head: RecordHead, filters: RecordFilters): SkipReason | undefined {
  if (head.type !== 'response') return TYPE_REASONS[head.type] ?? SkipReason.otherType;
  const url = targetUrlOf(head);
  if (url === undefined) return SkipReason.badTargetUri;
  const date = dateOf(head);
  if (date === undefined) return SkipReason.badRecord;
  if (filters.sites !== undefined && filters.sites.length > 0 && !filters.sites.includes(hostOf(url))) {
    return SkipReason.otherSite;
  }
  if (filters.since !== undefined && date < filters.since) return SkipReason.beforeSince;
  if (head.status === undefined || head.httpHeaders === undefined) return SkipReason.badHttp;
  if (head.status < 200 || head.status > 299) return SkipReason.notOk;
  const declared = mediaTypeOf(head.httpHeaders['content-type']);
  if (declared.length > 0 && !DEFAULT_ALLOWED_CONTENT_TYPES.includes(declared)) return SkipReason.notText;
  return undefined;
}

function keptHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * The page a response record holds, checked as the fetcher checks a fetched page: decoded body within the
 * page size limit, not binary, HTML or plain text (sniffed when undeclared), charset as the fetcher finds it.
 * Call it on records `skipReasonOfHead` let through.
 */
export async function pageFromRecord(
  head: RecordHead,
  payload: Uint8Array,
  limits: PayloadLimits,
): Promise<
  | { readonly kind: 'page'; readonly page: ArchivedPage }
  | { readonly kind: 'skipped'; readonly reason: SkipReason }
> {
  const url = targetUrlOf(head);
  const fetchedAt = dateOf(head);
  if (
    url === undefined ||
    fetchedAt === undefined ||
    head.status === undefined ||
    head.httpHeaders === undefined
  ) {
    return { kind: 'skipped', reason: SkipReason.badRecord };
  }
  const decoded = await decodeHttpPayload(payload, head.httpHeaders, limits);
  if (decoded.kind === 'skipped') return decoded;
  const body = decoded.body;
  if (detectBinary(body) !== undefined) return { kind: 'skipped', reason: SkipReason.notText };
  const contentTypeHeader = head.httpHeaders['content-type'];
  const declared = mediaTypeOf(contentTypeHeader);
  const contentType = declared.length > 0 ? declared : sniffTextMediaType(body);
  if (!DEFAULT_ALLOWED_CONTENT_TYPES.includes(contentType))
    return { kind: 'skipped', reason: SkipReason.notText };
  const { charset } = decodeBytes(body, contentTypeHeader);
  return {
    kind: 'page',
    page: {
      url,
      status: head.status,
      contentType,
      charset,
      headers: keptHeaders(head.httpHeaders),
      fetchedAt,
      body,
    },
  };
}
