import fc from 'fast-check';

/**
 * One of `documents` with 1 to `maxEdits` random edits: a span cut (and replaced by a splice), a splice
 * inserted, or a span repeated three times, each span at most `maxSpan` characters long and each splice drawn
 * from `splices`.
 */
export function mutated(
  documents: readonly string[],
  splices: fc.Arbitrary<string>,
  { maxSpan, maxEdits }: { maxSpan: number; maxEdits: number },
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...documents),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.nat({ max: maxSpan }),
          fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), splices),
          fc.constantFrom('cut', 'insert', 'repeat'),
        ),
        { minLength: 1, maxLength: maxEdits },
      ),
    )
    .map(([document, edits]) => {
      let s = document;
      for (const [at, length, splice, kind] of edits) {
        const i = at % (s.length + 1);
        if (kind === 'cut') s = s.slice(0, i) + splice + s.slice(i + length);
        else if (kind === 'insert') s = s.slice(0, i) + splice + s.slice(i);
        else s = s.slice(0, i) + s.slice(i, i + length).repeat(3) + s.slice(i);
      }
      return s;
    });
}
