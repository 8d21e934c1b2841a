import { describe, expect, it } from 'vitest';
import { findArticleLinks, findFeedLinks, looksLikeArticleUrl } from './discover-links.js';

describe('findFeedLinks', () => {
  it('finds RSS, Atom and JSON feeds a page announces, leaving out comment feeds', () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" title="News" href="/feed/">
      <link rel="alternate" type="application/rss+xml" title="News &raquo; Comments Feed" href="/comments/feed/">
      <link rel="ALTERNATE" type="application/atom+xml" href="https://news.example/atom.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" hreflang="de" href="/de/">
      <link rel="stylesheet" type="text/css" href="/a.css">
    </head><body></body></html>`;
    expect(findFeedLinks(html, 'https://news.example/').map((f) => f.url)).toEqual([
      'https://news.example/feed/',
      'https://news.example/atom.xml',
      'https://news.example/feed.json',
    ]);
  });

  it('resolves against <base href>', () => {
    const html =
      '<head><base href="https://cdn.news.example/x/"><link rel="alternate" type="application/rss+xml" href="rss"></head>';
    expect(findFeedLinks(html, 'https://news.example/')[0]?.url).toBe('https://cdn.news.example/x/rss');
  });
});

describe('findArticleLinks', () => {
  it('keeps same-site dated, numbered and slugged links outside navigation', () => {
    const html = `<body>
      <nav><a href="/2025/06/03/in-the-menu">menu story</a><a href="/world">World</a></nav>
      <main>
        <a href="/2025/06/03/rates-rise-again">Rates rise</a>
        <a href="/politics/minister-resigns-after-vote#comments">Minister resigns</a>
        <a href="https://www.news.example/story/1234567">Story</a>
        <a href="https://other.example/2025/06/03/elsewhere">elsewhere</a>
        <a href="/tag/economy-and-markets-today">tag</a>
        <a href="/author/jo-bloggs-the-writer">author</a>
        <a href="/category/world-news-today">category</a>
        <a href="/files/annual-report-2025.pdf">pdf</a>
        <a href="/world">World</a>
        <a href="/">Home</a>
        <a href="mailto:desk@news.example">mail</a>
        <a href="/2025/06/03/rates-rise-again">Rates rise (again)</a>
      </main>
      <footer><a href="/privacy-and-cookies-policy-page">privacy</a><a href="/2025/01/01/old-footer-link">old</a></footer>
    </body>`;
    expect(findArticleLinks(html, 'https://news.example/')).toEqual([
      'https://news.example/2025/06/03/rates-rise-again',
      'https://news.example/politics/minister-resigns-after-vote',
      'https://www.news.example/story/1234567',
    ]);
  });

  it('reads links whose path has a broken percent escape (was a URIError for the whole page)', () => {
    const html = `<a href="/%">x</a><a href="/news/%E0%A4%A-b-c-d">x</a><a href="/news/a%zz-rates-rise-again">x</a>
      <a href="/2025/06/03/rates-rise">x</a>`;
    expect(findArticleLinks(html, 'https://news.example/')).toEqual([
      'https://news.example/news/%E0%A4%A-b-c-d',
      'https://news.example/news/a%zz-rates-rise-again',
      'https://news.example/2025/06/03/rates-rise',
    ]);
  });

  it.each([
    ['https://n.example/2025/06/a', true],
    ['https://n.example/news/20250603/a', true],
    ['https://n.example/news/world-leaders-meet-in-paris.html', true],
    ['https://n.example/?p=123', true],
    ['https://n.example/world/', false],
    ['https://n.example/page/2', false],
    ['https://n.example/search?q=a-b-c', false],
    ['https://n.example/img/big-photo-of-cat.jpg', false],
  ])('%s looks like an article: %s', (url, expected) => {
    expect(looksLikeArticleUrl(new URL(url))).toBe(expected);
  });
});
