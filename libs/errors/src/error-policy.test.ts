import { describe, expect, it } from 'vitest';
import { UNEXPECTED_ERROR_CODE, describeError, errorCode, isRetriable } from './error-policy.js';
import { NewsflowError, isNewsflowError } from './newsflow-error.js';

describe('isRetriable', () => {
  it('follows the error’s own retriable flag', () => {
    expect(isRetriable(new NewsflowError('X_TRANSIENT', 'later', { retriable: true }))).toBe(true);
    expect(isRetriable(new NewsflowError('X_PERMANENT', 'never'))).toBe(false);
    expect(isRetriable(Object.assign(new Error('kafkajs-like'), { retriable: false }))).toBe(false);
  });

  it.each([
    new TypeError('x is undefined'),
    new RangeError('stack'),
    new ReferenceError('y'),
    new SyntaxError('json'),
  ])('treats %s as permanent: the same input fails the same way', (error) => {
    expect(isRetriable(error)).toBe(false);
  });

  it('retries errors of unknown shape and thrown non-errors', () => {
    expect(isRetriable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetriable('a string')).toBe(true);
    expect(isRetriable(undefined)).toBe(true);
  });
});

describe('errorCode and describeError', () => {
  it('read the code, or say the error was unexpected', () => {
    expect(errorCode(new NewsflowError('X_CODE', 'm'))).toBe('X_CODE');
    expect(errorCode(new Error('plain'))).toBe(UNEXPECTED_ERROR_CODE);
    expect(describeError(new NewsflowError('X_CODE', 'why'))).toEqual({
      name: 'NewsflowError',
      code: 'X_CODE',
      message: 'why',
    });
    expect(describeError(42)).toEqual({ name: 'NonError', code: UNEXPECTED_ERROR_CODE, message: '42' });
  });
});

describe('NewsflowError', () => {
  it('keeps code, retriable, context and cause', () => {
    const cause = new Error('socket closed');
    const error = new NewsflowError('X_DOWN', 'server down', {
      retriable: true,
      cause,
      context: { host: 'h' },
    });
    expect(error).toMatchObject({
      name: 'NewsflowError',
      code: 'X_DOWN',
      retriable: true,
      context: { host: 'h' },
      cause,
    });
  });

  it('is recognised by shape, as an error rebuilt from another process would be', () => {
    expect(
      isNewsflowError(Object.assign(new Error('from a dead letter'), { code: 'X', retriable: false })),
    ).toBe(true);
    expect(isNewsflowError(Object.assign(new Error('driver'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isNewsflowError({ code: 'X', retriable: true })).toBe(false);
  });
});
