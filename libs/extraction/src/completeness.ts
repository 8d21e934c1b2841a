import { isTag, type Element } from 'domhandler';
import { isRemainderNotice, REMAINDER_NOTICE_MAX_CHARS } from './boilerplate.js';
import type { NodeStats } from './content-analysis.js';
import { contains, normalizeSpace, textOf } from './dom.js';
import type { Incompleteness } from './types.js';

/**
 * Extracted text under this share of the words the page declares (JSON-LD `wordCount`) is a part of the story,
 * when the page also declares it is not free. `wordCount` alone is not trusted: fundus-dev Daily Maverick
 * declares 6838 (its characters) for a 961-word story it serves whole (`timeRequired: PT4M`).
 */
const TRUNCATED_MAX_WORD_SHARE = 0.5;

/** The story's last blocks, where a teaser's "N% of the article remains" notice stands. */
const NOTICE_TAIL_BLOCKS = 2;

/**
 * Whether an article's text is known to be incomplete: a title with no text (the story is behind a paywall,
 * rendered by scripts, or missed), or a paywall teaser (the page declares it is not free and that the story
 * has more than twice the words found, or the story's content closes with a "N% of the article remains"
 * notice). `rendered` is the story's blocks before cleaning (the notice itself is furniture, dropped from the
 * text); `removedNotice` finds the notice when its box was removed as junk ({@link removedRemainderNotice}).
 * The caller stores such an article marked, never as if it were whole.
 */
export function incompletenessOf(
  article: { readonly title: string; readonly text: string; readonly wordCount: number },
  ld: readonly Record<string, unknown>[],
  rendered: readonly { readonly text: string }[] = [],
  removedNotice: () => string | undefined = () => undefined,
): Incompleteness | undefined {
  const paywall = ld.some((node) => isNotFree(node.isAccessibleForFree));
  if (article.text.trim() === '') {
    if (article.title.trim() === '') return undefined;
    return {
      kind: 'empty',
      reason: paywall
        ? 'no text found; the page declares it is not free (paywall)'
        : 'no text found on the page',
    };
  }
  const notice =
    rendered
      .slice(-NOTICE_TAIL_BLOCKS)
      .find((b) => isRemainderNotice(b.text))
      ?.text.trim() ?? removedNotice();
  if (notice) return { kind: 'truncated', reason: `the text ends with the notice "${notice}"` };
  if (!paywall) return undefined;
  const declared = declaredWordCount(ld);
  if (declared === undefined || article.wordCount >= TRUNCATED_MAX_WORD_SHARE * declared) return undefined;
  return {
    kind: 'truncated',
    reason: `${article.wordCount} of the ${declared} words the page declares (JSON-LD wordCount); not free (paywall)`,
  };
}

/** `isAccessibleForFree: false` (a boolean or the strings schema.org examples use). */
function isNotFree(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}

/** The first positive whole `wordCount` of the JSON-LD nodes (article types first). */
function declaredWordCount(ld: readonly Record<string, unknown>[]): number | undefined {
  for (const node of ld) {
    const n = typeof node.wordCount === 'string' ? Number(node.wordCount.trim()) : node.wordCount;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

/**
 * A "N% of the article remains" notice in a box removed as junk (a paywall box: Rzeczpospolita's
 * `paywallIntroBodyPercent` inside `paywallNoAccessWrapper`) beside the story: inside the parent of the story's
 * first node. Only short removed elements are read (their measured characters bound the text), each once.
 */
export function removedRemainderNotice(
  story: readonly Element[],
  removed: ReadonlySet<Element>,
  stats: ReadonlyMap<Element, NodeStats>,
): string | undefined {
  const region = story[0]?.parent;
  if (!region || !isTag(region)) return undefined;
  for (const el of removed) {
    const chars = stats.get(el)?.chars ?? 0;
    if (chars === 0 || chars > REMAINDER_NOTICE_MAX_CHARS) continue;
    if (!contains(region, el)) continue;
    const text = normalizeSpace(textOf(el, REMAINDER_NOTICE_MAX_CHARS + 1));
    if (isRemainderNotice(text)) return text;
  }
  return undefined;
}
