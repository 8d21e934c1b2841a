import { describe, expect, it } from 'vitest';
import { entitySpans, markEntities } from './entity-marks.js';

describe('entity marks', () => {
  const text = 'Rex Tillerson met Sergey Lavrov in Moscow.';
  const entities = [
    { name: 'Rex Tillerson', type: 'PERSON', mentions: [{ start: 0, end: 13 }] },
    { name: 'Sergey Lavrov', type: 'PERSON', mentions: [{ start: 18, end: 31 }] },
    { name: 'Moscow', type: 'LOCATION', mentions: [{ start: 35, end: 41 }] },
  ];

  it('marks each mention with its type from the stored offsets', () => {
    expect(markEntities(text, entities).value).toBe(
      '<mark class="entity entity-person" data-type="PERSON" title="Rex Tillerson (PERSON)">Rex Tillerson</mark> met ' +
        '<mark class="entity entity-person" data-type="PERSON" title="Sergey Lavrov (PERSON)">Sergey Lavrov</mark> in ' +
        '<mark class="entity entity-location" data-type="LOCATION" title="Moscow (LOCATION)">Moscow</mark>.',
    );
  });

  it('escapes the text and the stored names and types, and leaves out offsets that are broken or overlap', () => {
    const hostile = '<script>alert(1)</script> & "Bob"';
    const marked = markEntities(hostile, [
      { name: '<img src=x onerror=alert(1)>', type: '"><script>', mentions: [{ start: 26, end: 27 }] },
      {
        name: 'x',
        type: 'ORG',
        mentions: [
          { start: 26, end: 27 },
          { start: -1, end: 2 },
          { start: 5, end: 999 },
          { start: 1.5, end: 3 },
          'no',
        ],
      },
    ]).value;
    expect(marked).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark class="entity entity-other" data-type="&quot;&gt;&lt;script&gt;" ' +
        'title="&lt;img src=x onerror=alert(1)&gt; (&quot;&gt;&lt;script&gt;)">&amp;</mark> &quot;Bob&quot;',
    );
    expect(entitySpans('abc', 'not a list')).toEqual([]);
  });
});
