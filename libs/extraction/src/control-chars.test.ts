import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const STORY = [
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.',
  'Scientists at the university observatory have catalogued a cluster of young stars that formed unusually close to the centre of the galaxy, according to a new paper.',
  'The football club confirmed that its captain will miss the rest of the season after surgery on his knee, a blow to its hopes of promotion this spring.',
];
/** Every character the extractor must not output (the windows-1252 C1 bytes are read as their characters). */
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]/;

describe('control characters in extracted strings', () => {
  it('drops ESC and BEL from the title, text and authors of a page (raw, as entities, in JSON-LD)', () => {
    const html = `<!doctype html><html lang="en"><head><title>Evil \x1b]0;owned\x07 headline</title>
<meta name="author" content="Ana\x1b[2J Ruiz">
<meta name="description" content="A summary &#27;[31mred&#x7; here">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Evil \\u001b]0;owned\\u0007 headline","articleSection":"World\\u009b"}</script>
</head><body><article><h1>Evil \x1b]0;owned\x07 headline</h1>
<p>${STORY[0]} \x07 ${STORY[1]}</p><p>\x1b[2J</p><p>&#27;[1m${STORY[2]}</p><p>It\x92s done \x0bnow.</p></article></body></html>`;
    const [a] = extractArticles({ body: html, url: 'https://news.example/2024/03/05/story' }).articles;
    expect(a).toBeDefined();
    expect(a!.title).toBe('Evil ]0;owned headline');
    expect(a!.authors).toEqual(['Ana[2J Ruiz']);
    expect(a!.description).toBe('A summary [31mred here');
    expect(a!.text.split('\n\n')).toEqual([
      `${STORY[0]} ${STORY[1]}`,
      '[2J',
      `[1m${STORY[2]}`,
      'It’s done now.',
    ]);
    for (const s of [
      a!.title,
      a!.text,
      a!.html,
      ...a!.authors,
      ...a!.tags,
      a!.description ?? '',
      a!.section ?? '',
    ])
      expect(s).not.toMatch(CONTROL_RE);
  });

  it('keeps tab, line breaks, zero-width joiners and bidi marks; drops a paragraph of controls only', () => {
    const text = `Breaking\x1b\x07 news\n\n\x1b\x07\x7f\n\nالسلام\u200f عليكم with a family 👨\u200d👩\u200d👧 of three and ${STORY[0]}\n\n${STORY[1]}\n\n${STORY[2]}`;
    const [a] = extractArticles({ body: text, contentType: 'text/plain' }).articles;
    expect(a).toBeDefined();
    expect(a!.text).not.toMatch(CONTROL_RE);
    expect(a!.text).toContain('\u200f');
    expect(a!.text).toContain('👨\u200d👩\u200d👧');
    expect(a!.text).not.toContain('\n\n\n');
    expect(a!.html).not.toMatch(CONTROL_RE);
  });
});
