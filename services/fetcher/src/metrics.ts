import { Counter, Histogram, type Registry } from 'prom-client';

/** The fetcher's own metrics, beside the stage metrics of libs/runtime. */
export interface FetcherMetrics {
  /** Outcomes of requests: `fetched`, `duplicate`, `not_modified`, `unchanged`. */
  readonly fetched: Counter<'outcome'>;
  readonly bytes: Counter;
  readonly hostWait: Histogram;
}

/** Registers the fetcher's metrics on `registry` (the service's, served on /metrics). */
export function createFetcherMetrics(registry: Registry): FetcherMetrics {
  return {
    fetched: new Counter({
      name: 'newsflow_fetch_pages_total',
      help: 'Fetch outcomes: fetched, duplicate, not_modified, unchanged',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    bytes: new Counter({
      name: 'newsflow_fetch_bytes_total',
      help: 'Bytes received (as sent on the wire)',
      registers: [registry],
    }),
    hostWait: new Histogram({
      name: 'newsflow_fetch_host_wait_seconds',
      help: 'How long a job was parked waiting for its host (politeness)',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
}
