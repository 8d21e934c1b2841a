import { MAX_MESSAGE_BYTES } from './codec.js';
import type { ArticleCleaned, ArticleTruncation } from './schemas.js';

/**
 * Bytes of an `article.enriched` message left for what the entities stage adds to its `article.cleaned`
 * (`entities` with their mentions, `entitiesModel`). Measured with the committed model at the default
 * ENTITIES_MAX_TOKENS (20 000 tokens tagged) over the 164 scrapinghub articles of over 200 tokens: entities take
 * 4.5 bytes per token tagged (median), 8.7 (90th percentile), 16.7 (99th), i.e. 90 / 174 / 333 kB at 20 000
 * tokens. The entities stage keeps the most salient entities that fit whatever room is left
 * (services/entities fit-entities.ts); this is the room a very long article's entities are sure of.
 */
export const ENTITIES_RESERVE_BYTES = 250_000;

/** Largest `article.cleaned` message the cleaner sends: MAX_MESSAGE_BYTES less ENTITIES_RESERVE_BYTES. */
export const ARTICLE_CLEANED_MAX_BYTES = MAX_MESSAGE_BYTES - ENTITIES_RESERVE_BYTES;

/**
 * A cut moves back to the last paragraph break, else sentence end, else space, when that keeps at least this
 * share of what the limit allows (1% of 750 kB is 7.5 kB: longer than almost any paragraph).
 */
export const BOUNDARY_MIN_SHARE = 0.99;

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/**
 * The `article.cleaned` message as the broker takes it with room for the entities stage: unchanged when its
 * JSON is at most `maxBytes`; else `html` is dropped (half an HTML document is broken markup, and the pipeline
 * needs the text), then, if still too large, `text` is cut to fit, keeping its beginning, at a paragraph,
 * sentence or word boundary ({@link cutAtBoundary}). `truncation` says what was shortened and how large it was
 * (UTF-8 bytes); `wordCount` still counts the whole text. When the other fields alone take more than
 * `maxBytes` the text is left whole (cutting it could not make the message fit). Without this a single
 * article of 616 kB of text gave a 1.25 MB message (its text and its HTML), which the producer refused
 * (`MESSAGE_TOO_LARGE`) and the page was dead-lettered. Linear in the message's size.
 * @param maxBytes largest JSON size of the message. @default ARTICLE_CLEANED_MAX_BYTES
 */
export function fitArticleCleaned(
  message: ArticleCleaned,
  maxBytes: number = ARTICLE_CLEANED_MAX_BYTES,
): ArticleCleaned {
  if (bytesOf(message) <= maxBytes) return message;
  const { html, ...withoutHtml } = message;
  const truncation: ArticleTruncation = { fields: [], originalBytes: {} };
  let fitted: ArticleCleaned = message;
  if (html !== undefined) {
    truncation.fields.push('html');
    truncation.originalBytes.html = Buffer.byteLength(html);
    fitted = { ...withoutHtml, truncation };
    if (bytesOf(fitted) <= maxBytes) return fitted;
  }
  const textTruncation: ArticleTruncation = {
    fields: [...truncation.fields, 'text'],
    originalBytes: { ...truncation.originalBytes, text: Buffer.byteLength(message.text) },
  };
  const room = maxBytes - bytesOf({ ...withoutHtml, text: '', truncation: textTruncation });
  if (room < 0) return fitted;
  const text = cutAtBoundary(message.text, jsonPrefixEnd(message.text, room));
  return { ...withoutHtml, text, truncation: textTruncation };
}

/**
 * The longest prefix of `text`, as an end index, whose JSON string form takes at most `maxBytes` of UTF-8
 * (quotes excluded): escapes count as JSON.stringify writes them (`\"`, `\n`: 2 bytes; other control
 * characters and lone surrogates: 6). A surrogate pair is never split.
 */
export function jsonPrefixEnd(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let size: number;
    let units = 1;
    if (c === 0x22 || c === 0x5c) size = 2;
    else if (c < 0x20) size = c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        size = 4;
        units = 2;
      } else size = 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) size = 6;
    else size = 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += units;
  }
  return i;
}

/** Closing quotes and brackets that may follow a sentence's final mark. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '」', '』']);
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', '。', '！', '？']);
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

/**
 * `text` cut at `end` (a UTF-16 index), moved back to the last paragraph break (`\n\n`), else the last sentence
 * end (`.`, `!`, `?`, `…` and CJK marks, with closing quotes, before a space), else the last space, when one keeps
 * at least BOUNDARY_MIN_SHARE of `end`; trailing white space is dropped. A surrogate pair is never split.
 */
export function cutAtBoundary(text: string, end: number): string {
  if (end >= text.length) return text;
  if (end <= 0) return '';
  const low = text.charCodeAt(end);
  if (low >= 0xdc00 && low <= 0xdfff) end -= 1; // keep a surrogate pair whole
  const min = Math.ceil(end * BOUNDARY_MIN_SHARE);
  const paragraph = text.lastIndexOf('\n\n', end);
  if (paragraph >= min) return text.slice(0, paragraph).trimEnd();
  for (let i = end; i >= min; i -= 1) {
    // A boundary at i: text[i] is a space and what ends before it is a sentence (closers skipped).
    if (!isSpace(text[i])) continue;
    let j = i - 1;
    while (j > 0 && CLOSERS.has(text[j]!)) j -= 1;
    if (SENTENCE_ENDS.has(text[j]!)) return text.slice(0, i).trimEnd();
  }
  const space = text.lastIndexOf(' ', end);
  if (space >= min) return text.slice(0, space).trimEnd();
  return text.slice(0, end).trimEnd();
}
