/**
 * How extraction's CPU time grows with hostile input: for each page shape (deep nesting, wide siblings,
 * long text, many attributes, …) the size doubles a few times and the CPU time of `extractArticles` is
 * printed beside the ratio to the previous size. Linear work doubles (ratio ≈ 2); a ratio near 4 is a
 * quadratic path. Each size takes the fastest of a few runs (the machine is shared).
 *
 *   npm run bench:scale -- [--shape TEXT] [--from N] [--steps K] [--raised-limits]
 *
 * --shape          the shapes whose name contains TEXT (default: all; names are printed)
 * --from N         the first size (default: each shape's own)
 * --steps K        doublings (default 5)
 * --raised-limits  node and depth limits out of the way, to see the algorithm's own growth (the product
 *                  runs with the default limits, which refuse deep and huge pages)
 */
import { extractArticles, type ExtractInput } from '@newsflow/extraction';
import { countOption, numberOption, parseCliArgs } from './cli-args.js';

interface Shape {
  readonly name: string;
  /** The first size (in the shape's own unit: elements, words, characters). */
  readonly from: number;
  readonly page: (n: number) => string;
  readonly contentType?: ExtractInput['contentType'];
}

/** A page URL, so that the rules which compare links with the page's host run. */
const URL = 'https://news.example/2024/01/02/story';
const para = 'A sentence of ordinary prose, long enough to count as a paragraph, with a comma or two.';

/** Levels of the chains below: under the default depth limit (1 000) with the page's own levels. */
const DEEP_CHAIN = 300;

const SHAPES: readonly Shape[] = [
  { name: 'nested-divs', from: 1250, page: (n) => `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}` },
  { name: 'unclosed-b', from: 1250, page: (n) => '<b>'.repeat(n) },
  { name: 'unclosed-p-in-divs', from: 1250, page: (n) => `${'<div><p>'.repeat(n)}${para}` },
  {
    name: 'nested-lists',
    from: 1250,
    page: (n) => `${'<ul><li>'.repeat(n)}${para}${'</li></ul>'.repeat(n)}`,
  },
  {
    name: 'nested-tables',
    from: 300,
    page: (n) => `${'<table><tr><td>'.repeat(n)}${para}${'</td></tr></table>'.repeat(n)}`,
  },
  { name: 'nested-links', from: 1250, page: (n) => `<p>${'<a href="/x">w '.repeat(n)}</p>` },
  {
    name: 'deep-with-paragraphs',
    from: 1250,
    page: (n) => `${'<div class="c">'.repeat(900)}${`<p>${para}</p>`.repeat(n)}${'</div>'.repeat(900)}`,
  },
  {
    name: 'paragraph-under-each-level',
    from: 100,
    page: (n) => `${`<div><p>${para}</p>`.repeat(n)}${'</div>'.repeat(n)}`,
  },
  { name: 'wide-list', from: 5000, page: (n) => `<ul>${'<li>item text here</li>'.repeat(n)}</ul>` },
  { name: 'wide-paragraphs', from: 2500, page: (n) => `<article>${`<p>${para}</p>`.repeat(n)}</article>` },
  { name: 'wide-divs', from: 5000, page: (n) => `<div>${'<div>short</div>'.repeat(n)}</div>` },
  {
    name: 'wide-linked-cards',
    from: 1250,
    page: (n) =>
      `<div>${`<div><h3><a href="/s">Story headline</a></h3><p>${para}</p></div>`.repeat(n)}</div>`,
  },
  { name: 'long-text-node', from: 25_000, page: (n) => `<p>${'word '.repeat(n)}</p>` },
  { name: 'long-word', from: 100_000, page: (n) => `<p>${'x'.repeat(n)}</p>` },
  { name: 'long-word-plain', from: 100_000, page: (n) => 'x'.repeat(n), contentType: 'text/plain' },
  { name: 'plain-words', from: 25_000, page: (n) => 'word '.repeat(n), contentType: 'text/plain' },
  {
    name: 'plain-lines',
    from: 12_500,
    page: (n) => 'Short line of text\n'.repeat(n),
    contentType: 'text/plain',
  },
  {
    name: 'plain-bylines',
    from: 2500,
    page: (n) => '\n'.repeat(n) + 'By , in ,\n'.repeat(n),
    contentType: 'text/plain',
  },
  {
    name: 'many-attributes',
    from: 5000,
    page: (n) => `<div ${Array.from({ length: n }, (_, i) => `a${i}="v"`).join(' ')}>${para}</div>`,
  },
  {
    name: 'long-class',
    from: 5000,
    page: (n) => `<div class="${'comment x-'.repeat(n)}"><p>${para}</p></div>`,
  },
  {
    name: 'many-scripts',
    from: 2500,
    page: (n) => `<p>${para}</p>${'<script>var a = "<div>";</script><style>p{}</style>'.repeat(n)}`,
  },
  {
    name: 'json-ld-scripts',
    from: 1250,
    page: (n) =>
      `<p>${para}</p>${'<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"name":"A B"}}</script>'.repeat(n)}`,
  },
  {
    name: 'many-metas',
    from: 2500,
    page: (n) =>
      `<head>${'<meta property="og:title" content="T"><meta name="author" content="A B">'.repeat(n)}</head><p>${para}</p>`,
  },
  {
    name: 'huge-table',
    from: 50,
    page: (n) => `<table>${`<tr>${'<td>cell text</td>'.repeat(n)}</tr>`.repeat(n)}</table>`,
  },
  { name: 'many-brs', from: 12_500, page: (n) => `<div>${'line<br>'.repeat(n)}</div>` },
  {
    name: 'many-headings',
    from: 2500,
    page: (n) => `<article>${`<h2>Heading</h2><p>${para}</p>`.repeat(n)}</article>`,
  },
  {
    name: 'many-times',
    from: 2500,
    page: (n) =>
      `<article>${`<p><time datetime="2024-01-02">2 January 2024</time> ${para}</p>`.repeat(n)}</article>`,
  },
  {
    name: 'many-articles',
    from: 500,
    page: (n) =>
      `<body>${`<article><h2><a href="/p">Post</a></h2><p>${para.repeat(8)}</p></article>`.repeat(n)}</body>`,
  },
  // A chain just under the depth limit above a wide, text-less subtree: a walk per level of the chain that
  // reads the subtree (an element's text, its first descendant of some kind) costs depth × size.
  ...[
    '<div>',
    '<p>',
    '<div class="byline">',
    '<div class="post-date">',
    '<div itemprop="author">',
    '<span itemprop="datePublished">',
    '<a rel="author" href="/a">',
    '<a href="/author/jane-doe/">',
    '<h2>',
    '<time>',
    '<article>',
    '<div class="comments" id="a-long-section-identifier">',
    '<ul><li><a href="https://elsewhere.example/p">Brand item</a>',
    '<ul><li>',
    '<table><tr><td>',
    '<div class="post">',
  ].map((wrapper): Shape => ({
    name: `deep ${wrapper}`,
    from: 2500,
    page: (n) =>
      `<article><p>${para}</p>${wrapper.repeat(DEEP_CHAIN)}${'<i></i>'.repeat(n)}${para}</article>`,
  })),
  {
    // Junk wrappers holding most of the prose are rescued unless the page marks its content elsewhere.
    name: 'junk-wrappers-beside-mains',
    from: 50,
    page: (n) =>
      `<body>${`<main><p>${para.repeat(3)}</p></main>`.repeat(n)}${'<div class="sidebar">'.repeat(Math.min(n, 900))}${`<p>${para}</p>`.repeat(4 * n)}</body>`,
  },
  {
    name: 'greeting-bios',
    from: 1250,
    page: (n) =>
      `<article>${`<p>${para}</p>`.repeat(n)}${"<p>Hi, I'm Jessica! Welcome to my blog about food.</p>".repeat(n)}</article>`,
  },
  { name: 'entities', from: 25_000, page: (n) => `<p>${'&amp;ccedil;&nbsp;'.repeat(n)}</p>` },
];

const USAGE = 'usage: npm run bench:scale -- [--shape TEXT] [--from N] [--steps K] [--raised-limits]';
const { values } = parseCliArgs(
  {
    options: {
      shape: { type: 'string' },
      from: { type: 'string' },
      steps: { type: 'string', default: '5' },
      'raised-limits': { type: 'boolean', default: false },
    },
  },
  USAGE,
);
const from = values.from === undefined ? undefined : countOption('from', values.from, USAGE);
const steps = numberOption('steps', values.steps, USAGE, true);
const RUNS_PER_SIZE = 3;
const limits = values['raised-limits'] ? { maxNodes: 1e9, maxDepth: 1e9, maxInputChars: 1e9 } : undefined;

function cpuMs(page: string, contentType: ExtractInput['contentType']): { ms: number; outcome: string } {
  let best = Infinity;
  let outcome = '';
  for (let i = 0; i < RUNS_PER_SIZE; i++) {
    const c0 = process.cpuUsage();
    try {
      const r = extractArticles({
        body: page,
        url: URL,
        ...(contentType && { contentType }),
        ...(limits && { limits }),
      });
      outcome = `${r.articles.length} article(s)`;
    } catch (error) {
      outcome = (error as { code?: string }).code ?? String(error);
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return { ms: best, outcome };
}

const shapes = values.shape ? SHAPES.filter((s) => s.name.includes(values.shape!)) : SHAPES;
if (shapes.length === 0) throw new Error(`unknown shape; one of: ${SHAPES.map((s) => s.name).join(', ')}`);
console.log(`shape                        size      chars     CPU ms   ×prev  outcome`);
for (const shape of shapes) {
  let n = from ?? shape.from;
  let prev: number | undefined;
  for (let step = 0; step <= steps; step++, n *= 2) {
    const page = shape.page(n);
    const { ms, outcome } = cpuMs(page, shape.contentType);
    const ratio = prev === undefined || prev < 1 ? '' : (ms / prev).toFixed(2);
    console.log(
      `${shape.name.padEnd(28)} ${String(n).padStart(7)} ${String(page.length).padStart(10)} ${ms.toFixed(1).padStart(10)} ${ratio.padStart(7)}  ${outcome}`,
    );
    prev = ms;
  }
}
