import { Topics } from '@newsflow/contracts';
import { isNewsflowError } from '@newsflow/errors';
import {
  addCounts,
  archiveImportSettings,
  createBacklogGate,
  createRedisCheckpointStore,
  emptyCounts,
  importArchive,
  progressLine,
  resolveArchives,
  skippedTotal,
  type ArchiveImportResult,
} from '@newsflow/archives';
import { fetchOptionsFrom, fetchSettings } from '@newsflow/http-fetch';
import { createBacklogProbe, type BacklogProbe } from '@newsflow/ops';
import { createPageStore, loadConfig } from '@newsflow/runtime';
import { plural } from '@newsflow/normalize';
import type { Command } from '../command.js';
import { ExitCode, usageError } from '../command.js';
import { closeQuietly, connectKafka, connectMongo, connectRedis, runWithServers } from '../connect.js';
import { whileKafkaAnswers } from '../kafka-watch.js';
import { parseImportWarcArgs } from './import-warc-help.js';

/** A "waiting for the cleaner" line at most this often. */
const WAIT_NOTICE_EVERY_MS = 10_000;

function summaryLine(result: ArchiveImportResult): string {
  const c = result.counts;
  if (result.outcome === 'already-done') {
    return `import-warc: ${result.archive}: already imported (checkpoint ${result.archiveId}); --fresh reads it again\n`;
  }
  const resumed = result.resumedFrom ? `, resumed at byte ${result.resumedFrom.offset}` : '';
  const reasons = Object.entries(c.skipped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return (
    `import-warc: ${result.archive}: ${result.outcome === 'limit' ? 'stopped at --limit' : 'done'}${resumed}: ` +
    `${plural(c.recordsRead, 'record')} read, ${c.imported} imported, ${c.unchanged} already stored, ` +
    `${skippedTotal(c)} skipped${reasons ? ` (${reasons})` : ''} in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
    `(${Math.round((c.recordsRead * 1000) / Math.max(result.elapsedMs, 1))} records/s)\n`
  );
}

/** `newsflow import-warc`: web archives into the pipeline. */
export const importWarcCommand: Command = {
  name: 'import-warc',
  async run(args, io) {
    const request = parseImportWarcArgs(args);
    if (typeof request === 'string') return usageError(io, 'import-warc', request);
    const { archives: named, since, sites, limit } = request;

    return runWithServers('import-warc', io, async (config) => {
      const settings = loadConfig({ ...fetchSettings, ...archiveImportSettings });
      let archives;
      try {
        archives = await resolveArchives(named, {
          ...fetchOptionsFrom(settings),
          maxBodyBytes: settings.maxDownloadBytes,
          totalTimeoutMs: settings.downloadTimeoutMs,
        });
      } catch (error) {
        if (!isNewsflowError(error)) throw error;
        io.stderr.write(`newsflow import-warc: ${error.code}: ${error.message}\n`);
        return ExitCode.usage;
      }
      const mongo = await connectMongo(config);
      const redis = await connectRedis(config).catch(async (error: unknown) => {
        await closeQuietly({ MongoDB: () => mongo.close() });
        throw error;
      });
      const kafka = await connectKafka(config, 'newsflow-import-warc').catch(async (error: unknown) => {
        await closeQuietly({
          MongoDB: () => mongo.close(),
          Redis: () => redis.quit(),
        });
        throw error;
      });
      let probe: BacklogProbe | undefined;
      try {
        const backlog = await createBacklogProbe({
          kafka,
          redis,
          queuePrefix: config.queuePrefix,
          stage: 'cleaner',
        });
        probe = backlog;
        // Topic creation is a courtesy for a fresh cluster (the services do it too).
        await kafka.ensureTopics().catch((error: unknown) => {
          io.stderr.write(
            `import-warc: could not create the topics (${error instanceof Error ? error.message : String(error)}); the services create them too\n`,
          );
        });
        // The fetcher's page lock (same Redis and QUEUE_PREFIX): a save racing the fetcher's of the same page could
        // otherwise leave a mix of both (createPageStore's `lock`).
        const pages = createPageStore(mongo.db, { lock: { redis, keyPrefix: config.queuePrefix } });
        await pages.init();
        let lastWaitNotice = -Infinity;
        const waitForRoom = createBacklogGate({
          read: () => backlog.read(),
          maxBacklog: settings.maxBacklog,
          pollMs: settings.backlogPollMs,
          onWait: (backlog) => {
            if (Date.now() - lastWaitNotice < WAIT_NOTICE_EVERY_MS) return;
            lastWaitNotice = Date.now();
            io.stderr.write(
              `import-warc: waiting for the cleaner (lag ${backlog.lag} + waiting ${backlog.waiting} > WARC_IMPORT_MAX_BACKLOG ${settings.maxBacklog})\n`,
            );
          },
        });
        const deps = {
          pages,
          announce: (messages: Parameters<typeof kafka.sendRaw>[1]) =>
            kafka.sendRaw(Topics.pageFetched, messages),
          checkpoints: createRedisCheckpointStore(redis, config.queuePrefix),
          waitForRoom,
          now: () => new Date(),
          onProgress: (progress: Parameters<typeof progressLine>[0]) =>
            io.stderr.write(`${progressLine(progress)}\n`),
        };
        const total = emptyCounts();
        const results: ArchiveImportResult[] = [];
        const failures: { archive: string; code: string; message: string }[] = [];
        // Waiting for the cleaner can last long: a broker that dies meanwhile ends the run (exit 3).
        await whileKafkaAnswers(config, async () => {
          for (const archive of archives) {
            const taken = total.imported + total.unchanged;
            if (limit !== undefined && taken >= limit) break;
            try {
              const result = await importArchive(archive, deps, {
                filters: { ...(since ? { since } : {}), sites },
                maxBodyBytes: settings.maxBodyBytes,
                batchPages: settings.batchPages,
                saveConcurrency: settings.saveConcurrency,
                fresh: request.fresh,
                ...(limit === undefined ? {} : { maxPages: limit - taken }),
              });
              results.push(result);
              addCounts(total, result.counts);
              io.stderr.write(summaryLine(result));
            } catch (error) {
              // An archive that cannot be read (format, download, disk) is reported; the others go on. A server
              // that stops answering ends the run (runWithServers: exit 3).
              if (!isNewsflowError(error) || !/^(ARCHIVE|FETCH)_/.test(error.code)) throw error;
              failures.push({ archive: archive.name, code: error.code, message: error.message });
              io.stderr.write(`import-warc: ${archive.name}: ${error.code}: ${error.message}\n`);
            }
          }
        });
        if (request.json) {
          io.stdout.write(`${JSON.stringify({ archives: results, failures, total }, null, 2)}\n`);
        } else {
          const reasons = Object.entries(total.skipped)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(', ');
          io.stdout.write(
            `imported ${plural(total.imported, 'page')} from ${plural(results.length, 'archive')} ` +
              `(${plural(total.recordsRead, 'record')} read, ${total.unchanged} already stored, ${skippedTotal(total)} skipped${reasons ? `: ${reasons}` : ''})` +
              `${failures.length > 0 ? `; ${plural(failures.length, 'archive')} failed` : ''}\n`,
          );
        }
        return failures.length > 0 ? ExitCode.failure : ExitCode.ok;
      } finally {
        await closeQuietly({
          'the page probe': async () => probe?.close(),
          Kafka: () => kafka.close(),
          Redis: () => redis.quit(),
          MongoDB: () => mongo.close(),
        });
      }
    });
  },
};
