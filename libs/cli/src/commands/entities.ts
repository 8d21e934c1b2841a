import { createReadStream } from 'node:fs';
import {
  createTagger,
  decideModelLanguage,
  findEntities,
  NER_MODEL_NAME,
  NO_MODEL_NAME,
  type Entity,
} from '@newsflow/entities';
import { loadModelFiles } from '@newsflow/entities/load-model';
import { isNewsflowError } from '@newsflow/errors';
import { plural } from '@newsflow/normalize';
import type { Command, CommandIo } from '../command.js';
import { ExitCode, failureText, parseCommandArgs, usageError } from '../command.js';
import { readBounded } from '../read-bounded.js';
import { entitiesArgs } from './entities-help.js';

interface Options {
  target: string;
  json: boolean;
  force: boolean;
  language?: string;
  model?: string;
  maxTokens?: number;
}

function parseEntitiesArgs(args: readonly string[]): Options | string {
  const parsed = parseCommandArgs(args, entitiesArgs);
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return 'give one file';
  const [target] = positionals;
  if (target === undefined) return 'give a file or -';
  const { language, model } = values;
  if (language !== undefined && !/^[a-z]{2,3}$/i.test(language))
    return '--language needs a language code such as en or de';
  if (model === '') return '--model needs a folder';
  const maxTokens = values['max-tokens'] === undefined ? undefined : Number(values['max-tokens']);
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens <= 0))
    return '--max-tokens needs a positive integer';
  return {
    target,
    json: values.json,
    force: values.force,
    ...(language !== undefined && { language: language.toLowerCase() }),
    ...(model !== undefined && { model }),
    ...(maxTokens !== undefined && { maxTokens }),
  };
}

/** The most text read: far more than --max-tokens tags (20 000 tokens are about 120 KB), bounded all the same. */
const MAX_TEXT_BYTES = 20 * 1024 * 1024;

async function readInput(target: string, io: CommandIo): Promise<string> {
  const stream = target === '-' ? io.stdin : createReadStream(target);
  return (await readBounded(stream, MAX_TEXT_BYTES)).toString('utf8');
}

function table(entities: readonly Entity[]): string {
  const rows = entities.map((e) => [
    e.type,
    e.name,
    String(e.count),
    e.salience.toFixed(3),
    e.aliases.join(', '),
  ]);
  const head = ['TYPE', 'NAME', 'COUNT', 'SALIENCE', 'ALIASES'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** `newsflow entities <file|->`: named entities of a text as a table or JSON. */
export const entitiesCommand: Command = {
  name: 'entities',
  async run(args, io) {
    const o = parseEntitiesArgs(args);
    if (typeof o === 'string') return usageError(io, 'entities', o);
    let text: string;
    try {
      text = await readInput(o.target, io);
    } catch (err) {
      const subject = isNewsflowError(err) ? o.target : `cannot read ${o.target}`;
      io.stderr.write(`newsflow entities: ${subject}: ${failureText(err)}\n`);
      return ExitCode.failure;
    }
    let tagger: Awaited<ReturnType<typeof createTagger>>;
    try {
      tagger = await createTagger(await loadModelFiles(o.model));
    } catch (err) {
      const e = err as Error & { code?: string };
      io.stderr.write(`newsflow entities: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
      return ExitCode.failure;
    }
    try {
      const decision = decideModelLanguage({ language: o.language, text }, tagger.info.languages);
      const from =
        decision.from === 'article'
          ? 'as given'
          : decision.from === 'text'
            ? 'detected from the text'
            : 'too little text to tell';
      if (!decision.tag && !o.force) {
        const model = {
          name: NO_MODEL_NAME,
          ...(decision.language !== undefined && { language: decision.language }),
          reason: decision.reason,
        };
        io.stdout.write(
          o.json
            ? `${JSON.stringify({ entities: [], tokens: 0, truncated: false, model }, null, 2)}\n`
            : table([]),
        );
        io.stderr.write(
          `newsflow entities: not tagged (${decision.reason}, ${from}): the model knows ${tagger.info.languages.join(', ')}; ` +
            `--language to say the language, --force to tag anyway\n`,
        );
        return ExitCode.ok;
      }
      const result = await findEntities(
        tagger,
        text,
        o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {},
      );
      const model = {
        name: NER_MODEL_NAME,
        ...(decision.language !== undefined && { language: decision.language }),
        ...(!decision.tag && { forced: true }),
      };
      io.stdout.write(o.json ? `${JSON.stringify({ ...result, model }, null, 2)}\n` : table(result.entities));
      if (!decision.tag)
        io.stderr.write(`newsflow entities: tagged with --force although ${decision.reason} (${from})\n`);
      if (result.truncated && !o.json)
        io.stderr.write(`newsflow entities: tagged the first ${plural(result.tokens, 'token')} only\n`);
      return ExitCode.ok;
    } finally {
      await tagger.release();
    }
  },
};
