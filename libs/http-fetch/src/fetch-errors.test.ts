import { readFileSync } from 'node:fs';
import { NewsflowError } from '@newsflow/errors';
import { describe, expect, it } from 'vitest';
import { FetchErrorCode, FetchHttpStatusError, FetchTimeoutError, isFetchError } from './fetch-errors.js';

describe('fetch errors', () => {
  it('documents every code in the fetcher README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.values(FetchErrorCode))
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` +\\|`));
  });

  it.each([
    [429, 'FETCH_RATE_LIMITED', true],
    [500, 'FETCH_SERVER_ERROR', true],
    [503, 'FETCH_SERVER_ERROR', true],
    [408, 'FETCH_SERVER_ERROR', true],
    [404, 'FETCH_NOT_FOUND', false],
    [410, 'FETCH_NOT_FOUND', false],
    [403, 'FETCH_HTTP_CLIENT_ERROR', false],
  ])('HTTP %i is %s (retriable: %s)', (status, code, retriable) => {
    const error = new FetchHttpStatusError(status, { url: 'https://e.com/', retryAfterMs: 1000 });
    expect(error).toMatchObject({
      name: 'FetchHttpStatusError',
      code,
      retriable,
      status,
      retryAfterMs: 1000,
    });
    expect(error.context).toMatchObject({ url: 'https://e.com/', status });
  });

  it('extends NewsflowError and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const error = new FetchTimeoutError('total', 500, { cause });
    expect(error).toBeInstanceOf(NewsflowError);
    expect(error.cause).toBe(cause);
    expect(isFetchError(error)).toBe(true);
    expect(isFetchError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
  });
});
