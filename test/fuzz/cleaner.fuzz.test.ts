import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtractionErrorCode, extractArticles, type ExtractInput } from '@newsflow/extraction';
import { decodePage } from '../../services/cleaner/src/page-text.js';
import { boundedCall } from './support/bounded-call.js';

/**
 * Fuzzing the cleaner's pure core: random and mutated HTML/text through `extractArticles`, random bytes
 * through the cleaner's `decodePage`. Neither may throw anything but its library's typed errors (with a
 * `code`), nor run past the bounds of support/bounded-call.ts on one input. `FUZZ_RUNS` raises the
 * number of inputs (the soak run does).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const NOW = new Date('2026-11-23T12:00:00Z');
const EXTRACTION_CODES = new Set<string>(Object.values(ExtractionErrorCode));

const pagesDir = resolve(import.meta.dirname, '..', 'fixtures', 'pages');
const realPages = readdirSync(pagesDir).flatMap((slug) => {
  for (const name of ['source.html', 'source.txt']) {
    try {
      return [readFileSync(join(pagesDir, slug, name), 'utf8')];
    } catch {
      // not this kind
    }
  }
  return [];
});


const isExtractionError = (error: unknown): boolean =>
  error instanceof Error &&
  'code' in error &&
  EXTRACTION_CODES.has(String(error.code)) &&
  'retriable' in error;

function extractChecked(input: ExtractInput): void {
  const result = boundedCall('extractArticles', () => extractArticles(input), isExtractionError);
  if (typeof result === 'string') return;
  expect(Array.isArray(result.articles)).toBe(true);
  for (const article of result.articles) {
    expect(typeof article.text).toBe('string');
    expect(typeof article.title).toBe('string');
    expect(Number.isInteger(article.wordCount) && article.wordCount >= 0).toBe(true);
    if (article.publishedAt !== undefined) expect(Number.isNaN(Date.parse(article.publishedAt))).toBe(false);
  }
}

const TAGS = [
  'div',
  'p',
  'article',
  'main',
  'section',
  'span',
  'a',
  'h1',
  'h2',
  'ul',
  'li',
  'table',
  'td',
  'script',
  'style',
  'nav',
  'footer',
  'br',
  'img',
  'meta',
  'time',
  'pre',
  'template',
  'svg',
  'iframe',
  'noscript',
];
const ATTRS = [
  'class="content"',
  'id="main"',
  'itemprop="articleBody"',
  'property="og:title" content="T"',
  'datetime="2024-02-30T25:61"',
  'rel="canonical" href="javascript:x"',
  'href="http://[::1"',
  'name="author" content=""',
  'hidden',
  'style="display:none"',
  'class="comment"',
];

/** Random HTML trees of known tags, attributes and texts, plus stray markup. */
const htmlTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.constantFrom(
      '&amp;',
      '&#0;',
      '&#x110000;',
      '&nbsp;',
      '<!-- c -->',
      '<![CDATA[x]]>',
      '</p>',
      '<',
      '>',
      '\u0000',
      '\uFEFF',
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":1,"datePublished":"yesterday","author":[null]}</script>',
    ),
    fc
      .tuple(
        fc.constantFrom(...TAGS),
        fc.array(fc.constantFrom(...ATTRS), { maxLength: 3 }),
        fc.array(tie('node'), { maxLength: 6 }),
        fc.boolean(),
      )
      .map(
        ([tag, attrs, children, closed]) =>
          `<${tag}${attrs.map((a) => ` ${a}`).join('')}>${children.join('')}${closed ? `</${tag}>` : ''}`,
      ),
  ),
})).node;

/** A real page with random edits: cut, repeated, spliced with random text or markup, truncated. */
const mutatedPage: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...realPages),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 2000 }),
        fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), htmlTree),
        fc.constantFrom('cut', 'insert', 'repeat'),
      ),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([page, edits]) => {
    let s = page;
    for (const [at, len, text, kind] of edits) {
      const i = at % (s.length + 1);
      if (kind === 'cut') s = s.slice(0, i) + text + s.slice(i + len);
      else if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else s = s.slice(0, i) + s.slice(i, i + len).repeat(3) + s.slice(i);
    }
    return s;
  });

const contentType = fc.constantFrom<ExtractInput['contentType']>('text/html', 'text/plain', undefined);

describe('fuzz: extractArticles never throws untyped errors and never hangs', () => {
  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), contentType, (body, type) => {
        extractChecked({ body, now: NOW, ...(type && { contentType: type }) });
      }),
      { numRuns: RUNS },
    );
  });

  it('random HTML trees', () => {
    fc.assert(
      fc.property(
        htmlTree,
        fc.constantFrom('http://127.0.0.1/a/1', 'https://news.example/2024/01/02/story', 'not a url'),
        (body, url) => {
          extractChecked({
            body: `<html><body>${body}</body></html>`,
            url,
            now: NOW,
            contentType: 'text/html',
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('mutated real pages, as HTML and as text', () => {
    expect(realPages.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(mutatedPage, contentType, (body, type) => {
        extractChecked({
          body,
          url: 'https://news.example/2017/04/12/story',
          now: NOW,
          ...(type && { contentType: type }),
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('pathological shapes up to 1 MB: deep nesting, huge single lines, many siblings, tight limits', () => {
    const shapes = fc.oneof(
      fc.integer({ min: 1, max: 20_000 }).map((n) => `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`),
      fc.integer({ min: 1, max: 20_000 }).map((n) => '<b>'.repeat(n)),
      fc.integer({ min: 1, max: 40_000 }).map((n) => `<ul>${'<li>item text here</li>'.repeat(n)}</ul>`),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `<p>${'word '.repeat(n)}</p>`),
      fc.integer({ min: 1, max: 200_000 }).map((n) => 'word '.repeat(n)),
      fc.integer({ min: 1, max: 50_000 }).map((n) => '\n'.repeat(n) + 'By , in ,\n'.repeat(n % 5000)),
    );
    fc.assert(
      fc.property(shapes, fc.boolean(), (body, tight) => {
        extractChecked({
          body,
          now: NOW,
          ...(tight && { limits: { maxInputChars: 100_000, maxNodes: 5000, maxDepth: 100 } }),
        });
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });
});

describe('fuzz: the cleaner decodes any bytes or refuses them with a typed error', () => {
  it('random bytes with random content types and charsets', () => {
    const isCleanerError = (error: unknown): boolean =>
      error instanceof Error &&
      'code' in error &&
      ['CLEANER_BINARY_BODY', 'CLEANER_UNSUPPORTED_TYPE'].includes(String(error.code));
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4000 }),
        fc.constantFrom(
          'text/html',
          'text/html; charset=utf-8',
          'text/html; charset=windows-1252',
          'text/plain; charset=shift_jis',
          'text/html; charset=bogus',
          '',
        ),
        fc.constantFrom(undefined, 'utf-8', 'iso-8859-1', 'utf-16le', 'x-nonsense'),
        (bytes, type, charset) => {
          const decoded = boundedCall('decodePage', () => decodePage(bytes, type, charset), isCleanerError);
          if (typeof decoded !== 'string') expect(typeof decoded.text).toBe('string');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
