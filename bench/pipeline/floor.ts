import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { createTagger, findEntities, type Tagger } from '@newsflow/entities';
import { loadModelFiles } from '@newsflow/entities/load-model';
import { extractArticles } from '@newsflow/extraction';
import { decodePage, pageKindOf } from '../../services/cleaner/src/page-text.js';
import { fetchPage, parseAllowList } from '@newsflow/http-fetch';

export interface FloorOptions {
  readonly urls: readonly string[];
  readonly mongoUri: string;
  /** Pages in flight at once (overlaps fetch, ONNX inference and inserts with the JS thread). */
  readonly concurrency: number;
  readonly onProgress?: (done: number) => void;
}

/** Time spent per step, summed over pages (ms). */
export interface FloorSteps {
  fetch: number;
  extract: number;
  entities: number;
  store: number;
}

export interface FloorResult {
  readonly pages: number;
  readonly articles: number;
  /** Pages that gave no article or failed (fetch/extract), by error code. */
  readonly failures: Record<string, number>;
  /** Articles per page id (`set/id`), to know when the pipeline has stored the last one. */
  readonly articlesPerUrl: ReadonlyMap<string, number>;
  readonly wallS: number;
  readonly pagesPerS: number;
  readonly cpuS: number;
  readonly stepsMs: FloorSteps;
  readonly peakRssBytes: number;
  readonly eventLoopP99Ms: number;
}

const MODEL_MAX_TOKENS = 20_000;

let taggerPromise: Promise<Tagger> | undefined;

/** The committed model, loaded once per bench process (as the entities service does, one ONNX thread). */
export function loadTagger(): Promise<Tagger> {
  taggerPromise ??= loadModelFiles().then((files) => createTagger(files, { threads: 1 }));
  return taggerPromise;
}

/**
 * The in-process floor: the pipeline's libraries in one Node process without Kafka or BullMQ — fetch over
 * loopback (the fetcher's `fetchPage`), decode + `extractArticles` (as the cleaner), `findEntities` with the
 * committed model (as the entities service), one MongoDB insert per article (plain driver). Pages per second.
 */
export async function runFloor(options: FloorOptions): Promise<FloorResult> {
  const tagger = await loadTagger();
  await findEntities(tagger, 'Warm-up: Angela Merkel visited Paris.');
  const dbUri = new URL(options.mongoUri);
  dbUri.pathname = `/bench_floor_${randomUUID().slice(0, 8)}`;
  const client = new MongoClient(dbUri.toString());
  await client.connect();
  const db = client.db();
  const articlesCollection = db.collection('articles');
  const fetchOptions = { userAgent: 'NewsflowBench/0.1', allowList: parseAllowList('127.0.0.0/8') };
  const steps: FloorSteps = { fetch: 0, extract: 0, entities: 0, store: 0 };
  const failures: Record<string, number> = {};
  const articlesPerUrl = new Map<string, number>();
  let articles = 0;
  let done = 0;
  let peakRssBytes = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  }, 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const processOne = async (url: string): Promise<void> => {
    let t = performance.now();
    const lap = (step: keyof FloorSteps): void => {
      const now = performance.now();
      steps[step] += now - t;
      t = now;
    };
    let stored = 0;
    try {
      const page = await fetchPage(url, fetchOptions);
      lap('fetch');
      const kind = pageKindOf(page.contentTypeHeader ?? page.contentType);
      const { text } = decodePage(page.body, page.contentTypeHeader ?? page.contentType, undefined);
      const fetchedAt = new Date();
      const result = extractArticles({
        body: text,
        url: page.finalUrl,
        now: fetchedAt,
        ...(kind !== undefined && { contentType: kind }),
      });
      const withText = result.articles.filter((a) => a.text.trim().length > 0);
      lap('extract');
      if (withText.length === 0) failures.CLEANER_NO_ARTICLE = (failures.CLEANER_NO_ARTICLE ?? 0) + 1;
      for (const article of withText) {
        const input = article.title ? `${article.title}\n\n${article.text}` : article.text;
        const found = await findEntities(tagger, input, {
          maxTokens: MODEL_MAX_TOKENS,
          title: article.title,
        });
        lap('entities');
        await articlesCollection.insertOne({
          ...article,
          url,
          finalUrl: page.finalUrl,
          fetchedAt,
          entities: found.entities,
          processedAt: new Date(),
        });
        lap('store');
        stored++;
      }
    } catch (error) {
      const code =
        error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : 'ERROR';
      failures[code] = (failures[code] ?? 0) + 1;
    }
    articles += stored;
    articlesPerUrl.set(url, stored);
    done++;
    options.onProgress?.(done);
  };

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const workers = Array.from({ length: Math.max(1, options.concurrency) }, async () => {
    while (next < options.urls.length) {
      const url = options.urls[next++]!;
      await processOne(url);
    }
  });
  await Promise.all(workers);
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(rssTimer);
  loop.disable();
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  return {
    pages: options.urls.length,
    articles,
    failures,
    articlesPerUrl,
    wallS,
    pagesPerS: options.urls.length / wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    stepsMs: steps,
    peakRssBytes,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
  };
}
