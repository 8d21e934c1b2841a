import { articleFilter, describeArticle } from '@newsflow/ops';
import type { Command } from '../command.js';
import { ExitCode, parseCommandArgs, usageError } from '../command.js';
import { closeQuietly, connectMongo, runWithServers } from '../connect.js';
import { terminalText } from '../terminal-text.js';
import { DEFAULT_LIMIT, articlesArgs } from './articles-help.js';

const MAX_LIMIT = 10_000;
/** Fields left out of --json output: bulky and of no use on a terminal (the document has them). */
const JSON_OMITTED_FIELDS = ['html', 'simhashBands', 'provenance'] as const;

const AGE = /^(\d+(?:\.\d+)?)([mhdw])$/;
const AGE_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since` as a Date: an age like `36h` counts back from `now`. Undefined when unreadable. */
export function parseSince(value: string, now: Date): Date | undefined {
  const age = AGE.exec(value);
  if (age) return new Date(now.getTime() - Number(age[1]) * (AGE_MS[age[2] ?? 'd'] ?? 0));
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface ArticlesOptions {
  site?: string;
  entity?: string;
  since?: Date;
  limit: number;
  json: boolean;
}

function parseArticlesArgs(args: readonly string[]): ArticlesOptions | string {
  const parsed = parseCommandArgs(args, articlesArgs);
  if (typeof parsed === 'string') return parsed;
  const { values } = parsed;
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return `--limit needs an integer from 1 to ${MAX_LIMIT}`;
  const options: ArticlesOptions = { limit, json: values.json };
  if (values.since !== undefined) {
    const since = parseSince(values.since, new Date());
    if (!since)
      return `--since needs a date (2024-05-01) or an age (90m, 36h, 7d), got ${JSON.stringify(values.since)}`;
    options.since = since;
  }
  if (values.site !== undefined) options.site = values.site;
  if (values.entity !== undefined) options.entity = values.entity;
  return options;
}

function jsonDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const field of JSON_OMITTED_FIELDS) delete out[field];
  if (Array.isArray(out.entities)) {
    out.entities = (out.entities as unknown[]).map((e) => {
      if (e === null || typeof e !== 'object') return e;
      const { mentions: _mentions, ...rest } = e as Record<string, unknown>;
      return rest;
    });
  }
  return out;
}

/** `newsflow articles`: stored articles, filtered, as lines or JSON. */
export const articlesCommand: Command = {
  name: 'articles',
  async run(args, io) {
    const options = parseArticlesArgs(args);
    if (typeof options === 'string') {
      return usageError(io, 'articles', options);
    }
    return runWithServers('articles', io, async (config) => {
      const mongo = await connectMongo(config);
      try {
        const docs = await mongo.db
          .collection<Record<string, unknown>>(config.articlesCollection)
          .find(articleFilter(options))
          .sort({ publishedAt: -1, _id: 1 })
          .limit(options.limit)
          .toArray();
        if (options.json) {
          io.stdout.write(`${JSON.stringify(docs.map(jsonDocument), null, 2)}\n`);
          return ExitCode.ok;
        }
        if (docs.length === 0) {
          io.stderr.write('no articles matched\n');
          return ExitCode.ok;
        }
        for (const doc of docs) {
          const a = describeArticle(doc);
          const date = a.publishedAt?.toISOString().slice(0, 10) ?? '----------';
          const site = a.siteName ?? (URL.canParse(a.canonicalUrl) ? new URL(a.canonicalUrl).host : '?');
          io.stdout.write(terminalText(`${date}  ${site}  ${a.title || '(no title)'}\n`));
          const by = a.authors.length > 0 ? `by ${a.authors.join(', ')} · ` : '';
          const entities = a.topEntities.map((e) => e.name).join(', ');
          io.stdout.write(
            terminalText(
              `            ${by}${a.canonicalUrl}${entities ? `\n            ${entities}` : ''}\n`,
            ),
          );
        }
        return ExitCode.ok;
      } finally {
        await closeQuietly({ MongoDB: () => mongo.close() });
      }
    });
  },
};
