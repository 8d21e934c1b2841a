import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const DEK =
  'Thousands queued in the cold to sign his nomination papers, and the commission now has ten days to decide.';
const PROSE = [
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.',
  'Scientists at the university observatory have catalogued a cluster of young stars that formed unusually close to the centre of the galaxy, according to a new paper.',
  'The football club confirmed that its captain will miss the rest of the season after surgery on his knee, a blow to its hopes of promotion this spring.',
  'Council members said the decision would be reviewed after a year, once the first sections of the new network are in service and the costs are known.',
];
const SIDEBAR =
  '<div class="rail"><p>A teaser for another story on this site, with a few words about it and a link.</p></div>';

/** A news page: headline, a lead paragraph and a byline in the header, the story's paragraphs below. */
const page = ({
  tag = 'article',
  attrs = '',
  lead = DEK,
  description = DEK,
  head = `<meta property="og:description" content="${description}">`,
}: { tag?: string; attrs?: string; lead?: string; description?: string; head?: string } = {}): string =>
  `<html><head><title>Candidate cleared to run</title>${head}</head><body>${SIDEBAR}
<${tag} class="story"${attrs}><header><h1>Candidate cleared to run</h1><p class="lead">${lead}</p>
<p class="byline">By Jane Doe</p></header>
<div class="body">${PROSE.map((p) => `<p>${p}</p>`).join('')}</div></${tag}></body></html>`;

const textOf = (html: string): string =>
  extractArticles({ body: html, contentType: 'text/html' }).articles[0]?.text ?? '';

describe('standfirst', () => {
  it('puts the lead paragraph that restates the page description before the story', () => {
    const text = textOf(page());
    expect(text.startsWith(`${DEK}\n\n${PROSE[0]}`)).toBe(true);
    expect(text).not.toContain('By Jane Doe');
  });

  it('reads the description from JSON-LD too, and matches a description cut short', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', description: `${DEK.slice(0, 70)}…` });
    const text = textOf(page({ head: `<script type="application/ld+json">${ld}</script>` }));
    expect(text.startsWith(DEK)).toBe(true);
  });

  it('takes it where role=article or a schema.org Article item holds headline and story', () => {
    expect(textOf(page({ tag: 'div', attrs: ' role="article"' })).startsWith(DEK)).toBe(true);
    const item = ' itemscope itemtype="https://schema.org/NewsArticle"';
    expect(textOf(page({ tag: 'div', attrs: item })).startsWith(DEK)).toBe(true);
  });

  it('leaves it out when no story element holds both the headline and the story', () => {
    const text = textOf(page({ tag: 'div' }));
    expect(text).not.toContain(DEK);
    expect(text.startsWith(PROSE[0]!)).toBe(true);
  });

  it('leaves out a line between headline and story that the description does not say (prompts, promotions)', () => {
    const prompt =
      'Chat with us in Facebook Messenger. Find out what is happening in the world as it unfolds.';
    const text = textOf(page({ lead: prompt }));
    expect(text).not.toContain('Facebook Messenger');
    expect(text.startsWith(PROSE[0]!)).toBe(true);
  });

  it('does not repeat a lead the story already opens with', () => {
    const opening = PROSE[0]!;
    const text = textOf(page({ lead: opening, description: opening }));
    expect(text.split(opening).length - 1).toBe(1);
  });
});
