import type { CommandEntry } from '../command.js';
import { articlesArgs, articlesHelp } from './articles-help.js';
import { consoleArgs, consoleHelp } from './console-help.js';
import { dlqArgs, dlqHelp } from './dlq-help.js';
import { entitiesArgs, entitiesHelp } from './entities-help.js';
import { exportWarcArgs, exportWarcHelp, parseExportWarcArgs } from './export-warc-help.js';
import { extractArgs, extractHelp } from './extract-help.js';
import { importWarcArgs, importWarcHelp, parseImportWarcArgs } from './import-warc-help.js';
import { pushArgs, pushHelp } from './push-help.js';
import { reprocessArgs, reprocessHelp } from './reprocess-help.js';
import { sourcesArgs, sourcesHelp } from './sources-help.js';
import { statusArgs, statusHelp } from './status-help.js';
import { topicsArgs, topicsHelp } from './topics-help.js';

/**
 * Every sub-command, in the order `newsflow --help` lists them. Add new commands here: the command in
 * `<name>.ts`, loaded when it runs, its help text and flags table in `<name>-help.ts`, which must import no client
 * library.
 */
export const commands: readonly CommandEntry[] = [
  {
    name: 'push',
    summary: 'put URLs onto url.requested (--follow: wait for the stored articles)',
    help: pushHelp,
    args: pushArgs,
    load: async () => (await import('./push.js')).pushCommand,
  },
  {
    name: 'sources',
    summary: 'follow sites by their feeds and sitemaps (add, list, pause, resume, remove, parse)',
    help: sourcesHelp,
    args: sourcesArgs,
    load: async () => (await import('./sources.js')).sourcesCommand,
  },
  {
    name: 'status',
    summary: 'show consumer lag, queue depths, dead letters and articles stored',
    help: statusHelp,
    args: statusArgs,
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'articles',
    summary: 'list stored articles (--site, --entity, --since, --json)',
    help: articlesHelp,
    args: articlesArgs,
    load: async () => (await import('./articles.js')).articlesCommand,
  },
  {
    name: 'dlq',
    summary: 'list dead-lettered messages (--replay: send them back to their topic)',
    help: dlqHelp,
    args: dlqArgs,
    load: async () => (await import('./dlq.js')).dlqCommand,
  },
  {
    name: 'console',
    summary: 'run the web console on http://127.0.0.1:8090 (pipeline, dead letters, articles, queues)',
    help: consoleHelp,
    args: consoleArgs,
    load: async () => (await import('./console.js')).consoleCommand,
  },
  {
    name: 'reprocess',
    summary: 'replay stored pages through cleaner and entities again (--since, --site), no fetching',
    help: reprocessHelp,
    args: reprocessArgs,
    load: async () => (await import('./reprocess.js')).reprocessCommand,
  },
  {
    name: 'import-warc',
    summary: 'pour WARC/ARC archives (files, directories, URLs) through the pipeline; resumable',
    help: importWarcHelp,
    args: importWarcArgs,
    check: parseImportWarcArgs,
    load: async () => (await import('./import-warc.js')).importWarcCommand,
  },
  {
    name: 'export-warc',
    summary: 'write stored raw pages as a WARC/1.1 file (--since, --site, --out)',
    help: exportWarcHelp,
    args: exportWarcArgs,
    check: parseExportWarcArgs,
    load: async () => (await import('./export-warc.js')).exportWarcCommand,
  },
  {
    name: 'topics',
    summary: 'list (--create: create) the pipeline topics with their partition counts',
    help: topicsHelp,
    args: topicsArgs,
    load: async () => (await import('./topics.js')).topicsCommand,
  },
  {
    name: 'extract',
    summary: 'extract the article(s) of a page (file, URL or stdin) or a directory of pages',
    help: extractHelp,
    args: extractArgs,
    load: async () => (await import('./extract.js')).extractCommand,
  },
  {
    name: 'entities',
    summary: 'print the named entities of a text (table or --json)',
    help: entitiesHelp,
    args: entitiesArgs,
    load: async () => (await import('./entities.js')).entitiesCommand,
  },
];
