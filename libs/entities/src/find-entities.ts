import { chunksOf } from './chunks.js';
import type { Entity, EntityType } from './entity.js';
import { TAG_TYPES } from './entity.js';
import type { Mention } from './merge-mentions.js';
import { mergeMentions } from './merge-mentions.js';
import type { Tagger } from './tagger.js';
import type { Token } from './tokenize.js';
import { tokenize } from './tokenize.js';
import { truecaseAllCapsLines } from './truecase.js';

export interface FindEntitiesOptions {
  /**
   * Most tokens tagged per article; the rest of a very long text is skipped (reported in
   * `truncated`). 20 000 tokens is about 120 kB of English, under a second of tagging on one core.
   * @default 20000
   */
  readonly maxTokens?: number;
  /**
   * The article's title when it is not the first line of `text`; mentions in it count as title
   * mentions for salience. When absent the first non-empty line counts as the title if it is short.
   */
  readonly title?: string;
  /**
   * Truecase ALL-CAPS lines from the rest of the document before tagging (`truecaseAllCapsLines`).
   * Off by default: the model learned CoNLL's ALL-CAPS headlines as they are, and truecasing them
   * cost 0.4 F1 on eng.testa (94.22 → 93.81).
   * @default false
   */
  readonly truecaseAllCaps?: boolean;
}

export interface FindEntitiesResult {
  /** Entities, most salient first. */
  readonly entities: Entity[];
  /** Tokens tagged. */
  readonly tokens: number;
  /** Whether `maxTokens` cut the text short. */
  readonly truncated: boolean;
}

const DEFAULT_MAX_TOKENS = 20_000;
/** Titles the tagger sometimes takes into a person's name ("President Assad"); they are cut off. */
const PERSON_TITLES = new Set(
  'President Vice Prime Minister Foreign Secretary Chancellor King Queen Prince Princess Pope Sheikh General Gen. Colonel Col. Lieutenant Lt. Captain Capt. Sergeant Sgt. Admiral Adm. Governor Gov. Senator Sen. Representative Rep. Mayor Judge Justice Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Sir Dame Lord Lady Professor Prof. Rev. Reverend Saint St. Ambassador Spokesman Spokeswoman Commander Chief Director Chairman Secretary-General President-elect'.split(
    ' ',
  ),
);
/** A first line this short (in tokens) reads as a title. */
const TITLE_MAX_TOKENS = 30;

function isCapitalised(token: Token): boolean {
  const c = token.form.codePointAt(0);
  if (c === undefined) return false;
  const ch = String.fromCodePoint(c);
  return ch.toLowerCase() !== ch;
}

/**
 * Finds the named entities of a text: tokenises, tags with the model, merges mentions into
 * entities. Offsets in `mentions` are UTF-16 offsets into `text`.
 * @throws EntitiesError `ENTITIES_INFERENCE_FAILED` when the runtime fails
 */
export async function findEntities(
  tagger: Tagger,
  text: string,
  options: FindEntitiesOptions = {},
): Promise<FindEntitiesResult> {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const sentences = tokenize(text, { maxTokens: maxTokens + 1 });
  let count = 0;
  const kept = [];
  for (const s of sentences) {
    if (count >= maxTokens) break;
    const tokens = s.tokens.slice(0, maxTokens - count);
    count += tokens.length;
    kept.push({ ...s, tokens });
  }
  const truncated = sentences.reduce((n, s) => n + s.tokens.length, 0) > maxTokens;
  const forms = kept.map((s) => s.tokens.map((t) => t.form));
  const tags = await tagger.tagDocument(options.truecaseAllCaps ? truecaseAllCapsLines(forms) : forms);

  const firstLine = kept[0]?.line;
  const firstLineTokens = kept.filter((s) => s.line === firstLine).reduce((n, s) => n + s.tokens.length, 0);
  const titleLine =
    options.title === undefined && firstLineTokens <= TITLE_MAX_TOKENS ? firstLine : undefined;
  const titleText = options.title?.toLowerCase();

  const flat: Token[] = kept.flatMap((s) => s.tokens);
  const covered = new Uint8Array(flat.length);
  const mentions: Mention[] = [];
  let base = 0;
  kept.forEach((s, si) => {
    for (const found of chunksOf(tags[si] ?? [])) {
      let chunk = found;
      while (
        chunk.type === 'PER' &&
        chunk.end - chunk.start > 1 &&
        PERSON_TITLES.has(s.tokens[chunk.start]?.form ?? '')
      ) {
        chunk = { ...chunk, start: chunk.start + 1 };
      }
      const first = s.tokens[chunk.start];
      const last = s.tokens[chunk.end - 1];
      const type: EntityType | undefined = TAG_TYPES[chunk.type];
      if (!first || !last || !type) continue;
      const surface = text.slice(first.start, last.end).replace(/\s+/g, ' ');
      for (let k = chunk.start; k < chunk.end; k++) covered[base + k] = 1;
      mentions.push({
        text: surface,
        type,
        start: first.start,
        end: last.end,
        tokenIndex: base + chunk.start,
        inTitle: s.line === titleLine || (titleText?.includes(surface.toLowerCase()) ?? false),
      });
    }
    base += s.tokens.length;
  });

  // One sense per document, recall side: a capitalised name tagged somewhere is a mention wherever
  // else the same tokens appear untagged.
  const lineOf = new Int32Array(flat.length);
  {
    let i = 0;
    for (const s of kept) for (const _ of s.tokens) lineOf[i++] = s.line;
  }
  const seen = new Set<string>();
  const names: { mention: Mention; forms: string[]; at: number[] }[] = [];
  for (const m of mentions) {
    const startToken = flat[m.tokenIndex];
    if (!startToken || !isCapitalised(startToken)) continue;
    let length = 0;
    while (m.tokenIndex + length < flat.length && (flat[m.tokenIndex + length]?.end ?? Infinity) <= m.end)
      length++;
    const forms = flat.slice(m.tokenIndex, m.tokenIndex + length).map((t) => t.form);
    const key = `${m.type}\u0000${forms.join(' ')}`;
    if (seen.has(key) || forms.join('').length < 2) continue;
    seen.add(key);
    names.push({ mention: m, forms, at: [] });
  }
  // Where each name's tokens appear, found in one walk of a trie of the names from each token: scanning every
  // place of a name's first token per name cost names × places (thousands of names sharing a first word).
  const placesOf = namePlaces(
    flat.map((t) => t.form),
    names.map((n) => n.forms),
  );
  const extra: Mention[] = [];
  names.forEach(({ mention: m, forms }, index) => {
    const length = forms.length;
    for (const p of placesOf[index] ?? []) {
      let ok = true;
      for (let k = 0; k < length && ok; k++) ok = covered[p + k] === 0;
      // Do not extend into a neighbouring capitalised word: "Lavrov" inside "Lavrov Street".
      const next = flat[p + length];
      if (ok && next && lineOf[p + length] === lineOf[p] && isCapitalised(next) && !covered[p + length])
        ok = false;
      if (!ok) continue;
      const first = flat[p];
      const last = flat[p + length - 1];
      if (!first || !last) continue;
      for (let k = 0; k < length; k++) covered[p + k] = 1;
      extra.push({
        text: text.slice(first.start, last.end).replace(/\s+/g, ' '),
        type: m.type,
        start: first.start,
        end: last.end,
        tokenIndex: p,
        inTitle: lineOf[p] === titleLine,
      });
    }
  });
  const entities = mergeMentions([...mentions, ...extra], { totalTokens: flat.length });
  return { entities, tokens: flat.length, truncated };
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** Indexes of the names that end here. */
  readonly ends: number[];
}

/**
 * For each name (a sequence of token forms), the token indexes where it appears in `forms`, ascending. One
 * walk per token down a trie of the names: work is tokens × the longest match, not names × places.
 */
function namePlaces(forms: readonly string[], names: readonly (readonly string[])[]): number[][] {
  const root: TrieNode = { next: new Map(), ends: [] };
  names.forEach((name, index) => {
    let node = root;
    for (const form of name) {
      let child = node.next.get(form);
      if (!child) {
        child = { next: new Map(), ends: [] };
        node.next.set(form, child);
      }
      node = child;
    }
    node.ends.push(index);
  });
  const places: number[][] = names.map(() => []);
  for (let p = 0; p < forms.length; p++) {
    let node: TrieNode | undefined = root;
    for (let k = p; k < forms.length; k++) {
      node = node.next.get(forms[k] ?? '');
      if (!node) break;
      for (const index of node.ends) places[index]?.push(p);
    }
  }
  return places;
}
