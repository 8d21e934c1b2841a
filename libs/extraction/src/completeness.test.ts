import { describe, expect, it } from 'vitest';
import { extractArticles } from './extract-articles.js';

const TITLE = 'Joburg has failed its informal traders';
const PARAGRAPHS = [
  'Informal traders in the inner city say the council has ignored their pleas for shelter, water and safe storage for years.',
  'A new plan, drafted with traders’ associations, proposes markets on unused municipal land and a simpler permit system.',
];
const page = (ld: Record<string, unknown> | undefined, body: string): string =>
  `<html><head>${ld ? `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: TITLE, ...ld })}</script>` : ''}<title>${TITLE}</title></head><body><article><h1>${TITLE}</h1>${body}</article></body></html>`;
const extract = (html: string) => extractArticles({ body: html, contentType: 'text/html' }).articles[0];
const story = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('');

describe('incomplete texts are marked with a reason', () => {
  it('a title without text is an empty article, not a whole one', () => {
    const article = extract(page(undefined, '<div id="app"></div><script>render()</script>'));
    expect(article).toMatchObject({
      title: TITLE,
      text: '',
      incomplete: { kind: 'empty', reason: 'no text found on the page' },
    });
    expect(extract(page({ isAccessibleForFree: 'False' }, ''))!.incomplete?.reason).toBe(
      'no text found; the page declares it is not free (paywall)',
    );
  });

  it('a text under half the words the page declares (JSON-LD wordCount) is truncated', () => {
    const article = extract(page({ wordCount: 961, isAccessibleForFree: false }, story));
    expect(article!.text).toBe(PARAGRAPHS.join('\n\n'));
    expect(article!.incomplete).toEqual({
      kind: 'truncated',
      reason: `${article!.wordCount} of the 961 words the page declares (JSON-LD wordCount); not free (paywall)`,
    });
  });

  it('a whole text has no mark, paywall declared or not', () => {
    expect(extract(page({ wordCount: '40' }, story))).not.toHaveProperty('incomplete');
    // A declared wordCount alone is not trusted (Daily Maverick declares its characters): no paywall, no mark.
    expect(extract(page({ wordCount: 961 }, story))).not.toHaveProperty('incomplete');
    // Publishers declare isAccessibleForFree: false and still serve the whole story to crawlers.
    expect(extract(page({ isAccessibleForFree: false }, story))).not.toHaveProperty('incomplete');
  });
  it('a teaser closing with a "N% of the article remains" notice is truncated, and the notice leaves the text', () => {
    for (const notice of ['Pozostało jeszcze 89% artykułu', 'You have 75% of this article left to read']) {
      const article = extract(page(undefined, `${story}<p>${notice}</p>`));
      expect(article!.incomplete).toEqual({
        kind: 'truncated',
        reason: `the text ends with the notice "${notice}"`,
      });
      expect(article!.text).toBe(PARAGRAPHS.join('\n\n'));
    }
  });

  it('a short closing line with a percentage that names no article is not a paywall notice', () => {
    const article = extract(page(undefined, `${story}<p>Turnout was 67% in the end.</p>`));
    expect(article).not.toHaveProperty('incomplete');
    expect(article!.text).toContain('Turnout was 67%');
    // The notice must close the story: one in the middle is quoted or a teaser card.
    expect(
      extract(
        page(
          undefined,
          `<p>${PARAGRAPHS[0]}</p><p>Only 5% of articles get read</p><p>${PARAGRAPHS[1]}</p><p>${PARAGRAPHS[0]} Again.</p>`,
        ),
      ),
    ).not.toHaveProperty('incomplete');
  });
  it('finds the "N% of the article remains" notice in a paywall box removed as junk beside the story', () => {
    const article = extract(
      page(
        undefined,
        `${story}<div class="paywallNoAccessWrapper"><div class="paywallIntroBodyPercent">Pozostało jeszcze 89% artykułu</div><a href="/subscribe">Subskrybuj</a></div>`,
      ),
    );
    expect(article!.text).toBe(PARAGRAPHS.join('\n\n'));
    expect(article!.incomplete).toEqual({
      kind: 'truncated',
      reason: 'the text ends with the notice "Pozostało jeszcze 89% artykułu"',
    });
  });
});
