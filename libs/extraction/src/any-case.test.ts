import { describe, expect, it } from 'vitest';
import { anyCase } from './any-case.js';

describe('anyCase', () => {
  it('matches words in any case, and leaves what follows them case-sensitive', () => {
    const re = new RegExp(`^${anyCase('(?:by|por)')}\\s+\\p{Lu}`, 'u');
    expect(['By Jane Doe', 'by Jane Doe', 'BY JANE DOE', 'Por María López'].map((t) => re.test(t))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['by the way, the council', 'Por la tarde llegó la lluvia'].map((t) => re.test(t))).toEqual([
      false,
      false,
    ]);
  });

  it('turns only cased letters into classes', () => {
    expect(anyCase("(?:i'm|é) ß-1")).toBe("(?:[iI]'[mM]|[éÉ]) ß-1");
  });
});
