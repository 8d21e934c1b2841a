// kafkajs's retry policy for every Kafka request of the runtime (libs/runtime kafka.ts), apart from the client
// library so that config.ts can name the default without loading kafkajs.

/** Retries of a Kafka request unless `KAFKA_RETRIES` says otherwise: about 21 s of waits in all. */
export const DEFAULT_KAFKA_RETRIES = 8;
/** First wait before a Kafka request is tried again; each next wait doubles (with ±20 % jitter, kafkajs). */
export const KAFKA_RETRY_INITIAL_MS = 200;
/** Ceiling of one wait between tries of a Kafka request. */
export const KAFKA_RETRY_MAX_MS = 5000;
