import { chunksOf } from './chunks.js';

export interface HarmonizeOptions {
  /**
   * Give every repeated name its majority type across the document.
   * @default true
   */
  readonly relabel?: boolean;
  /**
   * Tag untagged occurrences of a name tagged elsewhere in the document, when they start with a
   * capital and are not followed by another capitalised word.
   * @default true
   */
  readonly propagate?: boolean;
}

function isCapitalised(form: string): boolean {
  const c = form.codePointAt(0);
  if (c === undefined) return false;
  const ch = String.fromCodePoint(c);
  return ch.toLowerCase() !== ch;
}

/**
 * One sense per document over tag sequences (the same rules `findEntities` applies to mentions), so
 * the CoNLL evaluation measures what the product does. Returns IOB2 tags.
 */
export function harmonizeTags(
  doc: readonly (readonly string[])[],
  tags: readonly (readonly string[])[],
  options: HarmonizeOptions = {},
): string[][] {
  const relabel = options.relabel ?? true;
  const propagate = options.propagate ?? true;
  const out = doc.map((s) => s.map(() => 'O'));
  const chunks = tags.map((t) => chunksOf(t));
  const votes = new Map<string, Map<string, number>>();
  chunks.forEach((cs, si) => {
    for (const c of cs) {
      const key = doc[si]?.slice(c.start, c.end).join(' ') ?? '';
      const v = votes.get(key) ?? new Map<string, number>();
      v.set(c.type, (v.get(c.type) ?? 0) + 1);
      votes.set(key, v);
    }
  });
  const majority = (key: string, fallback: string): string => {
    let best = fallback;
    let bestN = 0;
    for (const [type, n] of votes.get(key) ?? []) {
      if (n > bestN || (n === bestN && type === fallback)) {
        best = type;
        bestN = n;
      }
    }
    return best;
  };
  const write = (si: number, start: number, end: number, type: string): void => {
    const row = out[si];
    if (!row) return;
    for (let k = start; k < end; k++) row[k] = `${k === start ? 'B' : 'I'}-${type}`;
  };
  chunks.forEach((cs, si) => {
    for (const c of cs) {
      const key = doc[si]?.slice(c.start, c.end).join(' ') ?? '';
      write(si, c.start, c.end, relabel ? majority(key, c.type) : c.type);
    }
  });
  if (!propagate) return out;
  const names = [...votes.keys()]
    .map((k) => k.split(' '))
    .filter((p) => isCapitalised(p[0] ?? '') && p.join('').length > 1)
    .sort((a, b) => b.length - a.length);
  for (const name of names) {
    const type = majority(name.join(' '), '');
    if (!type) continue;
    doc.forEach((s, si) => {
      const row = out[si];
      if (!row) return;
      for (let i = 0; i + name.length <= s.length; i++) {
        let ok = true;
        for (let k = 0; k < name.length && ok; k++) ok = s[i + k] === name[k] && row[i + k] === 'O';
        const next = s[i + name.length];
        if (ok && next !== undefined && isCapitalised(next) && row[i + name.length] === 'O') ok = false;
        const prev = i > 0 ? s[i - 1] : undefined;
        if (ok && prev !== undefined && isCapitalised(prev) && row[i - 1] === 'O' && i - 1 > 0) ok = false;
        if (ok) write(si, i, i + name.length, type);
      }
    });
  }
  return out;
}
