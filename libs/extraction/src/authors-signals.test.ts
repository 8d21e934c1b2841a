import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const BODY = `<p>The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.</p>
<p>Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.</p>`;

const authorsOf = (body: string): readonly string[] =>
  extractArticles({ body: `<!doctype html><html lang="en"><head><title>Water tariffs rise</title></head><body>${body}</body></html>`, contentType: 'text/html', url: 'https://news.example/story' }).articles[0]!.authors;

describe('author signals', () => {
  it('reads a link to an author page whose slug spells the name', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/articles/authors/shannon-grilli">Shannon Grilli</a></p></article>`)).toEqual(['Shannon Grilli']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}<p><a href="/authors/">All Authors</a></p></article>`)).toEqual([]);
  });

  it('drops the date from a byline box', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<p class="author">Andrew Gerrand<br>4 August 2010</p></article>`)).toEqual(['Andrew Gerrand']);
  });
});
