import { isPersonName } from './authors.js';
import { isUnmarkedSentence } from './block-rules.js';
import { COMMENT_WIDGET_RE, DISCLAIMER_RE, isFurnitureText } from './boilerplate.js';
import { countWords, type Block } from './blocks.js';
import { isDateLine, parseDate, slashDateOrder, type DateContext } from './dates.js';
import { QUOTE_CLOSERS, SENTENCE_CLOSERS, SENTENCE_END_RE } from './word-chars.js';

/**
 * Plain-text pages (scraped text, hard-wrapped or one paragraph per line): find article headers
 * (title, byline, date), rejoin wrapped lines into paragraphs, drop the same furniture as for HTML.
 */

export interface TextArticle {
  title: string;
  authors: string[];
  publishedAt?: string;
  blocks: Block[];
}

/** Lines wrapped by a tool end before this share of the wrap width only at a paragraph end. */
const BREAK_SHORT_SHARE = 0.75;
/** Wrap width is this percentile of line lengths (long lines are the full ones). */
const WRAP_PERCENTILE = 0.9;
/** Comment-widget lines within this many lines of each other form a comment section. */
const COMMENT_CLUSTER_WINDOW = 4;
/** A title line is at most this long; longer lines are prose. */
const MAX_TITLE_CHARS = 200;
/** Trailing blocks shorter than this without a sentence end are teaser headlines. */
const MAX_TEASER_CHARS = 150;
/** Share of capitalised words above which a short block is a Title Case headline, not a sentence. */
const HEADLINE_CAPS_SHARE = 0.6;
/** Text before the first detected header needs this much prose to count as an article of its own. */
const MIN_PREAMBLE_CHARS = 400;

/**
 * A line ends a sentence ({@link SENTENCE_END_RE}, in the marks of any script: a Japanese or Hindi paragraph ends
 * in `。` or `।`, and read with Latin marks only every short one was a teaser headline to drop), a lead-in (a colon
 * or semicolon, maybe closed) or a quotation.
 */
const TERMINAL_RE = new RegExp(
  `${SENTENCE_END_RE.source}|[:;：；][${SENTENCE_CLOSERS}]*$|[${QUOTE_CLOSERS}]$`,
  'u',
);
const ABBREV_RE =
  /(?:^|\s)(?:(?:\p{L}\.){1,4}|(?:mr|mrs|ms|dr|prof|st|gen|sen|rep|gov|lt|col|sgt|jr|sr|inc|co|corp|no|vs|etc)\.)$/iu;
const NUMBER_MARKER_RE = /^(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]$/i;
const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'by',
  'from',
  'as',
  'is',
  'vs',
]);

function endsSentence(line: string): boolean {
  return TERMINAL_RE.test(line) && !ABBREV_RE.test(line) && !NUMBER_MARKER_RE.test(line.trim());
}

function words(s: string): string[] {
  return s
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

function capsShare(s: string): number {
  const ws = words(s).filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (ws.length === 0) return 0;
  return ws.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length / ws.length;
}

function isAllCapsLine(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return (
    letters.length >= 6 &&
    words(line).length >= 2 &&
    letters === letters.toUpperCase() &&
    letters !== letters.toLowerCase()
  );
}

function isLoneWord(line: string): boolean {
  return !/\s/.test(line.trim()) && line.trim().length <= 20;
}

function isTitleLike(line: string): boolean {
  const t = line.trim();
  if (t.length < 8 || t.length > MAX_TITLE_CHARS) return false;
  // Words as the project counts them: a Chinese or Japanese headline, written without spaces, is many words.
  if (countWords(t) < 2) return false;
  if (/[.,;]$/.test(t) && !/\?$|!$/.test(t)) return false;
  return true;
}

function isNameLine(line: string): boolean {
  const t = line.trim();
  const ws = words(t);
  return (
    ws.length >= 1 &&
    ws.length <= 3 &&
    t.length <= 40 &&
    ws.every((w) => /^\p{Lu}/u.test(w)) &&
    !/[.:;!?]$/.test(t)
  );
}

/**
 * A press release's dateline on a line of its own, "<place>, <date>" ("Lindau am See, 14. März 2025"): a place
 * of at most {@link MAX_DATELINE_PLACE_WORDS} words, opening with a capital, then a comma and a date line.
 */
const PLACE_DATELINE_RE = /^(\p{Lu}[\p{L}.'’ -]{1,40}),\s+(.{6,40})$/u;
const MAX_DATELINE_PLACE_WORDS = 5;

/** The date of a "<place>, <date>" dateline, or undefined when the line is none. */
function placeDatelineDate(line: string, dates: DateContext): string | undefined {
  const m = PLACE_DATELINE_RE.exec(line.trim());
  if (!m || words(m[1]!).length > MAX_DATELINE_PLACE_WORDS || !isDateLine(m[2]!)) return undefined;
  return parseDate(m[2], dates)?.iso;
}

/**
 * What a line near the title dates the story with: a date line (its date, undefined where it does not parse) or
 * a "<place>, <date>" dateline that parses; undefined when the line is neither.
 */
function datelineOf(line: string, dates: DateContext): { iso: string | undefined } | undefined {
  if (isDateLine(line)) return { iso: parseDate(line, dates)?.iso };
  const iso = placeDatelineDate(line, dates);
  return iso === undefined ? undefined : { iso };
}

interface Header {
  titleLine: number;
  bodyStart: number;
  title: string;
  authors: string[];
  date: string | undefined;
}

/** Date written on one line, or split over two ("12" / "April, 2017"). Returns the number of lines it spans. */
function dateAt(
  lines: readonly string[],
  i: number,
  dates: DateContext,
): { span: number; iso: string } | undefined {
  const a = lines[i]?.trim() ?? '';
  if (a === '' || a.length > 80) return undefined;
  if (isDateLine(a)) {
    const d = parseDate(a, dates);
    if (d) return { span: 1, iso: d.iso };
  }
  const b = lines[i + 1]?.trim() ?? '';
  if (a.length <= 12 && b !== '' && b.length <= 60) {
    const joined = `${a} ${b}`;
    if (isDateLine(joined)) {
      const d = parseDate(joined, dates);
      if (d) return { span: 2, iso: d.iso };
    }
  }
  return undefined;
}

function findHeaders(lines: readonly string[], dates: DateContext): Header[] {
  const headers: Header[] = [];
  for (let i = 0; i < lines.length; i++) {
    const d = dateAt(lines, i, dates);
    if (!d) continue;
    // Walk back: optional byline (name lines), then the title.
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const nameLines: string[] = [];
    let k = j;
    while (k >= 0 && nameLines.length < 3 && isNameLine(lines[k]!)) {
      nameLines.unshift(lines[k]!.trim());
      k--;
      while (k >= 0 && lines[k]!.trim() === '') k--;
    }
    let authors: string[] = [];
    let titleIdx = j;
    if (nameLines.length > 0 && k >= 0 && isTitleLike(lines[k]!)) {
      const name = nameLines.join(' ').replace(/^by\s+/i, '');
      if (isPersonName(name)) {
        authors = [name];
        titleIdx = k;
      }
    }
    const prevHeader = headers[headers.length - 1];
    if (titleIdx < 0 || (prevHeader && titleIdx < prevHeader.bodyStart)) continue;
    const titleLine = lines[titleIdx]!.trim();
    if (!isTitleLike(titleLine) || isDateLine(titleLine)) continue;
    // A title follows a paragraph end (or the page start), never the middle of a sentence.
    let p = titleIdx - 1;
    while (p >= 0 && lines[p]!.trim() === '') p--;
    if (
      p >= 0 &&
      !endsSentence(lines[p]!.trim()) &&
      !isFurnitureText(lines[p]!) &&
      lines[p - 1]?.trim() !== '' &&
      p === titleIdx - 1
    ) {
      const prevLine = lines[p]!.trim();
      if (!isAllCapsLine(prevLine) && !dateAt(lines, p, dates) && !dateAt(lines, p - 1, dates)) continue;
    }
    headers.push({ titleLine: titleIdx, bodyStart: i + d.span, title: titleLine, authors, date: d.iso });
    i += d.span - 1;
  }
  return headers;
}

/** Marks comment sections: from the first of ≥ 2 nearby comment-widget lines to the next header (or the end). */
function commentSections(lines: readonly string[], headerLines: ReadonlySet<number>): boolean[] {
  const drop = new Array<boolean>(lines.length).fill(false);
  const isWidget = lines.map(
    (l) => l.trim() !== '' && l.trim().length <= 80 && COMMENT_WIDGET_RE.test(l.trim()),
  );
  for (let i = 0; i < lines.length; i++) {
    if (!isWidget[i]) continue;
    let near = 0;
    for (let k = i + 1; k < Math.min(lines.length, i + 1 + COMMENT_CLUSTER_WINDOW); k++)
      if (isWidget[k]) near++;
    if (near === 0) continue;
    for (let k = i; k < lines.length && !headerLines.has(k); k++) drop[k] = true;
    break;
  }
  return drop;
}

function wrapWidth(lines: readonly string[]): number {
  const lens = lines
    .map((l) => l.trim().length)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (lens.length === 0) return 80;
  return Math.max(40, lens[Math.min(lens.length - 1, Math.floor(lens.length * WRAP_PERCENTILE))]!);
}

const HYPHENATED_END_RE = /\p{L}-$/u;
const LOWER_START_RE = /^\p{Ll}/u;

/** Rejoins wrapped lines into paragraphs and headings. */
function buildBlocks(lines: readonly string[], width: number): Block[] {
  const blocks: Block[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    // A line ending in a hyphenated word part continues without a space ("inter-\nnational"). Joined by
    // pieces: testing the growing paragraph's end after each line was quadratic in its length.
    const pieces: string[] = [];
    for (let k = 0; k < cur.length; k++) {
      const l = cur[k]!;
      if (k > 0 && !(HYPHENATED_END_RE.test(cur[k - 1]!) && LOWER_START_RE.test(l))) pieces.push(' ');
      pieces.push(l);
    }
    blocks.push({ kind: 'p', text: pieces.join('').replace(/\s+/g, ' ').trim() });
    cur = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') {
      flush();
      continue;
    }
    const prev = cur[cur.length - 1];
    const atStart =
      prev === undefined || endsSentence(prev) || (prev !== undefined && NUMBER_MARKER_RE.test(prev));
    // "1." on its own line followed by a Title Case line: a numbered heading.
    if (NUMBER_MARKER_RE.test(line) && i + 1 < lines.length) {
      const next = lines[i + 1]!.trim();
      if (
        next !== '' &&
        !endsSentence(next) &&
        capsShare(next) >= HEADLINE_CAPS_SHARE &&
        next.length <= MAX_TITLE_CHARS / 2
      ) {
        flush();
        blocks.push({ kind: 'h', text: `${line} ${next}` });
        i++;
        continue;
      }
    }
    if (atStart && isAllCapsLine(line) && line.length <= MAX_TITLE_CHARS / 2 && !endsSentence(line)) {
      flush();
      blocks.push({ kind: 'h', text: line });
      continue;
    }
    if (
      prev !== undefined &&
      endsSentence(prev) &&
      (prev.length < BREAK_SHORT_SHARE * width || isLoneWord(line) || /^["“«‘]/.test(line))
    )
      flush();
    cur.push(line);
  }
  flush();
  return blocks;
}

/** Removes furniture blocks, disclaimers and trailing teaser headlines. */
function cleanTextBlocks(blocks: Block[], repeated: ReadonlySet<string>): Block[] {
  const kept = blocks.filter(
    (b) => !isFurnitureText(b.text) && !repeated.has(b.text) && !DISCLAIMER_RE.test(b.text),
  );
  while (kept.length > 0) {
    const last = kept[kept.length - 1]!;
    const t = last.text;
    const teaser =
      last.kind === 'h' ||
      (t.length < MAX_TEASER_CHARS && !endsSentence(t) && !isUnmarkedSentence(t)) ||
      (t.length < MAX_TITLE_CHARS && capsShare(t) >= HEADLINE_CAPS_SHARE && words(t).length >= 3);
    if (!teaser) break;
    kept.pop();
  }
  return kept;
}

/** Extracts one or more articles from a plain-text page. */
export function extractPlainText(body: string, now: Date | undefined): TextArticle[] {
  const rawLines = body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\s\u00a0]+$/u, '').replace(/^[\s\u00a0]+/u, ''));
  // Furniture lines (UI labels, byline remnants) go first, unless they sit inside a sentence.
  const lines = rawLines.map((l, i) => {
    if (l === '' || !isFurnitureText(l)) return l;
    const next = rawLines[i + 1]?.trim() ?? '';
    const prev = rawLines[i - 1]?.trim() ?? '';
    // A lone word followed by a lower-case continuation is the start of a wrapped sentence ("In\nthe event").
    const midSentence = /^\p{Ll}/u.test(next) && !isFurnitureText(next) && l.split(/\s+/).length <= 2;
    void prev;
    return midSentence || COMMENT_WIDGET_RE.test(l) ? l : '';
  });
  // Slash dates are read the way the text writes them: month first when another slash date shows it
  // ("01/31/2025"); scraped text declares no locale.
  const dates: DateContext = { now, slashOrder: slashDateOrder(lines, []) };
  const headers = findHeaders(lines, dates);
  const headerLines = new Set(headers.map((h) => h.titleLine));
  const inComments = commentSections(lines, headerLines);
  const live = lines.map((l, i) => (inComments[i] ? '' : l));
  const width = wrapWidth(live);

  // Paragraph-sized lines repeated on the page (disclaimers top and bottom) are furniture.
  const seen = new Map<string, number>();
  for (const l of live) if (l.length > 60) seen.set(l, (seen.get(l) ?? 0) + 1);
  const repeated = new Set([...seen].filter(([, n]) => n > 1).map(([l]) => l));

  const articles: TextArticle[] = [];
  const segments: { start: number; end: number; header: Header | undefined }[] = [];
  if (headers.length === 0) segments.push({ start: 0, end: live.length, header: undefined });
  else {
    const preamble = live.slice(0, headers[0]!.titleLine);
    if (preamble.join(' ').trim().length >= MIN_PREAMBLE_CHARS)
      segments.push({ start: 0, end: headers[0]!.titleLine, header: undefined });
    headers.forEach((h, k) =>
      segments.push({ start: h.bodyStart, end: headers[k + 1]?.titleLine ?? live.length, header: h }),
    );
  }
  for (const seg of segments) {
    let blocks = cleanTextBlocks(buildBlocks(live.slice(seg.start, seg.end), width), repeated);
    let title = seg.header?.title ?? '';
    const authors = seg.header?.authors ?? [];
    let publishedAt = seg.header?.date;
    if (!seg.header) {
      // No date header: the first short unpunctuated block is the title; a date line near it is the date.
      // A lone label word above it ("Pressemitteilung", "Update") is no part of the story; a headline written
      // without spaces (Chinese, Japanese) counts its characters as words, so it is no lone word.
      const label =
        blocks[0] && blocks.length > 2 && isLoneWord(blocks[0].text) && countWords(blocks[0].text) === 1
          ? 1
          : 0;
      const first = blocks[label];
      if (first && isTitleLike(first.text) && !endsSentence(first.text) && blocks.length > label + 1) {
        title = first.text;
        blocks = blocks.slice(label + 1);
      }
      for (const dateBlock of blocks.slice(0, 3)) {
        const dateline = datelineOf(dateBlock.text, dates);
        if (!dateline) continue;
        publishedAt = dateline.iso;
        blocks = blocks.filter((b) => b !== dateBlock);
        break;
      }
    }
    if (blocks.length === 0) continue;
    const article: TextArticle = { title, authors, blocks };
    if (publishedAt) article.publishedAt = publishedAt;
    articles.push(article);
  }
  return articles;
}
