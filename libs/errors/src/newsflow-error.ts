/** Context carried by every error: plain values that help whoever reads the log or the dead letter. */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface NewsflowErrorOptions {
  /** True when trying again later may succeed (timeouts, 5xx, a server down). @default false */
  readonly retriable?: boolean;
  readonly context?: ErrorContext;
  /** The error that led to this one (kept as `cause`, logged by pino). */
  readonly cause?: unknown;
}

/**
 * The base of every error newsflow throws. `code` is stable and listed in docs/errors.md; match on it (and
 * `name`), not on `instanceof`, wherever the error may come from another process or module copy (dead letters,
 * the CLI). `retriable` decides what happens next: BullMQ backoff, or straight to the dead-letter topic.
 */
export class NewsflowError extends Error {
  override name = 'NewsflowError';
  /** Stable, upper snake case, prefixed by the room that throws it (`FETCH_`, `CONTRACT_`…). */
  readonly code: string;
  readonly retriable: boolean;
  readonly context: ErrorContext;
  constructor(code: string, message: string, options: NewsflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/**
 * Whether `error` is one of ours, judged by shape (an Error with a string `code` and a boolean `retriable`),
 * so it holds across module copies and for errors rebuilt from another process.
 */
export function isNewsflowError(error: unknown): error is NewsflowError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    'retriable' in error &&
    typeof error.retriable === 'boolean'
  );
}
