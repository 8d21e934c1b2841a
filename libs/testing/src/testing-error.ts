/** Stable codes of the errors `@newsflow/testing` throws. */
export const TestingErrorCode = {
  /** No way to get Kafka/Redis/Mongo: env vars incomplete, no Docker engine and `deploy/local/up` failed. */
  serversUnavailable: 'TESTING_SERVERS_UNAVAILABLE',
  /** A server was expected to answer but did not within the time allowed. */
  serverUnreachable: 'TESTING_SERVER_UNREACHABLE',
  /** `waitFor` or `withTimeout` ran out of time. */
  waitTimeout: 'TESTING_WAIT_TIMEOUT',
} as const;
export type TestingErrorCode = (typeof TestingErrorCode)[keyof typeof TestingErrorCode];

/**
 * The error every helper in `@newsflow/testing` throws. Test-only code, so it stays independent of
 * `@newsflow/runtime`'s `NewsflowError` (a test helper must not need the code under test to load).
 */
export class TestingError extends Error {
  override name = 'TestingError';
  constructor(
    readonly code: TestingErrorCode,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options);
  }
}
