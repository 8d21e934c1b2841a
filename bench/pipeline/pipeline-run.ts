import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { Topics } from '@newsflow/contracts';
import {
  createKafka,
  createLogger,
  createRedis,
  type KafkaHandle,
  type OutgoingMessage,
} from '@newsflow/runtime';
import { removeTestNamespace, testNamespace } from '@newsflow/testing';
import { readServerCounters, type ServerCounters } from './server-counters.js';
import {
  SERVICE_NAMES,
  cpuSeconds,
  peakRssBytes,
  scrapeJobMetrics,
  startServices,
  stopServices,
  type RunningReplica,
  type ServiceName,
} from './service-processes.js';
import { binCounts, percentile, percentiles, type Percentiles } from './stats.js';
import { observeTraces, type Trace, type TraceObserver } from './trace-observer.js';

export interface Servers {
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly mongoUri: string;
}

export interface PipelineOptions {
  readonly root: string;
  readonly servers: Servers;
  readonly replicas: number;
  /** Burst: these URLs are pushed at once. */
  readonly burstUrls: readonly string[];
  /** Articles the floor got from each burst URL (same index); a trace ends when that many are stored. */
  readonly expectedArticles: readonly number[];
  /** Fixed-load phase: `rate` URLs per second for `rateSeconds` (0: phase skipped). */
  readonly rate: number;
  readonly rateSeconds: number;
  /**
   * Keep `rate` even above what the burst sustained (latency is then queueing). Otherwise a rate over 80 % of
   * the burst's pages/s is lowered to half of it, so the phase measures latency, not a backlog.
   */
  readonly strictRate: boolean;
  /** URL of request `index` of the fixed-load phase. */
  readonly rateUrl: (index: number) => string;
  /** Pipeline settings of every service (FETCH_*, WORKER_CONCURRENCY, LOG_LEVEL…). */
  readonly serviceEnv: Record<string, string>;
  readonly logDir: string;
  readonly nodeArgs: readonly string[];
  /** A phase ends anyway when nothing finishes for this long. */
  readonly stallS: number;
  readonly progress: (line: string) => void;
}

export interface StageSpan {
  /** Kafka timestamp of the stage's input message → of its output message (queue wait + work + produce), ms. */
  readonly spanMs: Percentiles;
  /** Mean job duration from the service's `newsflow_job_duration_seconds` histogram, ms. */
  readonly jobMeanMs: number;
  readonly jobs: number;
  /** `spanMs.mean - jobMeanMs`: Kafka hand-off, enqueue and waiting in the BullMQ queue, ms. */
  readonly waitMeanMs: number;
}

export interface PhaseResult {
  readonly pages: number;
  readonly completed: number;
  readonly articlesStored: number;
  readonly deadLetters: Record<string, number>;
  readonly missing: number;
  readonly wallS: number;
  /** Pages finished ÷ (last finish − first request). */
  readonly pagesPerS: number;
  /** Pages/s between the 10th and 90th percentile of finishes (no warm-up or tail). */
  readonly steadyPagesPerS: number;
  /** URL → first stored article (Kafka timestamps), ms. */
  readonly latencyMs: Percentiles;
  readonly stages: Record<'fetch' | 'clean' | 'entities' | 'store', Percentiles>;
  /** Pages finished per second since the first request. */
  readonly throughputSeries: number[];
  readonly offeredRate?: number;
}

export interface ServiceFigures {
  readonly replicas: number;
  readonly peakRssBytes: number[];
  readonly cpuS: number;
  readonly jobs: number;
  readonly jobMeanMs: number;
  readonly failedJobs: number;
}

export interface PipelineResult {
  readonly replicas: number;
  readonly burst: PhaseResult;
  readonly rate?: PhaseResult;
  readonly services: Record<ServiceName, ServiceFigures>;
  readonly stageSpans: Record<'fetch' | 'clean' | 'entities' | 'store', StageSpan>;
  readonly perArticle: {
    readonly redisCommands: number;
    readonly mongoCommands: number | undefined;
    readonly kafkaMessages: number;
    readonly kafkaMessagesByTopic: Record<string, number>;
    /** Commands per second counted with the services idle, subtracted over the burst's length. */
    readonly background: { readonly redisPerS: number; readonly mongoPerS: number };
  };
  readonly serversCpuS: Record<string, number>;
  readonly cpuSPerPage: number;
}

/** How long the servers' counters are watched with the services idle, to subtract other clients' traffic. */
const BACKGROUND_WINDOW_MS = 5000;

function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** The settings the deployment uses (deploy/service-defaults.env), under the bench's own. */
export function serviceDefaults(root: string): Record<string, string> {
  try {
    return readEnvFile(join(root, 'deploy', 'service-defaults.env'));
  } catch {
    return {};
  }
}

function isDone(trace: Trace | undefined, expected: number): boolean {
  if (trace === undefined) return false;
  return trace.deadLetter !== undefined || trace.storedMs.length >= Math.max(1, expected);
}

function finishMs(trace: Trace): number | undefined {
  if (trace.storedMs.length > 0) return Math.max(...trace.storedMs);
  return trace.deadLetter?.atMs;
}

async function pushUrls(
  kafka: KafkaHandle,
  ids: readonly string[],
  urls: readonly string[],
  rate: number | undefined,
): Promise<void> {
  const message = (i: number): OutgoingMessage => ({
    key: null,
    value: Buffer.from(
      JSON.stringify({ url: urls[i], source: 'bench', requestedAt: new Date().toISOString() }),
    ),
    headers: { traceId: ids[i]!, attempt: 0, producedAt: new Date().toISOString() },
  });
  if (rate === undefined) {
    for (let i = 0; i < urls.length; i += 200) {
      await kafka.sendRaw(
        Topics.urlRequested,
        Array.from({ length: Math.min(200, urls.length - i) }, (_, j) => message(i + j)),
      );
    }
    return;
  }
  // Open-loop: each URL at its scheduled time, whatever the pipeline does (no coordinated omission).
  const started = Date.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < urls.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    sends.push(kafka.sendRaw(Topics.urlRequested, [message(i)]));
  }
  await Promise.all(sends);
}

async function waitPhase(
  observer: TraceObserver,
  ids: readonly string[],
  expected: readonly number[],
  label: string,
  options: PipelineOptions,
): Promise<void> {
  let lastDone = -1;
  let lastChange = Date.now();
  let lastReport = 0;
  const started = Date.now();
  for (;;) {
    let done = 0;
    for (let i = 0; i < ids.length; i++) if (isDone(observer.traces.get(ids[i]!), expected[i] ?? 1)) done++;
    if (done !== lastDone) {
      lastDone = done;
      lastChange = Date.now();
    }
    if (Date.now() - lastReport >= 5000 || done === ids.length) {
      lastReport = Date.now();
      const s = (Date.now() - started) / 1000;
      options.progress(
        `  [${label}] ${done}/${ids.length} pages done, ${s.toFixed(0)} s, ${(done / Math.max(s, 0.001)).toFixed(2)} pages/s`,
      );
    }
    if (done === ids.length) return;
    if (Date.now() - lastChange > options.stallS * 1000) {
      options.progress(
        `  [${label}] nothing finished for ${options.stallS} s; ending the phase with ${ids.length - done} pages missing`,
      );
      return;
    }
    await sleep(250);
  }
}

function summarisePhase(
  observer: TraceObserver,
  ids: readonly string[],
  expected: readonly number[],
  offeredRate?: number,
): PhaseResult {
  const traces = ids.map((id) => observer.traces.get(id));
  const requested = traces.map((t) => t?.requestedMs).filter((v): v is number => v !== undefined);
  const firstRequest = requested.length ? Math.min(...requested) : Date.now();
  const finishes: number[] = [];
  const latencies: number[] = [];
  const stages = {
    fetch: [] as number[],
    clean: [] as number[],
    entities: [] as number[],
    store: [] as number[],
  };
  const deadLetters: Record<string, number> = {};
  let articlesStored = 0;
  let missing = 0;
  for (const [i, trace] of traces.entries()) {
    if (!trace || !isDone(trace, expected[i] ?? 1)) missing++;
    if (!trace) continue;
    articlesStored += trace.storedMs.length;
    const end = finishMs(trace);
    if (end !== undefined) finishes.push(end);
    if (trace.deadLetter) {
      const key = `${trace.deadLetter.topic}:${trace.deadLetter.code}`;
      deadLetters[key] = (deadLetters[key] ?? 0) + 1;
    }
    const stored = trace.storedMs.length ? Math.min(...trace.storedMs) : undefined;
    if (trace.requestedMs !== undefined && stored !== undefined) latencies.push(stored - trace.requestedMs);
    if (trace.requestedMs !== undefined && trace.fetchedMs !== undefined)
      stages.fetch.push(trace.fetchedMs - trace.requestedMs);
    if (trace.fetchedMs !== undefined && trace.cleanedMs !== undefined)
      stages.clean.push(trace.cleanedMs - trace.fetchedMs);
    if (trace.cleanedMs !== undefined && trace.enrichedMs !== undefined)
      stages.entities.push(trace.enrichedMs - trace.cleanedMs);
    if (trace.enrichedMs !== undefined && stored !== undefined) stages.store.push(stored - trace.enrichedMs);
  }
  const lastFinish = finishes.length ? Math.max(...finishes) : firstRequest;
  const wallS = Math.max(0.001, (lastFinish - firstRequest) / 1000);
  const t10 = percentile(finishes, 10);
  const t90 = percentile(finishes, 90);
  const steady =
    finishes.length >= 10 && t90 > t10
      ? (0.8 * finishes.length) / ((t90 - t10) / 1000)
      : finishes.length / wallS;
  return {
    pages: ids.length,
    completed: finishes.length,
    articlesStored,
    deadLetters,
    missing,
    wallS,
    pagesPerS: finishes.length / wallS,
    steadyPagesPerS: steady,
    latencyMs: percentiles(latencies),
    stages: {
      fetch: percentiles(stages.fetch),
      clean: percentiles(stages.clean),
      entities: percentiles(stages.entities),
      store: percentiles(stages.store),
    },
    throughputSeries: binCounts(finishes, firstRequest, 1000),
    ...(offeredRate === undefined ? {} : { offeredRate }),
  };
}

/**
 * The pipeline mode: the four services as separate processes (`replicas` each) on a fresh topic prefix,
 * queue prefix and database; a burst of URLs on `url.requested` until the last article is stored, then
 * URLs at a fixed rate; figures from Kafka timestamps, /metrics, /proc and the servers' counters.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  // Names of libs/testing test-namespaces.ts (kind `bench`), so what an interrupted run leaves is recognised.
  const namespace = testNamespace('bench');
  const { id, topicPrefix, queuePrefix, dbName } = namespace;
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const kafka = await createKafka({
    brokers: options.servers.kafkaBrokers.split(','),
    clientId: `bench-${id}`,
    topicPrefix,
    logger,
  });
  await kafka.ensureTopics();
  const observer = await observeTraces(kafka);
  const redis = await createRedis({ url: options.servers.redisUrl });
  const mongo = new MongoClient(options.servers.mongoUri);
  await mongo.connect();
  const mongoUri = new URL(options.servers.mongoUri);
  mongoUri.pathname = `/${dbName}`;
  const ports = {
    kafka: Number(options.servers.kafkaBrokers.split(',')[0]?.split(':')[1] ?? 9092),
    redis: Number(new URL(options.servers.redisUrl).port || 6379),
    mongo: Number(new URL(options.servers.mongoUri).port || 27017),
  };
  let replicas: RunningReplica[] = [];
  try {
    options.progress(
      `  starting ${options.replicas} replica(s) of ${SERVICE_NAMES.join(', ')} (logs: ${options.logDir})`,
    );
    replicas = await startServices({
      root: options.root,
      replicas: options.replicas,
      logDir: options.logDir,
      nodeArgs: options.nodeArgs,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...options.serviceEnv,
        KAFKA_BROKERS: options.servers.kafkaBrokers,
        REDIS_URL: options.servers.redisUrl,
        MONGODB_URI: mongoUri.toString(),
        TOPIC_PREFIX: topicPrefix,
        QUEUE_PREFIX: queuePrefix,
      },
    });
    const cpuBefore = new Map(replicas.map((r) => [r, cpuSeconds(r.pid)]));
    const metricsBefore = new Map(
      await Promise.all(replicas.map(async (r) => [r, await scrapeJobMetrics(r.port)] as const)),
    );
    // Background: what the shared servers count with the services idle (their polling plus other clients).
    const idleStart = await readServerCounters(redis, mongo.db(dbName), options.root, ports);
    await sleep(BACKGROUND_WINDOW_MS);
    const countersBefore: ServerCounters = await readServerCounters(
      redis,
      mongo.db(dbName),
      options.root,
      ports,
    );
    const background = {
      redisPerS: ((countersBefore.redisCalls - idleStart.redisCalls) * 1000) / BACKGROUND_WINDOW_MS,
      mongoPerS:
        countersBefore.mongoOps !== undefined && idleStart.mongoOps !== undefined
          ? ((countersBefore.mongoOps - idleStart.mongoOps) * 1000) / BACKGROUND_WINDOW_MS
          : 0,
    };
    const burstStarted = Date.now();

    const burstIds = options.burstUrls.map((_, i) => `bench-${id}-b${i}`);
    options.progress(`  pushing ${burstIds.length} URLs onto url.requested at once`);
    await pushUrls(kafka, burstIds, options.burstUrls, undefined);
    await waitPhase(observer, burstIds, options.expectedArticles, `burst ×${options.replicas}`, options);
    const burst = summarisePhase(observer, burstIds, options.expectedArticles);

    const countersAfter = await readServerCounters(redis, mongo.db(dbName), options.root, ports);
    const burstS = (Date.now() - burstStarted) / 1000;
    const cpuAfter = new Map(replicas.map((r) => [r, cpuSeconds(r.pid)]));
    const metricsAfter = new Map(
      await Promise.all(replicas.map(async (r) => [r, await scrapeJobMetrics(r.port)] as const)),
    );

    let rate: PhaseResult | undefined;
    if (options.rate > 0 && options.rateSeconds > 0) {
      let offered = options.rate;
      if (!options.strictRate && offered > 0.8 * burst.pagesPerS) {
        offered = Math.max(0.2, Math.round(burst.pagesPerS * 5) / 10);
        options.progress(
          `  --rate ${options.rate} is above 80 % of the ${burst.pagesPerS.toFixed(2)} pages/s sustained: offering ${offered} pages/s instead (--strict-rate keeps it)`,
        );
      }
      const count = Math.max(1, Math.round(offered * options.rateSeconds));
      const rateUrls = Array.from({ length: count }, (_, i) => options.rateUrl(i));
      const rateIds = rateUrls.map((_, i) => `bench-${id}-r${i}`);
      options.progress(
        `  pushing ${count} URLs at ${offered} pages/s for ${options.rateSeconds} s (open loop)`,
      );
      const expected = rateUrls.map(() => 1);
      const pushing = pushUrls(kafka, rateIds, rateUrls, offered);
      await waitPhase(observer, rateIds, expected, `rate ${offered}/s ×${options.replicas}`, options);
      await pushing;
      rate = summarisePhase(observer, rateIds, expected, offered);
    }

    const services = {} as Record<ServiceName, ServiceFigures>;
    let servicesCpu = 0;
    for (const name of SERVICE_NAMES) {
      const mine = replicas.filter((r) => r.service === name);
      let jobs = 0;
      let sumS = 0;
      let failed = 0;
      let cpu = 0;
      for (const r of mine) {
        const a = metricsBefore.get(r)!;
        const b = metricsAfter.get(r)!;
        jobs += b.durationCount - a.durationCount;
        sumS += b.durationSumS - a.durationSumS;
        failed += b.failed - a.failed;
        cpu += (cpuAfter.get(r) ?? 0) - (cpuBefore.get(r) ?? 0);
      }
      servicesCpu += cpu;
      services[name] = {
        replicas: mine.length,
        peakRssBytes: mine.map((r) => peakRssBytes(r.pid)),
        cpuS: cpu,
        jobs,
        jobMeanMs: jobs > 0 ? (sumS / jobs) * 1000 : Number.NaN,
        failedJobs: failed,
      };
    }
    const stageOf = { fetch: 'fetcher', clean: 'cleaner', entities: 'entities', store: 'store' } as const;
    const stageSpans = {} as Record<keyof typeof stageOf, StageSpan>;
    for (const [stage, service] of Object.entries(stageOf) as [keyof typeof stageOf, ServiceName][]) {
      const span = burst.stages[stage];
      const jobMeanMs = services[service].jobMeanMs;
      stageSpans[stage] = {
        spanMs: span,
        jobMeanMs,
        jobs: services[service].jobs,
        waitMeanMs: span.mean - jobMeanMs,
      };
    }
    const articles = Math.max(1, burst.articlesStored);
    const kafkaMessagesByTopic: Record<string, number> = {};
    let kafkaMessages = 0;
    for (const [topic, count] of observer.counts) {
      kafkaMessagesByTopic[topic] = count;
      kafkaMessages += count;
    }
    const serversCpuS: Record<string, number> = {};
    for (const [name, after] of Object.entries(countersAfter.serverCpuS))
      serversCpuS[name] = after - (countersBefore.serverCpuS[name] ?? after);
    return {
      replicas: options.replicas,
      burst,
      ...(rate ? { rate } : {}),
      services,
      stageSpans,
      perArticle: {
        redisCommands:
          (countersAfter.redisCalls - countersBefore.redisCalls - background.redisPerS * burstS) / articles,
        mongoCommands:
          countersAfter.mongoOps !== undefined && countersBefore.mongoOps !== undefined
            ? (countersAfter.mongoOps - countersBefore.mongoOps - background.mongoPerS * burstS) / articles
            : undefined,
        background,
        // Counted over both phases (the observer reads whole topics); per article of both phases.
        kafkaMessages: kafkaMessages / Math.max(1, burst.articlesStored + (rate?.articlesStored ?? 0)),
        kafkaMessagesByTopic,
      },
      serversCpuS,
      cpuSPerPage: servicesCpu / Math.max(1, burst.completed),
    };
  } finally {
    options.progress('  stopping services');
    await stopServices(replicas);
    await observer.stop().catch(() => undefined);
    await kafka.close().catch(() => undefined);
    await redis.quit().catch(() => undefined);
    await mongo.close().catch(() => undefined);
    await removeTestNamespace(
      { ...options.servers, kafkaBrokers: options.servers.kafkaBrokers.split(',') },
      namespace,
      { log: options.progress },
    );
  }
}
