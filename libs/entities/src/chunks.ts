/** One labelled span of tokens: `[start, end)` token indexes and the tag's type (e.g. `PER`). */
export interface Chunk {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

function splitTag(tag: string): [prefix: string, type: string | undefined] {
  if (tag === 'O' || tag === '') return ['O', undefined];
  const dash = tag.indexOf('-');
  if (dash < 0) return ['I', tag];
  let prefix = tag.slice(0, dash);
  // BIOES folds onto IOB2: S starts a chunk like B, E continues one like I.
  if (prefix === 'S') prefix = 'B';
  else if (prefix === 'E') prefix = 'I';
  return [prefix, tag.slice(dash + 1)];
}

/**
 * Chunks of a tag sequence with conlleval's rules, so IOB1, IOB2 and BIOES all read the same way:
 * a chunk starts at B-X, or at I-X after O or after another type; it ends before O, B or a type change.
 */
export function chunksOf(tags: readonly string[]): Chunk[] {
  const out: Chunk[] = [];
  let start = -1;
  let prevPrefix = 'O';
  let prevType: string | undefined;
  for (let i = 0; i <= tags.length; i++) {
    const [prefix, type] = i < tags.length ? splitTag(tags[i] ?? 'O') : ['O', undefined];
    if (start >= 0 && (prefix === 'O' || prefix === 'B' || type !== prevType)) {
      out.push({ start, end: i, type: prevType ?? '' });
      start = -1;
    }
    if (prefix === 'B' || (prefix === 'I' && (prevPrefix === 'O' || type !== prevType))) start = i;
    prevPrefix = prefix;
    prevType = type;
  }
  return out;
}
