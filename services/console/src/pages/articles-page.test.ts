import { describe, expect, it } from 'vitest';
import { articleCriteria, articlesQuery, pageOf } from './articles-page.js';

describe('articlesQuery', () => {
  it('takes the first value of a field given twice and leaves out what is no text', () => {
    // What the query parser makes of `?site=a&site=b&title=x&title=y&page=2&page=3&type[$ne]=x&from=2026-01-01`.
    const query = articlesQuery({
      site: ['a.example', 'b.example'],
      title: ['bridge', 'harbour'],
      page: ['2', '3'],
      type: { $ne: 'x' },
      from: '2026-01-01',
      other: 'ignored',
    });
    expect(query).toEqual({ site: 'a.example', title: 'bridge', page: '2', from: '2026-01-01' });
    expect(articleCriteria(query)).toEqual({
      site: 'a.example',
      title: 'bridge',
      since: new Date('2026-01-01T00:00:00Z'),
    });
    expect(pageOf(query)).toBe(2);
  });
});
