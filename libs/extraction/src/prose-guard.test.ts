import { describe, expect, it } from 'vitest';
import { analyzeContent } from './content-analysis.js';
import { selectContent } from './content-selection.js';
import { parseHtml } from './dom.js';
import { extractArticles } from './index.js';

const LEAD = [
  'The harbour ferry, which links the old town with the island villages, carried its first passengers on Monday after four months in dry dock, new engines and a wider ramp.',
  'Skipper Tomas Berg, who has steered the boat for eleven years, said the crossing was quieter, smoother and, for the first time, warm enough inside to sit without a coat.',
  'The repairs, paid for by the region, the port authority and a national fund, cost more than planned, mostly because the old gearbox had to be rebuilt by hand.',
];
/** Short paragraphs, as news sites write them: too short on average for the content climb to gather them. */
const REST = [
  'Islanders had relied on a smaller boat since November.',
  'It ran only twice a day and could not take cars.',
  'The timetable now has eight crossings on weekdays.',
  'On Sundays the first boat leaves an hour later.',
  'The port authority will review the schedule in June.',
  'A second boat is due to be repaired next winter.',
  'Ticket prices stay the same for the rest of the year.',
  'Children under twelve still travel free with an adult.',
  'The café on board reopens at Easter, the crew said.',
  'Shops on the island said deliveries often came late.',
  'Residents can send comments to the port by email.',
  'Cyclists no longer have to book a place in advance.',
  'The old engines will be sold to a museum in the north.',
  'A new pier for the ferry is planned for next autumn.',
];
const LINKS = Array.from(
  { length: 60 },
  (_, i) => `<li><a href="/t/${i}">Another story from the coast, number ${i}</a></li>`,
).join('');

/** A story whose comma-rich lead outscores the rest, which a promo box sets apart in cousin wrappers. */
const page = (extra = ''): string => {
  const block = (ps: string[]): string =>
    `<div class="block"><div class="wysiwyg"><div class="text">${ps.map((p) => `<p>${p}</p>`).join('')}</div></div></div>`;
  return `<html><body><nav><a href="/">Home</a></nav><main><div class="story-column"><h1>Harbour ferry returns</h1>
<section class="story-lead"><div class="text">${LEAD.map((p) => `<p>${p}</p>`).join('')}</div></section>
<div class="inline-promo"><a href="/subscribe">Get the morning briefing</a></div>
<div class="story-more"><div class="container"><section class="story-rest">${block(REST.slice(0, 5))}${block(REST.slice(5, 10))}${block(REST.slice(10))}</section></div></div>
${extra}</div></main></body></html>`;
};

const selectedText = (html: string): string => {
  const a = analyzeContent(parseHtml(html).document);
  return selectContent(a)
    .nodes.map((n) => n.attribs.class)
    .join(' ');
};

describe('prose guard', () => {
  it('widens content holding under half of the page prose to the ancestor that holds most of it', () => {
    const text = extractArticles({ body: page(), contentType: 'text/html' }).articles[0]?.text ?? '';
    for (const p of [...LEAD, ...REST]) expect(text).toContain(p);
    expect(text).not.toContain('morning briefing');
  });

  it('keeps the scored content when that ancestor is mostly links', () => {
    expect(selectedText(page(`<ul class="list">${LINKS}</ul>`))).toBe('story-lead');
  });

  it('keeps the scored content when it holds half of the page prose', () => {
    const html = page().replace(/<p>It ran only.*?<\/section>/s, '</div></div></div></section>');
    expect(selectedText(html)).toBe('story-lead');
  });
});
