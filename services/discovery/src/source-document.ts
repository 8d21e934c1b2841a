/**
 * The `sources` collection (docs/sources.md describes every field; the console reads it). One document per
 * followed source; `_id` is `sourceIdFor(url)`.
 */

/** What the source's URL is: a site (home page, discovered), or a feed or sitemap given directly. */
export type SourceKind = 'site' | 'feed' | 'sitemap';
export type SourceState = 'active' | 'paused' | 'failing';
/** What a target is polled as. `page`: a home or section page watched for article links. */
export type TargetKind = 'feed' | 'sitemap' | 'page';
/** How a target was found. */
export type TargetOrigin = 'given' | 'link' | 'path' | 'robots' | 'fallback';
/** What the last poll of a target came to. */
export type PollStatus = 'new' | 'unchanged' | 'not-modified' | 'error';

export interface TargetState {
  readonly url: string;
  readonly kind: TargetKind;
  readonly origin: TargetOrigin;
  /** What the content was at the last poll: rss, atom, rdf, json, sitemap, sitemap-index, news-sitemap, html. */
  format?: string;
  /** Interval the adaptive policy settled on (before jitter and backoff). */
  baseIntervalMs?: number;
  /** Wait chosen after the last poll. */
  intervalMs?: number;
  lastPolledAt?: Date;
  nextPollAt?: Date;
  lastStatus?: PollStatus;
  lastError?: { code: string; message: string; at: Date };
  consecutiveFailures: number;
  etag?: string;
  lastModified?: string;
  polls: number;
  /** First successful poll (the backfill applies to it). */
  firstPolledAt?: Date;
  /** URLs the listing held at the last poll, and how many of them were new. */
  listedLastPoll?: number;
  newLastPoll?: number;
  /** Child sitemaps of an index by URL hash: the `lastmod` seen, so unchanged ones are not fetched again. */
  children?: Record<string, { url: string; lastmod?: string }>;
}

export interface SourceDocument {
  _id: string;
  url: string;
  name: string;
  kind: SourceKind;
  state: SourceState;
  /** Why the source is failing (the failing target's URL, error code and message). */
  failingReason?: string;
  /** A pinned interval (`--every`), else absent (adaptive). */
  everyMs?: number;
  /** How far back the first poll reaches; `null` for `--backfill all`. */
  backfillMs: number | null;
  /** Feeds and sitemaps named by the user (`--feed`, `--sitemap`): polled as given, not discovered. */
  givenFeeds: string[];
  givenSitemaps: string[];
  /** What discovery found and when; `pending` until the first discovery ran. */
  discovery: {
    status: 'pending' | 'done' | 'failed';
    at?: Date;
    feeds: string[];
    sitemaps: string[];
    pages: string[];
    error?: { code: string; message: string };
  };
  /** The polled targets by target id (also their BullMQ job scheduler ids). */
  targets: Record<string, TargetState>;
  /** New URLs pushed, per hour (`YYYY-MM-DDTHH`, UTC, the last 48 kept), and in all. */
  urlsByHour: Record<string, number>;
  urlsTotal: number;
  /** The last `source.requested` applied to it; `id` echoes the request's `requestId`. */
  lastRequest?: { id?: string; action: string; at: Date; error?: { code: string; message: string } };
  createdAt: Date;
  updatedAt: Date;
}
