import { describe, expect, it } from 'vitest';
import { truecaseAllCapsLines } from './truecase.js';

describe('truecaseAllCapsLines', () => {
  it('gives the words of an ALL-CAPS line their casing from the rest of the document', () => {
    const doc = [
      ['LAVROV', 'MEETS', 'TILLERSON', 'IN', 'MOSCOW'],
      ['Sergey', 'Lavrov', 'meets', 'Rex', 'Tillerson', 'in', 'Moscow', '.'],
    ];
    expect(truecaseAllCapsLines(doc)[0]).toEqual(['Lavrov', 'meets', 'Tillerson', 'in', 'Moscow']);
    expect(truecaseAllCapsLines(doc)[1]).toEqual(doc[1]);
  });

  it('keeps capitals of words not seen elsewhere', () => {
    expect(
      truecaseAllCapsLines([
        ['NATO', 'SUMMIT'],
        ['The', 'summit', 'ended', '.'],
      ])[0],
    ).toEqual(['NATO', 'summit']);
  });
});
