import { describe, expect, it } from 'vitest';
import { cleanBlocks, FURNITURE_RULES, HEADER_RULES, STORY_RULES, TAIL_RULES } from './block-rules.js';
import type { Block } from './blocks.js';

const PROSE =
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing old pipes.';
const p = (text: string, extra: Partial<Block> = {}): Block => ({ kind: 'p', text, ...extra });
const h = (text: string): Block => ({ kind: 'h', text });
const context = { title: 'Water tariffs rise', hostLabels: ['acme'], profile: undefined };

describe('block rules', () => {
  it('have unique names, so that each drop is reported under one', () => {
    const names = [...HEADER_RULES, ...FURNITURE_RULES, ...STORY_RULES, ...TAIL_RULES].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('read a sentence as ended by the marks of other scripts: a dated Hindi lede is no meta line, and ends the header', () => {
    const lede = 'नगर निगम ने 13-01-2025 को नदी पर बना नया पुल जनता के लिए खोल दिया।';
    const body =
      'इस पुल के बनने से दोनों किनारों के गाँवों के बीच की दूरी अब केवल दस मिनट रह गई है, जबकि पहले लोगों को नाव से जाना पड़ता था।';
    const { kept, header } = cleanBlocks(
      [p('नदीपुर समाचार · 13-01-2025'), p(lede), p(body), p('रमेश कुमार · 13-01-2025')],
      context,
    );
    // The site-and-date line goes; the lede, which ends in a danda, is a sentence.
    expect(kept.map((b) => b.text)).toEqual([lede, body, 'रमेश कुमार · 13-01-2025']);
    // The header ends at the first prose paragraph, so the dated line after it is not read as a header line.
    expect(header).toEqual(['नदीपुर समाचार · 13-01-2025', lede]);
  });

  it('read a Thai line of eight words or more as a sentence (Thai has no end mark): a dated lede is no meta line', () => {
    const lede = 'เทศบาลเปิดสะพานใหม่ข้ามแม่น้ำเมื่อวันที่ 13/01/2025 ให้ประชาชนใช้งานได้แล้ว';
    const body = 'สะพานแห่งนี้ช่วยลดเวลาเดินทางระหว่างหมู่บ้านสองฝั่งแม่น้ำเหลือเพียงสิบนาที จากเดิมที่ชาวบ้านต้องนั่งเรือข้ามฟาก';
    const { kept } = cleanBlocks([p('ข่าวสุขสันต์ · 13/01/2025'), p(lede), p(body)], context);
    expect(kept.map((b) => b.text)).toEqual([lede, body]);
  });

  it('drop a "read also" line linking another story in the languages of the news, not an unlinked one', () => {
    const { kept, drops } = cleanBlocks(
      [
        p(PROSE),
        p('Lesen Sie auch: Annalena Baerbock: Kinder, Ausbildung, Politik – alle wichtigen Infos', {
          linkShare: 0.82,
        }),
        p('À lire aussi La natalité russe menacée d’effondrement', { linkShare: 0.77 }),
        p('Les også: Tone Damli røper detaljer om frieriet: – Ble helt forfjamset', { linkShare: 0.8 }),
        p('Czytaj także: Niemiecki parlament poparł stałe kontrole na granicach', { linkShare: 0.85 }),
        p('Lesen Sie auch die Stellungnahme des Senats, die am Freitag veröffentlicht wurde.', {
          linkShare: 0,
        }),
        p(PROSE.replace('Monday', 'Tuesday')),
      ],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([
      PROSE,
      'Lesen Sie auch die Stellungnahme des Senats, die am Freitag veröffentlicht wurde.',
      PROSE.replace('Monday', 'Tuesday'),
    ]);
    expect(drops.get('read-also-link')).toBe(4);
  });

  it('drop a publication or update stamp that gives a time of day, not a bare time or a sentence', () => {
    const stamps = [
      'Updated at 1:23 p.m.',
      'Uppdaterad 15.59 | Publicerad 14.14',
      '28.04.2023, 20.15 Uhr',
      'Aktualisiert um 14:30 Uhr',
      'Mis à jour à 15h30',
      'Published 3:45 PM EST',
    ];
    const { kept, drops } = cleanBlocks(
      [
        p(PROSE),
        ...stamps.map((t) => p(t)),
        p('14:30'),
        p('Updated at 1:23 p.m., the council said the roads were open.'),
        p(PROSE.replace('Monday', 'Friday')),
      ],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([
      PROSE,
      '14:30',
      'Updated at 1:23 p.m., the council said the roads were open.',
      PROSE.replace('Monday', 'Friday'),
    ]);
    // A date with a time of day is a date line (1.100.0), dropped as one.
    expect(drops.get('date-line')).toBe(1);
    expect(drops.get('time-stamp-line')).toBe(stamps.length - 1);
  });

  it('drop header furniture only before the first prose paragraph, and report each drop by rule', () => {
    const { kept, header, drops } = cleanBlocks(
      [
        p('Home › News › Water', { linkShare: 0.8 }),
        h('Water tariffs rise'),
        p('By Jane Doe'),
        p(PROSE),
        p('By the way, the board meets again in spring and will look at the tariffs for businesses then.'),
        p(PROSE),
        h('Further developments'),
      ],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([
      PROSE,
      'By the way, the board meets again in spring and will look at the tariffs for businesses then.',
    ]);
    expect(header).toEqual(['Home › News › Water', 'Water tariffs rise', 'By Jane Doe']);
    expect(Object.fromEntries(drops)).toEqual({
      'header:breadcrumb': 1,
      'header:title': 1,
      'header:byline': 1,
      duplicate: 1,
      'trailing-headings': 1,
    });
  });

  it('drop a trail of links glued to the headline, but not a line that only ends with its words', () => {
    const { kept, drops } = cleanBlocks(
      [
        p('HomeNews and AnalysisLocal PoliticsWater tariffs rise', { linkShare: 0.66 }),
        p('Residents say water tariffs rise', { linkShare: 0 }),
        p(PROSE),
      ],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual(['Residents say water tariffs rise', PROSE]);
    expect(Object.fromEntries(drops)).toEqual({ 'header:title-trail': 1 });
  });

  it('cut the tail after a furniture heading, and the publisher blurb', () => {
    const afterHeading = cleanBlocks(
      [
        p(PROSE),
        p(`${PROSE} More.`),
        h('About the author'),
        p('Jane Doe writes about water.'),
        p('About Acme'),
      ],
      context,
    );
    expect(afterHeading.kept.map((b) => b.text)).toEqual([PROSE, `${PROSE} More.`]);
    expect(afterHeading.drops.get('after-furniture-heading')).toBe(3);
    const blurb = cleanBlocks(
      [
        p(PROSE),
        p(`${PROSE} More.`),
        p('Acme is a leading provider of water meters and billing software for utilities.'),
      ],
      context,
    );
    expect(blurb.kept).toHaveLength(2);
    expect(blurb.drops.get('publisher-blurb')).toBe(1);
  });

  it('find the blurb of an organisation whose name has no company word, above short calls to action', () => {
    // WCXB 0156: "Council for Relationships is a nonprofit organization…", then five short lines.
    const cfr = { ...context, hostLabels: ['councilforrelationships'] };
    const story = [p(PROSE), p(`${PROSE} More.`), p(`${PROSE} Again.`)];
    const tail = [
      p('Get matched with a CFR therapist who meets your needs'),
      p('Explore more blogs on trauma and healing'),
      p('Get Matched | Subscribe | Read More'),
      p('Self-Help Tips for Depression and Anxiety'),
      p('Managing Anxiety & Burnout: Mental Health Tips for College Students'),
    ];
    for (const blurb of [
      'Council for Relationships is a nonprofit organization with over 80 therapists and psychiatrists across Pennsylvania and New Jersey.',
      'About Council for Relationships: Council for Relationships is a nonprofit organization with over 80 therapists.',
    ]) {
      const { kept, drops } = cleanBlocks([...story, p(blurb), ...tail], cfr);
      expect(kept).toEqual(story);
      expect(drops.get('publisher-blurb')).toBe(6);
    }
    // The same sentence about another organisation is the story's.
    const other = cleanBlocks(
      [...story, p('Friends of the Earth is a nonprofit organization with offices in 70 countries.')],
      cfr,
    );
    expect(other.kept).toHaveLength(4);
  });

  it('drop a short block opening with the copyright sign, in any language, and keep prose that mentions it', () => {
    const notice =
      'Readers asked whether the © sign on the board’s tariff sheets means the figures may not be quoted.';
    const { kept, drops } = cleanBlocks(
      [p(PROSE), p('© Reuters'), p(notice), p('© RIPRODUZIONE RISERVATA'), p('© 2026 The Canadian Press')],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([PROSE, notice]);
    expect(drops.get('furniture-text')).toBe(3);
  });

  it('drop a header byline opened by "di", "door", "av" or "af" only when a name follows', () => {
    const { kept, drops } = cleanBlocks(
      [p('di Viviana Mazza'), p('av Anna Berg'), p('Di Maio attacca il governo sulle tasse'), p(PROSE)],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual(['Di Maio attacca il governo sulle tasse', PROSE]);
    expect(drops.get('header:byline')).toBe(2);
  });

  it('drop a header "site · date" line whose month is any of the date table (dates.ts MONTHS)', () => {
    const lines = [
      'Redacción · 5 de enero de 2024',
      'Redactie | 5 maart 2024',
      'La Rédaction · 5 fév. 2024',
      'Redaktion · 12. Mär. 2024',
      'Redaktionen · 5 augusti 2024',
    ];
    const { kept, drops } = cleanBlocks([...lines.map((t) => p(t)), p(PROSE)], context);
    expect(kept.map((b) => b.text)).toEqual([PROSE]);
    expect(drops.get('header:meta-line')).toBe(lines.length);
  });

  it('drop a header line opened by "by", "von", "par" or "por" when a capital or a few words follow', () => {
    const { kept, drops } = cleanBlocks(
      [
        p('By Jane Doe'),
        p('Por María López'),
        p('Von unserer Redaktion'),
        p('by the way, the council meets again in May'),
        p('por la tarde llegó la lluvia'),
        p(PROSE),
      ],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([
      'by the way, the council meets again in May',
      'por la tarde llegó la lluvia',
      PROSE,
    ]);
    expect(drops.get('header:byline')).toBe(3);
  });

  it('drop a blogger greeting in the second half only when a capitalised name follows it', () => {
    const greeting = 'Hi, I’m Jessica! Welcome to my blog.';
    const aside = 'Hello, I am not a plumber, but the fix took ten minutes.';
    const { kept } = cleanBlocks(
      [p(PROSE), p(PROSE.replace('Monday', 'Tuesday')), p(greeting), p(aside)],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([PROSE, PROSE.replace('Monday', 'Tuesday'), aside]);
  });

  it('drop a paragraph-long reader prompt or affiliate disclosure in the second half of the story only', () => {
    const disclosure =
      'Disclosure: some of my posts contain affiliate links. If you purchase something through one of those links I may receive a small commission, so thank you for supporting the blog when you shop! All of the opinions are my own.';
    const prompt =
      'Water Weekly is a production of the regional press. If you liked this article, please consider liking, sharing, and subscribing to the newsletter. If you want to support our reporting, you can become a member for the price of a coffee.';
    const topic =
      'In affiliate marketing, companies and influencers promote another company’s products and get a commission every time a sale is made, and many well-known retailers run programmes that pay out millions to the people who sell for them.';
    const log = [
      'BootRom Version 1.1, Memory Size: 128 MB, Processor: PA-RISC 7100LC at 80 MHz',
      '(c) Copyright 1990-1994, Hewlett-Packard Company.',
      'All rights reserved',
      'Press <ESCAPE> to stop boot sequence.',
      'Loading Initial Program Loader from the first disk',
    ].join('\n');
    const story = [p(disclosure), p(PROSE), p(PROSE.replace('Monday', 'Tuesday')), p(topic)];
    const { kept, drops } = cleanBlocks(
      [...story, { kind: 'pre', text: log }, p(disclosure.replace('blog', 'site')), p(prompt)],
      context,
    );
    expect(kept.map((b) => b.text)).toEqual([...story.map((b) => b.text), log]);
    expect(drops.get('closing-prompt')).toBe(2);
  });

  it("drop an adviser's risk warning in the story's second half, and keep a story that quotes one early", () => {
    // WCXB 4090: the registered adviser's notice under a post.
    const warning =
      'Acme Wealth, LLC is a Registered Investment Adviser. Past performance is no guarantee of future returns. Investing involves risk and possible loss of principal capital.';
    const quote =
      'Regulators want funds to print that past performance is no guarantee of future returns, but few investors read the small print, the report says.';
    const story = [p(quote), p(PROSE), p(PROSE.replace('Monday', 'Tuesday'))];
    const { kept, drops } = cleanBlocks([...story, p(warning)], context);
    expect(kept).toEqual(story);
    expect(drops.get('legal-disclaimer')).toBe(1);
  });
});
