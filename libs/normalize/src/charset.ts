import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { repairMojibake } from './mojibake.js';

/** Where the charset used by {@link decodeBytes} came from, strongest signal first. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'detected' | 'default';

export interface DecodedText {
  readonly text: string;
  /** Canonical lower-case label actually used to decode (e.g. `utf-8`, `windows-1251`). */
  readonly charset: string;
  readonly source: CharsetSource;
  /**
   * The charset the page declared (header or `<meta>`) when it was not used: the bytes did not decode
   * cleanly in it and are valid UTF-8, so they were read as UTF-8 (`source: 'detected'`).
   */
  readonly declared?: string;
}

/** How far into the body a `<meta charset>` is looked for (the HTML spec's pre-scan uses 1024; real pages put it later). */
const META_SCAN_BYTES = 4096;
/** Bytes handed to chardet: enough for a stable guess, small enough to stay fast on big pages. */
const DETECT_SAMPLE_BYTES = 64 * 1024;
/** chardet confidence (0–100) under which its guess is ignored and utf-8 is assumed. */
const MIN_DETECT_CONFIDENCE = 10;

const BOMS: readonly { bytes: readonly number[]; charset: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

/** Labels that browsers map to a different real encoding (WHATWG Encoding "legacy" aliases). */
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'ks_c_5601-1987': 'euc-kr',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** Normalises a charset label and returns it only if iconv-lite can decode it. */
export function normalizeCharset(label: string | undefined | null): string | undefined {
  if (!label) return undefined;
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!clean) return undefined;
  const mapped = LABEL_ALIASES[clean] ?? clean;
  return iconv.encodingExists(mapped) ? mapped : undefined;
}

/** Extracts `charset=` from a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /charset\s*=\s*["']?([^"';,\s]+)/i.exec(contentType);
  return m?.[1];
}

function sniffBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { charset: bom.charset, length: bom.bytes.length };
  }
  return undefined;
}

/** `charset=value` at one place (sticky); `(?:["']\s*)?` rather than `["']?\s*` so a run of spaces costs linear time. */
const CHARSET_PARAM = /charset\s*=\s*(?:["']\s*)?([\w:.-]+)/iy;

/**
 * The charset of the first `<meta …>` tag in the window that names one (`<meta charset=x>` or the http-equiv
 * `content="…; charset=x"` form); in a tag naming several, the last. What `/<meta[^>]+charset…/i` finds, in one
 * pass: a tag runs from `<meta` to the next `>` (or the window's end); a later `<meta` before that `>` sees a part
 * of the same text, so each stretch is read once, and `charset` is tried from its end backwards. The regex
 * backtracked over the window from every `<meta`: `<meta` ×100 then `charset=` and spaces took ~2 s of CPU.
 */
function sniffMeta(bytes: Uint8Array): string | undefined {
  // Latin-1 keeps a 1:1 byte↔char mapping, so ASCII markup is readable whatever the real charset.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SCAN_BYTES)).toString(
    'latin1',
  );
  const lower = head.toLowerCase(); // same length: no Latin-1 letter lower-cases to more than one character
  const named = positionsOf(lower, 'charset');
  let next = 0; // first of `named` not yet passed
  for (let from = 0; ;) {
    const tag = lower.indexOf('<meta', from);
    if (tag < 0) return undefined;
    const close = lower.indexOf('>', tag);
    const end = close < 0 ? lower.length : close;
    const first = tag + '<meta'.length + 1; // `[^>]+`: at least one character before `charset`
    while (next < named.length && named[next]! < first) next++;
    let last = next;
    while (last < named.length && named[last]! < end) last++;
    // No part of `charset=value` matches `>`, so a match starting before `end` ends before it.
    for (let i = last - 1; i >= next; i--) {
      CHARSET_PARAM.lastIndex = named[i]!;
      const value = CHARSET_PARAM.exec(head)?.[1];
      if (value) return value;
    }
    if (close < 0) return undefined;
    next = last;
    from = close + 1;
  }
}

function positionsOf(text: string, word: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) found.push(at);
  return found;
}

/**
 * Decodes raw page bytes to text. Order of evidence: byte-order mark, the HTTP `Content-Type` charset,
 * `<meta charset>` / `http-equiv` in the first {@link META_SCAN_BYTES} bytes, statistical detection
 * (chardet), then utf-8. Unknown labels are skipped, never thrown on; undecodable bytes become U+FFFD.
 * A declared charset that does not decode the bytes cleanly while they are valid multi-byte UTF-8 gives
 * way to UTF-8 (a page declaring GB2312 sent as UTF-8), as browsers and trafilatura recover.
 * UTF-8 that was double-decoded before it reached us is repaired ({@link repairMojibake}).
 */
export function decodeBytes(bytes: Uint8Array, contentTypeHeader?: string): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(bytes);
  if (bom)
    return {
      text: repairMojibake(iconv.decode(buf.subarray(bom.length), bom.charset)),
      charset: bom.charset,
      source: 'bom',
    };

  const header = normalizeCharset(charsetFromContentType(contentTypeHeader));
  if (header) return decodeDeclared(buf, header, 'header');

  const meta = normalizeCharset(sniffMeta(bytes));
  // A page that declares utf-16 in ASCII markup cannot really be utf-16 (the spec says treat it as utf-8).
  if (meta) return decodeDeclared(buf, meta.startsWith('utf-16') ? 'utf-8' : meta, 'meta');

  if (isValidUtf8(buf)) return decodeWith(buf, 'utf-8', hasHighBytes(buf) ? 'detected' : 'default');
  const guess = detectCharset(buf);
  if (guess) return decodeWith(buf, guess, 'detected');
  return decodeWith(buf, 'utf-8', 'default');
}

/**
 * Decodes with the charset the page declared, unless that decode is not clean (U+FFFD for byte sequences the
 * charset has no character for) and the bytes are valid UTF-8 with multi-byte sequences: text in a legacy
 * multi-byte charset (GBK, Shift_JIS, EUC-KR, Big5) is practically never valid UTF-8, so the declaration is
 * the mistake. Single-byte charsets decode every byte; double-decoded UTF-8 there is {@link repairMojibake}'s.
 */
function decodeDeclared(buf: Buffer, charset: string, source: 'header' | 'meta'): DecodedText {
  const text = iconv.decode(buf, charset, { stripBOM: true });
  if (charset !== 'utf-8' && text.includes(REPLACEMENT_CHAR) && hasHighBytes(buf) && isValidUtf8(buf)) {
    return { ...decodeWith(buf, 'utf-8', 'detected'), declared: charset };
  }
  return { text: repairMojibake(text), charset, source };
}
const REPLACEMENT_CHAR = '\uFFFD';

function decodeWith(buf: Buffer, charset: string, source: CharsetSource): DecodedText {
  return { text: repairMojibake(iconv.decode(buf, charset, { stripBOM: true })), charset, source };
}

function detectCharset(buf: Buffer): string | undefined {
  const sample = buf.subarray(0, DETECT_SAMPLE_BYTES);
  const best = analyse(sample)[0];
  if (!best || best.confidence < MIN_DETECT_CONFIDENCE) return undefined;
  return normalizeCharset(best.name);
}

function hasHighBytes(buf: Buffer): boolean {
  for (const b of buf) if (b >= 0x80) return true;
  return false;
}

/** Strict utf-8 validation: utf-8 text is almost never valid by accident, so this beats statistical guessing. */
function isValidUtf8(buf: Buffer): boolean {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    if (i + need > n - 1) return false;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}
