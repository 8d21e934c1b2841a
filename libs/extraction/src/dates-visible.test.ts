import { describe, expect, it } from 'vitest';
import { parseDate, dateFromUrl, isDateLine, slashDateOrder } from './dates.js';
import { extractArticles } from './index.js';

const BODY = `<p>The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.</p>
<p>Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.</p>
<p>The museum will reopen its east wing next week after a two-year renovation that restored the original glass roof and added a new gallery.</p>`;

function published(
  head: string,
  body: string,
  url = 'https://news.example/story',
): { day: string | undefined; source: string | undefined } {
  const html = `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;
  const a = extractArticles({ body: html, contentType: 'text/html', url }).articles[0]!;
  return { day: a.publishedAt?.slice(0, 10), source: a.provenance.publishedAt?.source };
}

describe('publication date', () => {
  it('reads the Spanish "p. m." of a time after a date (it was read as the morning)', () => {
    expect(parseDate('5 de marzo de 2024 a las 8:15 p. m.')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('5 de marzo de 2024, 12:30 a. m.')?.iso).toBe('2024-03-05T00:30:00Z');
    expect(parseDate('March 5, 2024 8:15 p.m. EST')?.iso).toBe('2024-03-05T20:15:00-05:00');
  });

  it('reads a time written "20:15h", "20h15" or "20.15 Uhr" after the day (only the day was read)', () => {
    expect(parseDate('5 de marzo de 2024, 20:15h')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('5 de marzo de 2024 - 20:15hs')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('5 mars 2024 à 20h15')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('12.03.2024, 20.15 Uhr')?.iso).toBe('2024-03-12T20:15:00Z');
    expect(parseDate('12.03.2024 20:15')?.iso).toBe('2024-03-12T20:15:00Z');
    // A dot between numbers is a time only before "Uhr" or "h": "20.15" alone may be a figure.
    expect(parseDate('12.03.2024: shares fell 20.15 percent')?.hasTime).toBe(false);
    expect(isDateLine('Dienstag, 12.03.2024, 20.15 Uhr')).toBe(true);
    expect(isDateLine('5 de marzo de 2024, 20:15h')).toBe(true);
  });

  it('reads every time a date line may end in (one pattern reads and finds a time; these were found, not read)', () => {
    expect(parseDate('5 gennaio 2025 alle 20.15')?.iso).toBe('2025-01-05T20:15:00Z');
    expect(parseDate('12.03.2024 kl. 08.30')?.iso).toBe('2024-03-12T08:30:00Z');
    expect(parseDate('Vrijdag, 12 januari 2024 om 20.15')?.iso).toBe('2024-01-12T20:15:00Z');
    expect(parseDate('3 March 2024 at 2.30pm')?.iso).toBe('2024-03-03T14:30:00Z');
    expect(parseDate('5 de marzo de 2024, 8.15 a. m.')?.iso).toBe('2024-03-05T08:15:00Z');
    expect(parseDate('5 gennaio 2025 | 20.15')?.iso).toBe('2025-01-05T20:15:00Z');
    expect(parseDate('5 mars 2024 à 20h')?.iso).toBe('2024-03-05T20:00:00Z');
    expect(parseDate('5 mars 2024, 20h')?.iso).toBe('2024-03-05T20:00:00Z');
    // Still no time: a figure with a dot, another dotted number, a duration in hours.
    expect(parseDate('12.03.2024: shares fell 20.15 percent')?.hasTime).toBe(false);
    expect(parseDate('2024.03.05')?.hasTime).toBe(false);
    expect(parseDate('5 mars 2024 : 3h de grève, 10.50 euros')?.hasTime).toBe(false);
    expect(isDateLine('5 gennaio 2025 | 20.15')).toBe(true);
    expect(isDateLine('5 mars 2024 à 20h')).toBe(true);
  });

  it('reads the French time with spaces around the "h" ("à 20 h 15", Quebec; only the day was read)', () => {
    expect(parseDate('5 mars 2024 à 20 h 15')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('Mis à jour le 5 mars 2024 à 8 h 05')?.iso).toBe('2024-03-05T08:05:00Z');
    expect(parseDate('5 mars 2024 à 8 h')?.iso).toBe('2024-03-05T08:00:00Z');
    expect(isDateLine('5 mars 2024 à 20 h 15')).toBe(true);
    // Hours of a duration are no time of day.
    expect(parseDate('5 mars 2024 : 3 h de grève')?.hasTime).toBe(false);
  });

  it('reads a whole hour before "Uhr" ("12.03.2024, 20 Uhr"; only the day was read)', () => {
    expect(parseDate('12.03.2024, 20 Uhr')?.iso).toBe('2024-03-12T20:00:00Z');
    expect(parseDate('Dienstag, 12. März 2024 um 8 Uhr')?.iso).toBe('2024-03-12T08:00:00Z');
    expect(isDateLine('12.03.2024, 20 Uhr')).toBe(true);
    // A number before another word is no hour.
    expect(parseDate('12.03.2024: 20 Uhren gestohlen')?.hasTime).toBe(false);
    expect(parseDate('12.03.2024: 20 Euro')?.hasTime).toBe(false);
  });

  it('reads the German, Western and Eastern European zone names, and a zone after "Uhr" (it was left out)', () => {
    expect(parseDate('12.03.2024, 20:15 Uhr MEZ')?.iso).toBe('2024-03-12T20:15:00+01:00');
    expect(parseDate('Dienstag, 12. März 2024, 20.15 Uhr MESZ')?.iso).toBe('2024-03-12T20:15:00+02:00');
    expect(parseDate('12.03.2024 20:15 CET')?.iso).toBe('2024-03-12T20:15:00+01:00');
    expect(parseDate('12.03.2024 um 20:15 Uhr CEST')?.iso).toBe('2024-03-12T20:15:00+02:00');
    expect(parseDate('12.03.2024, 20 Uhr OEZ')?.iso).toBe('2024-03-12T20:00:00+02:00');
    expect(parseDate('12.03.2024, 20:15 OESZ')?.iso).toBe('2024-03-12T20:15:00+03:00');
    expect(parseDate('12.03.2024, 20:15 WESZ')?.iso).toBe('2024-03-12T20:15:00+01:00');
    expect(parseDate('12.03.2024, 20:15 WEZ')?.iso).toBe('2024-03-12T20:15:00Z');
    expect(parseDate('5 March 2024, 20:15 EET')?.iso).toBe('2024-03-05T20:15:00+02:00');
    expect(parseDate('5 March 2024, 20:15 EEST')?.iso).toBe('2024-03-05T20:15:00+03:00');
    // A word after "Uhr" that is no zone leaves the time in UTC as before.
    expect(parseDate('12.03.2024, 20:15 Uhr Ortszeit')?.iso).toBe('2024-03-12T20:15:00Z');
  });

  it('reads the time after an ISO day written another way ("2024-03-05 20h15"; only the day was read)', () => {
    expect(parseDate('2024-03-05 20h15')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('2024-03-05, 20.15 Uhr')?.iso).toBe('2024-03-05T20:15:00Z');
    expect(parseDate('2024-03-05 | 8:15 p.m. EST')?.iso).toBe('2024-03-05T20:15:00-05:00');
    // The ISO form's own time, seconds and offset are read as before.
    expect(parseDate('2024-03-05T20:15:30.123+01:00')?.iso).toBe('2024-03-05T20:15:30+01:00');
    expect(parseDate('2024-03-05')?.hasTime).toBe(false);
  });

  it('keeps the day of a date whose time is impossible ("25:00", "48h00"), without the time (it dropped the date)', () => {
    expect(parseDate('5 March 2024, 25:00')).toEqual({
      iso: '2024-03-05T00:00:00Z',
      day: '2024-03-05',
      hasTime: false,
    });
    expect(parseDate('5 mars 2024 à 48h00')?.day).toBe('2024-03-05');
    expect(parseDate('2024-03-05T10:75:00Z')?.hasTime).toBe(false);
    // 24:00 is the end of the day as written: the day is kept, not moved to the next one, and the time dropped.
    expect(parseDate('5 March 2024, 24:00')).toEqual({
      iso: '2024-03-05T00:00:00Z',
      day: '2024-03-05',
      hasTime: false,
    });
    // An ISO date's offset stays: the day is the one written in that zone.
    expect(parseDate('2024-03-05T25:00:00+02:00')?.iso).toBe('2024-03-05T00:00:00+02:00');
  });

  it('reads the abbreviations "fév." and "Mär." as February and March', () => {
    expect(parseDate('5 fév. 2024')?.day).toBe('2024-02-05');
    expect(parseDate('12. Mär. 2024')?.day).toBe('2024-03-12');
  });

  it('reads Spanish and Portuguese "5 de marzo de 2024" dates, and their update labels as updates', () => {
    expect(parseDate('5 de marzo de 2024')?.day).toBe('2024-03-05');
    expect(parseDate('5 de março de 2024')?.day).toBe('2024-03-05');
    expect(parseDate('5 de marzo del 2024')?.day).toBe('2024-03-05');
    expect(isDateLine('05 de março de 2024 às 20h15')).toBe(true);
    const page = (line: string): string =>
      `<article><h1>Water tariffs rise</h1><p>${line}</p>${BODY}</article>`;
    expect(published('', page('Publicado el 5 de marzo de 2024'))).toEqual({
      day: '2024-03-05',
      source: 'text:near-title',
    });
    // An update line is no publication date: it stands in last, as an update.
    expect(published('', page('Actualizado: 6 de marzo de 2024'))).toEqual({
      day: '2024-03-06',
      source: 'text:updated',
    });
    expect(published('', page('Aktualisiert: 06.03.2024')).source).toBe('text:updated');
  });

  it('reads Dutch "5 maart 2024", "12 okt. 2023" and "dinsdag 5 maart 2024" dates', () => {
    expect(parseDate('5 maart 2024')?.day).toBe('2024-03-05');
    expect(parseDate('12 okt. 2023')?.day).toBe('2023-10-12');
    expect(parseDate('1 mrt. 2024')?.day).toBe('2024-03-01');
    expect(parseDate('7 mei 2024')?.day).toBe('2024-05-07');
    expect(parseDate('23 augustus 2024, 14:05')?.iso).toBe('2024-08-23T14:05:00Z');
    expect(isDateLine('dinsdag 5 maart 2024')).toBe(true);
    expect(isDateLine('Vrijdag, 12 januari 2024 om 20.15')).toBe(true);
    const page = (line: string): string =>
      `<article><h1>Water tariffs rise</h1><p>${line}</p>${BODY}</article>`;
    expect(published('', page('Gepubliceerd: dinsdag 5 maart 2024'))).toEqual({
      day: '2024-03-05',
      source: 'text:near-title',
    });
    expect(published('', page('Bijgewerkt: 6 mrt. 2024')).source).toBe('text:updated');
  });

  it('reads a date line under the headline that gives the time with a dot or in words ("20.15 Uhr")', () => {
    for (const line of [
      '12.03.2024, 20.15 Uhr',
      'Publiziert: 12.03.2024 um 20:15 Uhr',
      '12 mars 2024 à 20h15',
    ])
      expect(published('', `<article><h1>Water tariffs rise</h1><p>${line}</p>${BODY}</article>`)).toEqual({
        day: '2024-03-12',
        source: 'text:near-title',
      });
    // "Stand:" (as of) dates the last update: the day stands in, as an update.
    expect(
      published(
        '',
        `<article><h1>Water tariffs rise</h1><p>Stand: 12.03.2024 um 20:15 Uhr</p>${BODY}</article>`,
      ),
    ).toEqual({ day: '2024-03-12', source: 'text:updated' });
    // "a las" was left over, so the line was no date line: dropped from the text as a header line, no date read.
    expect(
      published(
        '',
        `<article><h1>Water tariffs rise</h1><p>12 de marzo de 2024 a las 20:15</p>${BODY}</article>`,
      ),
    ).toEqual({ day: '2024-03-12', source: 'text:near-title' });
  });

  it('reads the date printed beside the byline when the byline sits far below the headline', () => {
    const contents = Array.from(
      { length: 45 },
      (_, i) => `<li><a href="#s${i}">Section ${i + 1}</a></li>`,
    ).join('');
    const byline = (date: string): string =>
      `<div class="meta"><p>Written by <a href="/blog/author/jane-marsh">Jane Marsh</a></p><p>${date}</p></div>`;
    const page = (date: string): string =>
      `<article><h1>Water tariffs rise</h1><ul>${contents}</ul>${byline(date)}${BODY}${BODY}</article>`;
    expect(published('<title>Water tariffs rise</title>', page('April 8, 2024'))).toEqual({
      day: '2024-04-08',
      source: 'text:beside-byline',
    });
    // An update line beside it is no publication date, its label in the same text or one of its own.
    expect(published('<title>Water tariffs rise</title>', page('Updated April 8, 2024')).source).not.toBe(
      'text:beside-byline',
    );
    expect(
      published(
        '<title>Water tariffs rise</title>',
        page('<strong>Last Updated:</strong></p><p>April 8, 2024'),
      ).source,
    ).not.toBe('text:beside-byline');
  });

  it('parses year-first month names and dates in URLs followed by "+"', () => {
    expect(parseDate('2023 Jan 7')?.day).toBe('2023-01-07');
    expect(dateFromUrl('https://blog.example/articles/2025-12-15+Rust+backend')?.day).toBe('2025-12-15');
  });

  it('reads Chinese, Japanese and Korean dates', () => {
    expect(parseDate('2025年1月13日')?.day).toBe('2025-01-13');
    expect(parseDate('2025年1月13日 15:30')?.iso).toBe('2025-01-13T15:30:00Z');
    expect(parseDate('2025년 1월 13일')?.day).toBe('2025-01-13');
    expect(isDateLine('2025年1月13日（月）')).toBe(true);
    // A date inside a sentence is read but makes no date line.
    expect(isDateLine('浜松市は2025年1月13日、新しい橋を開通させた。')).toBe(false);
  });

  it('reads hyphenated month abbreviations of the Romance languages', () => {
    expect(parseDate('04-ago-2021')?.day).toBe('2021-08-04');
    expect(parseDate('12-dic-2020')?.day).toBe('2020-12-12');
    expect(parseDate('3-set-2019')?.day).toBe('2019-09-03');
    expect(parseDate('15-févr.-2022')?.day).toBe('2022-02-15');
    expect(parseDate('7 out. 2020')?.day).toBe('2020-10-07');
    expect(isDateLine('Publicado: 04-ago-2021')).toBe(true);
  });

  it('reads slash dates month first when the page shows a US date or declares a US locale', () => {
    expect(parseDate('03/01/2017')?.day).toBe('2017-01-03');
    expect(parseDate('03/01/2017', { slashOrder: 'month-first' })?.day).toBe('2017-03-01');
    expect(parseDate('13/01/2017', { slashOrder: 'month-first' })?.day).toBe('2017-01-13');
    expect(parseDate('03.01.2017', { slashOrder: 'month-first' })?.day).toBe('2017-01-03');
    // A date with a field > 12 beats the locale; both kinds of such dates are no evidence.
    expect(slashDateOrder(['Careers Month 01/31/2025'], ['en-GB'])).toBe('month-first');
    expect(slashDateOrder(['31/01/2025'], ['en-US'])).toBe('day-first');
    expect(slashDateOrder(['31/01/2025', '01/31/2025'], ['en_US'])).toBe('month-first');
    expect(slashDateOrder(['31.01.2025'], ['en-us'])).toBe('month-first');
    expect(slashDateOrder([], ['en', 'en-AU'])).toBe('day-first');
    expect(slashDateOrder([], ['en', undefined])).toBeUndefined();
    const page = (lang: string, aside: string): string | undefined =>
      extractArticles({
        body: `<!doctype html><html lang="${lang}"><body><article><h1>Water tariffs rise by four percent</h1><p>03/01/2017</p>${BODY}</article><aside><time>${aside}</time></aside></body></html>`,
        contentType: 'text/html',
        url: 'https://news.example/story',
      }).articles[0]!.publishedAt?.slice(0, 10);
    expect(page('en', '01/31/2025')).toBe('2017-03-01');
    expect(page('en-US', '')).toBe('2017-03-01');
    expect(page('en-GB', '')).toBe('2017-01-03');
    expect(page('en-US', '31/01/2025')).toBe('2017-01-03');
  });

  it('reads the slash dates of scraped text and of multi-post pages the way the page writes them', () => {
    const prose = BODY.replace(/<\/?p>/g, '');
    const text = (second: string): (string | undefined)[] =>
      extractArticles({
        body: `Water tariffs rise by four percent\n03/01/2017\n\n${prose}\n\nMuseum reopens its east wing\n${second}\n\n${prose}\n`,
        contentType: 'text/plain',
      }).articles.map((a) => a.publishedAt?.slice(0, 10));
    expect(text('01/31/2017')).toEqual(['2017-03-01', '2017-01-31']);
    expect(text('31/01/2017')).toEqual(['2017-01-03', '2017-01-31']);
    const post = (date: string): string =>
      `<article class="post"><h2><a href="/p/${date.replace(/\//g, '-')}">Water tariffs rise</a></h2><span class="post-date">${date}</span>${BODY}${BODY}</article>`;
    const multi = (second: string): (string | undefined)[] =>
      extractArticles({
        body: `<!doctype html><html lang="en"><body>${post('03/01/2017')}${post(second)}</body></html>`,
        contentType: 'text/html',
        url: 'https://blog.example/',
      }).articles.map((a) => a.publishedAt?.slice(0, 10));
    expect(multi('01/31/2017')).toEqual(['2017-03-01', '2017-01-31']);
    expect(multi('31/01/2017')).toEqual(['2017-01-03', '2017-01-31']);
  });

  it('skips an update date whose label is a separate text node', () => {
    const body = `<article><h1>Water tariffs rise by four percent</h1><p><span>Updated</span><span>:</span><span>December 4, 2025</span></p><p><span>March 2, 2025</span></p>${BODY}</article>`;
    expect(published('', body).day).toBe('2025-03-02');
  });

  it('takes the printed date over a stale datePublished when another declared date agrees with it', () => {
    const head = `<script type="application/ld+json">{"@type":"Article","headline":"Water tariffs rise","datePublished":"2012-09-12T16:45:28Z"}</script>`;
    const body = `<article><h1>Water tariffs rise</h1><time datetime="2021-09-08T10:00:00Z">September 8, 2021</time>${BODY}</article>`;
    expect(published(head, body)).toEqual({ day: '2021-09-08', source: 'text:near-title+time' });
  });

  it('reads JSON-LD that a head manager rendered as a meta tag', () => {
    const ld = JSON.stringify({
      '@type': 'Article',
      headline: 'Water tariffs rise',
      datePublished: '2025-11-17T09:00:00-05:00',
    });
    const escaped = ld.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const body = `<article><h1>Water tariffs rise</h1>${BODY}</article>`;
    expect(published(`<meta name="script:ld+json" content="${escaped}">`, body)).toEqual({
      day: '2025-11-17',
      source: 'json-ld:datePublished',
    });
    // Other JSON in a meta tag (analytics, ad settings) is not JSON-LD.
    expect(published(`<meta name="parsely-metadata" content="${escaped}">`, body).day).toBeUndefined();
  });

  it('takes the dateline right above the headline over a date far down the story', () => {
    const events = Array.from(
      { length: 14 },
      (_, i) => `<li><a href="/e/${i}">Trade fair ${i + 1}</a></li>`,
    ).join('');
    const body = `<article><p class="date">OCTOBER 13, 2025</p><h1>The tech events to attend next year</h1>${BODY}<ul>${events}</ul><p>Date: 16-19 March 2026</p>${BODY}</article>`;
    expect(published('', body)).toEqual({ day: '2025-10-13', source: 'text:near-title' });
    // A date near the top after the headline still wins over one before it.
    const near = `<article><p class="kicker">OCTOBER 13, 2025</p><h1>The tech events to attend next year</h1><p>November 2, 2025</p>${BODY}</article>`;
    expect(published('', near).day).toBe('2025-11-02');
  });

  it('reads a "published on" line in other languages as the date line', () => {
    const head = `<script type="application/ld+json">{"@type":"Article","headline":"Wassertarife steigen","datePublished":"2026-05-13 15:44"}</script>`;
    const body = `<article><h1>Wassertarife steigen</h1><p>Veröffentlicht am 13. Mai 2026 um 15:44</p><p>3 Minuten Lesezeit</p><p>Von: Bill McCarthy</p><p>Teilen</p>${BODY}<p>Der Wasserverband betonte am</p><p>8. Mai 2026</p></article>`;
    expect(published(head, body)).toEqual({ day: '2026-05-13', source: 'json-ld:datePublished' });
    expect(published('', body)).toEqual({ day: '2026-05-13', source: 'text:near-title' });
  });

  it('reads the date part of a meta bar split by a dash', () => {
    const body = `<article><h1>Water tariffs rise</h1><p>Essay - Published: 2025.12.17 |</p>${BODY}</article>`;
    expect(published('', body)).toEqual({ day: '2025-12-17', source: 'text:near-title' });
  });

  it('keeps datePublished when the printed date is only the dateModified', () => {
    const head = `<script type="application/ld+json">{"@type":"Article","headline":"Water tariffs rise","datePublished":"2024-01-31T09:00:00Z","dateModified":"2025-06-24T09:00:00Z"}</script>`;
    const body = `<article><h1>Water tariffs rise</h1><p>June 24, 2025</p>${BODY}</article>`;
    expect(published(head, body).day).toBe('2024-01-31');
  });

  it('tells a publication line from an update line by the labels of other languages', () => {
    const page = (...lines: string[]): string =>
      `<article><h1>Water tariffs rise</h1>${lines.map((l) => `<p>${l}</p>`).join('')}${BODY}</article>`;
    const date = (...lines: string[]): { iso: string | undefined; source: string | undefined } => {
      const html = `<!doctype html><html><head></head><body>${page(...lines)}</body></html>`;
      const a = extractArticles({ body: html, contentType: 'text/html', url: 'https://news.example/s' })
        .articles[0]!;
      return { iso: a.publishedAt, source: a.provenance.publishedAt?.source };
    };
    expect(date('Publié le 5 mars 2024 à 20 h 15')).toEqual({
      iso: '2024-03-05T20:15:00Z',
      source: 'text:near-title',
    });
    // Update lines were no date lines, so not read: now they stand in last, as updates.
    expect(date('Mis à jour le 6 mars 2024').source).toBe('text:updated');
    expect(date('Aggiornato il 6 marzo 2024').source).toBe('text:updated');
    expect(date('Bijgewerkt op 6 maart 2024').source).toBe('text:updated');
    expect(date('Actualizado el 6 de marzo de 2024').source).toBe('text:updated');
    expect(date('Stand: 06.03.2024, 20:15 Uhr').source).toBe('text:updated');
    // An update line above the publication line is skipped.
    expect(date('Atualizado em 06/03/2024', 'Publicado em 05/03/2024')).toEqual({
      iso: '2024-03-05T00:00:00Z',
      source: 'text:near-title',
    });
    expect(date('Publié le 5 mars 2024, modifié le 6 mars 2024 à 8 h').iso?.slice(0, 10)).toBe('2024-03-05');
    // An update stamp before a labelled publication stamp: the line was an update (with the update's time).
    expect(date('Updated 10:30 | Published 5 March 2024, 08:15')).toEqual({
      iso: '2024-03-05T08:15:00Z',
      source: 'text:near-title',
    });
    expect(date('Aktualisiert: 06.03.2024, 20:15 Uhr | Veröffentlicht: 05.03.2024, 08:15 Uhr').iso).toBe(
      '2024-03-05T08:15:00Z',
    );
    // Without a publication label the part after the bar stays with the update ("Updated | March 5, 2024").
    expect(date('Updated | 6 March 2024').source).toBe('text:updated');
    // Nouns label too, the label a text of its own (Polish, Turkish, German): the update date was not read.
    const modified = (...lines: string[]): string | undefined =>
      extractArticles({
        body: `<!doctype html><html><body>${page(...lines)}</body></html>`,
        contentType: 'text/html',
        url: 'https://news.example/s',
      }).articles[0]!.modifiedAt;
    expect(modified('Aktualizacja:', '02.02.2025 23:49', 'Publikacja:', '02.02.2025 21:52')).toBe(
      '2025-02-02T23:49:00Z',
    );
    expect(modified('Güncelleme:', '03.07.2024 - 18:57', 'Giriş:', '03.07.2024 - 18:24')).toBe(
      '2024-07-03T18:57:00Z',
    );
    expect(modified('05.03.2024, 08:15 Uhr', 'Letzte Aktualisierung: 06.03.2024, 20:15 Uhr')).toBe(
      '2024-03-06T20:15:00Z',
    );
  });

  it('leaves a date line of another language out of the story text', () => {
    // Below the first paragraph, where only a date line is dropped (a meta line is dropped above it).
    const html = `<!doctype html><html lang="fr"><body><article><h1>Les tarifs de l'eau augmentent</h1>${BODY}<p>Mis à jour le 6 mars 2024 à 8 h 05</p>${BODY}</article></body></html>`;
    const a = extractArticles({ body: html, contentType: 'text/html', url: 'https://news.example/s' })
      .articles[0]!;
    expect(a.text).not.toContain('Mis à jour');
  });

  it('reads a date from a meta bar and from a date-classed element away from the headline', () => {
    expect(
      published(
        '',
        `<article><h1>Water tariffs rise</h1><p>Jane Doe | Senior Writer | July 2, 2025</p>${BODY}</article>`,
      ).day,
    ).toBe('2025-07-02');
    const far = `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<div class="post-date">Published On: 15 August 2025</div></article>`;
    expect(published('', far).day).toBe('2025-08-15');
  });

  it('uses a printed "Updated" date only when the page has no other date, and says so', () => {
    const body = `<article><h1>Water tariffs rise</h1><p>Updated May 6, 2025</p>${BODY}</article>`;
    expect(published('', body)).toEqual({ day: '2025-05-06', source: 'text:updated' });
  });

  it('dates the story from a date box in removed furniture only when such boxes show one day', () => {
    // More short texts than are read around the headline.
    const steps = Array.from({ length: 45 }, (_, i) => `<li>Step ${i + 1} of the plan</li>`).join('');
    const story = `<article><h1>Water tariffs rise</h1>${BODY}<ul>${steps}</ul>${BODY}</article>`;
    const credits = `${story}<aside class="sidebar"><p class="date">March 2, 2025. <i>Updated: March 9, 2025</i></p></aside>`;
    expect(published('', credits)).toEqual({ day: '2025-03-02', source: 'markup:date-class-furniture' });
    const teasers = `${story}<aside class="sidebar"><p class="date">March 2, 2025</p><p class="date">April 7, 2025</p></aside>`;
    expect(published('', teasers).day).toBeUndefined();
  });

  it('prefers a printed date under the headline that is days before the declared publication date', () => {
    const head =
      '<script type="application/ld+json">{"@type":"Article","headline":"Water tariffs rise by four percent","datePublished":"2025-06-24T00:00:00Z"}</script>';
    const body = `<article><h1>Water tariffs rise by four percent</h1><div class="text__date">August 25, 2024</div>${BODY}</article>`;
    expect(published(head, body)).toEqual({ day: '2024-08-25', source: 'text:near-title' });
    // One day apart is a timezone difference; the declared date stays.
    const nextDay = `<article><h1>Water tariffs rise by four percent</h1><div>June 23, 2025</div>${BODY}</article>`;
    expect(published(head, nextDay).day).toBe('2025-06-24');
    // A <time> whose datetime is the declared day says which one the publisher means.
    const paired = `<article><h1>Water tariffs rise by four percent</h1><time datetime="2025-06-24">August 25, 2024</time>${BODY}</article>`;
    expect(published(head, paired).day).toBe('2025-06-24');
  });
});

describe('date lines', () => {
  it('may open with one label word and a colon, in any language', () => {
    expect(isDateLine('Publikacja: 02.02.2025 21:52')).toBe(true);
    expect(isDateLine('Publiziert: 01.07.2023, 11:16')).toBe(true);
    expect(isDateLine('Published: March 3, 2024')).toBe(true);
  });

  it('may hold a publication and an update date with two words of any language between', () => {
    expect(isDateLine('5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)')).toBe(true);
    expect(isDateLine('3 mars 2024 (la séance reprend le 4 mars 2024)')).toBe(false);
    expect(isDateLine('Between 5 January 2025 and the vote on 6 January 2025')).toBe(false);
  });

  it('may end in a time of day written with a dot or an "h", and its words, in other languages', () => {
    expect(isDateLine('Stand: 12.03.2024, 20.15 Uhr')).toBe(true);
    expect(isDateLine('12.03.2024 um 20:15 Uhr')).toBe(true);
    expect(isDateLine('12 mars 2024 à 20h15')).toBe(true);
    expect(isDateLine('5 gennaio 2025 alle 20.15')).toBe(true);
    expect(isDateLine('12.03.2024 kl. 08.30')).toBe(true);
    expect(isDateLine('3 March 2024 at 2.30pm')).toBe(true);
    expect(isDateLine('5 de marzo de 2024 a las 20:15')).toBe(true);
    expect(isDateLine('5 de marzo de 2024, a las 20:15 horas')).toBe(true);
    expect(isDateLine('5 de marzo de 2024 | 20:15 hs')).toBe(true);
    expect(isDateLine('5 de marzo de 2024 a las 8:15 p. m.')).toBe(true);
    expect(isDateLine('5 de marzo de 2024, 8.15 a. m.')).toBe(true);
    expect(isDateLine('5 de março de 2024 às 20h15')).toBe(true);
    // A decimal number is no time of day.
    expect(isDateLine('March 3, 2024 1.5 million')).toBe(false);
  });

  it('may open with a weekday of German, French, Spanish, Portuguese, Italian or Dutch', () => {
    expect(isDateLine('Montag, 12.03.2024')).toBe(true);
    expect(isDateLine('Dienstag, 12. März 2024, 20.15 Uhr')).toBe(true);
    expect(isDateLine('lundi 4 mars 2024')).toBe(true);
    expect(isDateLine('martes, 5 de marzo de 2024')).toBe(true);
    expect(isDateLine('terça-feira, 5 de março de 2024')).toBe(true);
    expect(isDateLine('giovedì 7 marzo 2024')).toBe(true);
    expect(isDateLine('zaterdag 16 februari 2025')).toBe(true);
    expect(isDateLine('Am Montag wurde am 12.03.2024 gewählt')).toBe(false);
  });

  it('may open with a publication or update label of the languages the extractor reads, and its "on"', () => {
    // Were no date lines: only English labels and one word before a colon were removed.
    expect(isDateLine('Publié le 5 mars 2024 à 20 h 15')).toBe(true);
    expect(isDateLine('Mis à jour le 6 mars 2024 à 8 h 05')).toBe(true);
    expect(isDateLine('3 mars 2024 (mis à jour le 4 mars 2024)')).toBe(true);
    expect(isDateLine('Veröffentlicht am 13. Mai 2026 um 15:44')).toBe(true);
    expect(isDateLine('Zuletzt aktualisiert am 12.03.2024, 20.15 Uhr')).toBe(true);
    expect(isDateLine('Publicado el 5 de marzo de 2024')).toBe(true);
    expect(isDateLine('Última actualización: 6 de marzo de 2024 a las 20:15')).toBe(true);
    expect(isDateLine('Pubblicato il 5 marzo 2024 alle 20.15')).toBe(true);
    expect(isDateLine('Aggiornato il 6 marzo 2024')).toBe(true);
    expect(isDateLine('Publicado em 05/03/2024 às 20h15')).toBe(true);
    expect(isDateLine('Atualizado em 06/03/2024')).toBe(true);
    expect(isDateLine('Gepubliceerd op 5 maart 2024')).toBe(true);
    expect(isDateLine('Laatst bijgewerkt op 6 maart 2024 om 20.15')).toBe(true);
    // A label inside a sentence, or "Stand" without its colon, leaves words of the sentence.
    expect(isDateLine('Le rapport publié le 5 mars 2024')).toBe(false);
    expect(isDateLine('Stand 5 of 12 March 2024')).toBe(false);
  });

  it('are not a sentence or a two-word label that holds a date', () => {
    expect(isDateLine('Die Initiative wurde am 01.07.2023 lanciert')).toBe(false);
    expect(isDateLine('Registration closes: 12.03.2025')).toBe(false);
  });
});
