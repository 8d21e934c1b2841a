import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaMessage } from 'kafkajs';
import {
  ArticleCleanedSchema,
  DeadLetterSchema,
  SCHEMA_VERSION,
  parseMessage,
  type ArticleCleaned,
  type DeadLetter,
  type PageFetched,
} from '@newsflow/contracts';
import { normalizeUrl, pageIdFor } from '@newsflow/normalize';
import type { PageStore } from '@newsflow/runtime';
import type { Collector } from '../support/runtime-harness.js';

export interface PageToStore {
  readonly url: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly charset?: string;
  /** @default the page id of the URL */
  readonly pageId?: string;
  /** @default 2017-04-13T08:00:00Z (after the seeds' stories, so their dates are not "in the future") */
  readonly fetchedAt?: Date;
}

/** Stores a page as the fetcher would and returns the `page.fetched` message that announces it. */
export async function storePage(pages: PageStore, page: PageToStore): Promise<PageFetched> {
  const pageId = page.pageId ?? pageIdFor(normalizeUrl(page.url));
  const body = typeof page.body === 'string' ? new TextEncoder().encode(page.body) : page.body;
  const fetchedAt = page.fetchedAt ?? new Date('2017-04-13T08:00:00Z');
  const { contentHash } = await pages.save({
    pageId,
    url: page.url,
    finalUrl: page.url,
    status: 200,
    contentType: page.contentType,
    charset: page.charset,
    headers: { 'content-type': page.contentType },
    fetchedAt,
    body,
  });
  return pageFetchedFor({
    pageId,
    url: page.url,
    contentType: page.contentType,
    contentHash,
    bytes: body.byteLength,
    fetchedAt,
    charset: page.charset,
  });
}

/** A `page.fetched` message (for pages stored, or deliberately not stored). */
export function pageFetchedFor(p: {
  pageId: string;
  url: string;
  contentType?: string;
  contentHash?: string;
  bytes?: number;
  fetchedAt?: Date;
  charset?: string | undefined;
}): PageFetched {
  return {
    schemaVersion: SCHEMA_VERSION,
    pageId: p.pageId,
    url: p.url,
    finalUrl: p.url,
    status: 200,
    headers: {},
    contentType: p.contentType ?? 'text/html',
    ...(p.charset !== undefined && { charset: p.charset }),
    fetchedAt: (p.fetchedAt ?? new Date('2017-04-13T08:00:00Z')).toISOString(),
    bytes: p.bytes ?? 0,
    contentHash: p.contentHash ?? '0'.repeat(64),
    redirects: [],
  };
}

export const parseArticle = (m: KafkaMessage): ArticleCleaned => parseMessage(ArticleCleanedSchema, m.value!);
export const parseLetter = (m: KafkaMessage): DeadLetter => parseMessage(DeadLetterSchema, m.value!);
/** The page id of the `page.fetched` message a dead letter carries. */
export const pageIdOfLetter = (letter: DeadLetter): string =>
  (JSON.parse(Buffer.from(letter.value, 'base64').toString()) as { pageId: string }).pageId;

/** Parsed JSON values of the collected messages that satisfy `match`. */
export function matching<T>(
  collector: Collector,
  parse: (message: KafkaMessage) => T,
  match: (value: T) => boolean,
): T[] {
  return collector.messages.map(parse).filter(match);
}

/** Waits (bounded) until `count` collected messages satisfy `match`; returns them. */
export async function waitForMatching<T>(
  collector: Collector,
  parse: (message: KafkaMessage) => T,
  match: (value: T) => boolean,
  count: number,
  timeoutMs = 30_000,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = matching(collector, parse, match);
    if (found.length >= count) return found;
    if (Date.now() > deadline)
      throw new Error(`expected ${count} matching messages, got ${found.length} within ${timeoutMs} ms`);
    await sleep(50);
  }
}
