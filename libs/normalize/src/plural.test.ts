import { describe, expect, it } from 'vitest';
import { plural } from './plural.js';

describe('plural', () => {
  it('takes the singular for 1 only, the given plural otherwise', () => {
    expect([0, 1, 2].map((n) => plural(n, 'record'))).toEqual(['0 records', '1 record', '2 records']);
    expect(plural(1, 'entity', 'entities')).toBe('1 entity');
    expect(plural(3, 'entity', 'entities')).toBe('3 entities');
  });
});
