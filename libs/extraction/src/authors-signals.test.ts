import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const BODY = `<p>The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.</p>
<p>Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.</p>`;

const authorsOf = (body: string, head = ''): readonly string[] =>
  extractArticles({ body: `<!doctype html><html lang="en"><head><title>Water tariffs rise</title>${head}</head><body>${body}</body></html>`, contentType: 'text/html', url: 'https://news.example/story' }).articles[0]!.authors;

describe('author signals', () => {
  it('reads a link to an author page whose slug spells the name', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/articles/authors/shannon-grilli">Shannon Grilli</a></p></article>`)).toEqual(['Shannon Grilli']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}<p><a href="/authors/">All Authors</a></p></article>`)).toEqual([]);
  });

  it('drops the date from a byline box', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<p class="author">Andrew Gerrand<br>4 August 2010</p></article>`)).toEqual(['Andrew Gerrand']);
  });

  it('keeps a team or staff byline when no person is named', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p>By the Valley Desk Team</p>${BODY}${BODY}</article>`)).toEqual(['the Valley Desk Team']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><div class="author-name">Podium Staff</div>${BODY}${BODY}</article>`)).toEqual(['Podium Staff']);
    // A person anywhere in the byline sources wins over the team.
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p>By the Valley Desk Team</p>${BODY}${BODY}<p>Written by Jane Marsh</p></article>`)).toEqual(['Jane Marsh']);
  });

  it('reads "Written by" and "Author:" lines away from the headline', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<p>Written by <a href="https://x.example/u">Paul Givens</a></p></article>`)).toEqual(['Paul Givens']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<div><strong>Contributors:</strong> Janet Lowry</div></article>`)).toEqual(['Janet Lowry']);
  });

  it('does not take a meta author that is the site name when the page names a person', () => {
    const head = '<meta name="author" content="Newsexample"><meta property="og:site_name" content="Newsexample">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/author/spencer-mack/">Spencer Mack</a></p></article>`, head)).toEqual(['Spencer Mack']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual(['Newsexample']);
  });

  it('reads the author from the "Written by" card of twitter:label/twitter:data pairs', () => {
    const head = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Nadia Osei"><meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual(['Nadia Osei']);
    const other = '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, other)).toEqual([]);
  });

  it('takes the interviewer of a Q&A as its author, not a name the questions mention', () => {
    const body = `<article><h1>Water tariffs rise</h1><p>Interview by</p><p><a href="https://x.example/i/ada-ng">Ada Ng</a></p><h2>The Fifth Pipe</h2><p>by Tom Reed</p>${BODY}${BODY}</article>`;
    expect(authorsOf(body)).toEqual(['Ada Ng']);
  });

  it('reads every citation_author of a scholarly page', () => {
    const head = '<meta name="citation_author" content="Aditi Rao"><meta name="citation_author" content="Pradeep Iyer">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual(['Aditi Rao', 'Pradeep Iyer']);
  });

  it('reads a citation_author written family name first as one person', () => {
    const head = '<meta name="citation_author" content="Kaufman, Jeff T."><meta name="citation_author" content="Roy, Aniruddha">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual(['Jeff T. Kaufman', 'Aniruddha Roy']);
  });

  it('ignores interface labels, comment headers and reviewer credits in byline markup', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p class="byline">Contact Us</p>${BODY}${BODY}</article>`)).toEqual([]);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p>Get Started Free</p><p>Dec 17, 2025</p>${BODY}${BODY}</article>`)).toEqual([]);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p class="byline">Medically reviewed by Robert Tan</p>${BODY}${BODY}</article>`)).toEqual([]);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}<div class="comment"><span class="comment-author">Lori Camp says</span></div></article>`)).toEqual([]);
  });

  it('takes a name printed beside the date under the headline', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><div><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>${BODY}${BODY}</article>`)).toEqual(['Julian K. Arni']);
  });

  it('reads the name from a meta bar that also holds the date', () => {
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><p>Aaron Rico | Senior Writer | July 2, 2025</p>${BODY}${BODY}</article>`)).toEqual(['Aaron Rico']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1><div>Dec. 19, 2025 · Niko Mattis on behalf of <a href="/t">the council</a></div>${BODY}${BODY}</article>`)).toEqual(['Niko Mattis']);
  });
});
