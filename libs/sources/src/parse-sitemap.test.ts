import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipBounded } from './gunzip.js';
import { parseListing } from './parse-listing.js';
import { parseSitemap, parseSitemapStream } from './parse-sitemap.js';
import { SourcesError } from './sources-error.js';

const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const urlset = (urls: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset ${NS} ${extra}>${urls}</urlset>`;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SourcesError) return error.code;
    throw error;
  }
  throw new Error('expected a SourcesError');
}

describe('parseSitemap', () => {
  it('reads a urlset with lastmod, ignoring image and video locs', () => {
    const map = parseSitemap(
      urlset(
        '<url><loc>https://news.example/a</loc><lastmod>2025-06-03T09:39:21+00:00</lastmod><image:image><image:loc>https://cdn.example/a.jpg</image:loc></image:image></url><url><loc> https://news.example/b </loc></url>',
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
      ),
    );
    expect(map).toMatchObject({ kind: 'sitemap', news: false, skipped: 0, truncated: false });
    expect(map.items).toEqual([
      { url: 'https://news.example/a', modifiedAt: '2025-06-03T09:39:21.000Z' },
      { url: 'https://news.example/b' },
    ]);
  });

  it('reads a sitemap index', () => {
    const map = parseSitemap(
      `<sitemapindex ${NS}><sitemap><loc>https://news.example/sitemap-2025-06.xml.gz</loc><lastmod>2025-06-03</lastmod></sitemap><sitemap><loc>/news-sitemap.xml</loc></sitemap></sitemapindex>`,
      { url: 'https://news.example/sitemap_index.xml' },
    );
    expect(map.kind).toBe('sitemap-index');
    expect(map.sitemaps).toEqual([
      { url: 'https://news.example/sitemap-2025-06.xml.gz', modifiedAt: '2025-06-03T00:00:00.000Z' },
      { url: 'https://news.example/news-sitemap.xml' },
    ]);
  });

  it('reads a Google News sitemap (publication date and title, with prefixed elements and HTML entities)', () => {
    const map = parseSitemap(
      urlset(
        '<url><loc>https://news.example/n1</loc><news:news><news:publication><news:name>The Example</news:name><news:language>en</news:language></news:publication><news:publication_date>2025-06-03T09:39:21+02:00</news:publication_date><news:title>Caf&eacute;&nbsp;owners &amp; rates</news:title></news:news></url>',
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"',
      ),
    );
    expect(map.news).toBe(true);
    expect(map.items).toEqual([
      {
        url: 'https://news.example/n1',
        title: 'Café owners & rates',
        publishedAt: '2025-06-03T07:39:21.000Z',
      },
    ]);
  });

  it('tolerates bare ampersands, unclosed tags, a BOM, a namespace prefix on every element, and a plain-text sitemap', () => {
    const broken = parseSitemap(
      Buffer.from(
        `\uFEFF<sm:urlset xmlns:sm="x"><sm:url><sm:loc>https://news.example/a?x=1&y=2</sm:loc></sm:url><sm:url><sm:loc>https://news.example/b</sm:url></sm:urlset>`,
      ),
    );
    expect(broken.items.map((i) => i.url)).toEqual([
      'https://news.example/a?x=1&y=2',
      'https://news.example/b',
    ]);
    const text = parseSitemap('https://news.example/a\nnot a url\n\nhttps://news.example/b\n');
    expect(text).toMatchObject({ kind: 'sitemap', skipped: 1 });
    expect(text.items.map((i) => i.url)).toEqual(['https://news.example/a', 'https://news.example/b']);
  });

  it('skips entries without a usable loc and stops reading past maxEntries', () => {
    const map = parseSitemap(
      urlset(
        '<url><lastmod>2025-06-03</lastmod></url><url><loc>mailto:x@y</loc></url>' +
          '<url><loc>https://news.example/x</loc></url>'.repeat(5),
      ),
      { maxEntries: 3 },
    );
    expect(map.skipped).toBe(2);
    expect(map.items).toHaveLength(3);
    expect(map.truncated).toBe(true);
  });

  it('refuses elements nested deeper than 64 as malformed (the XML parser pays the depth again for each level)', () => {
    expect(() => parseSitemap(`<urlset>${'<url><loc>'.repeat(50_000)}https://news.example/a`)).toThrow(
      expect.objectContaining({ code: 'SOURCES_MALFORMED' }),
    );
    const deep = `<urlset><url><loc>https://news.example/a</loc>${'<x>'.repeat(60)}${'</x>'.repeat(60)}</url></urlset>`;
    expect(parseSitemap(deep).items.map((i) => i.url)).toEqual(['https://news.example/a']);
  });

  it('never expands a DTD: an XML bomb is read as text in one scan', () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      '',
    );
    const map = parseSitemap(
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]>${urlset('<url><loc>https://news.example/&l9;</loc></url>')}`,
    );
    expect(map.items).toHaveLength(1);
    expect(map.items[0]!.url.length).toBeLessThan(100);
  });

  it('parses a 50 000-URL sitemap arriving in pieces with bounded memory (URLs taken one by one)', async () => {
    const entry = (i: number) =>
      `<url><loc>https://news.example/2025/06/03/story-number-${i}</loc><lastmod>2025-06-03T09:39:21Z</lastmod></url>\n`;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><urlset ${NS}>`);
      for (let i = 0; i < 50_000; i += 1000)
        yield Buffer.from(Array.from({ length: 1000 }, (_, j) => entry(i + j)).join(''));
      yield Buffer.from('</urlset>');
    }
    let count = 0;
    let last = '';
    const map = await parseSitemapStream(chunks(), {
      onItem: (item) => {
        count++;
        last = item.url;
      },
    });
    expect(count).toBe(50_000);
    expect(last).toBe('https://news.example/2025/06/03/story-number-49999');
    expect(map.items).toEqual([]);
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body>Not found</body></html>'],
    ['a feed', '<rss version="2.0"><channel></channel></rss>'],
    ['an empty body', ''],
  ])('refuses %s with SOURCES_NOT_A_FEED', (_label, text) => {
    expect(codeOf(() => parseSitemap(text))).toBe('SOURCES_NOT_A_FEED');
  });
});

describe('gzip', () => {
  it('reads a .xml.gz sitemap through parseListing', () => {
    const gz = gzipSync(urlset('<url><loc>https://news.example/gz</loc></url>'));
    expect(parseListing(gz)).toMatchObject({ kind: 'sitemap', items: [{ url: 'https://news.example/gz' }] });
  });

  it('stops a gzip bomb at the bound, having inflated no more than that', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    expect(codeOf(() => parseListing(bomb, { maxBytes: 1024 * 1024 }))).toBe('SOURCES_TOO_LARGE');
    expect(codeOf(() => gunzipBounded(Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3]), 1024))).toBe(
      'SOURCES_BAD_GZIP',
    );
  });
});

describe('parseListing', () => {
  it('tells feeds from sitemaps by content', () => {
    expect(
      parseListing(
        Buffer.from(
          '<?xml version="1.0"?><!-- hi --><rss version="2.0"><channel><item><link>https://news.example/a</link></item></channel></rss>',
        ),
      ),
    ).toMatchObject({ kind: 'feed', format: 'rss' });
    expect(parseListing(Buffer.from(urlset('<url><loc>https://news.example/a</loc></url>')))).toMatchObject({
      kind: 'sitemap',
    });
    expect(codeOf(() => parseListing(Buffer.from('<html><body>hi</body></html>')))).toBe(
      'SOURCES_NOT_A_FEED',
    );
  });
});
