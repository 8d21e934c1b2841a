import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ConfigResourceTypes, Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { DeadLetterSchema, Topics, allTopics, dlqTopic } from '@newsflow/contracts';
import { createAcknowledgedSender, subscribeWhenKnown } from '@newsflow/runtime';
import { createTopicsWithLeaders, removeTestNamespace, testNamespace } from '@newsflow/testing';
import { startFixtureSite, type FixtureRoute, type FixtureSite } from '@newsflow/testing/fixture-site';
import type { Servers } from '../../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { articlePage } from './article-pages.js';

/** The four pipeline services, in flow order. */
export const SERVICES = ['fetcher', 'cleaner', 'entities', 'store'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Logical input topic and BullMQ queue of each service. */
const INPUT_TOPIC: Readonly<Record<ServiceName, string>> = {
  fetcher: Topics.urlRequested,
  cleaner: Topics.pageFetched,
  entities: Topics.articleCleaned,
  store: Topics.articleEnriched,
};

/** Pipeline topics whose dead letters the accounting reads. */
const DLQ_TOPICS = SERVICES.map((s) => dlqTopic(INPUT_TOPIC[s]));

/** Scenario size: `RELIABILITY_N` (the soak run sets it large), else the scenario's default. */
export function scenarioSize(defaultN: number, envName = 'RELIABILITY_N'): number {
  const raw = process.env[envName];
  const n = raw === undefined || raw === '' ? defaultN : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${envName}=${raw} is not a positive integer`);
  return n;
}

/**
 * A bound that grows with the scenario size: `baseMs` plus `perUrlMs` per URL (the soak run's sizes need
 * far longer than the default run's; a loaded 2-core machine manages a few URLs a second end to end).
 */
export function budgetMs(urls: number, baseMs = 240_000, perUrlMs = 1000): number {
  return baseMs + urls * perUrlMs;
}

/** What a service logs when the acknowledged-send guard repeats part of a send (libs/runtime kafka.ts). */
const RESEND_LOG = 'Kafka did not acknowledge every partition of a send';

/**
 * Settings of the scenarios that kill processes or stop servers: what a lost process or broker connection held
 * is taken over sooner than with the defaults, so a scenario waits less for the takeover it asserts.
 * - JOB_LOCK_MS 15 s (default 30 s): a killed process's BullMQ jobs are taken over after it. Locks are renewed
 *   every half of it, so only an event loop blocked for 7.5 s would let a live job look stalled (and even then
 *   it runs again, harmlessly, under its job id).
 * - KAFKA_SESSION_TIMEOUT_MS 10 s (default 30 s): a consumer group waits this long for a member that went away
 *   (killed, or cut off by a broker restart) before its partitions go to the others (after a broker restart the
 *   store stood idle 29 s with 30 s, 10 s with 10 s; chores2, 2026-12-06).
 */
export const TAKEOVER_ENV: Readonly<Record<string, string>> = {
  JOB_LOCK_MS: '15000',
  KAFKA_SESSION_TIMEOUT_MS: '10000',
};

/** Settings every scenario's services get: loopback fixture allowed, no politeness pause, quick retries. */
const BASE_ENV: Readonly<Record<string, string>> = {
  FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
  FETCH_HOST_DELAY_MS: '0',
  FETCH_HOST_CONCURRENCY: '8',
  FETCH_TOTAL_TIMEOUT_MS: '10000',
  FETCH_HEADERS_TIMEOUT_MS: '5000',
  JOB_BACKOFF_MS: '200',
  JOB_ATTEMPTS: '8',
  SHUTDOWN_GRACE_MS: '10000',
  // `info` at least: startServiceProcess waits for the `ready` line.
  LOG_LEVEL: 'info',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
};

export interface ScenarioOptions {
  readonly servers: Servers;
  /** Label in the figures line. */
  readonly name: string;
  /** Article pages served at `/a/<i>` (i < articles). */
  readonly articles: number;
  /** Extra routes (hostile pages). */
  readonly routes?: Readonly<Record<string, FixtureRoute>>;
  /** Delay before an article page under `/slow/<i>` is answered (backpressure). @default 50 */
  readonly slowPageMs?: number;
  /** Extra env for every service. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra env per service. */
  readonly serviceEnv?: Partial<Readonly<Record<ServiceName, Readonly<Record<string, string>>>>>;
}

/** Where each pushed URL ended. */
export interface Accounting {
  readonly pushed: number;
  readonly stored: number;
  readonly deadLettered: number;
  /** URLs with neither an article nor a dead letter. */
  readonly lost: string[];
  /** URLs that ended more than once (two documents, two dead letters, or both). */
  readonly duplicated: string[];
  /** Dead letters per URL, with their reason. */
  readonly letters: ReadonlyMap<string, readonly LetterSummary[]>;
  /** Articles per URL. */
  readonly articles: ReadonlyMap<string, number>;
}

export interface LetterSummary {
  readonly topic: string;
  readonly code: string;
  readonly message: string;
  readonly service: string;
  /** The original message bytes. */
  readonly value: Buffer;
}

export interface QuiesceOptions {
  /** @default 180_000 */
  readonly timeoutMs?: number;
  /** Nothing may change for this long once every URL is accounted for. @default 3_000 */
  readonly settleMs?: number;
}

/**
 * One reliability scenario: a private pipeline (four services as their own processes, random topic prefix,
 * queue prefix and database) fed from a loopback fixture site, with the bookkeeping to prove that every
 * pushed URL ended exactly once, as one article in MongoDB or one dead letter with a reason.
 */
export class Scenario {
  /** Its names: libs/testing test-namespaces.ts, kind `reliability`. */
  readonly namespace = testNamespace('reliability');
  readonly id = this.namespace.id;
  readonly topicPrefix = this.namespace.topicPrefix;
  readonly queuePrefix = this.namespace.queuePrefix;
  readonly dbName = this.namespace.dbName;
  #startedAt = Date.now();
  /** Running processes per service (replicas). */
  readonly running = new Map<ServiceName, ServiceProcess[]>(SERVICES.map((s) => [s, []]));
  /** Peak RSS (VmHWM, bytes) of every process that ran, per service. */
  readonly peakRss = new Map<ServiceName, number>();
  /** Exit codes of processes that stopped, for assertions (`kill -9` shows as `SIGKILL`). */
  readonly exits: { service: ServiceName; code: number | string }[] = [];
  site!: FixtureSite;
  readonly #options: ScenarioOptions;
  #kafka!: Kafka;
  #producer!: Producer;
  /** The services' guard against kafkajs dropping part of a send when a leader moves (a broker killed). */
  readonly #sender = createAcknowledgedSender();
  #admin!: Admin;
  #dlqConsumer!: Consumer;
  readonly #letters: { topic: string; partition: number; offset: string; value: Buffer }[] = [];
  #mongo!: MongoClient;
  #redis!: Redis;
  #rssTimer: NodeJS.Timeout | undefined;
  #resends = 0;

  constructor(options: ScenarioOptions) {
    this.#options = options;
  }

  get servers(): Servers {
    return this.#options.servers;
  }

  /** Starts the fixture site and the bookkeeping clients, and creates the scenario's topics. */
  async init(): Promise<this> {
    const pages = new Map<string, string>();
    const slowMs = this.#options.slowPageMs ?? 50;
    const page = (index: number): string => {
      let html = pages.get(String(index));
      if (html === undefined) {
        html = articlePage(index, this.#options.articles);
        if (pages.size < 5000) pages.set(String(index), html);
      }
      return html;
    };
    const articleRoute: FixtureRoute = (req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const slow = path.startsWith('/slow/');
      const index = Number(path.slice(slow ? '/slow/'.length : '/a/'.length));
      if (!Number.isInteger(index) || index < 0 || index >= this.#options.articles) {
        res.writeHead(404).end('not found');
        return;
      }
      const send = (): void => {
        if (!res.destroyed)
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(index));
      };
      if (slow) setTimeout(send, slowMs);
      else send();
    };
    // The fixture site routes by exact path; article pages are answered by one handler for every index.
    const routes = new Proxy(
      { ...this.#options.routes },
      {
        get: (target, key) =>
          typeof key === 'string' && (key.startsWith('/a/') || key.startsWith('/slow/'))
            ? articleRoute
            : target[key as string],
      },
    );
    this.site = await startFixtureSite(routes);
    this.#kafka = new Kafka({
      clientId: `reliability-${this.id}`,
      brokers: this.servers.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 3000 },
    });
    this.#admin = this.#kafka.admin();
    await this.#admin.connect();
    // The broker's default replication applies (3 copies, min.insync.replicas 2 on a 3-node cluster).
    await createTopicsWithLeaders(
      this.#admin,
      allTopics().map((t) => ({ topic: this.topic(t.topic), numPartitions: t.numPartitions })),
    );
    this.#producer = this.#kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: this.#sender.createPartitioner,
    });
    await this.#producer.connect();
    this.#dlqConsumer = this.#kafka.consumer({ groupId: `reliability-dlq-${this.id}`, maxWaitTimeInMs: 500 });
    await this.#dlqConsumer.connect();
    await subscribeWhenKnown(this.#dlqConsumer, {
      topics: DLQ_TOPICS.map((t) => this.topic(t)),
      fromBeginning: true,
    });
    await this.#dlqConsumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.#letters.push({
          topic,
          partition,
          offset: message.offset,
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    const mongoUrl = new URL(this.servers.mongoUri);
    mongoUrl.pathname = `/${this.dbName}`;
    this.#mongo = new MongoClient(mongoUrl.toString(), {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 10_000,
    });
    await this.#mongo.connect();
    this.#redis = new Redis(this.servers.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
    this.#redis.on('error', () => undefined);
    this.#rssTimer = setInterval(() => this.#sampleRss(), 500);
    this.#rssTimer.unref();
    return this;
  }

  /** The real (prefixed) topic name. */
  topic(logical: string): string {
    return `${this.topicPrefix}${logical}`;
  }

  /** URLs of article pages `from`..`to-1`. */
  articleUrls(from: number, to: number): string[] {
    return Array.from({ length: to - from }, (_, i) => this.site.url(`/a/${from + i}`));
  }

  /** URLs of the slowed copies of article pages `from`..`to-1`. */
  slowUrls(from: number, to: number): string[] {
    return Array.from({ length: to - from }, (_, i) => this.site.url(`/slow/${from + i}`));
  }

  /** The node id of the broker that leads `partition` of a logical topic. */
  async leaderOf(logicalTopic: string, partition = 0): Promise<number> {
    const meta = await this.#admin.fetchTopicMetadata({ topics: [this.topic(logicalTopic)] });
    const leader = meta.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined || leader < 0) throw new Error(`${logicalTopic}[${partition}] has no leader`);
    return leader;
  }

  /** Replicas of partition 0 of a logical topic and the topic's effective min.insync.replicas. */
  async replication(logicalTopic: string): Promise<{ replicas: number; minInsyncReplicas: number }> {
    const topic = this.topic(logicalTopic);
    const meta = await this.#admin.fetchTopicMetadata({ topics: [topic] });
    const config = await this.#admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      includeSynonyms: false,
    });
    return {
      replicas: meta.topics[0]?.partitions[0]?.replicas.length ?? 0,
      minInsyncReplicas: Number(config.resources[0]?.configEntries[0]?.configValue),
    };
  }

  /** The logical input topic of `service`. */
  inputTopic(service: ServiceName): string {
    return INPUT_TOPIC[service];
  }

  /** The services' SHUTDOWN_GRACE_MS. */
  get shutdownGraceMs(): number {
    return Number(this.#options.env?.SHUTDOWN_GRACE_MS ?? BASE_ENV.SHUTDOWN_GRACE_MS);
  }

  /** Starts a new sub-scenario on the same pipeline: its seconds count from now, peak RSS from the live processes. */
  restartClock(): void {
    this.#startedAt = Date.now();
    this.peakRss.clear();
    // VmHWM is the process's lifetime peak: reset it (Linux clear_refs 5), so a scenario reports its own
    // peak even on a pipeline an earlier scenario pushed harder.
    for (const proc of [...this.running.values()].flat()) {
      try {
        writeFileSync(`/proc/${proc.child.pid}/clear_refs`, '5');
      } catch {
        // Not Linux, or the process just exited: the lifetime peak stays, an upper bound.
      }
    }
    this.#sampleRss();
  }

  /** Starts one replica of `service` and resolves once it is ready. */
  async startService(
    service: ServiceName,
    extraEnv: Readonly<Record<string, string>> = {},
  ): Promise<ServiceProcess> {
    const proc = await startServiceProcess(service, {
      servers: this.servers,
      topicPrefix: this.topicPrefix,
      queuePrefix: this.queuePrefix,
      dbName: this.dbName,
      env: { ...BASE_ENV, ...this.#options.env, ...this.#options.serviceEnv?.[service], ...extraEnv },
      readyTimeoutMs: 120_000,
    });
    this.running.get(service)!.push(proc);
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      this.#resends += chunk.toString('utf8').split(RESEND_LOG).length - 1;
    });
    proc.child.once('exit', (code, signal) => {
      const list = this.running.get(service)!;
      list.splice(list.indexOf(proc), 1);
      this.exits.push({ service, code: code ?? signal ?? 'unknown' });
    });
    return proc;
  }

  /**
   * Sends the services' Kafka producers repeated because kafkajs resolved them with partitions unwritten (a
   * leader moved mid-send; libs/runtime acknowledged-send.ts), counted from their logs.
   */
  get resends(): number {
    return this.#resends;
  }

  /**
   * Starts `replicas` more of every service, all at once: a start is mostly loading modules and joining Kafka,
   * and the four services started together in 26-29 s where one after another took 32-37 s (load ~17, 2 cores).
   */
  async startAll(replicas = 1): Promise<void> {
    await Promise.all(
      SERVICES.flatMap((service) => Array.from({ length: replicas }, () => this.startService(service))),
    );
  }

  /** Sends `signal` to one running replica of `service` (the first) and waits for it to exit. */
  async signal(service: ServiceName, signal: NodeJS.Signals, replica = 0): Promise<number | string> {
    const proc = this.running.get(service)?.[replica];
    if (!proc) throw new Error(`no running ${service} replica ${replica}`);
    this.#sampleRss();
    return proc.stop(signal);
  }

  /** Produces article URLs (bare strings, as kcat sends them) in batches. */
  async pushUrls(urls: readonly string[]): Promise<void> {
    for (let i = 0; i < urls.length; i += 500) {
      await this.#sender.send(this.#producer, [
        {
          topic: this.topic(Topics.urlRequested),
          messages: urls.slice(i, i + 500).map((value) => ({ value })),
        },
      ]);
    }
  }

  /** Produces raw values to a logical topic (poison messages). */
  async pushRaw(
    logicalTopic: string,
    values: readonly (string | Buffer)[],
    key: string | null = null,
  ): Promise<void> {
    await this.#sender.send(this.#producer, [
      { topic: this.topic(logicalTopic), messages: values.map((value) => ({ key, value })) },
    ]);
  }

  /** The dead letters read so far, decoded. */
  letters(): (LetterSummary & { url: string | undefined })[] {
    return this.#letters.map((raw) => {
      const letter = DeadLetterSchema.parse(JSON.parse(raw.value.toString('utf8')));
      const value = Buffer.from(letter.value, 'base64');
      return {
        topic: raw.topic.slice(this.topicPrefix.length),
        code: letter.error.code,
        message: letter.error.message,
        service: letter.service,
        value,
        url: urlOfMessage(value),
      };
    });
  }

  /** Where each of `urls` ended right now. */
  async account(urls: readonly string[]): Promise<Accounting> {
    const docs = await this.#mongo
      .db()
      .collection('articles')
      .find({}, { projection: { url: 1 } })
      .toArray();
    const articles = new Map<string, number>();
    for (const doc of docs) articles.set(String(doc.url), (articles.get(String(doc.url)) ?? 0) + 1);
    const letters = new Map<string, LetterSummary[]>();
    for (const letter of this.letters()) {
      if (letter.url === undefined) continue;
      letters.set(letter.url, [...(letters.get(letter.url) ?? []), letter]);
    }
    let stored = 0;
    let deadLettered = 0;
    const lost: string[] = [];
    const duplicated: string[] = [];
    for (const url of new Set(urls)) {
      const a = articles.get(url) ?? 0;
      const d = letters.get(url)?.length ?? 0;
      if (a > 0) stored += 1;
      else if (d > 0) deadLettered += 1;
      if (a + d === 0) lost.push(url);
      if (a + d > 1) duplicated.push(url);
    }
    return { pushed: new Set(urls).size, stored, deadLettered, lost, duplicated, letters, articles };
  }

  /** Waits until at least `count` of `urls` are accounted for (stored or dead-lettered). */
  async waitProgress(urls: readonly string[], count: number, timeoutMs = 120_000): Promise<Accounting> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const acc = await this.account(urls).catch(() => undefined);
      if (acc && acc.stored + acc.deadLettered >= count) return acc;
      if (Date.now() > deadline) {
        throw new Error(
          `only ${acc ? acc.stored + acc.deadLettered : '?'} of ${count} URLs done within ${timeoutMs} ms\n${this.logs()}`,
        );
      }
      await sleep(250);
    }
  }

  /** Jobs waiting, active, delayed or prioritised in the scenario's BullMQ queues. */
  async queuedJobs(): Promise<number> {
    let total = 0;
    for (const service of SERVICES) {
      const base = `${this.queuePrefix}:${service}`;
      const [wait, active, delayed, prioritized] = await Promise.all([
        this.#redis.llen(`${base}:wait`),
        this.#redis.llen(`${base}:active`),
        this.#redis.zcard(`${base}:delayed`),
        this.#redis.zcard(`${base}:prioritized`),
      ]);
      total += wait + active + delayed + prioritized;
    }
    return total;
  }

  /**
   * Unfinished jobs of the scenario's stages that already failed an attempt with a reason matching `reason`
   * (waiting in BullMQ's backoff, or at it again): the retry path a server outage must take instead of a
   * dead letter.
   */
  async retryingJobs(reason: RegExp): Promise<number> {
    let count = 0;
    for (const service of SERVICES) {
      const base = `${this.queuePrefix}:${service}`;
      const ids = [
        ...(await this.#redis.zrange(`${base}:delayed`, 0, -1)),
        ...(await this.#redis.zrange(`${base}:prioritized`, 0, -1)),
        ...(await this.#redis.lrange(`${base}:wait`, 0, -1)),
        ...(await this.#redis.lrange(`${base}:active`, 0, -1)),
      ];
      for (const id of ids) {
        const why = await this.#redis.hget(`${base}:${id}`, 'failedReason');
        if (why !== null && reason.test(why)) count += 1;
      }
    }
    return count;
  }

  /** Messages not yet consumed (committed) by each service's consumer group, summed over its input topic. */
  async consumerLag(): Promise<Record<ServiceName, number>> {
    const lag = {} as Record<ServiceName, number>;
    for (const service of SERVICES) {
      const topic = this.topic(INPUT_TOPIC[service]);
      const [ends, committed] = await Promise.all([
        this.#admin.fetchTopicOffsets(topic),
        this.#admin.fetchOffsets({ groupId: `${this.topicPrefix}${service}`, topics: [topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      lag[service] = ends.reduce(
        (sum, p) => sum + Math.max(0, Number(p.high) - Math.max(0, done.get(p.partition) ?? 0)),
        0,
      );
    }
    return lag;
  }

  /** True when the DLQ consumer has read every dead letter written so far. */
  async #lettersCaughtUp(): Promise<boolean> {
    let written = 0;
    for (const topic of DLQ_TOPICS) {
      for (const p of await this.#admin.fetchTopicOffsets(this.topic(topic)))
        written += Number(p.high) - Number(p.low);
    }
    return this.#letters.length >= written;
  }

  /**
   * Waits until every URL is accounted for, the queues are empty, the consumer groups have no lag and
   * nothing changed for `settleMs`; or until `timeoutMs`, returning what was found (the caller asserts).
   */
  async waitQuiescent(urls: readonly string[], options: QuiesceOptions = {}): Promise<Accounting> {
    const { timeoutMs = 180_000, settleMs = 3000 } = options;
    const deadline = Date.now() + timeoutMs;
    let last: Accounting | undefined;
    let lastKey = '';
    let stableSince = Date.now();
    for (;;) {
      try {
        const acc = await this.account(urls);
        const queued = await this.queuedJobs();
        const lag = Object.values(await this.consumerLag()).reduce((a, b) => a + b, 0);
        const caughtUp = await this.#lettersCaughtUp();
        const key = `${acc.stored}/${acc.deadLettered}/${acc.lost.length}/${acc.duplicated.length}/${queued}/${lag}/${this.#letters.length}`;
        if (key !== lastKey) {
          lastKey = key;
          stableSince = Date.now();
        }
        last = acc;
        if (
          acc.lost.length === 0 &&
          queued === 0 &&
          lag === 0 &&
          caughtUp &&
          Date.now() - stableSince >= settleMs
        )
          return acc;
      } catch {
        // A server is down on purpose (restart scenarios): keep polling until the deadline.
      }
      if (Date.now() > deadline) return last ?? (await this.account(urls));
      await sleep(500);
    }
  }

  /** Prints and returns one figures line, labelled `<scenario name>: <label>`. */
  report(label: string, acc: Accounting, extra: Readonly<Record<string, string | number>> = {}): string {
    const seconds = ((Date.now() - this.#startedAt) / 1000).toFixed(1);
    const fields = {
      pushed: acc.pushed,
      stored: acc.stored,
      'dead-lettered': acc.deadLettered,
      lost: acc.lost.length,
      duplicated: acc.duplicated.length,
      seconds,
      ...extra,
    };
    const line = `[reliability] ${this.#options.name} / ${label}: ${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`;
    process.stdout.write(`${line}\n`);
    return line;
  }

  /** Peak RSS per service in MiB, as `fetcher=123 cleaner=…`. */
  rssLine(): string {
    this.#sampleRss();
    return SERVICES.map((s) => `${s}=${Math.round((this.peakRss.get(s) ?? 0) / 2 ** 20)}MiB`).join(' ');
  }

  /** Recent log lines of every running process, for a failure message. */
  logs(lines = 15): string {
    return [...this.running.entries()]
      .flatMap(([service, procs]) =>
        procs.map((p) => `--- ${service} (pid ${p.child.pid}):\n${p.lines.slice(-lines).join('\n')}`),
      )
      .join('\n');
  }

  #sampleRss(): void {
    for (const [service, procs] of this.running) {
      for (const proc of procs) {
        const peak = readPeakRss(proc.child.pid);
        if (peak > (this.peakRss.get(service) ?? 0)) this.peakRss.set(service, peak);
      }
    }
  }

  /**
   * Stops every service (SIGTERM, then SIGKILL after 30 s), the site and the clients; removes the scenario's
   * topics, Redis keys and database.
   */
  async close(): Promise<void> {
    if (this.#rssTimer) clearInterval(this.#rssTimer);
    const procs = [...this.running.values()].flat();
    await Promise.all(
      procs.map(async (proc) => {
        const killer = setTimeout(() => proc.child.kill('SIGKILL'), 30_000);
        await proc.stop('SIGTERM');
        clearTimeout(killer);
      }),
    );
    await this.#dlqConsumer?.disconnect().catch(() => undefined);
    await this.#producer?.disconnect().catch(() => undefined);
    await this.#admin?.disconnect().catch(() => undefined);
    await this.#mongo?.close().catch(() => undefined);
    this.#redis?.disconnect();
    await removeTestNamespace(this.servers, this.namespace);
    await this.site?.close();
  }
}

/** Starts a scenario's site and clients. */
export async function createScenario(options: ScenarioOptions): Promise<Scenario> {
  return new Scenario(options).init();
}

/** Bound on creating a scenario and starting its services (start-up compiles TypeScript per process). */
const SCENARIO_START_TIMEOUT_MS = 600_000;

export interface UseScenarioOptions {
  /** Replicas of every service to start. @default 1 */
  readonly replicas?: number;
}

/**
 * Gives the enclosing `describe` one scenario: a `beforeAll` creates it from `options()` and starts every
 * service, an `afterAll` closes it. `options` is called in the `beforeAll`, so it may read what a hook
 * registered earlier in the block started (a private stack's servers); vitest runs `afterAll` hooks in reverse
 * (`sequence.hooks: 'stack'`, the default), so what was registered earlier outlives the scenario. Returns a
 * getter for tests to call.
 */
export function useScenario(
  options: () => ScenarioOptions,
  { replicas = 1 }: UseScenarioOptions = {},
): () => Scenario {
  let scenario: Scenario | undefined;
  beforeAll(async () => {
    scenario = await createScenario(options());
    await scenario.startAll(replicas);
  }, SCENARIO_START_TIMEOUT_MS);
  afterAll(async () => {
    await scenario?.close();
  });
  return () => {
    if (scenario === undefined) throw new Error('the scenario is not running: call its getter inside a test');
    return scenario;
  };
}

/** VmHWM of a process in bytes (0 once it is gone). */
export function readPeakRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/** The pushed URL a message (any pipeline topic) is about: a bare URL, or JSON with `url`. */
export function urlOfMessage(value: Buffer): string | undefined {
  const text = value.subarray(0, 200_000).toString('utf8').trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { url?: unknown };
      return typeof json.url === 'string' ? json.url : undefined;
    } catch {
      return undefined;
    }
  }
  return /^https?:\/\/\S+$/.test(text) ? text : undefined;
}

/** Fails with the figures, the unaccounted URLs and recent logs unless every URL ended exactly once. */
export function describeFailure(scenario: Scenario, acc: Accounting): string {
  const show = (urls: string[]): string =>
    urls
      .slice(0, 5)
      .map(
        (u) =>
          `${u} (articles ${acc.articles.get(u) ?? 0}, letters ${(acc.letters.get(u) ?? []).map((l) => `${l.topic}:${l.code}`).join(',') || 0})`,
      )
      .join('\n  ');
  return `lost ${acc.lost.length}:\n  ${show(acc.lost)}\nduplicated ${acc.duplicated.length}:\n  ${show(acc.duplicated)}\n${scenario.logs()}`;
}
