import { toDate } from './article-view.js';

type Doc = Record<string, unknown>;

/** What listings show of a source document (docs/sources.md has the whole document). */
export interface SourceSummary {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly kind: string;
  /** `active`, `paused` or `failing`. */
  readonly state: string;
  readonly failingReason?: string;
  readonly feeds: number;
  readonly sitemaps: number;
  readonly pages: number;
  /** Latest poll over the source's targets. */
  readonly lastPolledAt?: Date;
  /** Earliest next poll over the source's targets; undefined while paused. */
  readonly nextPollAt?: Date;
  /** URLs pushed in the 24 hours before `now` (by the hour). */
  readonly urlsLastDay: number;
  readonly urlsTotal: number;
}

const HOUR_MS = 3_600_000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Reads a `sources` document, tolerating missing fields. */
export function summarizeSource(doc: Doc, now: Date): SourceSummary {
  const targets = Object.values((doc.targets ?? {}) as Record<string, unknown>).filter(
    (t): t is Doc => t !== null && typeof t === 'object',
  );
  const times = (field: string): number[] =>
    targets.flatMap((t) => {
      const date = toDate(t[field]);
      return date ? [date.getTime()] : [];
    });
  const polled = times('lastPolledAt');
  const next = times('nextPollAt');
  // Hour buckets are `YYYY-MM-DDTHH` (UTC): the current hour and the 23 before it.
  const oldest = new Date(now.getTime() - 24 * HOUR_MS).toISOString().slice(0, 13);
  const urlsLastDay = Object.entries((doc.urlsByHour ?? {}) as Record<string, unknown>).reduce(
    (sum, [hour, n]) => (hour > oldest && typeof n === 'number' ? sum + n : sum),
    0,
  );
  const discovery = (doc.discovery ?? {}) as Doc;
  const failingReason = text(doc.failingReason);
  const lastPolledAt = polled.length > 0 ? new Date(Math.max(...polled)) : undefined;
  const nextPollAt = doc.state !== 'paused' && next.length > 0 ? new Date(Math.min(...next)) : undefined;
  const url = text(doc.url) ?? '';
  return {
    id: String(doc._id),
    url,
    name: text(doc.name) ?? url,
    kind: text(doc.kind) ?? '?',
    state: text(doc.state) ?? '?',
    ...(failingReason === undefined ? {} : { failingReason }),
    feeds: count(discovery.feeds),
    sitemaps: count(discovery.sitemaps),
    pages: count(discovery.pages),
    ...(lastPolledAt === undefined ? {} : { lastPolledAt }),
    ...(nextPollAt === undefined ? {} : { nextPollAt }),
    urlsLastDay,
    urlsTotal: typeof doc.urlsTotal === 'number' ? doc.urlsTotal : 0,
  };
}
