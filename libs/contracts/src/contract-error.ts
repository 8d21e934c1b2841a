/** Why a message broke its contract: it is not JSON, or it does not match the schema. */
export type ContractErrorCode = 'CONTRACT_INVALID_JSON' | 'CONTRACT_SCHEMA' | 'CONTRACT_TOO_LARGE';

/** A message that can never be processed as it is: it goes to the dead-letter topic, never retried. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly retriable = false;
  constructor(
    readonly code: ContractErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
