import { randomUUID } from 'node:crypto';
import { PageFetchedSchema, Topics, serializeMessage, type PageFetched } from '@newsflow/contracts';
import {
  createPageStore,
  pageFetchedMessage,
  type KafkaHandle,
  type MongoHandle,
  type OutgoingMessage,
  type StoredPage,
} from '@newsflow/runtime';
import { plural } from '@newsflow/normalize';
import type { Command, CommandIo } from '../command.js';
import { ExitCode, parseOptions, usageError } from '../command.js';
import { closeQuietly, connectKafka, connectMongo, runWithServers } from '../connect.js';
import { parseSinceDate, parseSiteHost } from '../filter-options.js';
import { reprocessArgs } from './reprocess-help.js';

/** Messages per Kafka request. */
const SEND_BATCH = 100;
/** A progress line every this many pages. */
const PROGRESS_EVERY = 500;

interface Options {
  since: Date;
  site?: string;
  limit?: number;
  dryRun: boolean;
}

/** The options of `newsflow reprocess`, or the exit code of a usage error already reported. */
function parseReprocessArgs(args: readonly string[], io: CommandIo): Options | number {
  const values = parseOptions(io, 'reprocess', args, reprocessArgs.options);
  if (typeof values === 'number') return values;
  if (values.since === undefined) return usageError(io, 'reprocess', '--since is required');
  const since = parseSinceDate(values.since);
  if (typeof since === 'string') return usageError(io, 'reprocess', since);
  const site = values.site === undefined ? undefined : parseSiteHost(values.site);
  if (typeof site === 'string') return usageError(io, 'reprocess', site);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0))
    return usageError(io, 'reprocess', '--limit needs a positive integer');
  return {
    since,
    dryRun: values['dry-run'],
    ...(site === undefined ? {} : { site: site.host }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/**
 * The `page.fetched` message that replays a stored page: the fetcher's message for it (pageFetchedMessage)
 * with the stored content hash and no inline body (nothing was saved now), marked `reprocess`.
 */
export function reprocessMessage(
  page: StoredPage & { readonly contentHash: string },
  requestedAt: Date,
): PageFetched {
  return {
    ...pageFetchedMessage(
      page,
      { contentHash: page.contentHash, changed: false },
      {
        // The pages collection does not keep the redirect chain; url → finalUrl is what is known.
        redirects: [],
        source: 'reprocess',
        // When this replay was asked for: the cleaner's job id includes it, so a second replay of the same
        // bytes (after another extractor upgrade) is a new job rather than a duplicate of the first.
        requestedAt: requestedAt.toISOString(),
      },
    ),
    reprocess: true,
  };
}

export interface ReprocessCommandOptions {
  /** Where settings come from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Builds `newsflow reprocess`; tests pass their own environment. */
export function createReprocessCommand(options: ReprocessCommandOptions = {}): Command {
  return {
    name: 'reprocess',
    async run(args, io: CommandIo) {
      const o = parseReprocessArgs(args, io);
      if (typeof o === 'number') return o;
      return runWithServers(
        'reprocess',
        io,
        async (config) => {
          const mongo = await connectMongo(config);
          let kafka: KafkaHandle | undefined;
          try {
            // A dry run only reads MongoDB.
            if (!o.dryRun) {
              kafka = await connectKafka(config, 'newsflow-reprocess');
              // The broker answered; topic creation is a courtesy for a fresh cluster (the services do it too),
              // and kafkajs can report a just-created topic as unknown while its leaders are elected.
              await kafka
                .ensureTopics()
                .catch((error: unknown) =>
                  io.stderr.write(`reprocess: could not check topics (${describe(error)}); sending anyway\n`),
                );
            }
            return await replay(o, mongo, kafka, io);
          } finally {
            await closeQuietly({
              Kafka: async () => kafka?.close(),
              MongoDB: () => mongo.close(),
            });
          }
        },
        options.env,
      );
    },
  };
}

async function replay(
  o: Options,
  mongo: MongoHandle,
  kafka: KafkaHandle | undefined,
  io: CommandIo,
): Promise<number> {
  const pages = createPageStore(mongo.db);
  const runId = randomUUID();
  const requestedAt = new Date();
  const scope = `since ${o.since.toISOString()}${o.site ? `, site ${o.site}` : ''}`;
  io.stdout.write(`reprocess: replaying pages fetched ${scope}${o.dryRun ? ' (dry run)' : ''}\n`);
  let sent = 0;
  let failed = 0;
  let batch: OutgoingMessage[] = [];
  const flush = async (): Promise<void> => {
    if (!kafka || batch.length === 0) return;
    await kafka.sendRaw(Topics.pageFetched, batch);
    sent += batch.length;
    batch = [];
  };
  try {
    let seen = 0;
    for await (const pageId of pages.listIds({ since: o.since, ...(o.site ? { host: o.site } : {}) })) {
      if (o.limit !== undefined && seen >= o.limit) break;
      seen += 1;
      let message: PageFetched;
      let value: Buffer;
      try {
        message = reprocessMessage(await pages.load(pageId), requestedAt);
        value = serializeMessage(PageFetchedSchema, message);
      } catch (error) {
        failed += 1;
        io.stderr.write(`reprocess: page ${pageId} skipped: ${describe(error)}\n`);
        continue;
      }
      if (o.dryRun) {
        io.stdout.write(`${pageId}\t${message.fetchedAt}\t${message.finalUrl}\n`);
        continue;
      }
      batch.push({
        key: new URL(message.finalUrl).hostname,
        value,
        headers: {
          traceId: `reprocess-${runId}-${pageId}`,
          attempt: 0,
          producedAt: new Date().toISOString(),
        },
      });
      if (batch.length >= SEND_BATCH) await flush();
      if (seen % PROGRESS_EVERY === 0)
        io.stdout.write(`reprocess: ${plural(seen, 'page')} read, ${sent} sent\n`);
    }
    await flush();
    io.stdout.write(
      o.dryRun
        ? `reprocess: dry run, ${plural(seen - failed, 'page')} would be replayed, ${failed} skipped\n`
        : `reprocess: done, ${plural(sent, 'page.fetched message')} sent (run ${runId}), ${plural(failed, 'page')} skipped\n`,
    );
  } catch (error) {
    io.stderr.write(`reprocess: stopped after ${plural(sent, 'page')} sent: ${describe(error)}\n`);
    // A server that went away mid-run: the same exit code as one that was never there.
    return ExitCode.unreachable;
  }
  return failed > 0 ? ExitCode.failure : ExitCode.ok;
}

/** `newsflow reprocess`: settings from the process environment. */
export const reprocessCommand: Command = createReprocessCommand();
