import { describe, expect, it } from 'vitest';
import { ContractError } from './contract-error.js';
import {
  MAX_MESSAGE_BYTES,
  MAX_REPORTED_ISSUES,
  parseMessage,
  parseUrlRequested,
  serializeMessage,
  validateMessage,
} from './codec.js';
import {
  ArticleCleanedSchema,
  ArticleEnrichedSchema,
  ArticleStoredSchema,
  FeedMetaSchema,
  MAX_ENTITIES,
  MAX_HEADERS,
  MAX_META_KEYS,
  MAX_PROVENANCE,
  PageFetchedSchema,
  SourceRequestedSchema,
  UrlRequestedSchema,
  UrlSkippedSchema,
} from './schemas.js';
import { allTopics, dlqTopic, Topics } from './topics.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractError) return error.code;
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('parseUrlRequested', () => {
  it('accepts a bare URL as kcat sends it', () => {
    expect(parseUrlRequested(Buffer.from('https://example.com/a?b=1\n'))).toEqual({
      schemaVersion: 1,
      url: 'https://example.com/a?b=1',
    });
  });

  it('accepts JSON with optional fields', () => {
    const parsed = parseUrlRequested(
      JSON.stringify({ url: 'http://news.example/x', source: 'cli', priority: 3, meta: { feed: 'a' } }),
    );
    expect(parsed).toMatchObject({
      url: 'http://news.example/x',
      source: 'cli',
      priority: 3,
      meta: { feed: 'a' },
    });
  });

  it.each([
    ['ftp scheme', 'ftp://example.com/file', 'CONTRACT_SCHEMA'],
    ['javascript scheme', 'javascript:alert(1)', 'CONTRACT_SCHEMA'],
    ['text with spaces', 'not a url at all', 'CONTRACT_SCHEMA'],
    ['empty', '', 'CONTRACT_SCHEMA'],
    ['broken JSON', '{"url": "http://x', 'CONTRACT_INVALID_JSON'],
    ['JSON without url', '{"source":"x"}', 'CONTRACT_SCHEMA'],
    ['wrong schema version', '{"url":"http://x.example/","schemaVersion":99}', 'CONTRACT_SCHEMA'],
    ['priority out of range', '{"url":"http://x.example/","priority":1000}', 'CONTRACT_SCHEMA'],
  ])('rejects %s', (_label, value, code) => {
    expect(codeOf(() => parseUrlRequested(value))).toBe(code);
  });

  it('rejects binary and oversized values', () => {
    expect(codeOf(() => parseUrlRequested(new Uint8Array([0, 159, 146, 150, 32, 1])))).toBe(
      'CONTRACT_SCHEMA',
    );
    expect(codeOf(() => parseUrlRequested(new Uint8Array(MAX_MESSAGE_BYTES + 1)))).toBe('CONTRACT_TOO_LARGE');
  });
});

describe('parseMessage / serializeMessage', () => {
  const stored = {
    schemaVersion: 1 as const,
    articleId: 'a1',
    url: 'https://example.com/',
    version: 2,
    storedAt: '2026-11-23T12:00:00.000Z',
    outcome: 'updated' as const,
  };

  it('round-trips a valid message', () => {
    expect(parseMessage(ArticleStoredSchema, serializeMessage(ArticleStoredSchema, stored))).toEqual(stored);
  });

  it('names the failing field in the error', () => {
    const error = (() => {
      try {
        parseMessage(PageFetchedSchema, JSON.stringify({ schemaVersion: 1, pageId: 'p' }));
      } catch (e) {
        return e as ContractError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('CONTRACT_SCHEMA');
    expect(error?.message).toContain('url');
    expect(error?.issues[0]).toMatch(/^url: /);
  });

  it('names the first issues of a message with millions: the error stays small', () => {
    const entities = Array.from({ length: 100_000 }, () => ({}));
    let error: ContractError | undefined;
    try {
      parseMessage(ArticleEnrichedSchema, JSON.stringify({ entities }));
    } catch (e) {
      error = e as ContractError;
    }
    expect(error?.code).toBe('CONTRACT_SCHEMA');
    expect(error?.issues.length).toBeGreaterThan(0);
    expect(error?.issues.length).toBeLessThanOrEqual(MAX_REPORTED_ISSUES);
    // All issues made this message 46 MB (154 MB for a 1 MB message): a dead letter no broker takes.
    expect(error?.message.length).toBeLessThan(10_000);
  });

  /** `[item, item, ...]` (or `{"k0": item, ...}`) filling most of a 1 MB message. */
  function fill(item: string, braces: '[]' | '{}'): string {
    // An array item takes its text and a comma; an object entry also `"k99999":`.
    const n = Math.floor((MAX_MESSAGE_BYTES - 100) / (item.length + (braces === '[]' ? 1 : 10)));
    const parts = Array.from({ length: n }, (_, i) => (braces === '[]' ? item : `"k${i}":${item}`));
    return `${braces[0]}${parts.join(',')}${braces[1]}`;
  }

  // Each a message under 1 MB that zod validated item by item, building issues for every one. CPU of
  // validateMessage before, on a loaded 2-core box: entities 7.3 s, redirects 1.9 s, authors 1.2 s, tags 1.1 s,
  // provenance 0.9 s; mentions and aliases threw a RangeError (zod pushed 300 000 items' issues with one
  // spread), not a ContractError. Now ~1 ms each: validation stops at the first bad item.
  it.each([
    ['article.enriched of empty entities', ArticleEnrichedSchema, `{"entities":${fill('{}', '[]')}}`],
    [
      'article.enriched of one entity with empty mentions',
      ArticleEnrichedSchema,
      `{"entities":[{"mentions":${fill('{}', '[]')}}]}`,
    ],
    [
      'article.enriched of one entity with numbers for aliases',
      ArticleEnrichedSchema,
      `{"entities":[{"aliases":${fill('0', '[]')}}]}`,
    ],
    ['article.cleaned of numbers for authors', ArticleCleanedSchema, `{"authors":${fill('0', '[]')}}`],
    ['article.cleaned of objects for tags', ArticleCleanedSchema, `{"tags":${fill('{}', '[]')}}`],
    ['article.cleaned of empty provenance', ArticleCleanedSchema, `{"provenance":${fill('{}', '{}')}}`],
    ['page.fetched of numbers for redirects', PageFetchedSchema, `{"redirects":${fill('0', '[]')}}`],
  ])('refuses %s without validating every item', (_label, schema, text) => {
    expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
    const json: unknown = JSON.parse(text);
    const start = process.cpuUsage();
    expect(codeOf(() => validateMessage(schema, json))).toBe('CONTRACT_SCHEMA');
    const used = process.cpuUsage(start);
    // CPU time, not wall time, so a busy machine does not fail it; ~1 ms now, a second or more before.
    expect((used.user + used.system) / 1000).toBeLessThan(300);
  });

  it('refuses an array longer than its cap before looking at its items', () => {
    const entity = { name: 'A', type: 'ORG', aliases: [], count: 1, salience: 0.5, mentions: [] };
    const tooMany = Array.from({ length: MAX_ENTITIES + 1 }, () => entity);
    const result = ArticleEnrichedSchema.shape.entities.safeParse(tooMany);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'too_big', maximum: MAX_ENTITIES }),
    ]);
    expect(ArticleEnrichedSchema.shape.entities.safeParse(tooMany.slice(1)).success).toBe(true);
  });

  const at = '2026-11-23T12:00:00.000Z';
  const page = {
    schemaVersion: 1,
    pageId: 'p1',
    url: 'https://example.com/a',
    finalUrl: 'https://example.com/a',
    status: 200,
    headers: { 'content-type': 'text/html' },
    contentType: 'text/html',
    fetchedAt: at,
    bytes: 10,
    contentHash: 'h',
    redirects: [],
  };
  const article = {
    schemaVersion: 1,
    articleId: 'a1',
    pageId: 'p1',
    part: 0,
    url: 'https://example.com/a',
    finalUrl: 'https://example.com/a',
    canonicalUrl: 'https://example.com/a',
    title: 'T',
    authors: [],
    tags: [],
    text: 'x',
    wordCount: 1,
    provenance: { title: { source: 'h1', confidence: 0.5 } },
    extractor: { name: 'newsflow', version: '1' },
    fetchedAt: at,
    processedAt: at,
  };
  const record = (n: number, value: unknown): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));
  const recordCases = [
    ['page.fetched headers', PageFetchedSchema, page, 'headers', MAX_HEADERS, '""'],
    ['page.fetched meta', PageFetchedSchema, page, 'meta', MAX_META_KEYS, '0'],
    ['url.requested meta', UrlRequestedSchema, { url: 'https://example.com/a' }, 'meta', MAX_META_KEYS, '0'],
    [
      'article.cleaned provenance',
      ArticleCleanedSchema,
      article,
      'provenance',
      MAX_PROVENANCE,
      '{"source":"a","confidence":1}',
    ],
  ] as const;

  // Valid before: ~90 000 keys in one record cost 75-150 ms of CPU to parse and validate on a loaded 2-core box
  // (a 1 MB message of anything else: JSON.parse, ~50 ms at most), then were validated again and copied on by
  // each stage. Now refused on the key count, before an entry is read.
  it.each(recordCases)(
    'refuses a 1 MB %s of valid entries past its key cap',
    (_label, schema, base, field, cap, entry) => {
      const n = Math.floor((MAX_MESSAGE_BYTES - 1000) / `"k99999":${entry},`.length);
      const text = JSON.stringify({ ...base, [field]: record(n, JSON.parse(entry)) });
      expect(text.length).toBeGreaterThan(0.9 * MAX_MESSAGE_BYTES);
      expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
      let error: ContractError | undefined;
      try {
        parseMessage(schema, text);
      } catch (e) {
        error = e as ContractError;
      }
      expect(error?.code).toBe('CONTRACT_SCHEMA');
      expect(error?.issues).toEqual([`${field}: more than ${cap} keys`]);
    },
  );

  it.each(recordCases)(
    'takes a %s of as many keys as its cap, reading no entry past it',
    (_label, schema, base, field, cap, entry) => {
      expect(schema.safeParse({ ...base, [field]: record(cap, JSON.parse(entry)) }).success).toBe(true);
      // One key over, every entry invalid: one issue, the count; no entry was validated.
      const result = schema.safeParse({ ...base, [field]: record(cap + 1, [null]) });
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ code: 'custom', path: [field], message: `more than ${cap} keys` }),
      ]);
    },
  );

  it('refuses to serialise an invalid message', () => {
    expect(codeOf(() => serializeMessage(ArticleStoredSchema, { ...stored, version: 0 }))).toBe(
      'CONTRACT_SCHEMA',
    );
  });
});

describe('topics', () => {
  it('lists every topic with its dead-letter topic', () => {
    const names = allTopics().map((t) => t.topic);
    expect(names).toContain(Topics.urlRequested);
    expect(names).toContain(dlqTopic(Topics.articleEnriched));
    expect(names).toHaveLength(13);
  });

  it('gives url.skipped, which no stage reads, no dead-letter topic', () => {
    const names = allTopics().map((t) => t.topic);
    expect(names).toContain(Topics.urlSkipped);
    expect(names).not.toContain(dlqTopic(Topics.urlSkipped));
  });
});

describe('source.requested', () => {
  it('takes a site to add with a pinned interval, feeds and a backfill', () => {
    const parsed = parseMessage(
      SourceRequestedSchema,
      JSON.stringify({
        action: 'add',
        url: 'https://news.example/',
        every: '2s',
        feeds: ['https://news.example/rss'],
        backfill: 'all',
      }),
    );
    expect(parsed).toMatchObject({ schemaVersion: 1, action: 'add', every: '2s', backfill: 'all' });
    expect(allTopics().map((t) => t.topic)).toEqual(
      expect.arrayContaining([Topics.sourceRequested, dlqTopic(Topics.sourceRequested)]),
    );
  });

  it.each([
    ['an unknown action', { action: 'delete', url: 'https://news.example/' }],
    ['add without a url', { action: 'add', id: 's_0123456789abcdef01234567' }],
    ['neither url nor id', { action: 'pause' }],
    ['a duration without a unit', { action: 'add', url: 'https://news.example/', every: '5 parsecs' }],
    [
      'a feed that is not http(s)',
      { action: 'add', url: 'https://news.example/', feeds: ['file:///etc/passwd'] },
    ],
  ])('refuses %s', (_label, message) => {
    expect(codeOf(() => parseMessage(SourceRequestedSchema, JSON.stringify(message)))).toBe(
      'CONTRACT_SCHEMA',
    );
  });

  it('names a source by id for everything but add', () => {
    expect(
      parseMessage(SourceRequestedSchema, '{"action":"pause","id":"s_0123456789abcdef01234567"}').id,
    ).toBe('s_0123456789abcdef01234567');
  });
});

describe('url.skipped', () => {
  it('says which request the fetcher left alone and why', () => {
    const skipped = {
      schemaVersion: 1,
      url: 'https://news.example/a',
      reason: 'duplicate',
      message: 'requested again',
      skippedAt: '2026-12-06T10:00:00.000Z',
    };
    expect(parseMessage(UrlSkippedSchema, JSON.stringify(skipped))).toEqual(skipped);
    expect(
      codeOf(() => parseMessage(UrlSkippedSchema, JSON.stringify({ ...skipped, reason: 'bored' }))),
    ).toBe('CONTRACT_SCHEMA');
  });
});

describe('feed meta', () => {
  it('is what discovery puts in UrlRequested.meta and page.fetched passes on', () => {
    const meta = {
      from: 'feed',
      feedUrl: 'https://news.example/rss',
      title: 'A',
      publishedAt: '2025-06-03T09:39:21Z',
      authors: ['Jo'],
      id: 'g1',
    };
    expect(FeedMetaSchema.parse(meta)).toEqual(meta);
    expect(
      parseUrlRequested(
        JSON.stringify({ url: 'https://news.example/a', source: 's_0123456789abcdef01234567', meta }),
      ).meta,
    ).toEqual(meta);
  });
});
