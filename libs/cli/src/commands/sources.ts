import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SourceRequestedSchema,
  Topics,
  serializeMessage,
  validateMessage,
  type SourceRequested,
} from '@newsflow/contracts';
import { fetchOptionsFrom, fetchPage, fetchSettings } from '@newsflow/http-fetch';
import { summarizeSource } from '@newsflow/ops';
import { loadConfig, type MongoHandle } from '@newsflow/runtime';
import {
  DEFAULT_MAX_LISTING_BYTES,
  formatDuration,
  parseDuration,
  parseListing,
  sourceIdFor,
  type ParsedListing,
} from '@newsflow/sources';
import { plural } from '@newsflow/normalize';
import type { Command, CommandIo } from '../command.js';
import {
  ExitCode,
  failureText,
  parseCommandArgs,
  parseOptions,
  subcommandProblem,
  usageError,
} from '../command.js';
import { closeQuietly, connectKafka, connectMongo, runWithServers, type CliConfig } from '../connect.js';
import { readAtMost } from '../read-bounded.js';
import { terminalText } from '../terminal-text.js';
import { DEFAULT_TIMEOUT_S, sourcesArgs } from './sources-help.js';

const WAIT_POLL_MS = 250;

/** Settings of `sources parse <url>`: the fetcher's own limits and allow-list. */
const parseSettings = { ...fetchSettings } as const;

interface SourceView {
  _id: string;
  url: string;
  name: string;
  kind: string;
  state: string;
  failingReason?: string;
  everyMs?: number;
  discovery?: {
    status: string;
    feeds?: string[];
    sitemaps?: string[];
    pages?: string[];
    error?: { code: string; message: string };
  };
  targets?: Record<
    string,
    {
      url: string;
      kind: string;
      lastPolledAt?: Date;
      nextPollAt?: Date;
      lastStatus?: string;
      lastError?: { code: string; message: string };
    }
  >;
  urlsByHour?: Record<string, number>;
  lastRequest?: { id?: string; action: string; error?: { code: string; message: string } };
}

function sourcesCollection(mongo: MongoHandle, config: CliConfig) {
  return mongo.db.collection<SourceView>(config.sourcesCollection);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function sendRequest(config: CliConfig, request: SourceRequested): Promise<void> {
  const kafka = await connectKafka(config);
  try {
    await kafka.ensureTopics();
    const key = request.id ?? sourceIdFor(request.url!);
    await kafka.sendRaw(Topics.sourceRequested, [
      {
        key,
        value: serializeMessage(SourceRequestedSchema, request),
        headers: { traceId: randomUUID(), attempt: 0, producedAt: new Date().toISOString() },
      },
    ]);
  } finally {
    await closeQuietly({ Kafka: () => kafka.close() });
  }
}

/** Waits until the service applied request `requestId` to source `id` (or removed it); undefined on timeout. */
async function waitApplied(
  mongo: MongoHandle,
  config: CliConfig,
  id: string,
  requestId: string,
  removed: boolean,
  timeoutS: number,
): Promise<SourceView | null | undefined> {
  const deadline = Date.now() + timeoutS * 1000;
  const collection = sourcesCollection(mongo, config);
  for (;;) {
    const doc = await collection.findOne({ _id: id });
    if (removed ? doc === null : doc?.lastRequest?.id === requestId) return doc;
    if (Date.now() > deadline) return undefined;
    await sleep(WAIT_POLL_MS);
  }
}

function describeSource(doc: SourceView): string {
  const d = doc.discovery;
  const lines = [
    `${doc.name} (${doc._id}) ${doc.kind} ${doc.url}: ${doc.state}${doc.everyMs ? `, every ${formatDuration(doc.everyMs)}` : ', adaptive interval'}`,
  ];
  for (const feed of d?.feeds ?? []) lines.push(`  feed     ${feed}`);
  for (const sitemap of d?.sitemaps ?? []) lines.push(`  sitemap  ${sitemap}`);
  for (const page of d?.pages ?? [])
    lines.push(`  page     ${page} (no feed or sitemap: watching its article links)`);
  if (doc.failingReason) lines.push(`  failing: ${doc.failingReason}`);
  return terminalText(`${lines.join('\n')}\n`);
}

interface AddArgs {
  readonly request: SourceRequested;
  readonly wait: boolean;
  readonly json: boolean;
  readonly timeoutS: number;
}

function parseAdd(args: readonly string[]): AddArgs | string {
  const parsed = parseCommandArgs(args, sourcesArgs.subcommands.add);
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return 'give exactly one URL to add';
  const timeoutS = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) return '--timeout needs a positive number of seconds';
  try {
    if (values.every !== undefined) parseDuration(values.every);
    if (values.backfill !== undefined && values.backfill !== 'all') parseDuration(values.backfill);
  } catch (error) {
    return (error as Error).message;
  }
  const request = {
    action: 'add' as const,
    url: positionals[0]!,
    requestId: randomUUID(),
    requestedAt: new Date().toISOString(),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.every === undefined ? {} : { every: values.every }),
    ...(values.feed === undefined ? {} : { feeds: values.feed }),
    ...(values.sitemap === undefined ? {} : { sitemaps: values.sitemap }),
    ...(values.backfill === undefined ? {} : { backfill: values.backfill }),
  };
  try {
    return {
      request: validateMessage(SourceRequestedSchema, request),
      wait: !values['no-wait'],
      json: values.json,
      timeoutS,
    };
  } catch (error) {
    return `not a valid source: ${(error as Error).message}`;
  }
}

async function addSource(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseAdd(args);
  if (typeof parsed === 'string') return usageError(io, 'sources', parsed);
  return runWithServers('sources', io, async (config) => {
    const { request } = parsed;
    const id = sourceIdFor(request.url!);
    const mongo = parsed.wait ? await connectMongo(config) : undefined;
    try {
      await sendRequest(config, request);
      if (!mongo) {
        io.stdout.write(`requested: add ${request.url} (${id})\n`);
        return ExitCode.ok;
      }
      io.stderr.write(
        `requested: add ${request.url} (${id}); waiting for discovery (timeout ${parsed.timeoutS} s)\n`,
      );
      const doc = await waitApplied(mongo, config, id, request.requestId!, false, parsed.timeoutS);
      if (!doc) {
        io.stderr.write(
          `newsflow sources: the discovery service did not apply the request within ${parsed.timeoutS} s: ` +
            `it is not running, or it is still trying to reach the site (a site or robots.txt that does not ` +
            `answer is tried again with backoff, minutes, before the source shows failing); ` +
            `\`newsflow sources list\` shows the outcome once it is applied\n`,
        );
        return ExitCode.failure;
      }
      io.stdout.write(parsed.json ? `${JSON.stringify(doc, null, 2)}\n` : describeSource(doc));
      return doc.discovery?.status === 'done' ? ExitCode.ok : ExitCode.failure;
    } finally {
      await closeQuietly({ MongoDB: async () => mongo?.close() });
    }
  });
}

async function changeSource(
  action: 'pause' | 'resume' | 'remove',
  args: readonly string[],
  io: CommandIo,
): Promise<number> {
  const parsed = parseCommandArgs(args, sourcesArgs.subcommands[action]);
  if (typeof parsed === 'string') return usageError(io, 'sources', parsed);
  const [ref] = parsed.positionals;
  if (parsed.positionals.length !== 1 || ref === undefined)
    return usageError(io, 'sources', `give one source URL or id to ${action}`);
  const timeoutS = parsed.values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(parsed.values.timeout);
  const byId = /^s_[0-9a-f]{24}$/.test(ref);
  let request: SourceRequested;
  try {
    request = validateMessage(SourceRequestedSchema, {
      action,
      ...(byId ? { id: ref } : { url: ref }),
      requestId: randomUUID(),
      requestedAt: new Date().toISOString(),
    });
  } catch {
    return usageError(
      io,
      'sources',
      `${JSON.stringify(ref)} is neither an http(s) URL nor a source id (s_…)`,
    );
  }
  const id = request.id ?? sourceIdFor(request.url!);
  return runWithServers('sources', io, async (config) => {
    const mongo = await connectMongo(config);
    try {
      if (!(await sourcesCollection(mongo, config).findOne({ _id: id }))) {
        io.stderr.write(`newsflow sources: no source ${ref}\n`);
        return ExitCode.failure;
      }
      await sendRequest(config, request);
      if (parsed.values['no-wait']) {
        io.stdout.write(`requested: ${action} ${id}\n`);
        return ExitCode.ok;
      }
      const doc = await waitApplied(mongo, config, id, request.requestId!, action === 'remove', timeoutS);
      if (doc === undefined) {
        io.stderr.write(
          `newsflow sources: the discovery service did not apply the request within ${timeoutS} s (is it running?)\n`,
        );
        return ExitCode.failure;
      }
      io.stdout.write(
        `${action === 'remove' ? 'removed' : action === 'pause' ? 'paused' : 'resumed'}: ${id}\n`,
      );
      return ExitCode.ok;
    } finally {
      await closeQuietly({ MongoDB: () => mongo.close() });
    }
  });
}

function when(date: Date | undefined, now: Date): string {
  if (!date) return '-';
  const ms = new Date(date).getTime() - now.getTime();
  const text = formatDuration(Math.max(1000, Math.abs(ms)));
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

async function listSources(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseOptions(io, 'sources', args, sourcesArgs.subcommands.list.options);
  if (typeof values === 'number') return values;
  return runWithServers('sources', io, async (config) => {
    const mongo = await connectMongo(config);
    try {
      const now = new Date();
      const docs = await sourcesCollection(mongo, config).find({}).sort({ name: 1 }).toArray();
      const articles = mongo.db.collection(config.articlesCollection);
      const rows = [];
      for (const doc of docs) {
        // The same reading of a source as the console's /sources page.
        const view = summarizeSource(doc, now);
        const origin = new URL(doc.url).origin;
        rows.push({
          ...doc,
          lastPollAt: view.lastPolledAt,
          nextPollAt: view.nextPollAt,
          urlsLastDay: view.urlsLastDay,
          articlesStored: await articles.countDocuments({ url: { $regex: `^${escapeRegExp(origin)}/` } }),
        });
      }
      if (values.json) {
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return ExitCode.ok;
      }
      if (rows.length === 0) {
        io.stdout.write('no sources (add one: newsflow sources add <url>)\n');
        return ExitCode.ok;
      }
      const head = [
        'NAME',
        'KIND',
        'FEEDS',
        'SITEMAPS',
        'LAST POLL',
        'NEXT POLL',
        'STATUS',
        'URLS 24H',
        'ARTICLES',
      ];
      const table = rows.map((r) => [
        r.name,
        r.kind,
        String(r.discovery?.feeds?.length ?? 0),
        String(r.discovery?.sitemaps?.length ?? 0),
        when(r.lastPollAt, now),
        r.state === 'paused' ? 'paused' : when(r.nextPollAt, now),
        r.state === 'failing'
          ? `failing: ${r.failingReason ?? ''}`
          : r.discovery?.pages?.length
            ? `${r.state} (home page links)`
            : r.state,
        String(r.urlsLastDay),
        String(r.articlesStored),
      ]);
      const widths = head.map((h, i) =>
        Math.max(h.length, ...table.map((row) => Math.min(60, (row[i] ?? '').length))),
      );
      const line = (row: readonly string[]) =>
        row.map((v, i) => (i === row.length - 1 ? v : v.slice(0, 60).padEnd(widths[i] ?? 0))).join('  ');
      io.stdout.write(terminalText(`${[line(head), ...table.map(line)].join('\n')}\n`));
      return ExitCode.ok;
    } finally {
      await closeQuietly({ MongoDB: () => mongo.close() });
    }
  });
}

async function readInput(
  target: string,
  io: CommandIo,
): Promise<{ bytes: Uint8Array; url?: string; contentType?: string } | string> {
  // One byte past the parser's limit is enough for it to say SOURCES_TOO_LARGE; the rest is not read.
  if (target === '-') return { bytes: await readAtMost(io.stdin, DEFAULT_MAX_LISTING_BYTES) };
  if (/^https?:\/\//i.test(target)) {
    const config = loadConfig(parseSettings);
    const page = await fetchPage(target, {
      ...fetchOptionsFrom(config),
      allowedContentTypes: 'any',
      maxBodyBytes: Math.max(config.maxBodyBytes, DEFAULT_MAX_LISTING_BYTES),
    });
    return {
      bytes: page.body,
      url: page.finalUrl,
      ...(page.contentTypeHeader ? { contentType: page.contentTypeHeader } : {}),
    };
  }
  try {
    return { bytes: await readAtMost(createReadStream(target), DEFAULT_MAX_LISTING_BYTES) };
  } catch (error) {
    return `cannot read ${target}: ${(error as Error).message}`;
  }
}

function listingJson(parsed: ParsedListing) {
  if (parsed.kind === 'feed')
    return {
      kind: parsed.kind,
      format: parsed.format,
      ...(parsed.title ? { title: parsed.title } : {}),
      items: parsed.items,
      skipped: parsed.skipped,
    };
  if (parsed.kind === 'sitemap-index')
    return {
      kind: parsed.kind,
      items: parsed.sitemaps,
      skipped: parsed.skipped,
      truncated: parsed.truncated,
    };
  return {
    kind: parsed.kind,
    format: parsed.news ? 'news-sitemap' : 'sitemap',
    items: parsed.items,
    skipped: parsed.skipped,
    truncated: parsed.truncated,
  };
}

async function parseSource(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(args, sourcesArgs.subcommands.parse);
  if (typeof parsed === 'string') return usageError(io, 'sources', parsed);
  const [target] = parsed.positionals;
  if (parsed.positionals.length !== 1 || target === undefined)
    return usageError(io, 'sources', 'give one file, URL or - to parse');
  let listing: ParsedListing;
  try {
    const input = await readInput(target, io);
    if (typeof input === 'string') {
      io.stderr.write(`newsflow sources: ${input}\n`);
      return ExitCode.failure;
    }
    listing = parseListing(input.bytes, {
      ...(input.url ? { url: input.url } : {}),
      ...(input.contentType ? { contentType: input.contentType } : {}),
    });
  } catch (error) {
    io.stderr.write(`newsflow sources: ${failureText(error)}\n`);
    return ExitCode.failure;
  }
  const json = listingJson(listing);
  if (parsed.values.json) {
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return ExitCode.ok;
  }
  io.stdout.write(
    `${json.kind}${'format' in json && json.format ? ` (${json.format})` : ''}: ${plural(json.items.length, 'item')}${json.skipped ? `, ${json.skipped} skipped` : ''}\n`,
  );
  for (const item of json.items) {
    const date =
      'publishedAt' in item && item.publishedAt
        ? item.publishedAt
        : 'modifiedAt' in item && item.modifiedAt
          ? item.modifiedAt
          : '';
    const title = 'title' in item && item.title ? `  ${item.title}` : '';
    io.stdout.write(terminalText(`${date.slice(0, 16).padEnd(16)}  ${item.url}${title}\n`));
  }
  return ExitCode.ok;
}

/** `newsflow sources`: follow sites by their feeds and sitemaps. */
export const sourcesCommand: Command = {
  name: 'sources',
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'add':
        return addSource(rest, io);
      case 'list':
        return listSources(rest, io);
      case 'pause':
      case 'resume':
      case 'remove':
        return changeSource(sub, rest, io);
      case 'parse':
        return parseSource(rest, io);
      case undefined:
      default:
        return usageError(io, 'sources', subcommandProblem(sub, Object.keys(sourcesArgs.subcommands)));
    }
  },
};
