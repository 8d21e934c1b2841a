import { NewsflowError, type NewsflowErrorOptions } from '@newsflow/errors';

/** A setting is missing or invalid: the process exits 1 at start-up, naming each bad variable. */
export class ConfigError extends NewsflowError {
  override name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

/** A server the service depends on did not answer in time; the work is retried. */
export class DependencyUnavailableError extends NewsflowError {
  override name = 'DependencyUnavailableError';
  constructor(dependency: string, detail: string, options: Omit<NewsflowErrorOptions, 'retriable'> = {}) {
    super('DEPENDENCY_UNAVAILABLE', `${dependency} is unavailable: ${detail}`, {
      ...options,
      retriable: true,
    });
  }
}
