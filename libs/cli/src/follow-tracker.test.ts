import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { FollowTracker } from './follow-tracker.js';
import type { TopicRecord } from '@newsflow/ops';

function record(topic: string, value: unknown, headers: Record<string, string> = {}): TopicRecord {
  const message = {
    key: null,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers,
    offset: '0',
    timestamp: '0',
    attributes: 0,
  } as unknown as KafkaMessage;
  return { topic, partition: 0, message };
}

describe('FollowTracker', () => {
  it('follows a page with several articles by traceId until each of them is stored', () => {
    const t = new FollowTracker([{ url: 'https://a.example/p', traceId: 'T1' }]);
    t.apply(
      record(
        'page.fetched',
        { url: 'https://a.example/p', pageId: 'p1', status: 200, contentType: 'text/html' },
        { traceId: 'T1' },
      ),
    );
    t.apply(
      record(
        'article.cleaned',
        { url: 'https://a.example/p', pageId: 'p1', articleId: 'a1', title: 'One' },
        { traceId: 'T1' },
      ),
    );
    t.apply(
      record(
        'article.cleaned',
        { url: 'https://a.example/p', pageId: 'p1', articleId: 'a2', title: 'Two' },
        { traceId: 'T1' },
      ),
    );
    expect(
      t.apply(
        record('article.stored', {
          articleId: 'a1',
          url: 'https://a.example/canonical',
          version: 1,
          outcome: 'inserted',
        }),
      ),
    ).toBe('stored    https://a.example/p  (inserted, version 1)');
    expect(t.done).toBe(false);
    t.apply(
      record('article.stored', {
        articleId: 'a2',
        url: 'https://a.example/other',
        version: 1,
        outcome: 'inserted',
      }),
    );
    expect(t.done).toBe(true);
    expect(t.items[0]!.state).toBe('stored');
  });

  it('matches a dead letter without headers by the URL in its original value, bare or JSON, normalised', () => {
    const t = new FollowTracker([
      { url: 'https://B.example/x?utm_source=feed', traceId: 'T1' },
      { url: 'https://c.example/y', traceId: 'T2' },
    ]);
    const letter = (value: string) => ({
      value: Buffer.from(value).toString('base64'),
      error: { code: 'FETCH_HTTP_STATUS', message: 'HTTP 404' },
      service: 'fetcher',
    });
    expect(t.apply(record('url.requested.dlq', letter('https://b.example/x')))).toBe(
      'failed    https://B.example/x?utm_source=feed  (fetcher: FETCH_HTTP_STATUS HTTP 404)',
    );
    t.apply(record('url.requested.dlq', letter(JSON.stringify({ url: 'https://c.example/y' }))));
    expect(t.items.map((i) => i.state)).toEqual(['dead-lettered', 'dead-lettered']);
    expect(t.done).toBe(true);
  });

  it('ignores messages about other URLs and values that are not JSON', () => {
    const t = new FollowTracker([{ url: 'https://a.example/p', traceId: 'T1' }]);
    expect(
      t.apply(record('article.stored', { articleId: 'zz', url: 'https://elsewhere.example/' })),
    ).toBeUndefined();
    expect(t.apply(record('page.fetched', 'not json'))).toBeUndefined();
    expect(t.apply(record('page.fetched.dlq', 'not json'))).toBeUndefined();
    expect(t.items[0]!.state).toBe('queued');
  });

  it('ends a URL the fetcher skipped, with its reason, but not on the skip of another request of that URL', () => {
    const t = new FollowTracker([
      { url: 'https://a.example/p', traceId: 'T1' },
      { url: 'https://a.example/q', traceId: 'T2' },
    ]);
    const skipped = (url: string) => ({
      url,
      reason: 'duplicate',
      message: 'requested again within the dedupe window (3600 s) of an earlier request',
      skippedAt: '2026-12-06T10:00:00.000Z',
    });
    // Someone else's request of the same URL, skipped meanwhile: not ours.
    expect(
      t.apply(record('url.skipped', skipped('https://a.example/p'), { traceId: 'OTHER' })),
    ).toBeUndefined();
    expect(t.items[0]!.state).toBe('queued');
    expect(t.apply(record('url.skipped', skipped('https://a.example/p'), { traceId: 'T1' }))).toBe(
      'skipped   https://a.example/p  (fetcher: duplicate: requested again within the dedupe window (3600 s) of an earlier request)',
    );
    expect(t.items[0]).toMatchObject({ state: 'skipped', skip: { reason: 'duplicate' } });
    expect(t.done).toBe(false);
    // Without a trace id (another tool produced it), the URL decides.
    t.apply(record('url.skipped', { ...skipped('https://a.example/q'), reason: 'unchanged' }));
    expect(t.items[1]).toMatchObject({ state: 'skipped', skip: { reason: 'unchanged' } });
    expect(t.done).toBe(true);
  });
});
