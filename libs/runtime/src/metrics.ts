import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Metrics every stage exposes on /metrics; services register their own on `registry`. */
export interface StageMetrics {
  readonly registry: Registry;
  readonly consumed: Counter<'topic'>;
  readonly completed: Counter<'queue'>;
  readonly failed: Counter<'queue' | 'code'>;
  readonly deadLettered: Counter<'topic' | 'code'>;
  readonly duration: Histogram<'queue'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** 1 while a stage does not read its topic because too many jobs wait (backpressure), else 0. */
  readonly backpressure: Gauge<'topic'>;
}

/** A registry with Node's default metrics and the stage metrics, labelled with the service name. */
export function createMetrics(service: string): StageMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    consumed: new Counter({
      name: 'newsflow_messages_consumed_total',
      help: 'Kafka messages read',
      labelNames: ['topic'],
      registers: [registry],
    }),
    completed: new Counter({
      name: 'newsflow_jobs_completed_total',
      help: 'Jobs finished successfully',
      labelNames: ['queue'],
      registers: [registry],
    }),
    failed: new Counter({
      name: 'newsflow_jobs_failed_total',
      help: 'Job attempts that failed, by error code',
      labelNames: ['queue', 'code'],
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'newsflow_dead_letters_total',
      help: 'Messages sent to a dead-letter topic, by reason',
      labelNames: ['topic', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'newsflow_job_duration_seconds',
      help: 'Time to process one job',
      labelNames: ['queue'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'newsflow_queue_jobs',
      help: 'Jobs in the BullMQ queue by state',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    backpressure: new Gauge({
      name: 'newsflow_consumer_paused',
      help: '1 while the stage does not read its topic because more than QUEUE_MAX_WAITING_JOBS jobs wait',
      labelNames: ['topic'],
      registers: [registry],
    }),
  };
}
