/** One token: its text as written, the form the model sees, and offsets into the input. */
export interface Token {
  /** The text exactly as in the input (`input.slice(start, end)`). */
  readonly text: string;
  /** ASCII-folded form fed to the model: typographic quotes, dashes and ellipses made plain. */
  readonly form: string;
  /** UTF-16 offsets into the input, `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

/** A sentence: tokens plus whether it is a line of its own (a title or short heading). */
export interface Sentence {
  readonly tokens: Token[];
  /** Index of the input line (split on `\n`) the sentence starts on. */
  readonly line: number;
}

export interface TokenizeOptions {
  /**
   * Stop after this many tokens; the rest of the text is left untokenized (bounded work per article).
   * @default Infinity
   */
  readonly maxTokens?: number;
  /**
   * Split sentences longer than this many tokens (keeps each model call bounded).
   * @default 120
   */
  readonly maxSentenceTokens?: number;
}

const DEFAULT_MAX_SENTENCE_TOKENS = 120;

/** Abbreviations that keep their period (so they do not end a sentence). */
const ABBREVIATIONS =
  'Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev|Prof|Pres|Inc|Corp|Ltd|Co|Bros|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Ave|Blvd|Dept|Univ|approx|etc';

/**
 * Longest e-mail local part (RFC 5321 §4.5.3.1.1). Bounded so that a run of local-part characters without an
 * `@` ("a_a_a_…") is not rescanned to its end from each of its tokens: 64 KB of it took 4.6 s unbounded.
 */
const MAX_EMAIL_LOCAL_CHARS = 64;
/**
 * Most letters of a dotted acronym (U.S., S.H.I.E.L.D.). Bounded for the same reason: "a.a.a.…ab" was rescanned
 * to its end from each letter (64 KB took 7.8 s).
 */
const MAX_ACRONYM_LETTERS = 16;

/**
 * Token pattern, first match wins:
 * URLs and e-mails; dotted acronyms (U.S., U.N.); known abbreviations (Mr., Gen.); initials (W.);
 * numbers with separators (1,000.5, 1996-08-22, 3:30); words with inner hyphens, apostrophes,
 * ampersands and periods (AT&T, O'Neill, Anglo-Dutch, Yahoo.com); runs of dots or dashes; any other
 * single non-space character.
 */
const TOKEN = new RegExp(
  [
    String.raw`https?:\/\/[^\s<>"“”]+[^\s<>"“”.,;:!?)\]’']`,
    String.raw`[\p{L}\p{N}._%+-]{1,${MAX_EMAIL_LOCAL_CHARS}}@[\p{L}\p{N}.-]+\.\p{L}{2,}`,
    String.raw`(?:\p{L}\.){2,${MAX_ACRONYM_LETTERS}}(?!\p{L})`,
    String.raw`(?:${ABBREVIATIONS})\.(?!\p{L})`,
    String.raw`\p{Lu}\.(?=\s+\p{Lu})`,
    String.raw`\p{N}+(?:[.,:/-]\p{N}+)*`,
    String.raw`[\p{L}\p{M}\p{N}]+(?:(?:[-'’&]|\.(?=\p{L}{2,}))[\p{L}\p{M}\p{N}]+)*`,
    String.raw`\.{2,}|-{2,}`,
    String.raw`\S`,
  ].join('|'),
  'gu',
);

/** Clitics split off a word the way CoNLL-2003 (Penn Treebank) tokenises them. */
const CLITIC = /^(.+?)((?:['’](?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M))|(?:n['’]t|N['’]T))$/u;

const FOLD: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '―': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  '…': '...',
};
const FOLDABLE = /[‘’‚‛′“”„‟″«»–—―‐‑−…]/g;

/** ASCII-folds typographic punctuation (quotes, dashes, ellipsis). */
export function foldPunctuation(text: string): string {
  return text.replace(FOLDABLE, (c) => FOLD[c] ?? c);
}

const SENTENCE_END = new Set(['.', '!', '?', '...', '…']);
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»']);

function startsSentence(token: Token | undefined): boolean {
  if (!token) return false;
  const c = token.form.codePointAt(0);
  if (c === undefined) return false;
  const ch = String.fromCodePoint(c);
  return ch.toLowerCase() !== ch || /[\p{N}"'(\[]/u.test(ch);
}

const NEXT_LINE_START = /[^\S\n]*(\S)/y;

/**
 * Whether a line break is inside a sentence (hard-wrapped text): the next line starts in lowercase,
 * or this line is one bare word ("In\nthe event", "President\nTrump said"). A blank line always ends it.
 */
function continuesOnNextLine(text: string, nextStart: number, lineTokens: readonly Token[]): boolean {
  if (nextStart >= text.length || lineTokens.length === 0) return false;
  NEXT_LINE_START.lastIndex = nextStart;
  const m = NEXT_LINE_START.exec(text);
  const first = m?.[1];
  if (!first || first === '\n' || m.index !== nextStart) return false;
  if (first.toUpperCase() !== first) return true;
  const only = lineTokens.length === 1 ? lineTokens[0] : undefined;
  return only !== undefined && /^\p{L}+$/u.test(only.form);
}

/**
 * Splits text into sentences of tokens with offsets into `text`. Line breaks end a sentence (cleaned
 * articles put titles and paragraphs on lines of their own) unless the text is hard-wrapped there
 * (see `continuesOnNextLine`); inside a line a sentence ends
 * after `.`, `!` or `?` (and any closing quotes) when the next token starts with a capital, digit
 * or quote.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Sentence[] {
  const maxTokens = options.maxTokens ?? Infinity;
  const maxSentence = Math.max(1, options.maxSentenceTokens ?? DEFAULT_MAX_SENTENCE_TOKENS);
  const sentences: Sentence[] = [];
  let total = 0;
  let lineStart = 0;
  let lineNo = 0;
  let current: Token[] = [];
  let currentLine = 0;
  const flush = (): void => {
    if (current.length > 0) sentences.push({ tokens: current, line: currentLine });
    current = [];
  };
  while (lineStart <= text.length && total < maxTokens) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const lineTokens: Token[] = [];
    TOKEN.lastIndex = lineStart;
    const line = text.slice(0, lineEnd);
    let m: RegExpExecArray | null;
    while (total + lineTokens.length < maxTokens && (m = TOKEN.exec(line)) !== null) {
      const raw = m[0];
      const start = m.index;
      const clitic = CLITIC.exec(raw);
      if (clitic && clitic[1] && clitic[2] && /\p{L}/u.test(clitic[1])) {
        const cut = start + clitic[1].length;
        lineTokens.push({ text: clitic[1], form: foldPunctuation(clitic[1]), start, end: cut });
        lineTokens.push({
          text: clitic[2],
          form: foldPunctuation(clitic[2]),
          start: cut,
          end: start + raw.length,
        });
      } else {
        lineTokens.push({ text: raw, form: foldPunctuation(raw), start, end: start + raw.length });
      }
    }
    total += lineTokens.length;
    for (let i = 0; i < lineTokens.length; i++) {
      const token = lineTokens[i];
      if (!token) continue;
      if (current.length === 0) currentLine = lineNo;
      current.push(token);
      let boundary = current.length >= maxSentence;
      if (!boundary && SENTENCE_END.has(token.form)) {
        let j = i + 1;
        while (j < lineTokens.length && CLOSERS.has(lineTokens[j]?.text ?? '')) {
          const closer = lineTokens[j];
          if (closer) current.push(closer);
          j++;
        }
        i = j - 1;
        boundary = startsSentence(lineTokens[j]);
      }
      if (boundary) flush();
    }
    const nextStart = lineEnd + 1;
    if (!continuesOnNextLine(text, nextStart, lineTokens)) flush();
    lineStart = nextStart;
    lineNo++;
  }
  flush();
  return sentences;
}
