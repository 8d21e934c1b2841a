import { describe, expect, it } from 'vitest';
import { cleanAuthorNames } from './authors.js';
import { parseDate } from './dates.js';
import {
  addPageToProfile,
  blockFingerprints,
  detectLanguage,
  ExtractionError,
  ExtractionErrorCode,
  EXTRACTOR_VERSION,
  extractArticles,
  type SiteProfile,
} from './index.js';
import { stripSiteName } from './metadata.js';

const STORIES = [
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.',
  'Scientists at the university observatory have catalogued a cluster of young stars that formed unusually close to the centre of the galaxy, according to a new paper.',
  'The football club confirmed that its captain will miss the rest of the season after surgery on his knee, a blow to its hopes of promotion this spring.',
  'Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.',
  'The museum will reopen its east wing next week after a two-year renovation that restored the original glass roof and added a new gallery for local artists.',
  'A new ferry service between the two islands will run four times a day during the summer, the transport ministry said, cutting travel time by almost an hour.',
];
const JUNK = 'Get 50% off your first box of fresh meal kits with the code SPRING at checkout today only.';

function page(story: string, n: number): string {
  return `<!doctype html><html lang="en"><head><title>Story ${n} | Example News</title></head><body>
<main><article><h1>Story number ${n} about local affairs</h1>
<div class="body"><p>${story}</p><p>${story.replace(/\.$/, '')}, officials added in a statement released on the same day.</p>
<p>${JUNK}</p>
<p>Residents who want to comment on the plans can write to the council before the end of the month, the notice said.</p></div></article></main></body></html>`;
}

describe('extractArticles', () => {
  it('exports a version', () => {
    expect(EXTRACTOR_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('drops a block seen on 5 earlier pages of the host from the 6th page', () => {
    let profile: SiteProfile = { host: 'news.example', pagesSeen: 0, blockCounts: {} };
    for (let i = 0; i < 5; i++) {
      profile = addPageToProfile(
        profile,
        blockFingerprints({ body: page(STORIES[i]!, i), url: `https://news.example/${i}` }),
      );
    }
    const sixth = page(STORIES[5]!, 5);
    const without = extractArticles({ body: sixth, url: 'https://news.example/5' });
    expect(without.articles[0]!.text).toContain(JUNK);
    const withProfile = extractArticles({ body: sixth, url: 'https://news.example/5', siteProfile: profile });
    const text = withProfile.articles[0]!.text;
    expect(text).not.toContain(JUNK);
    expect(text).toContain(STORIES[5]);
    expect(withProfile.diagnostics.templateBlocksRemoved).toBeGreaterThanOrEqual(1);
  });

  it('keeps blocks that only a few pages share', () => {
    let profile: SiteProfile = { host: 'news.example', pagesSeen: 0, blockCounts: {} };
    for (let i = 0; i < 2; i++)
      profile = addPageToProfile(profile, blockFingerprints({ body: page(STORIES[i]!, i) }));
    expect(extractArticles({ body: page(STORIES[5]!, 5), siteProfile: profile }).articles[0]!.text).toContain(
      JUNK,
    );
  });

  it('throws typed errors for hostile input instead of hanging', () => {
    const deep = `<html><body>${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}</body></html>`;
    expect(() => extractArticles({ body: deep })).toThrow(ExtractionError);
    try {
      extractArticles({ body: deep });
    } catch (err) {
      expect((err as ExtractionError).code).toBe(ExtractionErrorCode.tooDeep);
    }
    const wide = `<html><body>${'<p>a</p>'.repeat(200)}</body></html>`;
    expect(() => extractArticles({ body: wide, limits: { maxNodes: 100 } })).toThrow(
      expect.objectContaining({ code: 'EXTRACTION_TOO_MANY_NODES' }),
    );
    expect(() => extractArticles({ body: 'x'.repeat(2000), limits: { maxInputChars: 1000 } })).toThrow(
      expect.objectContaining({ code: 'EXTRACTION_INPUT_TOO_LARGE' }),
    );
  });

  it('returns no article (not an error) for empty or junk-only pages', () => {
    expect(extractArticles({ body: '' }).articles).toEqual([]);
    expect(
      extractArticles({ body: '<html><body><nav><a href="/">Home</a></nav></body></html>' }).articles.every(
        (a) => a.text === '',
      ),
    ).toBe(true);
  });

  it('keeps the short paragraphs of Japanese and Hindi scraped text, which end in 。 and । (not teaser headlines)', () => {
    const ja = [
      '浜松市は13日、天竜川に架かる新しい橋を開通させたと発表した。両岸の集落の間の移動時間は約十分に短縮される。',
      '新しい橋の開通により、これまで渡し船に頼っていた住民の生活が大きく変わると期待されている。',
      '市の担当者は、通学路としての安全対策も進めると説明した。',
    ];
    const hi = [
      'नगर निगम ने सोमवार को नदी पर बना नया पुल जनता के लिए खोल दिया। इससे दोनों किनारों की दूरी अब दस मिनट रह गई है।',
      'स्थानीय व्यापारियों का कहना है कि इससे बाज़ार तक सामान पहुँचाना आसान होगा।',
      'अधिकारियों ने बताया कि पुल की जाँच हर छह महीने में की जाएगी।',
    ];
    for (const [title, paragraphs] of [
      ['浜松市で新しい橋が開通', ja],
      ['नदीपुर में नया पुल खुला', hi],
    ] as const) {
      const article = extractArticles({
        body: [title, ...paragraphs].join('\n\n'),
        contentType: 'text/plain',
      }).articles[0];
      // Each paragraph is under the 150 characters of a trailing teaser headline and ends like a sentence.
      expect(article?.text.split('\n\n')).toEqual(paragraphs);
      // The headline without spaces is still a title line (each Han or kana character a word).
      expect(article?.title).toBe(title);
    }
  });

  it('keeps a closing paragraph of scraped text that ends in a German or guillemet quotation', () => {
    const paragraphs = [
      'Der Gemeinderat hat am Montag beschlossen, die Brücke über den Fluss bis zum Herbst zu sanieren. Die Arbeiten sollen im Mai beginnen.',
      'Anwohner hatten seit Jahren über Schäden am Geländer und an der Fahrbahn geklagt, die Stadt hatte die Sanierung mehrfach verschoben.',
    ];
    for (const last of [
      'Der Bürgermeister sagte nur: „Wir bauen weiter“',
      'Die Antwort der Stadt: »Wir bauen weiter«',
    ]) {
      const article = extractArticles({
        body: ['Brücke wird saniert', ...paragraphs, last].join('\n\n'),
        contentType: 'text/plain',
      }).articles[0];
      expect(article?.text.split('\n\n')).toEqual([...paragraphs, last]);
    }
  });

  it('keeps the short paragraphs of Thai scraped text, whose sentences end with no mark', () => {
    const paragraphs = [
      'เทศบาลเปิดสะพานใหม่ข้ามแม่น้ำเมื่อวันจันทร์ ให้ประชาชนใช้งานได้แล้ว',
      'สะพานแห่งนี้ช่วยลดเวลาเดินทางระหว่างหมู่บ้านสองฝั่งแม่น้ำเหลือเพียงสิบนาที',
      'เจ้าหน้าที่เทศบาลระบุว่าจะมีการตรวจสอบสะพานทุกหกเดือน',
    ];
    const article = extractArticles({
      body: ['เปิดสะพานใหม่ข้ามแม่น้ำที่สุขสันต์', ...paragraphs].join('\n\n'),
      contentType: 'text/plain',
    }).articles[0];
    expect(article?.text.split('\n\n')).toEqual(paragraphs);
  });

  it('reads metadata with provenance from JSON-LD and meta tags', () => {
    const html = `<html lang="en"><head><title>Big storm hits the coast - Coast Times</title>
<meta property="og:site_name" content="Coast Times">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Person","@id":"#p1","name":"Ana Ruiz"},
{"@type":"NewsArticle","headline":"Big storm hits the coast","datePublished":"2023-10-02T08:00:00+02:00","dateModified":"2023-10-02T10:00:00+02:00","author":{"@id":"#p1"},"articleSection":"Weather","keywords":"storm, coast"}]}</script>
</head><body><article><h1>Big storm hits the coast</h1><p>${STORIES[0]} ${STORIES[1]}</p><p>${STORIES[2]}</p></article></body></html>`;
    const [a] = extractArticles({ body: html, url: 'https://coast.example/2023/10/02/storm' }).articles;
    expect(a).toMatchObject({
      title: 'Big storm hits the coast',
      authors: ['Ana Ruiz'],
      publishedAt: '2023-10-02T08:00:00+02:00',
      modifiedAt: '2023-10-02T10:00:00+02:00',
      siteName: 'Coast Times',
      section: 'Weather',
      tags: ['storm', 'coast'],
      language: 'en',
    });
    expect(a!.provenance.publishedAt).toEqual({ source: 'json-ld:datePublished', confidence: 0.9 });
    expect(a!.provenance.authors?.source).toBe('json-ld:author');
  });

  it('reads a keywords list copied into one article:tag as its tags, and keeps a tag with one comma whole', () => {
    const head =
      '<meta property="article:tag" content="Paris, Texas"><meta property="article:tag" content="storm, coast, flood warning">';
    const html = `<html><head>${head}</head><body><article><h1>Big storm hits the coast</h1><p>${STORIES[0]} ${STORIES[1]}</p><p>${STORIES[2]}</p></article></body></html>`;
    expect(extractArticles({ body: html }).articles[0]!.tags).toEqual([
      'Paris, Texas',
      'storm',
      'coast',
      'flood warning',
    ]);
  });

  it('leaves out a declared field far longer than any real one (page junk that filled the 1 MB message)', () => {
    const junk = 'x'.repeat(300_000);
    const head =
      `<meta property="og:title" content="${junk}"><meta property="og:site_name" content="${junk}">` +
      `<meta property="article:section" content="${junk}"><meta property="article:tag" content="${junk}">` +
      `<meta property="article:tag" content="floods"><meta property="og:image" content="https://img.example/${junk}">` +
      `<meta name="description" content="${'word '.repeat(60_000)}">`;
    const html = `<html><head>${head}</head><body><article><p>${STORIES[0]} ${STORIES[1]}</p><p>${STORIES[2]}</p></article></body></html>`;
    const [a] = extractArticles({ body: html, url: 'https://news.example/a' }).articles;
    expect(a).toMatchObject({ title: '', tags: ['floods'] });
    for (const field of ['siteName', 'section', 'leadImage', 'description'] as const) {
      expect(a![field], field).toBeUndefined();
      expect(a!.provenance[field], field).toBeUndefined();
    }
    expect(a!.provenance.title).toBeUndefined();
  });

  it('never takes the crawl date: no date signal gives no date', () => {
    const html = `<html><body><article><h1>A story without a date</h1><p>${STORIES[3]}</p><p>${STORIES[4]}</p></article></body></html>`;
    const [a] = extractArticles({ body: html, now: new Date('2026-01-01T00:00:00Z') }).articles;
    expect(a!.publishedAt).toBeUndefined();
  });
});

describe('metadata helpers', () => {
  it('cleans bylines into person names', () => {
    expect(cleanAuthorNames('By Jane Smith and Tom Baker')).toEqual(['Jane Smith', 'Tom Baker']);
    expect(cleanAuthorNames('By JANE DOE, jane@example.com @janedoe')).toEqual(['JANE DOE']);
    expect(cleanAuthorNames('Reuters Staff')).toEqual([]);
    expect(cleanAuthorNames('Jane Smith | Political Editor')).toEqual(['Jane Smith']);
  });

  it('parses dates in common written forms, keeping the day', () => {
    expect(parseDate('12 April, 2017')?.day).toBe('2017-04-12');
    expect(parseDate('April 12, 2017 at 10:30 pm EDT')?.iso).toBe('2017-04-12T22:30:00-04:00');
    expect(parseDate('2025-09-04T21:00:00-07:00')?.iso).toBe('2025-09-04T21:00:00-07:00');
    expect(parseDate('Published on 3rd March 2024')?.day).toBe('2024-03-03');
    expect(parseDate('2031-01-01', { now: new Date('2026-01-01') })).toBeUndefined();
    expect(parseDate('no date here')).toBeUndefined();
  });

  it('removes site-name suffixes from titles', () => {
    expect(stripSiteName('Big storm hits the coast | Coast Times', 'Coast Times', undefined)).toBe(
      'Big storm hits the coast',
    );
    expect(stripSiteName('Coast Times - Big storm hits the coast', 'Coast Times', undefined)).toBe(
      'Big storm hits the coast',
    );
    expect(stripSiteName('Big storm hits - what we know', undefined, undefined)).toBe(
      'Big storm hits - what we know',
    );
  });

  it('detects languages from stop words', () => {
    expect(detectLanguage(STORIES.join(' '))?.language).toBe('en');
    expect(
      detectLanguage(
        'Die Regierung hat am Montag beschlossen, dass die Steuern nicht erhöht werden, und die Opposition ist mit dem Plan nicht zufrieden.',
      )?.language,
    ).toBe('de');
    expect(
      detectLanguage(
        'Министр иностранных дел России заявил, что переговоры будут продолжены в понедельник и что это важно.',
      )?.language,
    ).toBe('ru');
  });
});

describe('JSON-LD articleBody', () => {
  const ld = (body: string): string =>
    `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Harbour works', articleBody: body })}</script>`;
  const html = (head: string, paras: readonly string[]): string =>
    `<!doctype html><html lang="en"><head>${head}</head><body><article><h1>Harbour works</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

  it('replaces a DOM text that misses most of the story', () => {
    const r = extractArticles({
      body: html(ld(STORIES.join('\n\n')), [STORIES[0]!]),
      contentType: 'text/html',
    });
    expect(r.diagnostics.strategy).toBe('json-ld');
    expect(r.articles[0]!.text).toContain(STORIES[5]!);
  });

  it('does not replace a DOM text that has its words, when it is only longer for repeating the story', () => {
    const story = STORIES.slice(0, 4);
    const r = extractArticles({
      body: html(ld([...story, ...story, ...story].join(' ')), story),
      contentType: 'text/html',
    });
    expect(r.diagnostics.strategy).not.toBe('json-ld');
    expect(r.articles[0]!.text.split(STORIES[0]!).length - 1).toBe(1);
  });
});
