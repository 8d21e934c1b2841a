import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';
import { SourcesError } from './sources-error.js';

const FEED_URL = 'https://news.example/feed/';
const rss = (items: string, prolog = '<?xml version="1.0" encoding="utf-8"?>') =>
  `${prolog}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News</title><link>https://news.example/</link>${items}</channel></rss>`;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SourcesError) return error.code;
    throw error;
  }
  throw new Error('expected a SourcesError');
}

describe('parseFeed: the four formats', () => {
  it('reads RSS 2.0 items with dates, authors and guids', () => {
    const feed = parseFeed(
      rss(
        '<item><title>First</title><link>https://news.example/a</link><pubDate>Tue, 03 Jun 2025 09:39:21 +0200</pubDate><dc:creator>Jo Bloggs</dc:creator><guid isPermaLink="false">n-1</guid></item>',
      ),
      { url: FEED_URL },
    );
    expect(feed).toMatchObject({ kind: 'feed', format: 'rss', title: 'News', skipped: 0 });
    expect(feed.items).toEqual([
      {
        url: 'https://news.example/a',
        title: 'First',
        publishedAt: '2025-06-03T07:39:21.000Z',
        authors: ['Jo Bloggs'],
        id: 'n-1',
      },
    ]);
  });

  it('reads Atom 1.0 entries (published and updated, author names)', () => {
    const feed = parseFeed(
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title type="html">A &amp; B</title><link rel="alternate" href="/2025/06/a"/><id>urn:uuid:1</id><published>2025-06-03T09:39:21+02:00</published><updated>2025-06-04T10:00:00Z</updated><author><name>Jo</name></author></entry></feed>',
      { url: 'https://news.example/atom.xml' },
    );
    expect(feed.format).toBe('atom');
    expect(feed.items).toEqual([
      {
        url: 'https://news.example/2025/06/a',
        title: 'A & B',
        publishedAt: '2025-06-03T07:39:21.000Z',
        modifiedAt: '2025-06-04T10:00:00.000Z',
        authors: ['Jo'],
        id: 'urn:uuid:1',
      },
    ]);
  });

  it('reads RDF / RSS 1.0 items with Dublin Core dates and creators', () => {
    const feed = parseFeed(
      '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://news.example/"><title>T</title><link>https://news.example/</link></channel><item rdf:about="https://news.example/r"><title>R</title><link>https://news.example/r</link><dc:date>2025-06-03T09:39:21Z</dc:date><dc:creator>Jo</dc:creator></item></rdf:RDF>',
    );
    expect(feed.format).toBe('rdf');
    expect(feed.items).toEqual([
      { url: 'https://news.example/r', title: 'R', publishedAt: '2025-06-03T09:39:21.000Z', authors: ['Jo'] },
    ]);
  });

  it('reads JSON Feed 1.1', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        items: [
          {
            id: 'j1',
            url: '/j1',
            title: 'J one',
            date_published: '2025-06-03T09:39:21Z',
            authors: [{ name: 'Jo' }],
          },
          { id: 2, content_text: 'no url' },
        ],
      }),
      { url: 'https://news.example/feed.json' },
    );
    expect(feed).toMatchObject({ format: 'json', title: 'J', skipped: 1 });
    expect(feed.items).toEqual([
      {
        url: 'https://news.example/j1',
        title: 'J one',
        publishedAt: '2025-06-03T09:39:21.000Z',
        authors: ['Jo'],
        id: 'j1',
      },
    ]);
  });
});

describe('parseFeed: feeds broken the way real ones are', () => {
  it('keeps what it can of unclosed tags', () => {
    const feed = parseFeed(
      rss(
        '<item><title>A</title><link>https://news.example/a</link><description><p>hello <br> world</description></item>',
      ),
    );
    expect(feed.items.map((i) => i.url)).toEqual(['https://news.example/a']);
  });

  it('decodes HTML entities (&nbsp; &eacute;) that XML does not define, and bare ampersands', () => {
    const feed = parseFeed(
      rss(
        '<item><title>Caf&eacute;&nbsp;news &amp; Tom & Jerry</title><link>https://news.example/a?x=1&y=2</link></item>',
      ),
    );
    expect(feed.items[0]).toMatchObject({
      title: 'Café news & Tom & Jerry',
      url: 'https://news.example/a?x=1&y=2',
    });
  });

  it('reads UTF-8 sent under a wrong declared charset, and Latin-1 declared as such', () => {
    const wrong = Buffer.from(
      rss(
        '<item><title>Zürich été</title><link>https://news.example/a</link></item>',
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
      ),
      'utf8',
    );
    expect(parseFeed(wrong, { contentType: 'application/rss+xml; charset=iso-8859-1' }).items[0]?.title).toBe(
      'Zürich été',
    );
    const latin1 = Buffer.from(
      rss(
        '<item><title>Zürich été</title><link>https://news.example/a</link></item>',
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
      ),
      'latin1',
    );
    expect(parseFeed(latin1).items[0]?.title).toBe('Zürich été');
  });

  it('skips a byte-order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(rss('<item><link>https://news.example/a</link></item>')),
    ]);
    expect(parseFeed(bytes).items).toHaveLength(1);
  });

  it('resolves relative links against the feed URL, takes a permalink guid for a missing link, skips and counts the rest', () => {
    const feed = parseFeed(
      rss(
        '<item><link>a</link></item><item><guid isPermaLink="true">https://news.example/g</guid></item><item><title>no link</title></item><item><link>javascript:alert(1)</link></item>',
      ).replace('<link>https://news.example/</link>', ''),
      { url: FEED_URL },
    );
    expect(feed.items.map((i) => i.url)).toEqual(['https://news.example/feed/a', 'https://news.example/g']);
    expect(feed.skipped).toBe(2);
  });

  it('reads a 10 000-item feed in one pass: the channel link and author each items fall back on are read once', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `<item><link>story-${i}</link></item>`).join('');
    const text = rss(items).replace(
      '<link>https://news.example/</link>',
      '<link>https://news.example/news/</link><managingEditor>desk@news.example (News Desk)</managingEditor>',
    );
    const started = process.cpuUsage();
    const feed = parseFeed(text);
    const cpu = process.cpuUsage(started);
    expect(feed.items).toHaveLength(10_000);
    expect(feed.items[9_999]).toMatchObject({
      url: 'https://news.example/news/story-9999',
      authors: ['News Desk'],
    });
    // Read per item, those two cost n² (8 000 items took a minute); once, this takes well under a second.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
  });

  it('lists a URL once however often the feed repeats it', () => {
    const item = '<item><link>https://news.example/a</link></item>';
    const feed = parseFeed(rss(item + item + item));
    expect(feed.items).toHaveLength(1);
    expect(feed.skipped).toBe(2);
  });

  it('never expands DTD entities: a billion-laughs and a quadratic-blowup feed cost one scan', () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      '',
    );
    const bomb = rss(
      '<item><title>&l9;</title><link>https://news.example/a</link></item>',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]>`,
    );
    const started = process.cpuUsage();
    const feed = parseFeed(bomb);
    expect(feed.items[0]?.url).toBe('https://news.example/a');
    expect(feed.items[0]?.title ?? '').not.toContain('lollol');
    const quadratic = rss(
      `<item><title>${'&a;'.repeat(50_000)}</title><link>https://news.example/q</link></item>`,
      `<!DOCTYPE r [<!ENTITY a "${'x'.repeat(50_000)}">]>`,
    );
    expect(parseFeed(quadratic).items[0]?.url).toBe('https://news.example/q');
    const cpu = process.cpuUsage(started);
    // Expanded, the second would be 2.5 GB of text; unexpanded both take milliseconds (bound generous for a busy machine).
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
  });

  it.each([
    [
      'an HTML page served as a feed',
      '<!DOCTYPE html><html><head><title>Oops</title></head><body>moved</body></html>',
      'SOURCES_NOT_A_FEED',
    ],
    ['an empty body', '   ', 'SOURCES_NOT_A_FEED'],
    ['plain text', 'Service unavailable', 'SOURCES_NOT_A_FEED'],
    ['JSON that is not a JSON Feed', '{"error":"rate limited"}', 'SOURCES_NOT_A_FEED'],
    ['broken JSON', '{"version":"https://jsonfeed.org/version/1", "items": [', 'SOURCES_MALFORMED'],
    ['XML that is no feed', '<?xml version="1.0"?><note><to>x</to></note>', 'SOURCES_NOT_A_FEED'],
  ])('gives a typed error for %s', (_label, text, code) => {
    expect(codeOf(() => parseFeed(text))).toBe(code);
  });
});
