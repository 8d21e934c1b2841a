import { NewsflowError } from '@newsflow/errors';

/** Stable codes of the errors `@newsflow/testing` throws. */
export const TestingErrorCode = {
  /** No way to get Kafka/Redis/Mongo: env vars incomplete, no Docker engine and `deploy/local/up` failed. */
  serversUnavailable: 'TESTING_SERVERS_UNAVAILABLE',
  /** A server was expected to answer but did not within the time allowed. */
  serverUnreachable: 'TESTING_SERVER_UNREACHABLE',
  /** `waitFor` or `withTimeout` ran out of time. */
  waitTimeout: 'TESTING_WAIT_TIMEOUT',
  /** `deleteTopicsWithPrefix` was given a prefix short enough to match other tests' topics. */
  unsafeTopicPrefix: 'TESTING_UNSAFE_TOPIC_PREFIX',
  /** `testNamespace` was given an id of another form than its kind's, which leftover removal would not know. */
  badNamespaceId: 'TESTING_BAD_NAMESPACE_ID',
} as const;
export type TestingErrorCode = (typeof TestingErrorCode)[keyof typeof TestingErrorCode];

/**
 * The error every helper in `@newsflow/testing` throws. Its base comes from `@newsflow/errors`, which needs
 * nothing else: a test helper must not need the code under test (`@newsflow/runtime`) to load.
 */
export class TestingError extends NewsflowError {
  override name = 'TestingError';
  declare readonly code: TestingErrorCode;
  constructor(code: TestingErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
  }
}
