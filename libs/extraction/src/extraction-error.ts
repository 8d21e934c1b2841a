import { NewsflowError } from '@newsflow/errors';

/** Stable error codes of {@link ExtractionError}; match on these, not on messages. */
export const ExtractionErrorCode = {
  inputTooLarge: 'EXTRACTION_INPUT_TOO_LARGE',
  tooManyNodes: 'EXTRACTION_TOO_MANY_NODES',
  tooDeep: 'EXTRACTION_TOO_DEEP',
  invalidInput: 'EXTRACTION_INVALID_INPUT',
} as const;
export type ExtractionErrorCode = (typeof ExtractionErrorCode)[keyof typeof ExtractionErrorCode];

/** Thrown when input breaks a limit; permanent (retrying the same bytes gives the same error). */
export class ExtractionError extends NewsflowError {
  override readonly name = 'ExtractionError';
  declare readonly code: ExtractionErrorCode;
  readonly limit: number | undefined;
  readonly actual: number | undefined;

  constructor(code: ExtractionErrorCode, message: string, details: { limit?: number; actual?: number } = {}) {
    super(code, message, { retriable: false, context: { limit: details.limit, actual: details.actual } });
    this.limit = details.limit;
    this.actual = details.actual;
  }
}
