import { hasChildren, isText, isTag, isDocument } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
// htmlparser2's own DomHandler: its nodes are those `parseDocument` builds (the newer domhandler the
// package also depends on initialises class fields per node, which made parsing 1.8× slower).
import { DomHandler, Parser } from 'htmlparser2';
import { ExtractionError, ExtractionErrorCode } from './extraction-error.js';
import type { ExtractionLimits } from './types.js';

/** Default input ceiling: real article pages are < 2 MB; 5 M characters leaves room without risking memory. */
export const DEFAULT_MAX_INPUT_CHARS = 5_000_000;
/** Default node ceiling: the heaviest real pages seen have ~60k nodes; anything far beyond is hostile or generated. */
export const DEFAULT_MAX_NODES = 300_000;
/** Default depth ceiling: real pages nest < 100 deep (56 at most on 1 101 development pages); deep nesting is the classic recursion attack. */
export const DEFAULT_MAX_DEPTH = 1_000;
/**
 * The deepest nesting accepted whatever the limits say: the content walks recurse once per level, and
 * 5 000 levels overflowed the stack.
 */
export const MAX_SUPPORTED_DEPTH = 2_000;

export interface ParsedPage {
  readonly document: Document;
  /** DOM nodes built: elements, texts and comments. */
  readonly nodeCount: number;
}

/** htmlparser2's options for HTML: entities decoded, tag and attribute names lower-cased. */
const PARSER_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true } as const;

/**
 * A DOM builder that refuses the page the moment it breaks a limit, so a hostile page costs work in
 * proportion to the limit, not to its size: 20 000 nested `<div>`s stop at the 1 001st, where building
 * the whole tree first cost seconds (htmlparser2 keeps its open-element stack as an array it shifts,
 * so each open tag costs the depth).
 */
class BoundedDomHandler extends DomHandler {
  nodeCount = 0;
  readonly #maxNodes: number;
  readonly #maxDepth: number;

  constructor(maxNodes: number, maxDepth: number) {
    super();
    this.#maxNodes = maxNodes;
    this.#maxDepth = maxDepth;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // The stack holds the document and the open elements: its length is the new element's depth.
    const depth = this.tagStack.length;
    if (depth > this.#maxDepth) {
      throw new ExtractionError(
        ExtractionErrorCode.tooDeep,
        `page nests deeper than ${this.#maxDepth} levels`,
        { limit: this.#maxDepth, actual: depth },
      );
    }
    super.onopentag(name, attribs);
  }

  protected override addNode(node: Parameters<DomHandler['addNode']>[0]): void {
    if (++this.nodeCount > this.#maxNodes) {
      throw new ExtractionError(
        ExtractionErrorCode.tooManyNodes,
        `page has more than ${this.#maxNodes} nodes`,
        { limit: this.#maxNodes, actual: this.nodeCount },
      );
    }
    super.addNode(node);
  }
}

/**
 * Parses HTML with htmlparser2, enforcing the size limit before and the node and depth limits while
 * building the tree.
 *
 * @throws {ExtractionError} `EXTRACTION_INPUT_TOO_LARGE`, `EXTRACTION_TOO_MANY_NODES`, `EXTRACTION_TOO_DEEP`
 */
export function parseHtml(body: string, limits: ExtractionLimits = {}): ParsedPage {
  const maxInput = limits.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  if (body.length > maxInput) {
    throw new ExtractionError(
      ExtractionErrorCode.inputTooLarge,
      `input of ${body.length} chars exceeds ${maxInput}`,
      {
        limit: maxInput,
        actual: body.length,
      },
    );
  }
  const maxDepth = Math.min(limits.maxDepth ?? DEFAULT_MAX_DEPTH, MAX_SUPPORTED_DEPTH);
  const handler = new BoundedDomHandler(limits.maxNodes ?? DEFAULT_MAX_NODES, maxDepth);
  new Parser(handler, PARSER_OPTIONS).end(body);
  return { document: handler.root, nodeCount: handler.nodeCount };
}

/** Elements that start a new block of text when rendered. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
  'noscript',
  'title',
  'option',
  'select',
  'textarea',
  'iframe',
  'video',
  'audio',
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

/**
 * `s.toLowerCase()`, skipped when nothing would change (class names are mostly lower case already; this is
 * cheaper). A camelCase name made of words is read as those words (`emailSignup` as `email-signup`,
 * `paywallIntroBodyPercent` as `paywall-intro-body-percent`), so its junk word counts like a hyphenated one.
 */
function lowerCase(s: string): string {
  if (!MAY_HAVE_UPPER_CASE_RE.test(s)) return s;
  return s.replace(CAMEL_CASE_WORDS_RE, (name) => name.replace(CAMEL_HUMP_RE, '-$1')).toLowerCase();
}
const MAY_HAVE_UPPER_CASE_RE = /[A-Z\u0080-\uffff]/;
/**
 * A name part (between spaces, `_` and `-`) made of words: a lower-case word, then capitalised words of 3+
 * letters. Hashes and short humps (`_titleNoCredit_1doy9`, `block-id-n1AuAdJlVL`) are not split: their pieces
 * would read as junk words (`credit`, `ad`) they do not mean.
 */
const CAMEL_CASE_WORDS_RE = /(?<![^\s_-])[a-z]+(?:[A-Z][a-z]{2,})+(?![^\s_-])/g;
const CAMEL_HUMP_RE = /([A-Z])/g;

/**
 * Nodes {@link textOf} visits per character it may return, plus a fixed allowance: enough for any real
 * markup (a byline of 100 characters wrapped in a few hundred nodes of icons), and a bound on what one
 * call costs when a hostile subtree holds thousands of empty elements (textOf runs on many elements).
 */
const TEXT_OF_NODES_PER_CHAR = 4;
const TEXT_OF_MIN_NODES = 256;

const PUNCTUATION_START_RE = /^[,.:;!?)\]]/;

/**
 * Whitespace-normalised text of a subtree (no pruning; used for metadata): at least `maxChars` characters
 * when the subtree has them (whole text nodes are taken), reading at most `4 × maxChars + 256` nodes.
 */
export function textOf(node: AnyNode, maxChars = 100_000): string {
  const parts: string[] = [];
  let total = 0;
  let budget = TEXT_OF_NODES_PER_CHAR * maxChars + TEXT_OF_MIN_NODES;
  let spaceAfterBlock = false;
  for (let n: AnyNode | null = node; n && total < maxChars && budget-- > 0;) {
    let enter = false;
    // A block ends its words too: "<h1><div>Get that tech stack</div>Klatch Coffee</h1>" is two phrases,
    // but punctuation after it stays on it ("<div>Kicker</div><span>: </span>Headline").
    if (n !== node && n.prev && isTag(n.prev) && BLOCK_TAGS.has(n.prev.name)) spaceAfterBlock = true;
    if (isText(n)) {
      if (spaceAfterBlock && !PUNCTUATION_START_RE.test(n.data)) parts.push(' ');
      spaceAfterBlock = false;
      parts.push(n.data);
      total += n.data.length;
    } else if (isTag(n)) {
      if (n.name === 'script' || n.name === 'style') enter = false;
      else {
        if (n.name === 'br' || BLOCK_TAGS.has(n.name)) parts.push(' ');
        enter = true;
      }
    } else enter = isDocument(n);
    n = nextNode(n, node, enter);
  }
  return normalizeSpace(parts.join(''));
}

/**
 * The node after `n` in document order within `root`: its first child when `enter`, else the next node
 * after its subtree; null past the end of `root`. Walking by these links visits one node per step
 * (climbing back up costs one step per node left), so a walk that stops early costs what it visited, where
 * a stack costs every child of each visited node.
 */
export function nextNode(n: AnyNode, root: AnyNode, enter: boolean): AnyNode | null {
  if (enter && hasChildren(n) && n.children.length > 0) return n.children[0]!;
  let m: AnyNode | null = n;
  while (m && m !== root && !m.next) m = m.parent;
  return m && m !== root ? m.next : null;
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

/** The element children of `el` that are not in `removed`. */
export function elementChildren(el: Element, removed: ReadonlySet<Element>): Element[] {
  const out: Element[] = [];
  for (const c of el.children) if (isTag(c) && !removed.has(c)) out.push(c);
  return out;
}

/**
 * The first element below `el` (document order, at most `maxDepth` levels down: 1 = its children) that `match`
 * accepts; the elements in `skip` are neither matched nor entered.
 */
export function firstElementBelow(
  el: Element,
  maxDepth: number,
  match: (c: Element) => boolean,
  skip?: ReadonlySet<Element>,
): Element | undefined {
  for (const c of el.children) {
    if (!isTag(c) || skip?.has(c)) continue;
    if (match(c)) return c;
    const found = maxDepth > 1 ? firstElementBelow(c, maxDepth - 1, match, skip) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Whether `node` is `ancestor` or inside it. */
export function contains(ancestor: Element, node: Element): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
