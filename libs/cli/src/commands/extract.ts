import { createReadStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isNewsflowError } from '@newsflow/errors';
import { extractArticles, type Article } from '@newsflow/extraction';
import { decodeBytes, plural } from '@newsflow/normalize';
import type { Command, CommandIo } from '../command.js';
import { ExitCode, failureText, parseCommandArgs, usageError } from '../command.js';
import { InputTooLargeError } from '../input-too-large-error.js';
import { readBounded } from '../read-bounded.js';
import { terminalText } from '../terminal-text.js';
import { extractArgs } from './extract-help.js';

/**
 * Pages larger than this, as read (file, stdin) and once gunzipped, are refused before the whole is held:
 * the extractor refuses pages over 5 M characters anyway, and a 1 MB gzip of zeros inflated to 1 GiB (48 s,
 * 2.2 GB of memory) before failing.
 */
const MAX_PAGE_BYTES = 20 * 1024 * 1024;
const BATCH_EXTENSIONS = ['.html.gz', '.htm.gz', '.html', '.htm', '.txt'] as const;

interface Options {
  json: boolean;
  url?: string;
  plain: boolean;
  batch?: string;
  out?: string;
  target?: string;
}

function parseExtractArgs(args: readonly string[]): Options | string {
  const parsed = parseCommandArgs(args, extractArgs);
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return 'only one input may be given';
  const [target] = positionals;
  if (values.batch === undefined && target === undefined) return 'give a file, a URL, - or --batch DIR';
  return {
    json: values.json,
    plain: values.text,
    ...(values.url !== undefined && { url: values.url }),
    ...(values.batch !== undefined && { batch: values.batch }),
    ...(values.out !== undefined && { out: values.out }),
    ...(target !== undefined && { target }),
  };
}

/**
 * The page at `url` fetched as the fetcher fetches it: the guarded client of @newsflow/http-fetch with the
 * `FETCH_*` settings (SSRF guard on every hop and `FETCH_ALLOWED_HOSTS`, body limit, timeouts, content types,
 * user agent). robots.txt is not asked: one page a person asked for is not crawling (browsers, curl and
 * trafilatura's fetch_url do not ask either); the fetcher service obeys it.
 * @throws FetchError (`FETCH_*`) as the fetcher would get it; ConfigError for a bad `FETCH_*` setting
 */
async function fetchUrl(
  url: string,
): Promise<{ bytes: Buffer; contentType: string | undefined; finalUrl: string }> {
  // Loaded only for a URL: the settings come through @newsflow/runtime, whose client libraries doubled the
  // CPU time of extracting a file (0.8 s to 1.6 s).
  const [{ fetchOptionsFrom, fetchPage, fetchSettings }, { loadConfig }] = await Promise.all([
    import('@newsflow/http-fetch'),
    import('@newsflow/runtime'),
  ]);
  const page = await fetchPage(url, fetchOptionsFrom(loadConfig(fetchSettings)));
  return {
    bytes: Buffer.from(page.body.buffer, page.body.byteOffset, page.body.byteLength),
    contentType: page.contentTypeHeader,
    finalUrl: page.finalUrl,
  };
}

function maybeGunzip(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_PAGE_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new InputTooLargeError(MAX_PAGE_BYTES, 'gunzipped', { cause: error });
    throw error;
  }
}

function contentTypeFor(
  name: string,
  header: string | undefined,
  plain: boolean,
): 'text/html' | 'text/plain' | undefined {
  if (plain || name.endsWith('.txt') || header?.startsWith('text/plain')) return 'text/plain';
  if (/\.html?(\.gz)?$/.test(name) || header?.includes('html')) return 'text/html';
  return undefined;
}

function articleText(a: Article): string {
  const head = [a.title, [a.authors.join(', '), a.publishedAt].filter(Boolean).join(' · ')].filter(Boolean);
  return `${head.join('\n')}\n\n${a.text}\n`;
}

async function runBatch(o: Options & { batch: string }, io: CommandIo): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(o.batch);
  } catch (err) {
    io.stderr.write(`newsflow extract: cannot read ${o.batch}: ${(err as Error).message}\n`);
    return ExitCode.unreachable;
  }
  const names = entries.filter((n) => BATCH_EXTENSIONS.some((e) => n.endsWith(e))).sort();
  const out: Record<string, string> = {};
  let failed = 0;
  const started = Date.now();
  for (const [i, name] of names.entries()) {
    const id = name.replace(/\.(?:html?|txt)(?:\.gz)?$/, '');
    try {
      const bytes = maybeGunzip(
        await readBounded(createReadStream(path.join(o.batch, name)), MAX_PAGE_BYTES),
      );
      const { text } = decodeBytes(bytes);
      const ct = contentTypeFor(name, undefined, o.plain);
      const r = extractArticles({ body: text, ...(ct && { contentType: ct }) });
      out[id] = r.articles
        .map((a) => a.text)
        .filter(Boolean)
        .join('\n\n');
    } catch (err) {
      failed++;
      out[id] = '';
      io.stderr.write(`extract: ${name}: ${failureText(err)}\n`);
    }
    if ((i + 1) % 50 === 0 || i + 1 === names.length)
      io.stderr.write(`extract: ${i + 1}/${plural(names.length, 'page')}, ${Date.now() - started} ms\n`);
  }
  const json = `${JSON.stringify(out, null, 1)}\n`;
  if (o.out) await writeFile(o.out, json);
  else io.stdout.write(json);
  return failed === names.length && names.length > 0 ? ExitCode.failure : ExitCode.ok;
}

export const extractCommand: Command = {
  name: 'extract',
  async run(args, io) {
    const o = parseExtractArgs(args);
    if (typeof o === 'string') return usageError(io, 'extract', o);
    if (o.batch) return runBatch({ ...o, batch: o.batch }, io);
    const target = o.target!;
    let bytes: Buffer;
    let header: string | undefined;
    let url = o.url;
    try {
      if (/^https?:\/\//i.test(target)) {
        const page = await fetchUrl(target);
        bytes = page.bytes;
        header = page.contentType;
        url ??= page.finalUrl;
      } else bytes = await readBounded(target === '-' ? io.stdin : createReadStream(target), MAX_PAGE_BYTES);
    } catch (err) {
      if (isNewsflowError(err)) {
        // A typed refusal (the fetcher's FETCH_* codes, CLI_INPUT_TOO_LARGE) keeps its code. What may pass on a
        // retry (network, timeout, 5xx, 429) is "could not be read"; the rest (blocked, too large, 404) is refused.
        const hint = err.code === 'FETCH_ADDRESS_BLOCKED' ? '; FETCH_ALLOWED_HOSTS can allow it' : '';
        io.stderr.write(`newsflow extract: ${target}: ${failureText(err)}${hint}\n`);
        return err.retriable ? ExitCode.unreachable : ExitCode.failure;
      }
      io.stderr.write(`newsflow extract: cannot read ${target}: ${(err as Error).message}\n`);
      return ExitCode.unreachable;
    }
    try {
      const { text } = decodeBytes(maybeGunzip(bytes), header);
      const ct = contentTypeFor(target, header, o.plain);
      const result = extractArticles({ body: text, ...(ct && { contentType: ct }), ...(url && { url }) });
      if (o.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout.write(terminalText(result.articles.map(articleText).join('\n\n')));
      if (result.articles.length > 0) return ExitCode.ok;
      const why = result.diagnostics.warnings.join('; ');
      io.stderr.write(`newsflow extract: no article found in ${target}${why ? ` (${why})` : ''}\n`);
      return ExitCode.failure;
    } catch (err) {
      io.stderr.write(`newsflow extract: ${target}: ${failureText(err)}\n`);
      return ExitCode.failure;
    }
  },
};
