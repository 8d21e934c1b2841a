/**
 * A small word-level summary of how one text became another, kept with each earlier version of an article
 * (docs/articles.md, "Versions"): words added and removed, and the first few changed passages. Pure, and
 * bounded: a word-by-word alignment (Myers' O(ND) diff) runs only while the edit is small enough; beyond
 * that the texts are compared as bags of words, so hostile or wholly rewritten texts cost linear work.
 */

export interface TextDiffOptions {
  /** Changed passages kept (the first ones in the earlier text). @default 3 */
  readonly maxPassages?: number;
  /** Longest `removed` / `added` string of a passage, in characters; longer ones end in `…`. @default 240 */
  readonly maxPassageChars?: number;
  /** Unchanged words kept before each passage as `context`. @default 6 */
  readonly contextWords?: number;
  /** Largest edit (words added + removed) aligned word by word. @default 1000 */
  readonly maxEditWords?: number;
  /** Bound on the alignment's work (word comparisons and diagonal steps). @default 2_000_000 */
  readonly maxSteps?: number;
}

export interface ChangedPassage {
  /** Index of the passage's first word in the earlier text (words are runs of non-space characters). */
  readonly at: number;
  /** Up to `contextWords` unchanged words just before the passage. */
  readonly context: string;
  /** The passage as the earlier text has it (empty when words were only added). */
  readonly removed: string;
  /** The passage as the later text has it (empty when words were only removed). */
  readonly added: string;
}

export interface TextChanges {
  readonly wordsAdded: number;
  readonly wordsRemoved: number;
  /** Changed passages in all; `passages` holds the first `maxPassages` of them. */
  readonly passageCount: number;
  readonly passages: ChangedPassage[];
  /**
   * True when the texts were aligned word by word. False when the edit was too large for the bound: the
   * counts then compare the words of the changed middle as bags (a moved word counts neither way), and
   * the one passage is everything between the common beginning and the common end.
   */
  readonly aligned: boolean;
}

/**
 * Unchanged words between two edits that still make one passage ("the [red] old [car]" is one change, not
 * two): readers see a changed phrase, not a scatter of single words.
 */
const MERGE_GAP_WORDS = 2;

const DEFAULTS = {
  maxPassages: 3,
  maxPassageChars: 240,
  contextWords: 6,
  maxEditWords: 1000,
  maxSteps: 2_000_000,
} as const;

/** Words of a text: runs of non-space characters. */
function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w.length > 0);
}

/** `list[from..to)` joined by spaces, cut to `maxChars` with `…`; reads only the words it keeps. */
function join(list: readonly string[], from: number, to: number, maxChars: number): string {
  let out = '';
  for (let i = from; i < to; i += 1) {
    const next = out.length === 0 ? list[i]! : `${out} ${list[i]!}`;
    if (next.length > maxChars) return `${next.slice(0, Math.max(0, maxChars - 1))}…`;
    out = next;
  }
  return out;
}

/** One step of an alignment: a word of both texts, only of the earlier one, or only of the later one. */
type Op = 0 | 1 | 2;
const EQUAL: Op = 0;
const REMOVED: Op = 1;
const ADDED: Op = 2;

/**
 * Myers' greedy shortest edit script of `a` → `b` (E. Myers, "An O(ND) Difference Algorithm and Its
 * Variations", 1986), or undefined when it needs more than `maxEdit` edits or `maxSteps` steps. Keeps the
 * furthest-reaching diagonals of every edit count, (D+1)² integers, to walk the path back.
 */
function alignWords(a: Int32Array, b: Int32Array, maxEdit: number, maxSteps: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(maxEdit, n + m);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let steps = 0;
  v[offset + 1] = 0;
  for (let d = 0; d <= limit; d += 1) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
        steps += 1;
      }
      steps += 1;
      if (steps > maxSteps) return undefined;
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const saved = trace[d]!;
    // `saved` holds diagonals -d-1 … d+1 of the state before step d.
    const at = (k: number): number => saved[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(EQUAL);
      x -= 1;
      y -= 1;
    }
    if (d > 0) ops.push(x === prevX ? ADDED : REMOVED);
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Words added and removed when the two lists are compared as bags (multisets). */
function bagDifference(a: readonly string[], b: readonly string[]): { added: number; removed: number } {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) - 1);
  let added = 0;
  let removed = 0;
  for (const c of counts.values()) {
    if (c > 0) removed += c;
    else added -= c;
  }
  return { added, removed };
}

/**
 * How `after` differs from `before`, word by word (whitespace is not a change: the texts are compared as
 * lists of words). Linear in the texts' length plus a bounded alignment.
 */
export function diffText(before: string, after: string, options: TextDiffOptions = {}): TextChanges {
  const o = { ...DEFAULTS, ...options };
  const a = words(before);
  const b = words(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix += 1;
  const aEnd = a.length - suffix;
  const bEnd = b.length - suffix;
  if (prefix === aEnd && prefix === bEnd)
    return { wordsAdded: 0, wordsRemoved: 0, passageCount: 0, passages: [], aligned: true };

  const context = (at: number): string => join(a, Math.max(0, at - o.contextWords), at, o.maxPassageChars);
  const passage = (aFrom: number, aTo: number, bFrom: number, bTo: number): ChangedPassage => ({
    at: aFrom,
    context: context(aFrom),
    removed: join(a, aFrom, aTo, o.maxPassageChars),
    added: join(b, bFrom, bTo, o.maxPassageChars),
  });

  // Words as small integers, so the alignment compares numbers.
  const ids = new Map<string, number>();
  const encode = (list: readonly string[], from: number, to: number): Int32Array => {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i += 1) {
      const word = list[i]!;
      let id = ids.get(word);
      if (id === undefined) ids.set(word, (id = ids.size));
      out[i - from] = id;
    }
    return out;
  };
  const middleA = aEnd - prefix;
  const middleB = bEnd - prefix;
  // Every edit script is at least |n - m| long: skip the alignment when that alone is over the bound.
  const ops =
    Math.abs(middleA - middleB) > o.maxEditWords
      ? undefined
      : alignWords(encode(a, prefix, aEnd), encode(b, prefix, bEnd), o.maxEditWords, o.maxSteps);
  if (ops === undefined) {
    const bag = bagDifference(a.slice(prefix, aEnd), b.slice(prefix, bEnd));
    return {
      wordsAdded: bag.added,
      wordsRemoved: bag.removed,
      passageCount: 1,
      passages: o.maxPassages > 0 ? [passage(prefix, aEnd, prefix, bEnd)] : [],
      aligned: false,
    };
  }

  // Runs of edits, merged across gaps of at most MERGE_GAP_WORDS unchanged words.
  const passages: ChangedPassage[] = [];
  let passageCount = 0;
  let wordsAdded = 0;
  let wordsRemoved = 0;
  let x = prefix;
  let y = prefix;
  let open: { aFrom: number; bFrom: number; aTo: number; bTo: number } | undefined;
  const close = (): void => {
    if (!open) return;
    passageCount += 1;
    if (passages.length < o.maxPassages) passages.push(passage(open.aFrom, open.aTo, open.bFrom, open.bTo));
    open = undefined;
  };
  for (const op of ops) {
    if (op === EQUAL) {
      if (open && x - open.aTo >= MERGE_GAP_WORDS) close();
      x += 1;
      y += 1;
      continue;
    }
    open ??= { aFrom: x, bFrom: y, aTo: x, bTo: y };
    if (op === REMOVED) {
      x += 1;
      wordsRemoved += 1;
    } else {
      y += 1;
      wordsAdded += 1;
    }
    open.aTo = x;
    open.bTo = y;
  }
  close();
  return { wordsAdded, wordsRemoved, passageCount, passages, aligned: true };
}
