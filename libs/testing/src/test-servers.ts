/** Where tests find Kafka, Redis and a MongoDB-wire server, and how to let go of them. */
export interface TestServers {
  /** `host:port` of each Kafka broker (Kafka 3.9.x). */
  readonly kafkaBrokers: string[];
  /** `redis://host:port` */
  readonly redisUrl: string;
  /** `mongodb://host:port/newsflow` (tests pick their own database names) */
  readonly mongoUri: string;
  /** Where they came from: the environment, Docker containers, or `deploy/local/up`. */
  readonly source: TestServersSource;
  /** Stops what `getServers()` started (containers, or local servers it launched); a no-op otherwise. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const TestServersSource = { env: 'env', containers: 'containers', local: 'local' } as const;
export type TestServersSource = (typeof TestServersSource)[keyof typeof TestServersSource];

/** The plain addresses, as handed from Vitest's global setup to the tests (`provide`/`inject`). */
export type TestServerAddresses = Pick<TestServers, 'kafkaBrokers' | 'redisUrl' | 'mongoUri'>;
