/**
 * npm run bench:warc -- [--records 10000] [--e2e-records N] [--big-mib 1024] … (see --help)
 *
 * What `newsflow import-warc` costs, each figure beside its baseline measured in the same run (the machine is
 * shared; ratios drift much less than absolute figures):
 *   1. records/s of import-warc alone (the real CLI, saving pages and sending page.fetched, no pipeline
 *      draining) against warcio's bare read of the same file (parse every record, read every payload);
 *   2. peak RSS of the importer on a large archive (default 1 GiB, generated), every record read;
 *   3. end to end: pages and articles/s from an archive through cleaner, entities and store, next to the
 *      pipeline benchmark's burst of the same pages fetched over loopback (bench/pipeline, same services).
 * The archive is built from the development pages (../shared/data), one gzip member per record, as CC-NEWS.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { WARCParser } from 'warcio';
import { warcInfoRecord, warcResponseRecord } from '@newsflow/archives';
import { readPipelineStatus, type PipelineStatus } from '@newsflow/ops';
import { createKafka, createLogger, createRedis } from '@newsflow/runtime';
import { removeTestNamespace, testNamespace, type TestNamespace } from '@newsflow/testing';
import { numberOption, parseCliArgs } from './cli-args.js';
import { benchServers, requireBenchServers } from './servers.js';
import { loadCorpus, pagePath, type CorpusPage } from './pipeline/corpus.js';
import { startBenchSite } from './pipeline/fixture-site.js';
import { runPipeline, serviceDefaults, type PipelineResult } from './pipeline/pipeline-run.js';
import {
  cpuSeconds,
  killAllServices,
  peakRssBytes,
  startServices,
  stopServices,
} from './pipeline/service-processes.js';

const root = resolve(import.meta.dirname, '..');

const HELP = `npm run bench:warc -- [options]

1. builds an archive of --records response records from the development pages (gzip per record, warcio);
2. reads it with warcio alone (every record parsed, every payload read) and imports it with
   \`newsflow import-warc\` alone (pages saved, page.fetched sent, no pipeline running): records/s and ratio;
3. imports a --big-mib archive (the first one repeated) with --site set to no host, so every record is read
   and inflated and none stored: records/s and the importer's peak RSS;
4. imports the first --e2e-records records into a running pipeline (cleaner, entities, store; backpressure on)
   and, in the same run, pushes the same pages as URLs through the fetcher (bench:pipeline's burst): pages/s
   and articles stored/s side by side.

Options:
  --records N       records in the archive (default 10000; the 974 development pages cycle, URLs distinct)
  --e2e-records N   records taken end to end (default: --records; 0 skips step 4)
  --big-mib N       size of the large archive, MiB (default 1024; 0 skips step 3)
  --skip-fetched    no fetched-pages run in step 4 (the ratio then says n/a)
  --stall-s S       end step 4 when nothing moved for S seconds (default 120)
  --data DIR        development data (default ../shared/data)
  --out DIR         results folder (default bench/results/warc); archives are written there and deleted
  -h, --help        this text

Servers: KAFKA_BROKERS, REDIS_URL, MONGODB_URI (default the local ones; npm run servers:up). Servers that do
not answer within 10 s are named and the bench exits 3. Every step uses its own topic prefix, queue prefix and
database.`;

const { values } = parseCliArgs(
  {
    options: {
      records: { type: 'string', default: '10000' },
      'e2e-records': { type: 'string' },
      'big-mib': { type: 'string', default: '1024' },
      'skip-fetched': { type: 'boolean', default: false },
      'stall-s': { type: 'string', default: '120' },
      data: { type: 'string', default: resolve(root, '..', 'shared', 'data') },
      out: { type: 'string', default: join(root, 'bench', 'results', 'warc') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  HELP,
);
const records = Math.floor(numberOption('records', values.records, HELP));
const e2eRecords = Math.min(
  records,
  Math.floor(numberOption('e2e-records', values['e2e-records'] ?? values.records, HELP, true)),
);
const bigMib = numberOption('big-mib', values['big-mib'], HELP, true);
const stallMs = numberOption('stall-s', values['stall-s'], HELP) * 1000;
const servers = benchServers();
await requireBenchServers('bench:warc', servers);
const MiB = 1024 * 1024;
const ORIGIN = 'https://warc-bench.example';

const progress = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the services this bench started`);
    killAllServices();
    process.exit(130);
  });
}

/** Waits until the stream has room (large archives must not pile up in the write buffer). */
async function writeAll(out: WriteStream, bytes: Uint8Array): Promise<void> {
  if (!out.write(bytes)) await new Promise<void>((done) => out.once('drain', () => done()));
}

/** The archive of step 1: a warcinfo record, then record i = development page i mod 974 at a distinct URL. */
async function buildArchive(
  corpus: readonly CorpusPage[],
  count: number,
  file: string,
  runTag: string,
): Promise<{ rawBytes: number; ms: number }> {
  const started = performance.now();
  const out = createWriteStream(file);
  let rawBytes = 0;
  await writeAll(
    out,
    await warcInfoRecord({ filename: 'bench.warc.gz', software: 'newsflow bench:warc', date: new Date() }),
  );
  const bodies = corpus.map((page) => gunzipSync(page.gzipped));
  for (let i = 0; i < count; i++) {
    const body = bodies[i % bodies.length]!;
    rawBytes += body.byteLength;
    await writeAll(
      out,
      await warcResponseRecord({
        url: `${ORIGIN}${pagePath(runTag, corpus, i)}`,
        status: 200,
        headers: { 'content-type': 'text/html' },
        contentType: 'text/html',
        fetchedAt: new Date('2026-11-01T00:00:00Z'),
        body,
      }),
    );
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  return { rawBytes, ms: performance.now() - started };
}

/** warcio alone: every record parsed (WARC and HTTP heads) and its payload read to the end. */
async function bareRead(file: string): Promise<{ records: number; ms: number; cpuS: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  for await (const record of new WARCParser(createReadStream(file, { highWaterMark: 256 * 1024 }))) {
    await record.readFully();
    count += 1;
  }
  const used = process.cpuUsage(cpu);
  return { records: count, ms: performance.now() - started, cpuS: (used.user + used.system) / 1e6 };
}

interface IsolatedEnv {
  readonly env: Record<string, string>;
  readonly namespace: TestNamespace<'benchWarc'>;
  readonly dbName: string;
  readonly topicPrefix: string;
  readonly queuePrefix: string;
}

/** A step's own names (libs/testing test-namespaces.ts, kind `benchWarc`): the step's letter, 6 hex digits. */
function isolatedEnv(tag: string): IsolatedEnv {
  const namespace = testNamespace('benchWarc', `${tag}${randomUUID().slice(0, 6)}`);
  const { dbName, topicPrefix, queuePrefix } = namespace;
  const mongo = new URL(servers.mongoUri);
  mongo.pathname = `/${dbName}`;
  return {
    namespace,
    dbName,
    topicPrefix,
    queuePrefix,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...serviceDefaults(root),
      KAFKA_BROKERS: servers.kafkaBrokers,
      REDIS_URL: servers.redisUrl,
      MONGODB_URI: mongo.toString(),
      TOPIC_PREFIX: topicPrefix,
      QUEUE_PREFIX: queuePrefix,
    },
  };
}

interface ImportSummary {
  readonly archives: readonly { readonly elapsedMs: number }[];
  readonly total: {
    recordsRead: number;
    imported: number;
    unchanged: number;
    skipped: Record<string, number>;
  };
  readonly failures: unknown[];
}

interface ImportRun {
  readonly summary: ImportSummary;
  /** The process, start-up included. */
  readonly ms: number;
  /** The import itself, as the importer timed it (archives opened to done, start-up excluded). */
  readonly importMs: number;
  /** When the import itself began (performance.now() clock): the exit less `importMs`. */
  readonly importBeganAt: number;
  readonly cpuS: number;
  readonly peakRssBytes: number;
}

/**
 * `newsflow import-warc <args> --json` as its own process; its peak RSS (VmHWM) and CPU are read from /proc
 * every 200 ms while it runs (the last reading before it exits: VmHWM only grows).
 */
async function runImport(args: readonly string[], env: Record<string, string>): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'newsflow.mjs'), 'import-warc', ...args, '--json'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const lines = chunk.toString().trimEnd().split('\n');
    progress(`  ${lines[lines.length - 1]}`);
  });
  let peak = 0;
  let cpuS = 0;
  const sample = (): void => {
    peak = Math.max(peak, peakRssBytes(child.pid ?? 0));
    cpuS = Math.max(cpuS, cpuSeconds(child.pid ?? 0));
  };
  const timer = setInterval(sample, 200);
  const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
  clearInterval(timer);
  const exitedAt = performance.now();
  if (code !== 0) throw new Error(`import-warc exited with ${code}:\n${stderr.slice(-3000)}`);
  const summary = JSON.parse(stdout) as ImportSummary;
  const importMs = summary.archives.reduce((sum, a) => sum + a.elapsedMs, 0);
  return {
    summary,
    ms: exitedAt - started,
    importMs,
    importBeganAt: exitedAt - importMs,
    cpuS,
    peakRssBytes: peak,
  };
}

/**
 * Removes a step's topics, queue keys and database: the servers may be shared, and every topic left behind slows
 * Kafka's next start (docs/local-servers.md).
 */
async function dropRunState(isolated: IsolatedEnv): Promise<void> {
  await removeTestNamespace(
    { ...servers, kafkaBrokers: servers.kafkaBrokers.split(',') },
    isolated.namespace,
    {
      log: progress,
    },
  );
}

interface EndToEnd {
  readonly pagesImported: number;
  readonly articlesStored: number;
  readonly deadLetters: number;
  /** Import start → the last article.stored message seen. */
  readonly ms: number;
  readonly importMs: number;
  readonly stalled: boolean;
  readonly importerPeakRssBytes: number;
}

const DRAINING_STAGES = new Set(['cleaner', 'entities', 'store']);

/** True when cleaner, entities and store have nothing left: no lag, nothing waiting, active or delayed. */
function drained(status: PipelineStatus): boolean {
  return status.stages
    .filter((s) => DRAINING_STAGES.has(s.stage))
    .every((s) => s.lag === 0 && s.waiting === 0 && s.active === 0 && s.delayed === 0);
}

/** Step 4, archive side: the services running, import-warc with backpressure on, until the pipeline drains. */
async function endToEnd(file: string, count: number, logDir: string): Promise<EndToEnd> {
  const isolated = isolatedEnv('e');
  const services = await startServices({
    root,
    replicas: 1,
    env: { ...isolated.env, LOG_LEVEL: 'info' },
    logDir,
  });
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const kafka = await createKafka({
    brokers: servers.kafkaBrokers.split(','),
    clientId: 'bench-warc',
    topicPrefix: isolated.topicPrefix,
    logger,
  });
  const redis = await createRedis({ url: servers.redisUrl });
  const mongo = new MongoClient(servers.mongoUri);
  await mongo.connect();
  const db = mongo.db(isolated.dbName);
  const readStatus = () =>
    readPipelineStatus(
      { withKafka: (use) => use(kafka), withRedis: (use) => use(redis), withMongo: (use) => use(db) },
      { queuePrefix: isolated.queuePrefix, articlesCollection: 'articles' },
    );
  try {
    const importing = runImport([file, '--limit', String(count)], isolated.env);
    let imported: ImportRun | undefined;
    void importing.then(
      (run) => (imported = run),
      () => undefined,
    );
    let stored = 0;
    let lastChangeAt = performance.now();
    let lastStoredAt = performance.now();
    let lastReport = 0;
    let stalled = false;
    let status: PipelineStatus | undefined;
    for (let quietPolls = 0; quietPolls < 2;) {
      await sleep(1000);
      status = await readStatus();
      const nowStored = status.stages.find((s) => s.stage === 'store')?.produced ?? 0;
      const moved = nowStored !== stored;
      if (moved) {
        stored = nowStored;
        lastStoredAt = performance.now();
      }
      if (moved || imported === undefined) lastChangeAt = performance.now();
      quietPolls = imported !== undefined && drained(status) ? quietPolls + 1 : 0;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const backlog = status.stages.map((s) => `${s.stage} ${(s.lag ?? 0) + (s.waiting ?? 0)}`).join(', ');
        progress(`  [end to end] ${stored} articles stored; backlog ${backlog}`);
      }
      if (performance.now() - lastChangeAt > stallMs) {
        stalled = true;
        break;
      }
    }
    const run = await importing;
    return {
      pagesImported: run.summary.total.imported,
      articlesStored: stored,
      deadLetters: (status?.deadLetters ?? []).reduce((sum, d) => sum + (d.messages ?? 0), 0),
      ms: lastStoredAt - run.importBeganAt,
      importMs: run.ms,
      stalled,
      importerPeakRssBytes: run.peakRssBytes,
    };
  } finally {
    await stopServices(services);
    await kafka.close();
    await redis.quit();
    await mongo.close();
    await dropRunState(isolated);
  }
}

const startedAt = new Date();
const runDir = join(values.out, startedAt.toISOString().replace(/[:.]/g, '-'));
await mkdir(runDir, { recursive: true });
const archive = join(runDir, `dev-${records}.warc.gz`);
const big = join(runDir, `big-${bigMib}mib.warc.gz`);
const runTag = randomUUID().slice(0, 6);
progress(
  `bench:warc: ${records} records, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const corpus = await loadCorpus(values.data);

const built = await buildArchive(corpus, records, archive, runTag);
const archiveBytes = statSync(archive).size;
progress(
  `archive: ${(archiveBytes / MiB).toFixed(0)} MiB gzipped, ${(built.rawBytes / MiB).toFixed(0)} MiB of pages, built in ${(built.ms / 1000).toFixed(1)} s`,
);

progress('warcio bare read');
const bare = await bareRead(archive);
progress('import-warc alone (no pipeline; WARC_IMPORT_MAX_BACKLOG high, so it never waits)');
const aloneEnv = isolatedEnv('a');
const alone = await runImport([archive], { ...aloneEnv.env, WARC_IMPORT_MAX_BACKLOG: '1000000000' });
await dropRunState(aloneEnv);

let bigRun: (ImportRun & { fileBytes: number }) | undefined;
if (bigMib > 0) {
  const copies = Math.max(1, Math.ceil((bigMib * MiB) / archiveBytes));
  for (let i = 0; i < copies; i++)
    await pipeline(createReadStream(archive), createWriteStream(big, { flags: i === 0 ? 'w' : 'a' }));
  const fileBytes = statSync(big).size;
  progress(
    `large archive: ${(fileBytes / MiB).toFixed(0)} MiB (${copies} copies), import-warc --site no-such-host.invalid`,
  );
  const bigEnv = isolatedEnv('b');
  bigRun = {
    ...(await runImport([big, '--site', 'no-such-host.invalid'], {
      ...bigEnv.env,
      WARC_IMPORT_MAX_BACKLOG: '1000000000',
    })),
    fileBytes,
  };
  await dropRunState(bigEnv);
  await rm(big, { force: true });
}

let e2e: EndToEnd | undefined;
let fetched: PipelineResult | undefined;
if (e2eRecords > 0) {
  progress(`end to end: ${e2eRecords} records through cleaner, entities, store`);
  e2e = await endToEnd(archive, e2eRecords, join(runDir, 'logs-warc'));
  if (!values['skip-fetched']) {
    progress(`fetched: the same ${e2eRecords} pages pushed as URLs (bench:pipeline burst, 1 replica)`);
    const site = await startBenchSite(corpus);
    try {
      fetched = await runPipeline({
        root,
        servers,
        replicas: 1,
        burstUrls: Array.from(
          { length: e2eRecords },
          (_, i) => `${site.origin}${pagePath(`${runTag}-f`, corpus, i)}`,
        ),
        expectedArticles: Array.from({ length: e2eRecords }, () => 1),
        rate: 0,
        rateSeconds: 0,
        strictRate: false,
        rateUrl: () => '',
        serviceEnv: {
          ...serviceDefaults(root),
          LOG_LEVEL: 'info',
          FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
          FETCH_HOST_DELAY_MS: '0',
          FETCH_HOST_CONCURRENCY: '1000',
        },
        logDir: join(runDir, 'logs-fetched'),
        nodeArgs: [],
        stallS: stallMs / 1000,
        progress,
      });
    } finally {
      await site.close();
    }
  }
}
await rm(archive, { force: true });

// ---- report ----
const perS = (n: number, ms: number): number => (n * 1000) / ms;
const f = (v: number | undefined, digits = 1): string =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
const mib = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / MiB).toFixed(0));
const bareRate = perS(bare.records, bare.ms);
const aloneRate = perS(alone.summary.total.recordsRead, alone.importMs);
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
/**
 * One row of the read table: records/s and MiB/s of the file over `ms`; CPU s of the process and CPU ms per
 * record (the steadier figure on a shared machine: it does not count time spent waiting for a core); peak RSS.
 */
const readRow = (label: string, count: number, fileBytes: number, ms: number, cpuS: number, rss?: number) =>
  `${label.padEnd(44)}${f(perS(count, ms)).padStart(9)}   ${f(perS(fileBytes / MiB, ms)).padStart(12)}   ${f(cpuS).padStart(5)}   ${f((cpuS * 1000) / count, 2).padStart(13)}   ${mib(rss).padStart(12)}`;
const lines = [
  '',
  `bench:warc ${startedAt.toISOString()}: ${records} records from ${corpus.length} development pages, ` +
    `${mib(archiveBytes)} MiB gzipped per record (${mib(built.rawBytes)} MiB of pages); ${cpus().length} cores, load average now ${load}`,
  '',
  `${''.padEnd(44)}records/s   MiB/s (file)   CPU s   CPU ms/record   peak RSS MiB`,
  readRow('warcio bare read (in-process)', bare.records, archiveBytes, bare.ms, bare.cpuS),
  readRow(
    'import-warc alone (CLI; MongoDB + Kafka)',
    alone.summary.total.recordsRead,
    archiveBytes,
    alone.importMs,
    alone.cpuS,
    alone.peakRssBytes,
  ),
  ...(bigRun
    ? [
        readRow(
          `import-warc, ${mib(bigRun.fileBytes)} MiB archive, nothing kept`,
          bigRun.summary.total.recordsRead,
          bigRun.fileBytes,
          bigRun.importMs,
          bigRun.cpuS,
          bigRun.peakRssBytes,
        ),
      ]
    : []),
  `  import-warc rates are over the import as it timed itself (the alone run's process took ${f(alone.ms / 1000)} s ` +
    `with start-up); CPU s and peak RSS are the whole process's`,
  `ratio import-warc/bare read: records/s ${f(aloneRate / bareRate, 2)}, CPU per record ${f(
    alone.cpuS / alone.summary.total.recordsRead / (bare.cpuS / bare.records),
    2,
  )} (import-warc's CPU includes its start-up and its MongoDB and Kafka clients)`,
];
if (e2e) {
  const warcPages = perS(e2e.pagesImported, e2e.ms);
  const fetchedPages = fetched?.burst.pagesPerS;
  lines.push(
    '',
    `end to end, ${e2eRecords} pages (1 replica per service)   pages/s   articles stored/s   dead letters   importer peak RSS MiB`,
    `from the archive (import-warc → stored)   ${f(warcPages).padStart(7)}   ${f(perS(e2e.articlesStored, e2e.ms)).padStart(17)}   ${String(e2e.deadLetters).padStart(12)}   ${mib(e2e.importerPeakRssBytes).padStart(21)}${e2e.stalled ? '   (stalled: ended after --stall-s)' : ''}`,
    `fetched (bench:pipeline burst)            ${f(fetchedPages).padStart(7)}   ${f(fetched && fetched.burst.completed > 0 ? (fetched.burst.pagesPerS * fetched.burst.articlesStored) / fetched.burst.completed : undefined).padStart(17)}   ${String(fetched ? Object.values(fetched.burst.deadLetters).reduce((a, b) => a + b, 0) : 'n/a').padStart(12)}`,
    `  archive: from the import's start (CLI start-up excluded) to the last article.stored seen (polled each second);` +
      ` fetched: from the push to the last stored (Kafka timestamps)`,
    `ratio archive/fetched (pages/s): ${f(fetchedPages ? warcPages / fetchedPages : undefined, 2)}`,
  );
}
console.log(lines.join('\n'));
await writeFile(
  join(runDir, 'warc.json'),
  JSON.stringify(
    {
      startedAt,
      records,
      archiveBytes,
      rawBytes: built.rawBytes,
      build: built,
      bare,
      alone,
      big: bigRun,
      e2e,
      fetched: fetched?.burst,
    },
    null,
    2,
  ),
);
progress(`results: ${join(runDir, 'warc.json')}`);
