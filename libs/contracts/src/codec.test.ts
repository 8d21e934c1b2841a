import { describe, expect, it } from 'vitest';
import { ContractError } from './contract-error.js';
import { MAX_MESSAGE_BYTES, parseMessage, parseUrlRequested, serializeMessage } from './codec.js';
import { ArticleStoredSchema, PageFetchedSchema } from './schemas.js';
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
    expect(parsed).toMatchObject({ url: 'http://news.example/x', source: 'cli', priority: 3, meta: { feed: 'a' } });
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
    expect(codeOf(() => parseUrlRequested(new Uint8Array([0, 159, 146, 150, 32, 1])))).toBe('CONTRACT_SCHEMA');
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
    expect(error?.issues.length).toBeGreaterThan(3);
  });

  it('refuses to serialise an invalid message', () => {
    expect(codeOf(() => serializeMessage(ArticleStoredSchema, { ...stored, version: 0 }))).toBe('CONTRACT_SCHEMA');
  });
});

describe('topics', () => {
  it('lists every topic with its dead-letter topic', () => {
    const names = allTopics().map((t) => t.topic);
    expect(names).toContain(Topics.urlRequested);
    expect(names).toContain(dlqTopic(Topics.articleEnriched));
    expect(names).toHaveLength(10);
  });
});
