import { isDocument, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { SPACE_RUNS_RE } from './dom.js';

/** Short texts are labels, dates and bylines; long ones are prose and stop nothing but are skipped. */
const MAX_NEARBY_TEXT_CHARS = 120;
const SKIP_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'select',
  'option',
]);

function nextInOrder(node: AnyNode, root: AnyNode): AnyNode | null {
  if (
    (isTag(node) || isDocument(node)) &&
    'children' in node &&
    node.children.length > 0 &&
    !(isTag(node) && SKIP_TAGS.has(node.name))
  ) {
    return node.children[0]!;
  }
  for (let n: AnyNode | null = node; n && n !== root; n = n.parent) {
    if (n.next) return n.next;
  }
  return null;
}

function prevInOrder(node: AnyNode): AnyNode | null {
  if (node.prev) {
    let n: AnyNode = node.prev;
    while (isTag(n) && !SKIP_TAGS.has(n.name) && n.children.length > 0)
      n = n.children[n.children.length - 1]!;
    return n;
  }
  return node.parent;
}

/**
 * Short visible texts after (in document order) and before `anchor` — where bylines and dates sit
 * around a headline. Texts inside `anchor` itself are not included.
 */
export function textsAround(
  anchor: Element,
  after: number,
  before: number,
): { after: string[]; before: string[] } {
  const root = rootOf(anchor);
  const out = { after: [] as string[], before: [] as string[] };
  // Skip the anchor's own subtree.
  let n: AnyNode | null = anchor;
  while (n && n !== root && !n.next) n = n.parent;
  n = n && n !== root ? n.next : null;
  let steps = 0;
  while (n && out.after.length < after && steps++ < 5000) {
    if (isText(n)) {
      const t = shortText(n.data);
      if (t) out.after.push(t);
    }
    n = nextInOrder(n, root);
  }
  n = prevInOrder(anchor);
  steps = 0;
  while (n && out.before.length < before && steps++ < 5000) {
    if (isText(n)) {
      const t = shortText(n.data);
      if (t) out.before.push(t);
    }
    if (isTag(n) && SKIP_TAGS.has(n.name)) {
      n = prevInOrder(n);
      continue;
    }
    n = prevInOrder(n);
  }
  return out;
}

/** The text with its whitespace collapsed, or '' when blank or longer than {@link MAX_NEARBY_TEXT_CHARS}. */
function shortText(data: string): string {
  // Trimming first leaves the many blank text nodes between tags without building a string each.
  const trimmed = data.trim();
  const t = trimmed && trimmed.replace(SPACE_RUNS_RE, ' ');
  return t.length <= MAX_NEARBY_TEXT_CHARS ? t : '';
}

function rootOf(node: AnyNode): AnyNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}
