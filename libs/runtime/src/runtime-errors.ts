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

/**
 * The worker running a job died (killed, out of memory, lock lost) more often than allowed: the message is
 * taken for the cause and dead-lettered instead of being run again.
 */
export class JobStalledError extends NewsflowError {
  override name = 'JobStalledError';
  constructor(stalls: number) {
    super(
      'JOB_STALLED',
      `the worker running this job died ${stalls} times (killed, out of memory or lock lost)`,
      {
        context: { stalls },
      },
    );
  }
}

/**
 * A stage stopped working on its own: its Kafka consumer crashed and will not restart, or its worker stopped
 * taking jobs. The service exits 1 so that it is restarted, rather than stay up, idle and "ready".
 */
export class StageStoppedError extends NewsflowError {
  override name = 'StageStoppedError';
  constructor(stage: string, part: 'consumer' | 'worker', options: { cause?: unknown } = {}) {
    const why = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('STAGE_STOPPED', `the ${part} of stage ${stage} stopped${why}`, {
      cause: options.cause,
      context: { stage, part },
    });
  }
}
