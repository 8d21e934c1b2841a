/**
 * npm run bench:pipeline -- [--n 2000] [--replicas 1,2] [--rate 20] … (see --help)
 *
 * Throughput, latency and memory of the whole pipeline against the same libraries in one process, as ratios
 * taken in one run (the machine is shared; absolute figures drift, ratios much less). Output: a table on
 * stdout ending with `ratio pipeline/in-process: R`, JSON and a PNG chart under bench/results/pipeline/.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { drawChart, type LatencyGroup } from './chart.js';
import { numberOption, parseCliArgs } from '../cli-args.js';
import { benchServers, requireBenchServers } from '../servers.js';
import { loadCorpus, pagePath } from './corpus.js';
import { startBenchSite } from './fixture-site.js';
import { runFloor, type FloorResult } from './floor.js';
import { runPipeline, serviceDefaults, type PhaseResult, type PipelineResult } from './pipeline-run.js';
import { SERVICE_NAMES, killAllServices } from './service-processes.js';

const root = resolve(import.meta.dirname, '..', '..');

const HELP = `npm run bench:pipeline -- [options]

Measures the in-process floor (fetch over loopback → extractArticles → findEntities → MongoDB insert, one
Node process, no Kafka/BullMQ), then the four services as separate processes for each --replicas value:
a burst of --n URLs on url.requested until the last article is stored (sustained pages/s, URL→stored
latency from Kafka timestamps), then a fixed offered load (--rate pages/s for --rate-seconds).

Options:
  --n N                  URLs per run (default 2000; pages of ../shared/data cycle, each URL distinct)
  --replicas LIST        replicas per service, one pipeline run each (default 1,2); the first is the ratio's
  --rate R               fixed offered load, pages/s (default 20; 0 skips the phase)
  --rate-seconds S       length of the fixed-load phase (default 20)
  --strict-rate          keep --rate even above 80 % of the burst's throughput (default: halve to fit)
  --floor-concurrency C  pages in flight in the floor process (default 4, as WORKER_CONCURRENCY)
  --worker-concurrency C WORKER_CONCURRENCY of every service (default deploy/service-defaults.env, else 4)
  --host-concurrency C   FETCH_HOST_CONCURRENCY (default 1000: every page comes from one loopback host, and
                         per-host politeness would otherwise serialise the whole run)
  --log-level L          LOG_LEVEL of the services (default info, as deployed; logs go to files)
  --env KEY=VALUE        one more setting for every service, e.g. --env KAFKA_LINGER_MS=0 (repeatable)
  --cpu-prof             run every service with node --cpu-prof (profiles under the results folder)
  --stall-s S            end a phase when nothing finished for S seconds (default 120)
  --skip-floor           no floor run (the ratio line then says n/a)
  --data DIR             development data (default ../shared/data)
  --out DIR              results folder (default bench/results/pipeline)
  -h, --help             this text

Servers: KAFKA_BROKERS (127.0.0.1:9092), REDIS_URL (redis://127.0.0.1:6379),
MONGODB_URI (mongodb://127.0.0.1:27017/newsflow); start them with npm run servers:up
(or npm run stack:up). Servers that do not answer within 10 s are named and the bench exits 3.`;

const { values } = parseCliArgs(
  {
    options: {
      n: { type: 'string', default: '2000' },
      replicas: { type: 'string', default: '1,2' },
      rate: { type: 'string', default: '20' },
      'rate-seconds': { type: 'string', default: '20' },
      'strict-rate': { type: 'boolean', default: false },
      'floor-concurrency': { type: 'string', default: '4' },
      'worker-concurrency': { type: 'string' },
      'host-concurrency': { type: 'string', default: '1000' },
      'log-level': { type: 'string', default: 'info' },
      env: { type: 'string', multiple: true, default: [] },
      'cpu-prof': { type: 'boolean', default: false },
      'stall-s': { type: 'string', default: '120' },
      'skip-floor': { type: 'boolean', default: false },
      data: { type: 'string', default: resolve(root, '..', 'shared', 'data') },
      out: { type: 'string', default: join(root, 'bench', 'results', 'pipeline') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  HELP,
);
const positive = (name: string, raw: string, allowZero = false): number =>
  numberOption(name, raw, HELP, allowZero);
const n = Math.floor(positive('n', values.n));
const replicaModes = values.replicas.split(',').map((r) => Math.floor(positive('replicas', r.trim())));
const rate = positive('rate', values.rate, true);
const rateSeconds = positive('rate-seconds', values['rate-seconds'], true);
const floorConcurrency = Math.floor(positive('floor-concurrency', values['floor-concurrency']));
const stallS = positive('stall-s', values['stall-s']);
if (values['worker-concurrency'] !== undefined) positive('worker-concurrency', values['worker-concurrency']);
positive('host-concurrency', values['host-concurrency']);
const servers = benchServers();
await requireBenchServers('bench:pipeline', servers);
/** What answers on MONGODB_URI: FerretDB, mongo-java-server and MongoDB behave very differently under load. */
async function describeMongo(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const info = (await client.db('admin').command({ buildInfo: 1 })) as Record<string, unknown>;
    if (typeof info.ferretdbVersion === 'string') return `FerretDB ${info.ferretdbVersion}`;
    const status = (await client
      .db('admin')
      .command({ serverStatus: 1 })
      .catch(() => ({}))) as Record<string, unknown>;
    const version = typeof info.version === 'string' ? info.version : '?';
    return status.process === 'java' ? `mongo-java-server (wire ${version})` : `MongoDB ${version}`;
  } catch {
    return 'unknown';
  } finally {
    await client.close();
  }
}
const mongoServer = await describeMongo(servers.mongoUri);
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const outDir = values.out;
const runDir = join(outDir, stamp);
await mkdir(runDir, { recursive: true });
const progress = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(
      `${signal}: stopping the services this bench started (the run's topics, queues and database stay)`,
    );
    killAllServices();
    process.exit(130);
  });
}

const defaults = serviceDefaults(root);
const serviceEnv: Record<string, string> = {
  ...defaults,
  LOG_LEVEL: values['log-level'],
  ...(values['worker-concurrency'] ? { WORKER_CONCURRENCY: values['worker-concurrency'] } : {}),
  FETCH_ALLOWED_HOSTS: '127.0.0.0/8',
  FETCH_HOST_DELAY_MS: '0',
  FETCH_HOST_CONCURRENCY: values['host-concurrency'],
  FETCH_RESPECT_ROBOTS: 'true',
  ...Object.fromEntries(
    values.env.map((pair) => {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
      if (!match) {
        console.error(`--env takes KEY=VALUE (got ${JSON.stringify(pair)})\n\n${HELP}`);
        process.exit(2);
      }
      return [match[1]!, match[2]!];
    }),
  ),
};
const settingsLine = `WORKER_CONCURRENCY=${serviceEnv.WORKER_CONCURRENCY ?? '4'} FETCH_HOST_DELAY_MS=0 FETCH_HOST_CONCURRENCY=${serviceEnv.FETCH_HOST_CONCURRENCY} LOG_LEVEL=${serviceEnv.LOG_LEVEL}${values.env.map((pair) => ` ${pair}`).join('')}`;
progress(
  `bench:pipeline: ${n} URLs, replicas ${replicaModes.join(',')}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
progress(
  `  one loopback host serves every page: politeness is off (${settingsLine}); with the defaults (1 fetch/s per host) the run would take ${n} s whatever the pipeline does`,
);

const corpus = await loadCorpus(values.data);
const site = await startBenchSite(corpus);
progress(`  MongoDB-wire server on ${servers.mongoUri.replace(/\/\/[^@/]*@/, '//')}: ${mongoServer}`);
progress(`  fixture site ${site.origin}: ${corpus.length} development pages (gzip), distinct URLs per run`);
const runTag = randomUUID().slice(0, 6);
const urlsFor = (tag: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${site.origin}${pagePath(`${runTag}-${tag}`, corpus, i)}`);

let floor: FloorResult | undefined;
const pipelines: PipelineResult[] = [];
try {
  if (!values['skip-floor']) {
    progress(`floor: ${n} pages in one process, ${floorConcurrency} in flight`);
    const floorStarted = Date.now();
    let lastReport = 0;
    floor = await runFloor({
      urls: urlsFor('floor', n),
      mongoUri: servers.mongoUri,
      concurrency: floorConcurrency,
      onProgress: (done) => {
        if (Date.now() - lastReport < 5000 && done !== n) return;
        lastReport = Date.now();
        const s = (Date.now() - floorStarted) / 1000;
        progress(`  [floor] ${done}/${n} pages, ${s.toFixed(0)} s, ${(done / s).toFixed(2)} pages/s`);
      },
    });
  }
  const floorArticles = floor ? [...floor.articlesPerUrl.values()] : [];
  for (const replicas of replicaModes) {
    progress(`pipeline: ${replicas} replica(s) per service`);
    pipelines.push(
      await runPipeline({
        root,
        servers,
        replicas,
        burstUrls: urlsFor(`burst${replicas}`, n),
        expectedArticles: Array.from({ length: n }, (_, i) => floorArticles[i] ?? 1),
        rate,
        rateSeconds,
        strictRate: values['strict-rate'],
        rateUrl: (i) => `${site.origin}${pagePath(`${runTag}-rate${replicas}`, corpus, i)}`,
        serviceEnv,
        logDir: join(runDir, `logs-x${replicas}`),
        nodeArgs: values['cpu-prof']
          ? ['--cpu-prof', `--cpu-prof-dir=${join(runDir, `profiles-x${replicas}`)}`]
          : [],
        stallS,
        progress,
      }),
    );
  }
} finally {
  await site.close();
}

// ---- report ----
const f1 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(1));
const f2 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(2));
const sec = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : 'n/a');
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const lines: string[] = [];
const row = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
lines.push('');
lines.push(
  `newsflow pipeline benchmark — ${startedAt.toISOString()} — ${n} URLs, ${cpus().length} cores (shared: ratios, not absolutes)`,
);
lines.push(`services: ${settingsLine}; politeness off because one loopback host serves every page`);
lines.push(
  `servers: Kafka ${servers.kafkaBrokers}, Redis ${servers.redisUrl.replace(/\/\/[^@/]*@/, '//')}, MongoDB-wire: ${mongoServer}`,
);
lines.push('');
const widths = [34, 12, ...pipelines.map(() => 14)];
lines.push(row(['', 'floor', ...pipelines.map((p) => `pipeline ×${p.replicas}`)], widths));
const phaseRow = (label: string, floorValue: string, pick: (p: PipelineResult) => string): void => {
  lines.push(row([label, floorValue, ...pipelines.map(pick)], widths));
};
phaseRow('pages/s (push → last stored)', f2(floor?.pagesPerS), (p) => f2(p.burst.pagesPerS));
phaseRow('pages/s steady (10–90 % of pages)', '', (p) => f2(p.burst.steadyPagesPerS));
phaseRow('ratio to floor', floor ? '1.00' : 'n/a', (p) =>
  floor ? f2(p.burst.pagesPerS / floor.pagesPerS) : 'n/a',
);
phaseRow(
  'pages done / missing',
  floor ? `${floor.pages}/0` : '',
  (p) => `${p.burst.completed}/${p.burst.missing}`,
);
phaseRow('articles stored', floor ? String(floor.articles) : '', (p) => String(p.burst.articlesStored));
phaseRow(
  'no article / failed pages',
  floor ? String(Object.values(floor.failures).reduce((a, b) => a + b, 0)) : '',
  (p) => String(Object.values(p.burst.deadLetters).reduce((a, b) => a + b, 0)),
);
phaseRow('CPU s per page (processes)', floor ? f2(floor.cpuS / floor.pages) : '', (p) => f2(p.cpuSPerPage));
phaseRow('burst latency p50 / s', '', (p) => sec(p.burst.latencyMs.p50));
phaseRow('burst latency p95 / s', '', (p) => sec(p.burst.latencyMs.p95));
phaseRow('burst latency p99 / s', '', (p) => sec(p.burst.latencyMs.p99));
phaseRow('fixed load offered, pages/s', '', (p) => f2(p.rate?.offeredRate));
phaseRow('fixed load achieved, pages/s', '', (p) => f2(p.rate?.pagesPerS));
phaseRow('fixed load latency p50 / s', '', (p) => (p.rate ? sec(p.rate.latencyMs.p50) : 'n/a'));
phaseRow('fixed load latency p95 / s', '', (p) => (p.rate ? sec(p.rate.latencyMs.p95) : 'n/a'));
phaseRow('fixed load latency p99 / s', '', (p) => (p.rate ? sec(p.rate.latencyMs.p99) : 'n/a'));
lines.push('');
lines.push(
  'per stage, burst (ms): span = Kafka timestamp in → out; job = mean of newsflow_job_duration_seconds; wait = span − job',
);
const floorStep = {
  fetch: floor?.stepsMs.fetch,
  clean: floor?.stepsMs.extract,
  entities: floor?.stepsMs.entities,
  store: floor?.stepsMs.store,
};
for (const stage of ['fetch', 'clean', 'entities', 'store'] as const) {
  const floorMs = floorStep[stage];
  phaseRow(
    `  ${stage} span p50 / mean`,
    '',
    (p) => `${f1(p.stageSpans[stage].spanMs.p50)} / ${f1(p.stageSpans[stage].spanMs.mean)}`,
  );
  phaseRow(
    `  ${stage} job mean / wait mean`,
    floor && floorMs !== undefined ? f1(floorMs / floor.pages) : '',
    (p) => `${f1(p.stageSpans[stage].jobMeanMs)} / ${f1(p.stageSpans[stage].waitMeanMs)}`,
  );
}
phaseRow('  fixed load: fetch/clean/ent/store p50', '', (p) =>
  p.rate
    ? (['fetch', 'clean', 'entities', 'store'] as const).map((s) => f1(p.rate!.stages[s].p50)).join('/')
    : 'n/a',
);
lines.push('');
lines.push('peak RSS (MiB, VmHWM per process) and CPU s in the burst');
phaseRow('  bench/floor process', floor ? mib(floor.peakRssBytes) : '', () => '');
for (const name of SERVICE_NAMES) {
  phaseRow(
    `  ${name}`,
    '',
    (p) => `${p.services[name].peakRssBytes.map(mib).join('+')} · ${f1(p.services[name].cpuS)}s`,
  );
}
phaseRow('  servers CPU s (kafka/redis/mongo)', '', (p) =>
  ['kafka', 'redis', 'mongo'].map((s) => f1(p.serversCpuS[s])).join('/'),
);
lines.push('');
lines.push(
  'round-trips per stored article (server counters over the burst, less the rate counted over 5 s with the services idle)',
);
phaseRow('  Redis commands (INFO commandstats)', '', (p) => f1(p.perArticle.redisCommands));
phaseRow('  MongoDB commands (serverStatus)', '', (p) => f1(p.perArticle.mongoCommands));
phaseRow('  Kafka messages (all run topics)', '', (p) => f1(p.perArticle.kafkaMessages));
phaseRow(
  '  background Redis/Mongo commands/s',
  '',
  (p) => `${f1(p.perArticle.background.redisPerS)}/${f1(p.perArticle.background.mongoPerS)}`,
);
const failures =
  floor && Object.keys(floor.failures).length
    ? Object.entries(floor.failures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : 'none';
lines.push('');
lines.push(
  `floor: pages without article or failed: ${failures}; steps summed over ${floorConcurrency} in flight`,
);
for (const p of pipelines) {
  const dl =
    Object.entries(p.burst.deadLetters)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  lines.push(
    `pipeline ×${p.replicas}: dead letters ${dl}; failed job attempts ${SERVICE_NAMES.map((s) => `${s} ${p.services[s].failedJobs}`).join(', ')}`,
  );
}
const headline = pipelines[0];
const ratio = floor && headline ? headline.burst.pagesPerS / floor.pagesPerS : undefined;
lines.push('');
lines.push(`results: ${relative(root, runDir)}/ (pipeline.json, pipeline.png, service logs)`);
lines.push(`ratio pipeline/in-process: ${ratio === undefined ? 'n/a' : ratio.toFixed(2)}`);

const stripFloor = floor ? { ...floor, articlesPerUrl: undefined } : undefined;
const json = {
  startedAt: startedAt.toISOString(),
  n,
  cores: cpus().length,
  mongoServer,
  loadAverageAtStart: loadavg(),
  settings: {
    serviceEnv: { ...serviceEnv },
    floorConcurrency,
    rate,
    rateSeconds,
    strictRate: values['strict-rate'],
  },
  floor: stripFloor,
  pipelines,
  ratio,
};
await writeFile(join(runDir, 'pipeline.json'), `${JSON.stringify(json, null, 2)}\n`);
const latency: LatencyGroup[] = [];
const phaseGroup = (label: string, phase: PhaseResult | undefined): void => {
  if (phase)
    latency.push({
      label,
      p50Ms: phase.latencyMs.p50,
      p95Ms: phase.latencyMs.p95,
      p99Ms: phase.latencyMs.p99,
    });
};
for (const p of pipelines) {
  phaseGroup(`BURST ×${p.replicas}`, p.burst);
  phaseGroup(`${f1(p.rate?.offeredRate)}/S ×${p.replicas}`, p.rate);
}
const png = drawChart({
  title: `NEWSFLOW PIPELINE BENCH ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} - ${n} PAGES - RATIO ${ratio === undefined ? 'N/A' : ratio.toFixed(2)}`,
  series: pipelines.map((p) => ({
    label: `PIPELINE ×${p.replicas} ${f2(p.burst.pagesPerS)}`,
    perSecond: p.burst.throughputSeries,
  })),
  floorPagesPerS: floor?.pagesPerS ?? 0,
  latency,
});
await writeFile(join(runDir, 'pipeline.png'), png);
await copyFile(join(runDir, 'pipeline.json'), join(outDir, 'latest.json'));
await copyFile(join(runDir, 'pipeline.png'), join(outDir, 'latest.png'));
console.log(lines.join('\n'));
