import type { CommandEntry } from '../command.js';

/** Every sub-command, in the order `newsflow --help` lists them. Add new commands here. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'push',
    summary: 'put URLs onto url.requested (--follow: wait for the stored articles)',
    load: async () => (await import('./push.js')).pushCommand,
  },
  {
    name: 'sources',
    summary: 'follow sites by their feeds and sitemaps (add, list, pause, resume, remove, parse)',
    load: async () => (await import('./sources.js')).sourcesCommand,
  },
  {
    name: 'status',
    summary: 'show consumer lag, queue depths, dead letters and articles stored',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'articles',
    summary: 'list stored articles (--site, --entity, --since, --json)',
    load: async () => (await import('./articles.js')).articlesCommand,
  },
  {
    name: 'dlq',
    summary: 'list dead-lettered messages (--replay: send them back to their topic)',
    load: async () => (await import('./dlq.js')).dlqCommand,
  },
  {
    name: 'console',
    summary: 'run the web console on http://127.0.0.1:8090 (pipeline, dead letters, articles, queues)',
    load: async () => (await import('./console.js')).consoleCommand,
  },
  {
    name: 'reprocess',
    summary: 'replay stored pages through cleaner and entities again (--since, --site), no fetching',
    load: async () => (await import('./reprocess.js')).reprocessCommand,
  },
  {
    name: 'import-warc',
    summary: 'pour WARC/ARC archives (files, directories, URLs) through the pipeline; resumable',
    load: async () => (await import('./import-warc.js')).importWarcCommand,
  },
  {
    name: 'export-warc',
    summary: 'write stored raw pages as a WARC/1.1 file (--since, --site, --out)',
    load: async () => (await import('./export-warc.js')).exportWarcCommand,
  },
  {
    name: 'topics',
    summary: 'list (--create: create) the pipeline topics with their partition counts',
    load: async () => (await import('./topics.js')).topicsCommand,
  },
  {
    name: 'extract',
    summary: 'extract the article(s) of a page (file, URL or stdin) or a directory of pages',
    load: async () => (await import('./extract.js')).extractCommand,
  },
  {
    name: 'entities',
    summary: 'print the named entities of a text (table or --json)',
    load: async () => (await import('./entities.js')).entitiesCommand,
  },
];
