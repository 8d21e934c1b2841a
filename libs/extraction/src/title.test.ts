import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';
import { stripSiteName } from './title.js';

const BODY = `<p>The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.</p>
<p>Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.</p>
<p>The museum will reopen its east wing next week after a two-year renovation that restored the original glass roof and added a new gallery.</p>`;

function titleOf(head: string, body: string, url = 'https://news.example/story'): string {
  const html = `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;
  return extractArticles({ body: html, contentType: 'text/html', url }).articles[0]!.title;
}

describe('title', () => {
  it('drops short " | Label" parts but keeps a long second clause', () => {
    expect(stripSiteName('How meditation rewires brains | Opinion', undefined, undefined)).toBe(
      'How meditation rewires brains',
    );
    expect(
      stripSiteName(
        'Best movers in the city for 2025 | Top 19 Companies | Movers Inc',
        'Movers Inc',
        undefined,
      ),
    ).toBe('Best movers in the city for 2025');
    expect(
      stripSiteName('Top cameras of 2025 | The best mirrorless cameras on the market', undefined, undefined),
    ).toBe('Top cameras of 2025 | The best mirrorless cameras on the market');
  });

  it('prefers a heading that is exactly the declared title over a blog-name h1', () => {
    const head = '<title>Progress report number nine</title>';
    expect(
      titleOf(
        head,
        `<header><h1>Antoine's Notes</h1></header><article><h2>Progress report number nine</h2>${BODY}</article>`,
      ),
    ).toBe('Progress report number nine');
  });

  it('matches a heading to the first part of a title whose brand is not recognisable', () => {
    const head =
      '<meta property="og:title" content="Defer, Panic, and Recover - The Go Programming Language">';
    expect(
      titleOf(
        head,
        `<h1 class="small">The Go Blog</h1><article><h1>Defer, Panic, and Recover</h1>${BODY}</article>`,
      ),
    ).toBe('Defer, Panic, and Recover');
  });

  it('uses the declared title when the page has many h1s marking sections', () => {
    const head = '<meta property="og:title" content="Advent of Code week two">';
    expect(
      titleOf(head, `<article><h1>Day 7</h1>${BODY}<h1>Day 8</h1>${BODY}<h1>Day 9</h1>${BODY}</article>`),
    ).toBe('Advent of Code week two');
  });

  it('drops a date the headline element carries after the declared title', () => {
    const head = '<meta property="og:title" content="Backpacking checklist for beginners">';
    expect(
      titleOf(
        head,
        `<article><h1>Backpacking checklist for beginners <span>January 1, 2025</span></h1>${BODY}</article>`,
      ),
    ).toBe('Backpacking checklist for beginners');
  });

  it('decodes entities escaped twice in JSON-LD', () => {
    const head =
      '<script type="application/ld+json">{"@type":"Article","headline":"Wedding tools &#8211; caterer spreadsheet"}</script>';
    expect(titleOf(head, `<article>${BODY}</article>`)).toBe('Wedding tools – caterer spreadsheet');
  });

  it('uses the declared title when only a lower heading echoes it', () => {
    const head = '<meta property="og:title" content="Top 5 payroll tools in 2026 | Acme">';
    expect(
      titleOf(head, `<article><h2>Top 5 payroll tools and platforms of 2026</h2>${BODY}</article>`),
    ).toBe('Top 5 payroll tools in 2026');
  });

  it('drops a kicker the h1 sets before the headline its social card declares', () => {
    const head =
      '<meta property="og:title" content="Judy Lybke, ganz und gar nicht eigenartig">' +
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"}</script>';
    const html = `<!doctype html><html lang="de"><head>${head}</head><body><article><h1>Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig</h1>${BODY}</article></body></html>`;
    const article = extractArticles({ body: html, contentType: 'text/html', url: 'https://news.example/a' })
      .articles[0]!;
    expect(article.title).toBe('Judy Lybke, ganz und gar nicht eigenartig');
    expect(article.provenance.title?.source).toBe('h1-kicker+meta:og:title');
    // The heading as shown is still the title's repeat, not text.
    expect(article.text).not.toContain('Neue Leipziger Schule');
  });

  it('drops a kicker the h1 sets apart in an element of its own, without a colon', () => {
    const og = '<meta property="og:title" content="Rückschlag im Titelkampf">';
    expect(
      titleOf(
        og,
        `<article><h1><span class="kicker">Premier League</span> Rückschlag im Titelkampf</h1>${BODY}</article>`,
      ),
    ).toBe('Rückschlag im Titelkampf');
    // The headline in its own element, the kicker in a block above it (in a link wrapping both).
    expect(
      titleOf(
        '<meta property="og:title" content="Klatch Coffee | Shopify App Store">',
        `<article><h1><a href="/k">\n<div>Get that tech stack</div>\n<span>Klatch Coffee</span></a></h1>${BODY}</article>`,
        'https://apps.shopify.com/stories/klatch',
      ),
    ).toBe('Klatch Coffee');
    // Words of the headline that are no element of their own stay.
    expect(
      titleOf(
        '<meta property="og:title" content="Best Home Security Cameras of 2026">',
        `<article><h1>The Best Home Security Cameras of <em>2026</em></h1>${BODY}</article>`,
      ),
    ).toBe('The Best Home Security Cameras of 2026');
  });

  it("keeps the declared title's colon where the heading sets kicker and headline in elements of their own", () => {
    const og =
      '<meta property="og:title" content="Rückbau von Atomkraftwerk: Kühltürme von AKW Gundremmingen gesprengt">';
    const h2 =
      '<h2><span class="article-kicker">Rückbau von Atomkraftwerk</span> <span class="article-headline">Kühltürme von AKW Gundremmingen gesprengt</span></h2>';
    expect(titleOf(og, `<article>${h2}${BODY}</article>`)).toBe(
      'Rückbau von Atomkraftwerk: Kühltürme von AKW Gundremmingen gesprengt',
    );
    // A heading that writes the words another way keeps its own text.
    expect(
      titleOf(
        '<meta property="og:title" content="Progress report: number nine">',
        `<article><h2>Progress report number nine!</h2>${BODY}</article>`,
      ),
    ).toBe('Progress report number nine!');
  });

  it('keeps a long lead-in and a lead-in the card title shares', () => {
    const head = '<meta property="og:title" content="Judy Lybke, ganz und gar nicht eigenartig">';
    // Five words before the colon are part of the headline.
    expect(
      titleOf(
        head,
        `<article><h1>Forty years of the new Leipzig school: Judy Lybke, ganz und gar nicht eigenartig</h1>${BODY}</article>`,
      ),
    ).toBe('Forty years of the new Leipzig school: Judy Lybke, ganz und gar nicht eigenartig');
    // Only the social card's title stands for the bare headline, not the document title.
    expect(
      titleOf(
        '<title>Judy Lybke, ganz und gar nicht eigenartig</title>',
        `<article><h1>Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig</h1>${BODY}</article>`,
      ),
    ).toBe('Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig');
  });

  it('takes the social card title where it is the headline with the kicker the page sets above the h1', () => {
    const kicker = '<p class="overline">Rückbau von Atomkraftwerk</p>';
    const h1 = '<h1>Kühltürme von AKW Gundremmingen gesprengt</h1>';
    const html = (head: string): string =>
      `<!doctype html><html lang="de"><head>${head}</head><body><article>${kicker}${h1}${BODY}</article></body></html>`;
    const og = (t: string): string => `<meta property="og:title" content="${t}">`;
    const article = extractArticles({
      body: html(og('Rückbau von Atomkraftwerk: Kühltürme von AKW Gundremmingen gesprengt')),
      contentType: 'text/html',
      url: 'https://www.zeitung.example/inhalt.kuehltuerme.html',
    }).articles[0]!;
    expect(article.title).toBe('Rückbau von Atomkraftwerk: Kühltürme von AKW Gundremmingen gesprengt');
    expect(article.provenance.title?.source).toBe('h1+kicker+meta:og:title');
    // "Label - headline" too.
    expect(
      titleOf(
        og('About - State of AI newsletter'),
        `<article><h1>State of AI newsletter</h1>${BODY}</article>`,
        'https://jane.substack.example/about',
      ),
    ).toBe('About - State of AI newsletter');
    // The site's own name before the headline is no kicker, nor is a lead-in of more than four words.
    expect(
      titleOf(
        og('Garnix Blog: Hardware-Attested Nix Builds'),
        `<article><h1>Hardware-Attested Nix Builds</h1>${BODY}</article>`,
        'https://garnix.io/blog/attested',
      ),
    ).toBe('Hardware-Attested Nix Builds');
    expect(
      titleOf(
        og('What we learned in five years: Hardware-Attested Nix Builds'),
        `<article><h1>Hardware-Attested Nix Builds</h1>${BODY}</article>`,
      ),
    ).toBe('Hardware-Attested Nix Builds');
    // twitter:title adding the kicker og:title leaves out does not bring it back.
    expect(
      titleOf(
        og('Judy Lybke, ganz und gar nicht eigenartig') +
          '<meta name="twitter:title" content="Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig">',
        `<article><h1>Judy Lybke, ganz und gar nicht eigenartig</h1>${BODY}</article>`,
      ),
    ).toBe('Judy Lybke, ganz und gar nicht eigenartig');
  });

  it('folds typographic quotes, but not in a title quoting with low-9 marks', () => {
    const h1 = (t: string): string => titleOf('', `<article><h1>${t}</h1>${BODY}</article>`);
    expect(h1('Why the “quiet quitting” debate won’t end')).toBe(`Why the "quiet quitting" debate won't end`);
    expect(h1('Hamas-Geisel schildert sexuellen Missbrauch: „In der Hölle aufgewacht“')).toBe(
      'Hamas-Geisel schildert sexuellen Missbrauch: „In der Hölle aufgewacht“',
    );
  });

  it("removes the page's domain opening a title without a separator, but not one closing a sentence", () => {
    const url = 'https://davidbau.com/archives/2025/12/16/vibe_coding.html';
    expect(stripSiteName('davidbau.com Vibe Coding', undefined, url)).toBe('Vibe Coding');
    expect(stripSiteName('www.davidbau.com Vibe Coding', undefined, url)).toBe('Vibe Coding');
    expect(stripSiteName('davidbau.com archives', undefined, url)).toBe('davidbau.com archives');
    expect(
      stripSiteName(
        'Мастера вкуса: 23 самых крутых фудблогера по версии Wday.ru',
        undefined,
        'https://www.wday.ru/x',
      ),
    ).toBe('Мастера вкуса: 23 самых крутых фудблогера по версии Wday.ru');
    expect(titleOf('<title>davidbau.com Vibe Coding</title>', `<article>${BODY}</article>`, url)).toBe(
      'Vibe Coding',
    );
  });

  it('splits Chinese and Japanese titles at a full-width bar or colon without spaces', () => {
    expect(
      stripSiteName('日銀、追加利上げを決定｜日本経済新聞', '日本経済新聞', 'https://www.nikkei.com/a'),
    ).toBe('日銀、追加利上げを決定');
    expect(stripSiteName('中方坚决反对单边制裁行为：新华网', '新华网', 'https://www.news.cn/a')).toBe(
      '中方坚决反对单边制裁行为',
    );
    // A kicker before the colon is no site name: the headline keeps it.
    expect(stripSiteName('外交部：中方坚决反对单边制裁行为', '新华网', 'https://www.news.cn/a')).toBe(
      '外交部：中方坚决反对单边制裁行为',
    );
    expect(
      titleOf(
        '<meta property="og:title" content="日銀、追加利上げを決定｜日本経済新聞"><meta property="og:site_name" content="日本経済新聞">',
        `<article>${BODY}</article>`,
        'https://www.nikkei.com/a',
      ),
    ).toBe('日銀、追加利上げを決定');
  });

  it('removes the registrable domain of a subdomain as a site name', () => {
    expect(
      stripSiteName(
        'Spring gardening deals | Shopmart.com',
        undefined,
        'https://promotions.shopmart.com/spring',
      ),
    ).toBe('Spring gardening deals');
    expect(
      stripSiteName(
        'Rail strike ends after talks | Daily Courier',
        undefined,
        'https://www.dailycourier.co.uk/news/1',
      ),
    ).toBe('Rail strike ends after talks');
  });
  it('drops a short Chinese or Japanese site name closing a title when the page declares none', () => {
    const url = 'https://www.binjiang.example/a/1.html';
    expect(stripSiteName('滨江市地铁五号线今日开通运营 - 滨江日报', undefined, url)).toBe(
      '滨江市地铁五号线今日开通运营',
    );
    expect(stripSiteName('滨江市地铁五号线今日开通运营_滨江日报', undefined, url)).toBe(
      '滨江市地铁五号线今日开通运营',
    );
    expect(stripSiteName('小笠原諸島の警察無線「不感地帯」解消 - 産経ニュース', undefined, url)).toBe(
      '小笠原諸島の警察無線「不感地帯」解消',
    );
    // After a colon a short name is the one quoted; a short headline keeps its last part.
    expect(stripSiteName('地铁五号线今日开通运营：专家', undefined, url)).toBe(
      '地铁五号线今日开通运营：专家',
    );
    expect(stripSiteName('五号线开通 - 滨江日报', undefined, url)).toBe('五号线开通 - 滨江日报');
    expect(
      titleOf(
        '<title>滨江市地铁五号线今日开通运营 - 滨江日报</title>',
        `<div class="content">${BODY}</div>`,
        url,
      ),
    ).toBe('滨江市地铁五号线今日开通运营');
  });

  it('counts the words of Hindi, Bengali and Tamil titles with their vowel signs inside them', () => {
    // Split at the vowel signs, "दैनिक भास्कर" was six one- and two-letter words: no short brand tail.
    const url = 'https://www.bhaskar.example/news/1';
    expect(stripSiteName('दिल्ली में बारिश से जलभराव, यातायात प्रभावित - दैनिक भास्कर', undefined, url)).toBe(
      'दिल्ली में बारिश से जलभराव, यातायात प्रभावित',
    );
    expect(stripSiteName('ঢাকায় ভারী বৃষ্টিতে জলাবদ্ধতা, যান চলাচল ব্যাহত | প্রথম আলো', undefined, url)).toBe(
      'ঢাকায় ভারী বৃষ্টিতে জলাবদ্ধতা, যান চলাচল ব্যাহত',
    );
    expect(
      titleOf(
        '<title>சென்னையில் கனமழை காரணமாக போக்குவரத்து பாதிப்பு - தினமணி</title>',
        `<div class="content">${BODY}</div>`,
        url,
      ),
    ).toBe('சென்னையில் கனமழை காரணமாக போக்குவரத்து பாதிப்பு');
  });

  it('counts the words of a Thai or Lao headline by the word breaker for the brand-tail guess', () => {
    // One run without spaces is a dozen words: the short last part is the site's name.
    const url = 'https://www.thairath.example/news/1';
    expect(stripSiteName('ครม.อนุมัติงบประมาณช่วยเหลือผู้ประสบภัยน้ำท่วม - ไทยรัฐออนไลน์', undefined, url)).toBe(
      'ครม.อนุมัติงบประมาณช่วยเหลือผู้ประสบภัยน้ำท่วม',
    );
    expect(stripSiteName('ນາຍົກລັດຖະມົນຕີ ເດີນທາງໄປຢ້ຽມຢາມ ແຂວງຫຼວງພະບາງ - ລາວພັດທະນາ', undefined, url)).toBe(
      'ນາຍົກລັດຖະມົນຕີ ເດີນທາງໄປຢ້ຽມຢາມ ແຂວງຫຼວງພະບາງ',
    );
    // A headline of fewer than four words keeps its last part, as in any script.
    expect(stripSiteName('น้ำท่วม - ไทยรัฐออนไลน์', undefined, url)).toBe('น้ำท่วม - ไทยรัฐออนไลน์');
  });
});
