import { isText, isTag, isDocument } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { ExtractionError, ExtractionErrorCode } from './extraction-error.js';
import type { ExtractionLimits } from './types.js';

/** Default input ceiling: real article pages are < 2 MB; 5 M characters leaves room without risking memory. */
export const DEFAULT_MAX_INPUT_CHARS = 5_000_000;
/** Default node ceiling: the heaviest real pages seen have ~60k nodes; anything far beyond is hostile or generated. */
export const DEFAULT_MAX_NODES = 300_000;
/** Default depth ceiling: real pages nest < 100 deep; deep nesting is the classic recursion attack. */
export const DEFAULT_MAX_DEPTH = 1_000;

export interface ParsedPage {
  readonly document: Document;
  readonly nodeCount: number;
}

/** Parses HTML with htmlparser2 and enforces the size, node and depth limits (throws {@link ExtractionError}). */
export function parseHtml(body: string, limits: ExtractionLimits = {}): ParsedPage {
  const maxInput = limits.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  if (body.length > maxInput) {
    throw new ExtractionError(ExtractionErrorCode.inputTooLarge, `input of ${body.length} chars exceeds ${maxInput}`, {
      limit: maxInput,
      actual: body.length,
    });
  }
  const document = parseDocument(body, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  // htmlparser2 builds the tree iteratively, so any depth parses safely; node and depth limits are
  // enforced by the first tree walk (analyzeContent), which is the first recursive one.
  return { document, nodeCount: 0 };
}

/** Elements that start a new block of text when rendered. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'caption', 'noscript', 'title', 'option', 'select', 'textarea', 'iframe', 'video', 'audio',
]);

export function isElement(node: AnyNode): node is Element {
  return isTag(node);
}

export function attr(el: Element, name: string): string | undefined {
  const v = el.attribs[name];
  return v === undefined ? undefined : v;
}

/**
 * An element's class and id, lower-cased, for the class/id word patterns (which match whole words, so
 * where one part is missing its separating space changes no match): the one set, without building a new
 * string (most elements have only a class), both joined by a space, or '' for neither.
 */
export function classAndId(el: Element): string {
  const { class: cls, id } = el.attribs;
  if (id === undefined) return cls === undefined ? '' : lowerCase(cls);
  return lowerCase(cls === undefined ? id : `${cls} ${id}`);
}

/** `s.toLowerCase()`, skipped when nothing would change (class names are mostly lower case already; this is cheaper). */
function lowerCase(s: string): string {
  return MAY_HAVE_UPPER_CASE_RE.test(s) ? s.toLowerCase() : s;
}
const MAY_HAVE_UPPER_CASE_RE = /[A-Z\u0080-\uffff]/;

/** Whitespace-normalised text of a subtree (no pruning; used for metadata). */
export function textOf(node: AnyNode, maxChars = 100_000): string {
  const parts: string[] = [];
  let total = 0;
  const stack: AnyNode[] = [node];
  while (stack.length > 0 && total < maxChars) {
    const n = stack.pop()!;
    if (isText(n)) {
      parts.push(n.data);
      total += n.data.length;
    } else if (isTag(n)) {
      if (n.name === 'script' || n.name === 'style') continue;
      if (n.name === 'br' || BLOCK_TAGS.has(n.name)) parts.push(' ');
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    } else if (isDocument(n)) {
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
  return normalizeSpace(parts.join(''));
}

/**
 * Whitespace runs other than a lone space. Replacing these by a space gives the same string as replacing
 * every run (`/\s+/g`), without a match per word that puts each word's single space back unchanged.
 */
export const SPACE_RUNS_RE = /[^\S ]\s*| \s+/g;
/** {@link SPACE_RUNS_RE} for `\s` plus the zero-width space. */
const SPACE_OR_ZWSP_RUNS_RE = /(?:[^\S ]|\u200b)[\s\u200b]*| [\s\u200b]+/g;

export function normalizeSpace(s: string): string {
  return s.replace(SPACE_OR_ZWSP_RUNS_RE, ' ').trim();
}

/** Visits every element in document order (iterative). */
export function forEachElement(root: AnyNode, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isElement(n)) {
      if (visit(n) === false) continue;
    } else if (!isDocument(n)) continue;
    const kids = (n as Element).children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}
