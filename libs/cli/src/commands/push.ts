import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  MAX_URL_LENGTH,
  Topics,
  UrlRequestedSchema,
  serializeMessage,
  validateMessage,
  type UrlRequested,
} from '@newsflow/contracts';
import type { KafkaHandle, MongoHandle } from '@newsflow/runtime';
import type { Command, CommandIo } from '../command.js';
import { ExitCode, parseCommandArgs, usageError } from '../command.js';
import {
  ServerGoneError,
  closeQuietly,
  connectKafka,
  connectMongo,
  runWithServers,
  type CliConfig,
} from '../connect.js';
import { FOLLOWED_TOPICS, FollowTracker, type Followed } from '../follow-tracker.js';
import { whileKafkaAnswers } from '../kafka-watch.js';
import { describeArticle, followTopics, type ArticleView } from '@newsflow/ops';
import { plural } from '@newsflow/normalize';
import { readLines } from '../read-lines.js';
import { terminalText } from '../terminal-text.js';
import { DEFAULT_TIMEOUT_S, pushArgs } from './push-help.js';

/** What to do about a skipped URL. */
const FORCE_HINT = 'push again with --force to fetch it anyway';
/** URLs per produce request when pushing a long list. */
const SEND_CHUNK = 500;

interface PushOptions {
  readonly urls: string[];
  readonly follow: boolean;
  readonly json: boolean;
  readonly timeoutS: number;
  readonly request: Omit<UrlRequested, 'url' | 'schemaVersion'>;
}

async function parsePushArgs(args: readonly string[], io: CommandIo): Promise<PushOptions | string> {
  const parsed = parseCommandArgs(args, pushArgs);
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  const timeoutS = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) return '--timeout needs a positive number of seconds';
  const priority = values.priority === undefined ? undefined : Number(values.priority);
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 1 || priority > 10))
    return '--priority needs an integer from 1 to 10';
  const urls: string[] = [];
  for (const arg of positionals) {
    if (arg === '-') urls.push(...(await readLines(io.stdin)));
    else urls.push(arg);
  }
  if (values.file !== undefined) {
    try {
      urls.push(...(await readLines(await readFile(values.file, 'utf8'))));
    } catch (error) {
      return `cannot read ${values.file}: ${(error as Error).message}`;
    }
  }
  if (urls.length === 0) return 'give at least one URL, - for stdin, or --file FILE';
  return {
    urls: [...new Set(urls)],
    follow: values.follow,
    json: values.json,
    timeoutS,
    request: {
      ...(values.force ? { force: true } : {}),
      ...(values.source === undefined ? {} : { source: values.source }),
      ...(priority === undefined ? {} : { priority }),
    },
  };
}

function keyOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

async function pushUrls(
  kafka: KafkaHandle,
  options: PushOptions,
): Promise<{ url: string; traceId: string }[]> {
  const requestedAt = new Date().toISOString();
  const pushed = options.urls.map((url) => ({ url, traceId: randomUUID() }));
  for (let i = 0; i < pushed.length; i += SEND_CHUNK) {
    const chunk = pushed.slice(i, i + SEND_CHUNK);
    await kafka.sendRaw(
      Topics.urlRequested,
      chunk.map((p) => ({
        key: keyOf(p.url),
        value: serializeMessage(UrlRequestedSchema, { ...options.request, url: p.url, requestedAt }),
        headers: { traceId: p.traceId, attempt: 0, producedAt: new Date().toISOString() },
      })),
    );
  }
  return pushed;
}

function formatDate(value: Date | undefined): string {
  return value === undefined ? 'date unknown' : value.toISOString().slice(0, 10);
}

/**
 * What a URL no stage finished is called, in the text and the --json output alike: `timeout` when the follow
 * ran to its --timeout, `unfinished` when it ended early because Kafka went away.
 */
type PendingStatus = 'timeout' | 'unfinished';

function summary(item: Followed, articles: readonly ArticleView[], pending: PendingStatus): string {
  if (item.state === 'dead-lettered' && item.failure) {
    const f = item.failure;
    return `✗ ${item.url}\n  dead-lettered on ${f.topic} by ${f.service}: ${f.code} ${f.message}\n`;
  }
  if (item.state === 'skipped' && item.skip) {
    return `↷ ${item.url}\n  skipped by the fetcher (${item.skip.reason}): ${item.skip.message}\n  ${FORCE_HINT}\n`;
  }
  if (item.state === 'queued') return `… ${item.url}\n  ${pending}: no stage reported it yet\n`;
  if (item.state !== 'stored') return `… ${item.url}\n  ${pending} (last seen: ${item.state})\n`;
  const lines = [
    `✓ ${item.url}  (${item.outcome ?? 'stored'}, ${plural(articles.length, 'article')} in MongoDB)`,
  ];
  for (const a of articles) {
    lines.push(`  ${a.title || '(no title)'}`);
    lines.push(
      `    ${formatDate(a.publishedAt)} · ${a.authors.length > 0 ? a.authors.join(', ') : 'author unknown'}${a.siteName ? ` · ${a.siteName}` : ''}`,
    );
    if (a.topEntities.length > 0)
      lines.push(`    entities: ${a.topEntities.map((e) => `${e.name} (${e.type})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

async function articlesOf(mongo: MongoHandle, config: CliConfig, item: Followed): Promise<ArticleView[]> {
  if (item.state !== 'stored') return [];
  const ids = [...item.storedIds, ...item.articleIds];
  const docs = await mongo.db
    .collection<{ _id: string }>(config.articlesCollection)
    .find({
      $or: [{ _id: { $in: ids } }, { url: item.url }, { canonicalUrl: item.url }, { finalUrl: item.url }],
    })
    .sort({ part: 1 })
    .limit(20)
    .toArray();
  return docs.map((d) => describeArticle(d));
}

async function follow(
  kafka: KafkaHandle,
  mongo: MongoHandle,
  config: CliConfig,
  options: PushOptions,
  io: CommandIo,
): Promise<number> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  let lost: ServerGoneError | undefined;
  let tracker: FollowTracker | undefined;
  const early: Parameters<FollowTracker['apply']>[0][] = [];
  let wake: () => void = () => undefined;
  // Start reading before pushing, so not even a very fast pipeline's messages are missed.
  const stream = await followTopics(kafka, admin, FOLLOWED_TOPICS, (record) => {
    if (!tracker) {
      early.push(record);
      return;
    }
    const line = tracker.apply(record);
    if (line) io.stderr.write(terminalText(`${line}\n`));
    if (tracker.done) wake();
  });
  try {
    const pushed = await pushUrls(kafka, options);
    io.stderr.write(
      `pushed ${plural(pushed.length, 'URL')} onto ${kafka.topic(Topics.urlRequested)}; following (timeout ${options.timeoutS} s)\n`,
    );
    tracker = new FollowTracker(pushed);
    for (const record of early.splice(0)) {
      const line = tracker.apply(record);
      if (line) io.stderr.write(terminalText(`${line}\n`));
    }
    if (!tracker.done) {
      try {
        await whileKafkaAnswers(
          config,
          () =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, options.timeoutS * 1000);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            }),
        );
      } catch (error) {
        if (!(error instanceof ServerGoneError)) throw error;
        lost = error;
        wake();
      }
    }
  } finally {
    if (lost === undefined) {
      await stream.stop();
      await admin.disconnect().catch(() => undefined);
    } else {
      // Stopping needs the broker (leave the group, delete it) and would only wait out its bounds; the
      // consumer is still told to disconnect, so kafkajs stops restarting it.
      void stream.stop();
      void admin.disconnect().catch(() => undefined);
    }
  }
  const pending: PendingStatus = lost === undefined ? 'timeout' : 'unfinished';
  const results = [];
  for (const item of tracker.items) results.push({ item, articles: await articlesOf(mongo, config, item) });
  if (options.json) {
    const out = results.map(({ item, articles }) => ({
      url: item.url,
      status:
        item.state === 'stored' || item.state === 'dead-lettered' || item.state === 'skipped'
          ? item.state
          : pending,
      lastStage: item.state,
      ...(item.outcome === undefined ? {} : { outcome: item.outcome }),
      ...(item.failure === undefined ? {} : { error: item.failure }),
      ...(item.skip === undefined ? {} : { skip: { ...item.skip, hint: FORCE_HINT } }),
      articles,
    }));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout.write('\n');
    for (const { item, articles } of results) io.stdout.write(terminalText(summary(item, articles, pending)));
  }
  const stored = tracker.items.filter((i) => i.state === 'stored').length;
  const failed = tracker.items.filter((i) => i.state === 'dead-lettered').length;
  const skipped = tracker.items.filter((i) => i.state === 'skipped').length;
  const notDone = tracker.items.length - stored - failed - skipped;
  io.stderr.write(`\n${stored} stored, ${failed} dead-lettered, ${skipped} skipped, ${notDone} ${pending}\n`);
  if (lost) throw lost;
  return stored + skipped === tracker.items.length ? ExitCode.ok : ExitCode.failure;
}

/** Bad URLs named when push refuses its input; the rest are counted. */
const MAX_BAD_SHOWN = 20;

/** `newsflow push`: URLs onto url.requested, optionally followed through the pipeline. */
export const pushCommand: Command = {
  name: 'push',
  async run(args, io) {
    const options = await parsePushArgs(args, io);
    if (typeof options === 'string') {
      return usageError(io, 'push', options);
    }
    const bad: string[] = [];
    for (const url of options.urls) {
      try {
        validateMessage(UrlRequestedSchema, { ...options.request, url });
      } catch {
        bad.push(url);
      }
    }
    if (bad.length > 0) {
      // Named, but not echoed whole: a binary or huge file given by mistake would be printed back entire.
      const shown = bad
        .slice(0, MAX_BAD_SHOWN)
        .map((u) => `  ${terminalText(u.length > 200 ? `${u.slice(0, 199)}…` : u)}`);
      if (bad.length > MAX_BAD_SHOWN) shown.push(`  … and ${bad.length - MAX_BAD_SHOWN} more`);
      io.stderr.write(
        `newsflow push: ${plural(bad.length, 'not valid http(s) URL')} (or longer than ` +
          `${MAX_URL_LENGTH} characters), nothing pushed:\n${shown.join('\n')}\n`,
      );
      return ExitCode.usage;
    }
    return runWithServers('push', io, async (config) => {
      const mongo = options.follow ? await connectMongo(config) : undefined;
      let kafka: KafkaHandle | undefined;
      let kafkaGone = false;
      try {
        kafka = await connectKafka(config);
        await kafka.ensureTopics();
        if (mongo) return await follow(kafka, mongo, config, options, io);
        const pushed = await pushUrls(kafka, options);
        io.stdout.write(`pushed ${plural(pushed.length, 'URL')} onto ${kafka.topic(Topics.urlRequested)}\n`);
        return ExitCode.ok;
      } catch (error) {
        kafkaGone = error instanceof ServerGoneError;
        throw error;
      } finally {
        await closeQuietly({
          // Closing a client whose broker is known to be gone would only wait out the close bound (the URLs
          // were sent and acknowledged before following began); the process exits without it.
          ...(kafkaGone ? {} : { Kafka: async () => kafka?.close() }),
          MongoDB: async () => mongo?.close(),
        });
      }
    });
  },
};
