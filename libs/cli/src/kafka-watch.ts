import { ServerGoneError, ServerUnreachableError, probeKafka, type CliConfig } from './connect.js';

/**
 * Probes in a row that must fail before the broker counts as gone. One failed probe may be a loaded machine
 * missing `NEWSFLOW_CONNECT_TIMEOUT_MS` once; three in a row, 2 s apart (`NEWSFLOW_KAFKA_PROBE_INTERVAL_MS`), is
 * a broker that is not there. A killed broker refuses connections at once, so it is noticed about 6 s after it
 * died; a hung one after about 3 × (2 s + the connect timeout).
 */
export const KAFKA_GONE_AFTER_FAILURES = 3;

export interface KafkaWatchOptions {
  /** @default config.kafkaProbeIntervalMs (NEWSFLOW_KAFKA_PROBE_INTERVAL_MS, 2000) */
  readonly intervalMs?: number;
  /** @default KAFKA_GONE_AFTER_FAILURES */
  readonly failures?: number;
}

/** A running watch over the brokers of a command that waits on Kafka for long ({@link whileKafkaAnswers}). */
export interface KafkaWatch {
  /** Resolves once the brokers stopped answering; never rejects, never resolves while they answer. */
  readonly gone: Promise<ServerGoneError>;
  /** Ends the watch (no probe is started after this). */
  stop(): void;
}

/**
 * Asks the brokers of `config` every `intervalMs` whether they still answer (the same bounded metadata round
 * trip as at connect time, on a fresh connection, no retries). kafkajs itself keeps retrying a dead broker for
 * minutes without telling its caller, so a command that only waits on its consumer would wait out its whole
 * timeout; this is the command's own heartbeat.
 */
export function watchKafka(config: CliConfig, options: KafkaWatchOptions = {}): KafkaWatch {
  const intervalMs = options.intervalMs ?? config.kafkaProbeIntervalMs;
  const limit = options.failures ?? KAFKA_GONE_AFTER_FAILURES;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let firstFailureAt = 0;
  let reportGone: (error: ServerGoneError) => void = () => undefined;
  const gone = new Promise<ServerGoneError>((resolve) => {
    reportGone = resolve;
  });
  const probe = async (): Promise<void> => {
    try {
      await probeKafka(config);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures === 1) firstFailureAt = Date.now();
      if (failures >= limit) {
        stopped = true;
        const seconds = Math.round((Date.now() - firstFailureAt) / 1000);
        const detail = error instanceof ServerUnreachableError ? error.detail : String(error);
        reportGone(
          new ServerGoneError(
            'Kafka',
            config.kafkaBrokers.join(','),
            `${failures} probes in a row over ${seconds} s got no answer (last: ${detail})`,
            { cause: error },
          ),
        );
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void probe(), intervalMs);
  };
  timer = setTimeout(() => void probe(), intervalMs);
  return {
    gone,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs `work` while {@link watchKafka} watches the brokers of `config`, for a command that waits on Kafka for
 * long (`push --follow`, `dlq` listing and `--replay`, `import-warc`). Resolves or rejects as `work` does, unless the brokers
 * stop answering.
 * @param work gets a signal that aborts, with the ServerGoneError, when the watch finds the brokers gone: work
 *   that can stop cleanly then (`dlq --replay` releases its lock) listens to it.
 * @throws ServerGoneError as soon as the watch finds the brokers gone (`work` is then left to end on its own:
 * the command's connections close, each bounded, and `runWithServers` exits 3), or when `work` fails and one
 * probe then gets no answer either: kafkajs fails a request at once on a connection the dying broker reset
 * (`Connection error: read ECONNRESET`), before the watch can tell.
 */
export async function whileKafkaAnswers<T>(
  config: CliConfig,
  work: (signal: AbortSignal) => Promise<T>,
  options: KafkaWatchOptions = {},
): Promise<T> {
  const watch = watchKafka(config, options);
  const controller = new AbortController();
  const gone = watch.gone.then((error) => {
    controller.abort(error);
    return Promise.reject(error);
  });
  try {
    return await Promise.race([work(controller.signal), gone]);
  } catch (error) {
    if (error instanceof ServerGoneError) throw error;
    throw (await goneAfter(config, error)) ?? error;
  } finally {
    watch.stop();
  }
}

/** A ServerGoneError if the brokers of `config` do not answer a probe after `failure`; undefined if they do. */
async function goneAfter(config: CliConfig, failure: unknown): Promise<ServerGoneError | undefined> {
  try {
    await probeKafka(config);
    return undefined;
  } catch (error) {
    const detail = error instanceof ServerUnreachableError ? error.detail : String(error);
    const reason = failure instanceof Error ? failure.message : String(failure);
    return new ServerGoneError(
      'Kafka',
      config.kafkaBrokers.join(','),
      `the command failed (${reason}) and a probe got no answer (${detail})`,
      { cause: failure },
    );
  }
}
