import { countWords } from './blocks.js';
import type { Article } from './types.js';

/**
 * Characters no extracted string keeps: C0 controls but tab, line feed and carriage return; DEL; C1 controls
 * (U+0080–U+009F); the noncharacters U+FFFE and U+FFFF. A page's `<title>Evil \x1b]0;…\x07` (raw, or as
 * `&#27;`, or `\u001b` in JSON-LD) would otherwise reach an operator's terminal or a consumer as-is.
 * Zero-width joiners and bidi marks are text and stay.
 */
const CONTROL = '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufffe\\uffff';
const HAS_CONTROL_RE = new RegExp(`[${CONTROL}]`);
/** A run of them with the spaces either side. */
const CONTROL_RUN_RE = new RegExp(`( ?)[${CONTROL}]+( ?)`, 'g');

/**
 * What a C1 control stands for when it is a windows-1252 byte decoded as Latin-1 (`don\x92t`): the
 * character HTML gives `&#x92;` (WHATWG HTML, numeric character reference end state). 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D have none and go.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The characters of a removed run that stay: windows-1252 readings of C1 bytes; vertical tab and form feed as a space. */
function kept(run: string): string {
  let out = '';
  for (const ch of run) {
    const code = ch.charCodeAt(0);
    if (code === 0x0b || code === 0x0c) out += ' ';
    else if (code >= 0x80 && code <= 0x9f) {
      const mapped = WINDOWS_1252_C1[code - 0x80]!;
      if (mapped.charCodeAt(0) > 0x9f) out += mapped;
    }
  }
  return out;
}

/** A string without its control characters; the spaces either side of a removed run become one space. */
function cleanLine(s: string): string {
  if (!HAS_CONTROL_RE.test(s)) return s;
  return s
    .replace(CONTROL_RUN_RE, (m: string, before: string, after: string) => {
      const middle = kept(m.slice(before.length, m.length - after.length));
      if (middle === '') return before || after;
      return `${before}${middle}${after}`.replace(/ {2,}/g, ' ');
    })
    .trim();
}

function cleanOptional(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const clean = cleanLine(s);
  return clean === '' ? undefined : clean;
}

function cleanList(list: readonly string[]): readonly string[] {
  if (!list.some((s) => HAS_CONTROL_RE.test(s))) return list;
  return list.map(cleanLine).filter((s) => s !== '');
}

/** Text: paragraphs (blank-line separated) left empty by the removal are dropped. */
function cleanParagraphs(s: string): string {
  if (!HAS_CONTROL_RE.test(s)) return s;
  const out: string[] = [];
  for (const p of s.split('\n\n')) {
    if (!HAS_CONTROL_RE.test(p)) {
      out.push(p);
      continue;
    }
    const clean = cleanLine(p);
    if (clean !== '') out.push(clean);
  }
  return out.join('\n\n');
}

/**
 * The article with control characters ({@link CONTROL}) removed from every string it carries: the one
 * place the extractor's output strings are rid of them, for both the HTML and the plain-text path.
 */
export function withoutControlChars(article: Article): Article {
  const text = cleanParagraphs(article.text);
  const html = HAS_CONTROL_RE.test(article.html)
    ? article.html
        .replace(
          CONTROL_RUN_RE,
          (m: string, before: string, after: string) =>
            `${before}${kept(m.slice(before.length, m.length - after.length))}${after}`,
        )
        .replace(/(?:<blockquote><p><\/p><\/blockquote>|<(h2|li|p|pre)><\/\1>)\n?/g, '')
        .replace(/<ul>\n<\/ul>\n?/g, '')
        .replace(/\n$/, '')
    : article.html;
  const out: { -readonly [K in keyof Article]: Article[K] } = {
    ...article,
    title: cleanLine(article.title),
    text,
    html,
    authors: cleanList(article.authors),
    tags: cleanList(article.tags),
    wordCount: text === article.text ? article.wordCount : countWords(text),
  };
  const gone: (keyof Article & keyof Article['provenance'])[] = [];
  if (out.title === '' && article.title !== '') gone.push('title');
  if (out.authors.length === 0 && article.authors.length > 0) gone.push('authors');
  if (out.tags.length === 0 && article.tags.length > 0) gone.push('tags');
  for (const key of ['siteName', 'canonicalUrl', 'description', 'leadImage', 'section'] as const) {
    if (article[key] === undefined) continue;
    const clean = cleanOptional(article[key]);
    if (clean !== undefined) out[key] = clean;
    else {
      delete out[key];
      gone.push(key);
    }
  }
  if (gone.length > 0) {
    const provenance = { ...article.provenance };
    for (const key of gone) delete provenance[key];
    out.provenance = provenance;
  }
  return out;
}
