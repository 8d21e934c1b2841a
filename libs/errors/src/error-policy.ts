/** The code of a thrown value that carries none (a bug, a driver error, a thrown string). */
export const UNEXPECTED_ERROR_CODE = 'UNEXPECTED';

/**
 * Errors that say the code is wrong, not the world: trying the same input again gives the same error
 * (kafkajs treats them so in its retrier, `src/retry/index.js`).
 */
const PROGRAMMING_ERRORS: ReadonlySet<string> = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
]);

/** The stable code of any thrown value, for metrics labels and dead letters. */
export function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return UNEXPECTED_ERROR_CODE;
}

/**
 * The one retry policy: whether trying again may help. An error's own `retriable` decides; programming errors
 * (TypeError, RangeError, ReferenceError, SyntaxError) are permanent; any other error of unknown shape (a
 * driver's, a network error) counts as retriable, so a passing fault does not dead-letter good work — attempts
 * are bounded anyway.
 */
export function isRetriable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return true;
  if ('retriable' in error && typeof error.retriable === 'boolean') return error.retriable;
  return !('name' in error && typeof error.name === 'string' && PROGRAMMING_ERRORS.has(error.name));
}

/** The error as `{ name, code, message }` for a dead letter. */
export function describeError(error: unknown): { name: string; code: string; message: string } {
  if (error instanceof Error) return { name: error.name, code: errorCode(error), message: error.message };
  return { name: 'NonError', code: UNEXPECTED_ERROR_CODE, message: String(error) };
}
