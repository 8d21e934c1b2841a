/**
 * The page corpus: real and hand-made pages, each with the full extraction output checked in, so that any
 * change of output is a reviewed diff in the commit that causes it.
 *
 *   test/fixtures/pages/<slug>/source.html | source.txt   the page as the cleaner gets it (decoded, UTF-8)
 *   test/fixtures/pages/<slug>/expected.json              { description, url?, ...what extraction returns }
 *   test/fixtures/pages/README.md                          one row per page: kind, language, origin; known defects
 *
 * `description`, `url` and `excludes` are written by hand; the rest of expected.json is written by
 * `npm run fixtures:update` (scripts/fixtures-update.ts) and compared by libs/extraction/src/corpus.test.ts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticles, type Article } from '@newsflow/extraction';

export const CORPUS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../test/fixtures/pages',
);

/**
 * The corpus's reference "now" (dates after it are rejected as future). Fixed, so the output does not change
 * with the day the test runs; later than every page of the corpus.
 */
export const CORPUS_NOW = new Date('2026-12-01T00:00:00Z');

/** One page of the corpus, as read from its folder. */
export interface CorpusPage {
  readonly slug: string;
  readonly dir: string;
  /** source.html or source.txt */
  readonly sourceFile: string;
  readonly contentType: 'text/html' | 'text/plain';
  readonly body: string;
  readonly description: string;
  readonly url: string | undefined;
  /**
   * Strings no article's text may contain (boilerplate that must stay out), checked on their own so that
   * regenerating the expectation cannot accept them back unnoticed.
   */
  readonly excludes: readonly string[];
  /** The checked-in expectation; undefined for a page whose expected.json has only description and url. */
  readonly expected: Expectation | undefined;
}

/**
 * One article as checked in: every field extraction returns, with `text` split into its paragraphs and
 * `html` into its blocks so that a change shows as a changed line in the diff.
 */
export type ExpectedArticle = Omit<Article, 'text' | 'html'> & {
  readonly text: readonly string[];
  readonly html: readonly string[];
};

/** What expected.json holds besides description and url. */
export interface Expectation {
  /** How the content was chosen (`ExtractionDiagnostics.strategy`). The extractor version is left out, so a
   * version bump alone changes no expectation. */
  readonly strategy: string;
  readonly warnings: readonly string[];
  readonly templateBlocksRemoved: number;
  readonly articles: readonly ExpectedArticle[];
}

interface ExpectedFile extends Partial<Expectation> {
  readonly description: string;
  readonly url?: string;
  readonly excludes?: readonly string[];
}

/** Slugs of every page folder (one holding an expected.json), sorted. */
export function corpusSlugs(dir = CORPUS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'expected.json')))
    .map((d) => d.name)
    .sort();
}

/** Reads one page; throws when its folder lacks a source or a description. */
export function readCorpusPage(slug: string, dir = CORPUS_DIR): CorpusPage {
  const pageDir = path.join(dir, slug);
  const isText = existsSync(path.join(pageDir, 'source.txt'));
  const sourceFile = path.join(pageDir, isText ? 'source.txt' : 'source.html');
  if (!existsSync(sourceFile)) throw new Error(`${slug}: no source.html or source.txt in ${pageDir}`);
  const file = JSON.parse(readFileSync(path.join(pageDir, 'expected.json'), 'utf8')) as ExpectedFile;
  if (typeof file.description !== 'string' || file.description === '')
    throw new Error(`${slug}: expected.json needs a "description" (what the page shows)`);
  const { description, url, excludes = [], ...rest } = file;
  return {
    slug,
    dir: pageDir,
    sourceFile,
    contentType: isText ? 'text/plain' : 'text/html',
    body: readFileSync(sourceFile, 'utf8'),
    description,
    url,
    excludes,
    expected: rest.articles ? (rest as Expectation) : undefined,
  };
}

/** What extraction gives for the page today, in the checked-in shape (plain JSON: no undefined fields). */
export function expectationOf(page: Pick<CorpusPage, 'body' | 'contentType' | 'url'>): Expectation {
  const { articles, diagnostics } = extractArticles({
    body: page.body,
    contentType: page.contentType,
    ...(page.url && { url: page.url }),
    now: CORPUS_NOW,
  });
  const expectation: Expectation = {
    strategy: diagnostics.strategy,
    warnings: diagnostics.warnings,
    templateBlocksRemoved: diagnostics.templateBlocksRemoved,
    articles: articles.map(({ text, html, ...fields }) =>
      inFieldOrder({
        ...fields,
        text: text === '' ? [] : text.split('\n\n'),
        html: html === '' ? [] : html.split('\n'),
      }),
    ),
  };
  return JSON.parse(JSON.stringify(expectation)) as Expectation;
}

/** Field order in expected.json: what a reviewer reads first, then the text, the html and the provenance. */
const FIELD_ORDER: readonly (keyof ExpectedArticle)[] = [
  'title',
  'authors',
  'publishedAt',
  'modifiedAt',
  'language',
  'siteName',
  'section',
  'tags',
  'description',
  'canonicalUrl',
  'leadImage',
  'wordCount',
  'incomplete',
  'text',
  'html',
  'provenance',
];

/** The article with its fields in FIELD_ORDER (then any new field), so output order never shows as a diff. */
function inFieldOrder(article: ExpectedArticle): ExpectedArticle {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (key in article) ordered[key] = article[key];
  return { ...ordered, ...article };
}

/** The page's `excludes` that some article's text contains: "article <i>: <string>". */
export function leakedExcludes(page: Pick<CorpusPage, 'excludes'>, expectation: Expectation): string[] {
  return expectation.articles.flatMap((article, i) => {
    const text = article.text.join('\n\n');
    return page.excludes.filter((s) => text.includes(s)).map((s) => `article ${i}: ${JSON.stringify(s)}`);
  });
}

/**
 * Writes the page's expected.json from today's output, keeping its hand-written fields.
 * Returns the new expectation and whether the file changed.
 */
export function writeExpectation(page: CorpusPage): { expectation: Expectation; changed: boolean } {
  const file = path.join(page.dir, 'expected.json');
  const before = readFileSync(file, 'utf8');
  const expectation = expectationOf(page);
  const handWritten = {
    description: page.description,
    ...(page.url && { url: page.url }),
    ...(page.excludes.length > 0 && { excludes: page.excludes }),
  };
  const after = `${JSON.stringify({ ...handWritten, ...expectation }, null, 2)}\n`;
  if (after !== before) writeFileSync(file, after);
  return { expectation, changed: after !== before };
}
