/** Context carried by every error: plain values that help whoever reads the log or the dead letter. */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface NewsflowErrorOptions extends ErrorOptions {
  /** True when trying again later may succeed (timeouts, 5xx, a server down). @default false */
  readonly retriable?: boolean;
  readonly context?: ErrorContext;
}

/**
 * The base of every error newsflow throws. `code` is stable and documented in the README of the package that throws it; match on it,
 * not on `instanceof`, across process boundaries. `retriable` decides what happens next: BullMQ backoff,
 * or straight to the dead-letter topic.
 */
export class NewsflowError extends Error {
  override name = 'NewsflowError';
  readonly retriable: boolean;
  readonly context: ErrorContext;
  constructor(
    readonly code: string,
    message: string,
    options: NewsflowErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/** A setting is missing or invalid: the process exits 1 at start-up, naming each bad variable. */
export class ConfigError extends NewsflowError {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** A server the service depends on did not answer in time; the work is retried. */
export class DependencyUnavailableError extends NewsflowError {
  override name = 'DependencyUnavailableError';
  constructor(dependency: string, detail: string, options: NewsflowErrorOptions = {}) {
    super('DEPENDENCY_UNAVAILABLE', `${dependency} is unavailable: ${detail}`, { ...options, retriable: true });
  }
}

/** The stable code of any thrown value, for metrics labels and dead letters. */
export function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'UNEXPECTED';
}

/**
 * Whether trying again may help. Errors that say so decide; errors of unknown shape (bugs, driver errors)
 * count as retriable so a passing fault does not dead-letter good work — attempts are bounded anyway.
 */
export function isRetriable(error: unknown): boolean {
  if (error !== null && typeof error === 'object' && 'retriable' in error && typeof error.retriable === 'boolean') {
    return error.retriable;
  }
  return true;
}

/** The error as `{ name, code, message }` for a dead letter. */
export function describeError(error: unknown): { name: string; code: string; message: string } {
  if (error instanceof Error) return { name: error.name, code: errorCode(error), message: error.message };
  return { name: 'NonError', code: 'UNEXPECTED', message: String(error) };
}
