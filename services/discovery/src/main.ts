import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { SourceRequestedSchema, Topics, parseMessage } from '@newsflow/contracts';
import { createPoliteClient, politeClientOptionsFrom } from '@newsflow/http-fetch';
import {
  closeWorker,
  runService,
  serviceNameFromPath,
  stageOptionsFrom,
  startStage,
} from '@newsflow/runtime';
import { createListingFetcher } from './fetch-listing.js';
import { SourceBusyError } from './discovery-errors.js';
import { handleSourceRequest } from './handle-source-request.js';
import { POLL_QUEUE, createPollSchedule, type PollJobData } from './poll-schedule.js';
import { pollTarget, type DiscoveryMetrics } from './poll-target.js';
import { reconcileSchedules } from './reconcile-schedules.js';
import { createSeenUrls } from './seen-urls.js';
import { createSourceLock } from './source-lock.js';
import { discoverySettings } from './settings.js';
import { createSourceRepository } from './source-repository.js';

await runService({
  name: serviceNameFromPath(fileURLToPath(import.meta.url)),
  settings: discoverySettings,
  async start(deps) {
    const { config, redis, logger } = deps;
    const repo = createSourceRepository(deps.mongo.db, config.sourcesCollection);
    await repo.init();
    const keyPrefix = `${config.queuePrefix}:discovery`;
    const seen = createSeenUrls({
      redis,
      keyPrefix: `${keyPrefix}:seen`,
      maxUrls: config.seenMaxUrls,
      ttlMs: config.seenTtlS * 1000,
    });
    // Keys under QUEUE_PREFIX, like the fetcher's: one politeness budget and robots cache per host for both.
    const client = createPoliteClient({
      redis,
      keyPrefix: config.queuePrefix,
      ...politeClientOptionsFrom(config),
    });
    const fetcher = createListingFetcher(client, {
      maxWaitMs: Math.floor(config.jobTimeoutMs / 2),
      maxBodyBytes: Math.max(config.maxBodyBytes, config.maxListingBytes),
    });
    const queue = new Queue<PollJobData>(POLL_QUEUE, { connection: redis, prefix: config.queuePrefix });
    const schedule = createPollSchedule(queue);
    const metrics: DiscoveryMetrics = {
      polls: new Counter({
        name: 'newsflow_discovery_polls_total',
        help: 'Polls of feeds, sitemaps and pages by outcome',
        labelNames: ['outcome'],
        registers: [deps.metrics.registry],
      }),
      newUrls: new Counter({
        name: 'newsflow_discovery_new_urls_total',
        help: 'New URLs pushed to url.requested, per source',
        labelNames: ['source'],
        registers: [deps.metrics.registry],
      }),
      pollSeconds: new Histogram({
        name: 'newsflow_discovery_poll_seconds',
        help: 'Time of one poll (fetch, parse, push)',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [deps.metrics.registry],
      }),
    };

    const sourceLock = createSourceLock(redis, {
      keyPrefix: `${keyPrefix}:lock`,
      ttlMs: config.jobTimeoutMs,
    });
    const lockWaitMs = Math.floor(config.jobTimeoutMs / 2);
    const lockSource = async <T>(sourceId: string, work: () => Promise<T>): Promise<T> => {
      const locked = await sourceLock.run(sourceId, lockWaitMs, work);
      if (!locked) throw new SourceBusyError(sourceId, lockWaitMs);
      return locked.value;
    };

    const stage = await startStage({
      ...stageOptionsFrom(deps),
      name: 'discovery',
      inputTopic: Topics.sourceRequested,
      parse: (value) => parseMessage(SourceRequestedSchema, value),
      // Each message is its own job; applying a request twice leaves the same source anyway.
      jobId: (_request, at) => `m-${at.timestamp}-${at.partition}-${at.offset}`,
      handle: (request, ctx) =>
        handleSourceRequest(request, ctx, {
          repo,
          seen,
          schedule,
          fetcher,
          defaultBackfillMs: config.backfillMs,
          maxListingBytes: config.maxListingBytes,
          lockSource,
        }),
    });

    const pollLog = logger.child({ stage: 'discovery-poll' });
    const worker = new Worker<PollJobData>(
      POLL_QUEUE,
      (job) =>
        pollTarget(job.data, {
          repo,
          seen,
          schedule,
          fetcher,
          kafka: deps.kafka,
          sourceLock,
          settings: {
            minIntervalMs: config.minIntervalMs,
            maxIntervalMs: config.maxIntervalMs,
            maxUrlsPerPoll: config.maxUrlsPerPoll,
            maxListingBytes: config.maxListingBytes,
            maxChildSitemaps: config.maxChildSitemaps,
            failingAfter: config.failingAfter,
            lockWaitMs: config.jobTimeoutMs,
          },
          metrics,
          log: pollLog,
        }),
      {
        connection: redis,
        prefix: config.queuePrefix,
        concurrency: config.pollConcurrency,
        lockDuration: config.jobLockMs,
        stalledInterval: Math.max(1000, Math.floor(config.jobLockMs / 2)),
        drainDelay: 1,
      },
    );
    worker.on('error', (err) => pollLog.error({ err }, 'poll worker error'));
    worker.on('failed', (job, err) =>
      pollLog.warn({ err, targetId: job?.data.targetId }, 'poll failed (our servers); the next one retries'),
    );
    await reconcileSchedules(repo, schedule, logger);

    return [
      stage,
      {
        async close() {
          await closeWorker(worker, config.shutdownGraceMs, pollLog);
          await queue.close();
        },
      },
    ];
  },
});
