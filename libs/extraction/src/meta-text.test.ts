import { describe, expect, it } from 'vitest';
import { extractArticles } from './extract-articles.js';
import { decodeEntities } from './meta-text.js';

describe('decodeEntities', () => {
  it('decodes every HTML entity, also when escaped twice (&amp;ccedil; shown to readers as ç)', () => {
    expect(decodeEntities('Ba&ccedil;ka &uuml;zerine &#8217; &#x26; &hellip;')).toBe('Baçka üzerine ’ & …');
    expect(decodeEntities('il&amp;ccedil;elerinde &amp;#8217;')).toBe('ilçelerinde ’');
  });

  it('keeps ampersands that are not entity references', () => {
    expect(decodeEntities('Q&A, AT&T, R&amp;D, &notanentity; &copy2024')).toBe(
      'Q&A, AT&T, R&D, &notanentity; &copy2024',
    );
  });
});

describe('JSON-LD article bodies', () => {
  const STORY = [
    'Yangın İzmir’in Bornova ilçesinde çıktı ve ekipler havadan müdahale etti.',
    'Orman Bölge Müdürlüğü’ne bağlı uçak ve helikopterler bölgeye sevk edildi.',
    'Yangının kısa sürede kontrol altına alındığı belirtildi, soğutma çalışmaları sürüyor.',
    'Balıkesir’in Kepsut ilçesinde de öğle saatlerinde bir yangın çıktığı bildirildi.',
    'Çevredeki köylerde yaşayanlar önlem amacıyla güvenli bölgelere götürüldü.',
    'Yetkililer, yangının çıkış nedeninin incelendiğini ve soruşturma başlatıldığını açıkladı.',
  ];
  const escaped = (s: string): string =>
    s
      .replace(/ç/g, '&amp;ccedil;')
      .replace(/ü/g, '&amp;uuml;')
      .replace(/ö/g, '&amp;ouml;')
      .replace(/’/g, ' ');
  const page = (dom: string, ldBody: string): string =>
    `<html><head><script type="application/ld+json">${JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'Orman yangını',
      articleBody: ldBody,
    })}</script></head><body><article><h1>Orman yangını</h1>${dom}</article></body></html>`;

  it('count words after decoding entities, so an escaped body does not outweigh the clean page text', () => {
    const dom = STORY.map((p) => `<p>${p}</p>`).join('');
    // Counted raw, the escaped body has more than twice the page's words (each &amp;ccedil; splits a word).
    const ld = STORY.map(escaped).join('\n\n');
    const [article] = extractArticles({ body: page(dom, ld), contentType: 'text/html' }).articles;
    expect(article!.provenance.text?.source).not.toBe('json-ld');
    expect(article!.text).toContain('İzmir’in Bornova ilçesinde');
  });

  it('decode entities of a body taken from JSON-LD', () => {
    const ld = STORY.map(escaped).join('\n\n');
    const [article] = extractArticles({ body: page('<p>Kısa.</p>', ld), contentType: 'text/html' }).articles;
    expect(article!.provenance.text?.source).toBe('json-ld');
    expect(article!.text).toContain('Bornova ilçesinde çıktı');
    expect(article!.text).not.toContain('&');
  });
});
