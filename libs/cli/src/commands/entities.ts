import { readFile } from 'node:fs/promises';
import { createTagger, findEntities, type Entity } from '@newsflow/entities';
import { loadModelFiles } from '@newsflow/entities/load-model';
import type { Command, CommandIo } from '../command.js';
import { ExitCode } from '../command.js';

const HELP = `Usage: newsflow entities <file|-> [--json] [--model DIR] [--max-tokens N]

Prints the named entities (PERSON, ORG, LOCATION, MISC) of a plain-text article, name variants
merged ("Sergei Lavrov", "Lavrov" are one), most salient first. For an HTML page, extract it first:
  newsflow extract page.html | newsflow entities -

  <file|->          a text file, or - for stdin
  --json            print {entities, tokens, truncated} as JSON instead of a table
  --model DIR       model folder (default: the model committed in libs/entities/model)
  --max-tokens N    tag at most N tokens of the text (default 20000)
`;

interface Options {
  target?: string;
  json: boolean;
  model?: string;
  maxTokens?: number;
}

function parseArgs(args: readonly string[]): Options | string {
  const o: Options = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') o.json = true;
    else if (a === '--model') {
      const v = args[++i];
      if (!v) return '--model needs a folder';
      o.model = v;
    } else if (a === '--max-tokens') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0) return '--max-tokens needs a positive integer';
      o.maxTokens = n;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (o.target !== undefined) return 'give one file';
    else o.target = a;
  }
  return o.target === undefined ? 'give a file or -' : o;
}

async function readInput(target: string, io: CommandIo): Promise<string> {
  if (target !== '-') return readFile(target, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
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
  help: HELP,
  async run(args, io) {
    const o = parseArgs(args);
    if (typeof o === 'string') {
      io.stderr.write(`newsflow entities: ${o}\n\n${HELP}`);
      return ExitCode.usage;
    }
    let text: string;
    try {
      text = await readInput(o.target ?? '-', io);
    } catch (err) {
      io.stderr.write(`newsflow entities: cannot read ${o.target}: ${(err as Error).message}\n`);
      return ExitCode.failure;
    }
    const tagger = await createTagger(await loadModelFiles(o.model));
    try {
      const result = await findEntities(
        tagger,
        text,
        o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {},
      );
      io.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : table(result.entities));
      if (result.truncated && !o.json)
        io.stderr.write(`newsflow entities: tagged the first ${result.tokens} tokens only\n`);
      return ExitCode.ok;
    } finally {
      await tagger.release();
    }
  },
};
