import { NewsflowError } from '@newsflow/errors';

/** Codes of {@link EntitiesError}; match on these, not on `instanceof`. */
export const EntitiesErrorCode = {
  /** The model files are missing, truncated or of another format. */
  modelInvalid: 'ENTITIES_MODEL_INVALID',
  /** The ONNX runtime failed while tagging. */
  inferenceFailed: 'ENTITIES_INFERENCE_FAILED',
} as const;
export type EntitiesErrorCode = (typeof EntitiesErrorCode)[keyof typeof EntitiesErrorCode];

/** The one error type of `@newsflow/entities`. Never retriable: a bad model stays bad. */
export class EntitiesError extends NewsflowError {
  override readonly name = 'EntitiesError';
  declare readonly code: EntitiesErrorCode;

  constructor(code: EntitiesErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, retriable: false });
  }
}
