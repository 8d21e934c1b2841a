import { isTag } from 'domhandler';
import type { Element } from 'domhandler';
import type { Block } from '../../libs/extraction/src/blocks.js';
import { classAndId } from '../../libs/extraction/src/dom.js';

/**
 * General signals of each block of a story, for the block classifier of `npm run train:blocks`
 * (training/blocks): its size and shape, its links, its place in the story and beside its neighbours, its
 * words against the rest of the story, and the markup it sits in. No phrase lists and no language: the
 * same numbers on a page in any language. Measurement tooling only: the extractor has no learned
 * classifier, because the one trained on these features did not beat the hand rules beyond noise
 * (libs/extraction/README.md, Known weaknesses).
 */
export const BLOCK_FEATURES = [
  'chars_log',
  'words_log',
  'link_share',
  'ends_sentence',
  'ends_colon',
  'punct_share',
  'digit_share',
  'upper_share',
  'mean_word_chars',
  'kind_heading',
  'kind_item',
  'kind_quote',
  'position',
  'index',
  'index_from_end',
  'story_share',
  'prev_chars_log',
  'next_chars_log',
  'prev_link_share',
  'next_link_share',
  'blocks_since_prose',
  'blocks_until_prose',
  'repeated',
  'in_figure',
  'in_table',
  'furniture_class',
  'content_class',
  'story_vocab_share',
  'prose_parent',
  'depth_below_prose_parent',
] as const;

/** A block this long ending in a sentence is prose: the story around it. */
const PROSE_CHARS = 150;
/** Counts of blocks (to the story's ends, to prose) saturate here: further is as far. */
const MAX_BLOCK_COUNT = 20;
/** Ancestors of a block's element whose tag and class are read. */
const ANCESTOR_LEVELS = 4;
/** Class/id words of furniture that content analysis does not drop by itself (captions, meta lines, credits, labels). */
const FURNITURE_CLASS_RE =
  /(?:^|[\s_-])(?:caption|credit|meta|byline|author|tags?|share|social|related|promo|widget|footer|note|disclaimer|newsletter|subscribe|sponsor|info|date|time|label|kicker|teaser|card|more|links?)(?:$|[\s_-])/;
/** Class/id words of story containers. */
const CONTENT_CLASS_RE =
  /(?:^|[\s_-])(?:article|content|body|text|story|entry|post|prose|main|paragraph)(?:$|[\s_-])/;
const SENTENCE_END_RE = /[.!?…"”»)]$/;

/** One row of {@link BLOCK_FEATURES} per block, in order. Linear in the blocks' text. */
export function blockFeatures(blocks: readonly Block[]): number[][] {
  const n = blocks.length;
  const lengths = blocks.map((b) => b.text.length);
  const total = lengths.reduce((s, l) => s + l, 0) || 1;
  const prose = blocks.map((b) => b.text.length >= PROSE_CHARS && SENTENCE_END_RE.test(b.text));
  const keys = blocks.map((b) => b.text.toLowerCase());
  const keyCounts = new Map<string, number>();
  for (const k of keys) keyCounts.set(k, (keyCounts.get(k) ?? 0) + 1);
  const sinceProse: number[] = [];
  for (let i = 0, last = -1; i < n; i++) {
    sinceProse.push(last < 0 ? MAX_BLOCK_COUNT : Math.min(MAX_BLOCK_COUNT, i - last));
    if (prose[i]) last = i;
  }
  const untilProse: number[] = new Array<number>(n);
  for (let i = n - 1, next = -1; i >= 0; i--) {
    untilProse[i] = next < 0 ? MAX_BLOCK_COUNT : Math.min(MAX_BLOCK_COUNT, next - i);
    if (prose[i]) next = i;
  }
  const words = blocks.map((b) => b.text.toLowerCase().match(WORD_RE) ?? []);
  const vocabulary = new Map<string, number>();
  for (const ws of words) for (const w of new Set(ws)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  const proseParent = modalProseParent(blocks, prose);
  const rows: number[][] = [];
  let before = 0;
  for (let i = 0; i < n; i++) {
    const b = blocks[i]!;
    const t = b.text;
    const shape = textShape(t);
    const markup = markupOf(b.el);
    const prev = blocks[i - 1];
    const next = blocks[i + 1];
    rows.push([
      Math.log1p(t.length),
      Math.log1p(shape.words),
      b.linkShare ?? 0,
      SENTENCE_END_RE.test(t) ? 1 : 0,
      t.endsWith(':') ? 1 : 0,
      shape.punct / (t.length || 1),
      shape.digits / (t.length || 1),
      shape.letters > 0 ? shape.upper / shape.letters : 0,
      shape.words > 0 ? shape.letters / shape.words : 0,
      b.kind === 'h' ? 1 : 0,
      b.kind === 'li' ? 1 : 0,
      b.kind === 'quote' ? 1 : 0,
      before / total,
      Math.min(MAX_BLOCK_COUNT, i),
      Math.min(MAX_BLOCK_COUNT, n - 1 - i),
      t.length / total,
      prev ? Math.log1p(prev.text.length) : 0,
      next ? Math.log1p(next.text.length) : 0,
      prev?.linkShare ?? 0,
      next?.linkShare ?? 0,
      sinceProse[i]!,
      untilProse[i]!,
      (keyCounts.get(keys[i]!) ?? 0) > 1 ? 1 : 0,
      markup.figure,
      markup.table,
      markup.furniture,
      markup.content,
      vocabularyShare(words[i]!, vocabulary),
      proseParent !== undefined && b.el?.parent === proseParent ? 1 : 0,
      depthBelow(b.el, proseParent),
    ]);
    before += t.length;
  }
  return rows;
}

const WORD_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu;

/** Share of a block's words that other blocks of the story use too: furniture speaks of other things. */
function vocabularyShare(words: readonly string[], vocabulary: ReadonlyMap<string, number>): number {
  const own = new Set(words);
  if (own.size === 0) return 0;
  let shared = 0;
  for (const w of own) if ((vocabulary.get(w) ?? 0) > 1) shared++;
  return shared / own.size;
}

/** The parent element most prose blocks' elements share (by characters): where the story's paragraphs sit. */
function modalProseParent(blocks: readonly Block[], prose: readonly boolean[]): Element | undefined {
  const chars = new Map<Element, number>();
  blocks.forEach((b, i) => {
    const p = b.el?.parent;
    if (prose[i] && p && isTag(p)) chars.set(p, (chars.get(p) ?? 0) + b.text.length);
  });
  let best: Element | undefined;
  let most = 0;
  for (const [el, n] of chars) if (n > most) [best, most] = [el, n];
  return best;
}

/** Levels from the prose parent down to the block's element; -1 outside it, 0 without one. */
function depthBelow(el: Element | undefined, proseParent: Element | undefined): number {
  if (!el || !proseParent) return 0;
  let d = 0;
  for (let n: Element | undefined = el; n; n = n.parent && isTag(n.parent) ? n.parent : undefined, d++) {
    if (n === proseParent) return Math.min(MAX_BLOCK_COUNT, d);
    if (d > MAX_BLOCK_COUNT) break;
  }
  return -1;
}

interface TextShape {
  words: number;
  letters: number;
  upper: number;
  digits: number;
  punct: number;
}

function textShape(t: string): TextShape {
  const s: TextShape = { words: 0, letters: 0, upper: 0, digits: 0, punct: 0 };
  let inWord = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // ASCII by code (the common case, and the hot loop); the rest by Unicode class.
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) {
        s.letters++;
        if (c <= 0x5a) s.upper++;
      } else if (c >= 0x30 && c <= 0x39) s.digits++;
      else if (c > 0x20 && c !== 0x7f) s.punct++;
    } else {
      const ch = t[i]!;
      if (LETTER_RE.test(ch)) {
        s.letters++;
        if (ch !== ch.toLowerCase()) s.upper++;
      } else if (DIGIT_RE.test(ch)) s.digits++;
      else if (PUNCT_RE.test(ch)) s.punct++;
    }
    const space = c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
    if (!space && !inWord) s.words++;
    inWord = !space;
  }
  return s;
}
const LETTER_RE = /\p{L}/u;
const DIGIT_RE = /\p{N}/u;
const PUNCT_RE = /[\p{P}\p{S}]/u;

interface Markup {
  figure: number;
  table: number;
  furniture: number;
  content: number;
}

/** What the block's element and its nearest ancestors say about it. */
function markupOf(el: Element | undefined): Markup {
  const m: Markup = { figure: 0, table: 0, furniture: 0, content: 0 };
  for (let n = el, level = 0; n && level <= ANCESTOR_LEVELS; level++) {
    if (n.name === 'figure' || n.name === 'figcaption') m.figure = 1;
    if (n.name === 'td' || n.name === 'th' || n.name === 'table') m.table = 1;
    const attrs = classAndId(n);
    if (attrs !== '') {
      if (m.furniture === 0 && FURNITURE_CLASS_RE.test(attrs)) m.furniture = 1;
      if (m.content === 0 && CONTENT_CLASS_RE.test(attrs)) m.content = 1;
    }
    n = n.parent && isTag(n.parent) ? n.parent : undefined;
  }
  return m;
}
