import { NewsflowError } from '@newsflow/errors';

/** Why a message broke its contract: it is not JSON, or it does not match the schema. */
export type ContractErrorCode = 'CONTRACT_INVALID_JSON' | 'CONTRACT_SCHEMA' | 'CONTRACT_TOO_LARGE';

/** A message that can never be processed as it is: it goes to the dead-letter topic, never retried. */
export class ContractError extends NewsflowError {
  override readonly name = 'ContractError';
  declare readonly code: ContractErrorCode;
  /**
   * The schema's complaints, one line each (`path: message`): those found up to the first failing item or field
   * (validation stops there), at most 20 (`MAX_REPORTED_ISSUES`).
   */
  readonly issues: readonly string[];
  constructor(
    code: ContractErrorCode,
    message: string,
    issues: readonly string[] = [],
    options: { cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause, retriable: false });
    this.issues = issues;
  }
}
