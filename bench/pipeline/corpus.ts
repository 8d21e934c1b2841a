import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** One development page as fetched: its raw bytes gzip-compressed, as the data set stores them. */
export interface CorpusPage {
  /** `<set>/<file id>`, e.g. `wcxb/0001`. */
  readonly id: string;
  readonly gzipped: Buffer;
}

/** The development sets served by the fixture site (`../shared/data/<folder>/html/*.html.gz`). */
export const CORPUS_SETS = [
  { name: 'scrapinghub', folder: 'scrapinghub/html' },
  { name: 'wcxb', folder: 'wcxb-dev-articles/html' },
] as const;

/** Reads every development page of `dataDir` (sorted by set, then file name, so runs are repeatable). */
export async function loadCorpus(dataDir: string): Promise<CorpusPage[]> {
  const pages: CorpusPage[] = [];
  for (const set of CORPUS_SETS) {
    const dir = join(dataDir, set.folder);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.html.gz')).sort();
    for (const file of files) {
      pages.push({
        id: `${set.name}/${file.slice(0, -'.html.gz'.length)}`,
        gzipped: await readFile(join(dir, file)),
      });
    }
  }
  if (pages.length === 0) throw new Error(`no *.html.gz pages under ${dataDir}`);
  return pages;
}

/**
 * The path of request `index` of a run: page `index % pages`, variant `index / pages`, under the run's tag,
 * so every URL is distinct (the fetcher dedupes URLs, and its normaliser would keep `?v=` but strip `utm_*`).
 */
export function pagePath(runTag: string, pages: readonly CorpusPage[], index: number): string {
  const page = pages[index % pages.length]!;
  return `/${runTag}/v${Math.floor(index / pages.length)}/${page.id}.html`;
}

/** The corpus page a path of {@link pagePath} names, or undefined. */
export function pageIdOfPath(path: string): string | undefined {
  const match = /^\/[^/]+\/v\d+\/([a-z]+\/[^/]+)\.html$/.exec(path);
  return match?.[1];
}
