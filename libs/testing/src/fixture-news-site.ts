import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';

/** The feed formats the fixture site can announce on its home page. */
export type FixtureFeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FixtureArticle {
  readonly path: string;
  readonly title: string;
  readonly author: string;
  readonly publishedAt: Date;
  readonly paragraphs: readonly string[];
}

export interface FixtureNewsSiteOptions {
  /** Feeds announced with `<link rel="alternate">` on the home page. @default [] */
  readonly feeds?: readonly FixtureFeedFormat[];
  /**
   * robots.txt `Sitemap:` → `/sitemap_index.xml` → `/sitemaps/articles.xml.gz` (gzipped, every article with its
   * lastmod) and `/news-sitemap.xml` (Google News tags). @default false
   */
  readonly sitemaps?: boolean;
  /** Articles at start, published a few minutes apart before now. @default 3 */
  readonly articles?: number;
  /** Old articles (years back) listed only in the archive sitemap, for backfill tests. @default 0 */
  readonly archived?: number;
}

export interface FixtureNewsSite extends FixtureSite {
  /** Every article published so far, newest first (archived ones last). */
  readonly articles: readonly FixtureArticle[];
  /**
   * Publishes `count` new articles (dated now) on the home page, feeds and sitemaps; with `sitemaps: false`
   * the sitemaps leave them out (a sitemap that lags its feed), so only a feed can announce them.
   */
  publish(count: number, where?: { readonly sitemaps?: boolean }): FixtureArticle[];
  /** Makes every path answer `status` (e.g. 500) until called again with `undefined`. */
  failWith(status: number | undefined): void;
}

const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Claude Shannon',
  'Barbara Liskov',
  'Edsger Dijkstra',
  'Margaret Hamilton',
];
const PLACES = ['Lisbon', 'Nairobi', 'Montreal', 'Osaka', 'Valparaíso', 'Tromsø', 'Kraków', 'Hobart'];
const TOPICS = ['harbour', 'railway', 'library', 'observatory', 'market', 'bridge', 'festival', 'school'];

/** A distinct, extractable story for article `n` (its words differ enough that no two are near-duplicates). */
function story(n: number, publishedAt: Date): FixtureArticle {
  const person = PEOPLE[n % PEOPLE.length]!;
  const place = PLACES[(n * 3) % PLACES.length]!;
  const topic = TOPICS[(n * 5) % TOPICS.length]!;
  const title = `${place} opens its new ${topic}, number ${n}, says ${person}`;
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const day = publishedAt.toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    path: `/${day}/${slug}`,
    title,
    author: person,
    publishedAt,
    paragraphs: [
      `The city of ${place} opened its new ${topic} on the ${n}th day of the programme, and ${person} was there to cut the ribbon in front of ${100 + n * 7} residents.`,
      `"We waited ${n + 2} years for this ${topic}," ${person.split(' ')[0]} told reporters from the steps, adding that the project in ${place} had cost ${n * 13 + 40} million and employed ${n * 11 + 9} people from the region.`,
      `Critics in ${place} said the ${topic} came ${n % 5} months late and that story number ${n} of the series was not the end of it; the council promised a review of the budget before winter.`,
      `Officials expect ${n * 1000 + 250} visitors in the first month. Story ${n} of the fixture site ends here, with a quote: "The ${topic} belongs to everyone in ${place}."`,
    ],
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const FEED_PATHS: Readonly<Record<FixtureFeedFormat, { path: string; type: string }>> = {
  rss: { path: '/feed.rss', type: 'application/rss+xml' },
  atom: { path: '/atom.xml', type: 'application/atom+xml' },
  rdf: { path: '/index.rdf', type: 'application/rdf+xml' },
  json: { path: '/feed.json', type: 'application/feed+json' },
};

/**
 * A small news site on loopback for discovery tests: a home page linking its articles (dated paths), the
 * feeds it is asked for (RSS 2.0, Atom 1.0, RDF/RSS 1.0, JSON Feed, announced with `<link rel="alternate">`),
 * optionally robots.txt `Sitemap:` → sitemap index → a gzipped sitemap and a Google News sitemap, article
 * pages, and ETag/If-None-Match on every listing. Articles' pages name neither author nor date: only the
 * feeds do (so feed metadata is the evidence the cleaner has). Test-only.
 */
export async function startFixtureNewsSite(options: FixtureNewsSiteOptions = {}): Promise<FixtureNewsSite> {
  const feeds = options.feeds ?? [];
  const articles: FixtureArticle[] = [];
  const feedOnly = new Set<FixtureArticle>();
  const inSitemaps = () => articles.filter((a) => !feedOnly.has(a));
  let next = 1;
  const now = Date.now();
  for (let i = (options.articles ?? 3) - 1; i >= 0; i--)
    articles.unshift(story(next++, new Date(now - (i + 1) * 60_000)));
  articles.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  const archived: FixtureArticle[] = [];
  for (let i = 0; i < (options.archived ?? 0); i++)
    archived.push(story(next++, new Date(Date.UTC(2019, i % 12, 1 + (i % 27)))));
  let failStatus: number | undefined;
  // Known once the server listens; every page is built after that.
  let origin = '';
  const abs = (path: string) => `${origin}${path}`;
  const home = () => `<!doctype html><html><head><title>Fixture News</title>
${feeds.map((f) => `<link rel="alternate" type="${FEED_PATHS[f].type}" title="Fixture News ${f}" href="${FEED_PATHS[f].path}">`).join('\n')}
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/tag/science">Science</a></nav>
<main>${articles.map((a) => `<article><h2><a href="${a.path}">${escapeXml(a.title)}</a></h2></article>`).join('\n')}</main>
<footer><a href="/about">About</a> <a href="/privacy">Privacy</a></footer></body></html>`;
  const page = (
    a: FixtureArticle,
  ) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(a.title)}</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>${escapeXml(a.title)}</h1>${a.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('')}</article></body></html>`;
  const listings: Record<string, () => { body: string | Buffer; type: string }> = {
    '/feed.rss': () => ({
      type: 'application/rss+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Fixture News</title><link>${abs('/')}</link>${articles
        .map(
          (a) =>
            `<item><title>${escapeXml(a.title)}</title><link>${abs(a.path)}</link><guid>${a.path}</guid><pubDate>${a.publishedAt.toUTCString()}</pubDate><dc:creator>${a.author}</dc:creator></item>`,
        )
        .join('')}</channel></rss>`,
    }),
    '/atom.xml': () => ({
      type: 'application/atom+xml',
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture News</title><id>${abs('/')}</id>${articles
        .map(
          (a) =>
            `<entry><title>${escapeXml(a.title)}</title><link href="${a.path}"/><id>tag:fixture,${a.path}</id><published>${a.publishedAt.toISOString()}</published><updated>${a.publishedAt.toISOString()}</updated><author><name>${a.author}</name></author></entry>`,
        )
        .join('')}</feed>`,
    }),
    '/index.rdf': () => ({
      type: 'application/rdf+xml',
      body: `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="${abs('/')}"><title>Fixture News</title><link>${abs('/')}</link></channel>${articles
        .map(
          (a) =>
            `<item rdf:about="${abs(a.path)}"><title>${escapeXml(a.title)}</title><link>${abs(a.path)}</link><dc:date>${a.publishedAt.toISOString()}</dc:date><dc:creator>${a.author}</dc:creator></item>`,
        )
        .join('')}</rdf:RDF>`,
    }),
    '/feed.json': () => ({
      type: 'application/feed+json',
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Fixture News',
        items: articles.map((a) => ({
          id: a.path,
          url: abs(a.path),
          title: a.title,
          date_published: a.publishedAt.toISOString(),
          authors: [{ name: a.author }],
        })),
      }),
    }),
    '/sitemap_index.xml': () => ({
      type: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${abs('/sitemaps/articles.xml.gz')}</loc><lastmod>${(articles[0]?.publishedAt ?? new Date()).toISOString()}</lastmod></sitemap><sitemap><loc>${abs('/news-sitemap.xml')}</loc></sitemap></sitemapindex>`,
    }),
    '/sitemaps/articles.xml.gz': () => ({
      type: 'application/x-gzip',
      body: gzipSync(
        `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[
          ...inSitemaps(),
          ...archived,
        ]
          .map((a) => `<url><loc>${abs(a.path)}</loc><lastmod>${a.publishedAt.toISOString()}</lastmod></url>`)
          .join('')}</urlset>`,
      ),
    }),
    '/news-sitemap.xml': () => ({
      type: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${inSitemaps()
        .map(
          (a) =>
            `<url><loc>${abs(a.path)}</loc><news:news><news:publication><news:name>Fixture News</news:name><news:language>en</news:language></news:publication><news:publication_date>${a.publishedAt.toISOString()}</news:publication_date><news:title>${escapeXml(a.title)}</news:title></news:news></url>`,
        )
        .join('')}</urlset>`,
    }),
  };
  const served = new Set<string>([
    ...feeds.map((f) => FEED_PATHS[f].path),
    ...(options.sitemaps ? ['/sitemap_index.xml', '/sitemaps/articles.xml.gz', '/news-sitemap.xml'] : []),
  ]);

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (failStatus !== undefined) {
      response
        .writeHead(failStatus, { 'content-type': 'text/plain' })
        .end(`fixture failing with ${failStatus}`);
      return;
    }
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(home());
      return;
    }
    if (path === '/robots.txt') {
      const lines = [
        'User-agent: *',
        'Allow: /',
        ...(options.sitemaps ? [`Sitemap: ${abs('/sitemap_index.xml')}`] : []),
      ];
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${lines.join('\n')}\n`);
      return;
    }
    const listing = served.has(path) ? listings[path] : undefined;
    if (listing) {
      const { body, type } = listing();
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { 'content-type': type, etag }).end(body);
      return;
    }
    const article = [...articles, ...archived].find((a) => a.path === path);
    if (article) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(article));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
  };
  const site = await startFixtureSite(handler);
  origin = site.origin;
  return {
    ...site,
    articles,
    publish(count, where) {
      const fresh = Array.from({ length: count }, () => story(next++, new Date()));
      if (where?.sitemaps === false) for (const a of fresh) feedOnly.add(a);
      articles.unshift(...fresh.reverse());
      return fresh;
    },
    failWith(status) {
      failStatus = status;
    },
  };
}
