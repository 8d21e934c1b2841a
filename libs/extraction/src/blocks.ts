import { isText, isTag } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { conditionalJunkCause, type ConditionalJunkCause } from './conditional-junk.js';
import type { ContentAnalysis } from './content-analysis.js';
import { BLOCK_TAGS, SPACE_RUNS_RE, textOf } from './dom.js';
import { wordCharWidth } from './word-chars.js';

export type BlockKind = 'p' | 'h' | 'li' | 'quote' | 'pre';

/** One unit of output text: a paragraph, heading, list item, quotation or preformatted block. */
export interface Block {
  kind: BlockKind;
  text: string;
  /** The element that produced it (absent for plain-text input). */
  el?: Element;
  /** Share of the block's characters inside links (HTML only). */
  linkShare?: number;
}

const kindOf = (name: string, inherited: BlockKind): BlockKind => {
  switch (name) {
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return 'h';
    case 'li':
    case 'dt':
    case 'dd':
      return 'li';
    case 'blockquote':
      return 'quote';
    case 'pre':
      return 'pre';
    default:
      return inherited;
  }
};

/** Runs of spaces, tabs and invisible spaces other than a lone space (see {@link SPACE_RUNS_RE}). */
const HORIZONTAL_SPACE_RUNS_RE =
  /[\t\r\f\v\u00a0\u200b\ufeff][ \t\r\f\v\u00a0\u200b\ufeff]*| [ \t\r\f\v\u00a0\u200b\ufeff]+/g;

/** Tags whose text no reader sees: skipping them says nothing about the box they sit in. */
const UNSEEN_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'head',
  'title',
]);
/** Enough of a skipped subtree's text to compare with a label. */
const SKIPPED_TEXT_CAP = 2_000;
/** A box's label is a heading or a line this short… */
const BOX_LABEL_MAX_CHARS = 100;
/** …and the box dropped at least this many characters of its own, and more than the label's (a list of links, a form, a thread). */
const BOX_LABEL_MIN_SKIPPED = 60;

/**
 * The one block left of a box whose body was skipped as junk: the heading or lead-in line of a link list,
 * a sign-up form, a comment thread ("You may be interested in the following topics as well:").
 */
function isBoxLabel(b: Block, skipped: number): boolean {
  return (
    (b.kind === 'h' || b.kind === 'p') &&
    b.text.length <= BOX_LABEL_MAX_CHARS &&
    skipped >= BOX_LABEL_MIN_SKIPPED &&
    skipped >= b.text.length
  );
}

/** Called for each subtree rendering drops as conditional junk, with the content's prose rendered before it. */
export type ConditionalSkipObserver = (
  el: Element,
  cause: ConditionalJunkCause,
  renderedBefore: number,
  contentTotal: number,
) => void;

/**
 * Renders the chosen content nodes into blocks, skipping removed and conditionally-junk subtrees
 * (`onSkip` sees the latter: bench/extraction/removal-audit.ts).
 */
export function renderBlocks(
  nodes: readonly Element[],
  a: ContentAnalysis,
  onSkip?: ConditionalSkipObserver,
): Block[] {
  const blocks: Block[] = [];
  const contentParaChars = nodes.reduce((s, n) => s + (a.stats.get(n)?.paraChars ?? 0), 0);
  let renderedChars = 0;
  let buf: string[] = [];
  let kind: BlockKind = 'p';
  let owner: Element | undefined;
  let preDepth = 0;
  let linkDepth = 0;
  let linkChars = 0;
  let allChars = 0;
  /** Characters of text in the subtrees skipped so far (junk, conditionally junk). */
  let skippedChars = 0;
  const skip = (el: Element): void => {
    if (!UNSEEN_TAGS.has(el.name)) skippedChars += textOf(el, SKIPPED_TEXT_CAP).length;
  };

  const flush = (): void => {
    if (buf.length === 0) return;
    const raw = buf.join('');
    buf = [];
    const linkShare = allChars > 0 ? linkChars / allChars : 0;
    linkChars = 0;
    allChars = 0;
    if (kind === 'pre') {
      const t = raw.replace(/^\n+|\s+$/g, '');
      if (t) blocks.push(owner ? { kind, text: t, el: owner } : { kind, text: t });
      return;
    }
    for (const piece of raw.split(/\n[ \t\u00a0]*\n/)) {
      let t = piece.replace(HORIZONTAL_SPACE_RUNS_RE, ' ');
      if (t.includes('\n')) t = t.replace(/ ?\n ?/g, '\n').replace(/\n+/g, '\n');
      t = t.trim();
      if (!t) continue;
      renderedChars += t.length;
      blocks.push(owner ? { kind, text: t, el: owner, linkShare } : { kind, text: t, linkShare });
    }
  };

  const visit = (node: AnyNode): void => {
    if (isText(node)) {
      const t = preDepth > 0 ? node.data : node.data.replace(SPACE_RUNS_RE, ' ');
      buf.push(t);
      const n = t.trim().length;
      allChars += n;
      if (linkDepth > 0) linkChars += n;
      return;
    }
    if (!isTag(node)) return;
    const el = node;
    if (a.removed.has(el)) {
      skip(el);
      return;
    }
    if (el.name === 'br') {
      buf.push('\n');
      return;
    }
    // An inline image separates the words on either side ("…2024<img>If you…").
    if (el.name === 'img') {
      buf.push(' ');
      return;
    }
    if (el.name === 'hr') return;
    const cause = conditionalJunkCause(el, a, renderedChars, contentParaChars);
    if (cause !== undefined) {
      onSkip?.(el, cause, renderedChars, contentParaChars);
      skip(el);
      return;
    }
    if (BLOCK_TAGS.has(el.name) || el.name === 'td' || el.name === 'th') {
      flush();
      const firstBlock = blocks.length;
      const skippedBefore = skippedChars;
      const prevKind = kind;
      const prevOwner = owner;
      kind = kindOf(el.name, kind);
      owner = el;
      if (el.name === 'pre') preDepth++;
      for (const c of el.children) visit(c);
      flush();
      if (el.name === 'pre') preDepth--;
      kind = prevKind;
      owner = prevOwner;
      if (blocks.length === firstBlock + 1 && isBoxLabel(blocks[firstBlock]!, skippedChars - skippedBefore)) {
        renderedChars -= blocks[firstBlock]!.text.length;
        blocks.pop();
      }
      return;
    }
    if (el.name === 'a') linkDepth++;
    for (const c of el.children) visit(c);
    if (el.name === 'a') linkDepth--;
  };

  for (const n of nodes) {
    kind = kindOf(n.name, 'p');
    owner = n;
    visit(n);
    flush();
  }
  return blocks;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Clean minimal HTML for blocks: p, h2, ul/li, blockquote, pre. */
export function blocksToHtml(blocks: readonly Block[]): string {
  const out: string[] = [];
  let inList = false;
  for (const b of blocks) {
    if (b.kind === 'li' && !inList) {
      out.push('<ul>');
      inList = true;
    } else if (b.kind !== 'li' && inList) {
      out.push('</ul>');
      inList = false;
    }
    const body = escapeHtml(b.text).replace(/\n/g, '<br>');
    switch (b.kind) {
      case 'h':
        out.push(`<h2>${body}</h2>`);
        break;
      case 'li':
        out.push(`<li>${body}</li>`);
        break;
      case 'quote':
        out.push(`<blockquote><p>${body}</p></blockquote>`);
        break;
      case 'pre':
        out.push(`<pre>${escapeHtml(b.text)}</pre>`);
        break;
      case 'p':
        out.push(`<p>${body}</p>`);
        break;
    }
  }
  if (inList) out.push('</ul>');
  return out.join('\n');
}

export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}

/**
 * Han ideographs, kana and their extensions: scripts written without spaces between words, where a count of
 * space-separated runs says nothing (a 1 500-character Japanese story was 121 "words"). Each such character
 * counts as one word, the convention of word processors and of CJK publishers' own `wordCount`.
 */
function isUnspacedScript(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) || // hiragana, katakana
    (cp >= 0x31f0 && cp <= 0x31ff) || // katakana phonetic extensions
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xff66 && cp <= 0xff9d) || // half-width katakana
    (cp >= 0x20000 && cp <= 0x3134f) // CJK extensions B–H
  );
}

/**
 * Thai, Lao, Myanmar and Khmer (with their extension blocks): written without spaces between words, in
 * words of several letters and combining vowel marks, so neither a run count nor a count per character
 * means anything. ICU's dictionary word breaker (`Intl.Segmenter`, in Node's own ICU) finds their words.
 */
function isSegmentedScript(c: number): boolean {
  return (
    (c >= 0x0e00 && c <= 0x0eff) || // Thai, Lao
    (c >= 0x1000 && c <= 0x109f) || // Myanmar
    (c >= 0x1780 && c <= 0x17ff) || // Khmer
    (c >= 0x19e0 && c <= 0x19ff) || // Khmer symbols
    (c >= 0xa9e0 && c <= 0xaa7f) // Myanmar extensions A and B
  );
}

/** One word segmenter for every call: its dictionaries are the same for each of those scripts. */
const WORD_SEGMENTER = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * Longest piece handed to the word breaker at once. Its cost grows faster than the run's length (a 32 000-letter
 * run without spaces: 93 ms, three times the 16 000-letter one), so a long run is cut; real text has a space
 * after every phrase, far shorter than this.
 */
const MAX_SEGMENTED_CHARS = 1_000;

/**
 * Words of a run of {@link isSegmentedScript} text, by the dictionary word breaker. A long run goes in pieces,
 * each ending before its last segment (which the cut may have split) unless that segment fills over half the
 * piece: every piece moves on by at least half its length, so the work stays linear. The breaker may read the
 * letters just before a cut a little differently: within a word or so per piece of the whole count.
 */
function segmentedWords(run: string): number {
  let words = 0;
  for (let start = 0; start < run.length;) {
    const piece = run.slice(start, start + MAX_SEGMENTED_CHARS);
    const last = start + piece.length >= run.length;
    let lastIndex = 0;
    let lastWordLike = false;
    for (const segment of WORD_SEGMENTER.segment(piece)) {
      if (segment.isWordLike) words++;
      lastIndex = segment.index;
      lastWordLike = segment.isWordLike ?? false;
    }
    if (last || lastIndex < piece.length / 2) {
      start += piece.length;
      continue;
    }
    if (lastWordLike) words--;
    start += lastIndex;
  }
  return words;
}

/**
 * Words in `text`: runs of letters and digits, joined across one apostrophe or hyphen ("don't", "e-mail"),
 * each Han or kana character on its own ({@link isUnspacedScript}), and the dictionary words of Thai, Lao,
 * Myanmar and Khmer runs ({@link isSegmentedScript}). Elsewhere, the matches of
 * `/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*\/gu` (a combining mark stays inside its
 * word: Hindi vowel signs), counted in one pass without building them.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code >= 0x0e00 && isSegmentedScript(code)) {
      let end = i + 1;
      while (end < text.length && isSegmentedScript(text.charCodeAt(end))) end++;
      words += segmentedWords(text.slice(i, end));
      inWord = false;
      i = end;
      continue;
    }
    const width = wordCharWidth(text, i, inWord);
    if (width > 0) {
      if (code >= 0x3040 && isUnspacedScript(text.codePointAt(i)!)) {
        words++;
        inWord = false;
      } else {
        if (!inWord) words++;
        inWord = true;
      }
      i += width;
      continue;
    }
    const joiner = code === 0x27 || code === 0x2019 || code === 0x2d;
    if (!(inWord && joiner && wordCharWidth(text, i + 1) > 0)) inWord = false;
    i++;
  }
  return words;
}
