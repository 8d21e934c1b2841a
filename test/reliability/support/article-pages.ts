import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractArticles } from '@newsflow/extraction';

/**
 * Real article text for the fixture site: the human-checked main content of the WCXB dev pages in
 * ../shared/data, else the committed seed pages. Each generated page wraps one of them in a small news
 * layout (nav, byline, footer) with a unique title and closing paragraph, so every URL yields one distinct
 * article and the cleaner's per-host template learning never mistakes article text for boilerplate.
 */
const WCXB_TRUTH = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'wcxb-dev-articles',
  'ground-truth',
);
const SEEDS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'seeds');

/** Paragraphs kept per page: enough for a real article, small enough that entity tagging stays quick. */
const MAX_PARAGRAPHS = 8;
const MAX_ARTICLE_CHARS = 2500;

interface Source {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function readSources(): Source[] {
  const sources: Source[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(WCXB_TRUTH)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    files = [];
  }
  for (const file of files) {
    const truth = JSON.parse(readFileSync(join(WCXB_TRUTH, file), 'utf8')) as {
      ground_truth?: { title?: string; main_content?: string };
    };
    const title = truth.ground_truth?.title?.trim() ?? '';
    const paragraphs = (truth.ground_truth?.main_content ?? '')
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p.split(/\s+/).length >= 12);
    if (title === '' || paragraphs.length < 3) continue;
    const kept: string[] = [];
    let chars = 0;
    for (const p of paragraphs.slice(0, MAX_PARAGRAPHS)) {
      if (chars + p.length > MAX_ARTICLE_CHARS && kept.length >= 3) break;
      kept.push(p);
      chars += p.length;
    }
    sources.push({ title, paragraphs: kept });
  }
  if (sources.length > 0) return sources;
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
    const lines = readFileSync(join(SEEDS, file), 'utf8')
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter((p) => p.split(/\s+/).length >= 12);
    if (lines.length >= 3)
      sources.push({ title: lines[0]!.slice(0, 80), paragraphs: lines.slice(1, 1 + MAX_PARAGRAPHS) });
  }
  return sources;
}

function render(source: Source, index: number): string {
  const title = `${source.title} (dispatch ${index})`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} | Fixture News</title></head><body>`,
    '<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>',
    `<main><article><h1>${escapeHtml(title)}</h1><p class="byline">By Fixture Desk</p>`,
    ...source.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>This is dispatch number ${index} of the reliability run, filed for page ${index} only.</p>`,
    '</article></main>',
    '<footer><p>Copyright Fixture News. All rights reserved. Terms and privacy policy apply.</p></footer>',
    '</body></html>',
  ].join('\n');
}

/**
 * Distinct sources used at most (all of the WCXB dev pages); larger runs cycle through them. Repeated text is a
 * near-duplicate for the store (marked `duplicateOf`, still one document per URL); runs below this size never
 * repeat one.
 */
const MAX_SOURCES = 1000;

let candidates: Source[] | undefined;
const usable: Source[] = [];
let checked = 0;

/** Sources whose rendered page gives exactly one article with text, checked lazily (extraction costs CPU). */
function usableSources(wanted: number): Source[] {
  candidates ??= readSources();
  while (usable.length < Math.min(wanted, MAX_SOURCES) && checked < candidates.length) {
    const source = candidates[checked]!;
    checked += 1;
    const { articles } = extractArticles({
      body: render(source, 0),
      contentType: 'text/html',
      url: 'http://127.0.0.1/a/0',
    });
    if (articles.length === 1 && (articles[0]?.text.length ?? 0) > 200) usable.push(source);
  }
  if (usable.length === 0) throw new Error(`no usable article sources under ${WCXB_TRUTH} or ${SEEDS}`);
  return usable;
}

/** The HTML of article page `index` of a run of `count` pages (the same index always gives the same page). */
export function articlePage(index: number, count: number): string {
  const sources = usableSources(count);
  return render(sources[index % sources.length]!, index);
}
