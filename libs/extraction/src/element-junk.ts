import { isTag, isText, type Element } from 'domhandler';
import {
  CAPTION_ATTR_RE,
  COMMENT_ATTR_RE,
  DIALOG_CLASS_RE,
  DIALOG_ID_RE,
  HARD_JUNK_ATTR_RE,
  POSITIVE_ATTR_RE,
  WHOLE_TOKEN_JUNK_RE,
} from './boilerplate.js';
import { BLOCK_TAGS, classAndId, firstElementBelow, textOf } from './dom.js';

/**
 * Which elements are page furniture by themselves: their tag (scripts, navigation), hidden markup, or a
 * junk word in their class or id. The content analysis asks this of every element.
 */

/** Elements whose content is never article text. */
export const REMOVE_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'button',
  'select',
  'input',
  'textarea',
  'option',
  'dialog',
  'head',
  'title',
  'meta',
  'link',
  'video',
  'audio',
  'map',
  'area',
  'noembed',
  'frameset',
  'frame',
  'applet',
  'label',
  'figcaption',
]);
/** Layout elements that are junk unless they hold most of the prose (an unclosed `<aside>` swallows the page). */
const LAYOUT_TAGS: ReadonlySet<string> = new Set(['nav', 'aside', 'footer', 'menu']);
/** Structural elements never removed by class/id words (pages put `has-sidebar` on them). */
const STRUCTURAL_TAGS: ReadonlySet<string> = new Set(['html', 'body', 'main', 'article']);
/** Blocks scored as paragraphs (Readability's `DEFAULT_TAGS_TO_SCORE` plus text-only divs). */
const PARAGRAPH_TAGS: ReadonlySet<string> = new Set(['p', 'pre', 'blockquote', 'td', 'dd']);
const TEXT_CONTAINER_TAGS: ReadonlySet<string> = new Set([
  'div',
  'section',
  'article',
  'span',
  'font',
  'center',
  'li',
  'main',
]);

/**
 * The sets above as bits per tag: the content walk asks several of them of every element, and one map
 * lookup answers them all.
 */
export const REMOVE_ROLE = 1;
const LAYOUT_ROLE = 2;
const STRUCTURAL_ROLE = 4;
export const PARAGRAPH_ROLE = 8;
export const TEXT_CONTAINER_ROLE = 16;
export const TAG_ROLES: ReadonlyMap<string, number> = tagRoles([
  [REMOVE_TAGS, REMOVE_ROLE],
  [LAYOUT_TAGS, LAYOUT_ROLE],
  [STRUCTURAL_TAGS, STRUCTURAL_ROLE],
  [PARAGRAPH_TAGS, PARAGRAPH_ROLE],
  [TEXT_CONTAINER_TAGS, TEXT_CONTAINER_ROLE],
]);

function tagRoles(sets: readonly (readonly [ReadonlySet<string>, number])[]): Map<string, number> {
  const roles = new Map<string, number>();
  for (const [tags, role] of sets) for (const tag of tags) roles.set(tag, (roles.get(tag) ?? 0) | role);
  return roles;
}

/**
 * Utility-CSS tokens (Tailwind and the like: `md:hidden`, `tw-text-fg-secondary`, `bg-secondary`) name
 * colours and breakpoints, not the block's role, so junk words inside them mean nothing.
 */
const UTILITY_CLASS_RE =
  /(?:^|\s)(?:[^\s:]*:\S*|(?:tw-)?(?:text|bg|border|fg|font|ring|shadow|fill|stroke|from|to|via|divide|decoration|outline|placeholder|accent|caret)-\S*)(?=\s|$)/g;

/** `attrs` (the element's {@link classAndId}) without utility classes; `attrs` itself when it has none. */
export function withoutUtilityClasses(el: Element, attrs: string): string {
  const cls = el.attribs.class;
  if (cls === undefined) return attrs;
  const stripped = cls.replace(UTILITY_CLASS_RE, ' ');
  return stripped === cls ? attrs : `${stripped} ${el.attribs.id ?? ''}`.toLowerCase();
}

/**
 * React streaming SSR (Next.js and others) sends Suspense content in `<div hidden id="S:0">` and moves it
 * into place with a script: it is what the reader sees, not hidden text.
 */
const STREAMED_SEGMENT_ID_RE = /^S:[0-9a-f]+$/; // React numbers segments in hex (S:1e)

export function isHidden(el: Element): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined && !(a.id !== undefined && STREAMED_SEGMENT_ID_RE.test(a.id))) return true;
  if (a['aria-hidden'] === 'true' && el.name !== 'span' && el.name !== 'i') return true;
  const style = a.style;
  if (style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style))
    return !isCollapsedPanel(el);
  return false;
}

/**
 * A collapsed accordion or tab panel (`role="region"`/`"tabpanel"` or labelled by its toggle) is one click
 * away and part of the story (FAQ answers, step details); menus and dialogs are dropped by their own rules.
 */
function isCollapsedPanel(el: Element): boolean {
  const a = el.attribs;
  return a.role === 'region' || a.role === 'tabpanel' || a['aria-labelledby'] !== undefined;
}

/** `comment`: junk never rescued as the content wrapper (discussion threads, pop-up dialogs). */
export type JunkKind = 'none' | 'hard' | 'comment';

/** A slug has at least this many characters… */
const SLUG_MIN_CHARS = 12;
/** …and words (a class/id token spelling the element's text)… */
const SLUG_MIN_WORDS = 3;
/** …and this share of them are words of that text (the last may be cut short: "our-recommendatio"). */
const SLUG_WORD_SHARE = 0.8;
/** A slug spells the opening of its heading: this many characters of text per character of slug are read. */
const SLUG_TEXT_PER_CHAR = 2;

/**
 * An element named by its own text: a story section whose id is its heading's slug
 * (`id="menu-innovation-strategies"` around `<h2>Menu Innovation Strategies</h2>`), or a heading whose
 * id or class is (`<h2 id="h-6-essential-tools-and-best-practices">`). A junk word inside such a token
 * ("tools", "menu", "credit") is the text's word, not a furniture class; the element stays junk when
 * another of its tokens is junk. Only asked of elements already found junk (a third of all), so what is
 * cheap to rule out goes first and the text is read last, only as far as the slug can spell.
 */
export function isHeadingAnchor(el: Element): boolean {
  const { id } = el.attribs;
  const isHeading = HEADING_RE.test(el.name);
  // A section is named by its id; most junk elements are neither headings nor have one.
  if (!isHeading && (id === undefined || id.length < SLUG_MIN_CHARS)) return false;
  const attrs = classAndId(el);
  let junk: string[] | undefined;
  let longest = 0;
  // One pass of the junk pattern over class and id, then the whole token around each match.
  JUNK_ATTR_ALL_RE.lastIndex = 0;
  for (let m = JUNK_ATTR_ALL_RE.exec(attrs); m !== null; m = JUNK_ATTR_ALL_RE.exec(attrs)) {
    const start = attrs.lastIndexOf(' ', m.index) + 1;
    const space = attrs.indexOf(' ', m.index + 1);
    const end = space < 0 ? attrs.length : space;
    const t = attrs.slice(start, end);
    // A junk word of its own ("sidebar", "comments-area") is a class, not a slug.
    if (t.length < SLUG_MIN_CHARS || (t.match(WORD_RE)?.length ?? 0) < SLUG_MIN_WORDS) return false;
    (junk ??= []).push(t);
    longest = Math.max(longest, t.length);
    JUNK_ATTR_ALL_RE.lastIndex = end;
  }
  if (junk === undefined) return false;
  if (REMOVE_TAGS.has(el.name) || LAYOUT_TAGS.has(el.name) || isHidden(el) || hasHiddenClass(el))
    return false;
  const heading = isHeading
    ? el
    : firstElementBelow(el, SECTION_HEADING_MAX_DEPTH, (c) => HEADING_RE.test(c.name));
  if (heading === undefined) return false;
  const words = new Set(
    textOf(heading, SLUG_TEXT_PER_CHAR * longest)
      .toLowerCase()
      .match(WORD_RE),
  );
  return words.size > 0 && junk.every((t) => spellsText(t, words));
}

/** A question ends in a question mark: Latin, full-width (Chinese, Japanese) or Arabic. */
const QUESTION_END_RE = /[?？؟]\s*$/u;
/** A question heading is a line; a toggle holding more is a panel of its own, not its label. */
const DISCLOSURE_QUESTION_MAX_CHARS = 200;
/** At least this many words: "Why?" or "Help?" alone labels a button, not a section. */
const DISCLOSURE_QUESTION_MIN_WORDS = 3;

/** How far below the answer panel a nested toggle is looked for (the next question's item). */
const ANSWER_TOGGLE_MAX_DEPTH = 4;

/**
 * An FAQ question set as the toggle of its accordion: a disclosure button (`aria-expanded`, WAI-ARIA's
 * accordion pattern) whose text is a question (`<button aria-expanded="false">How long does it take to earn
 * an MBA?</button>`), followed by its answer: the next element after the button (or after its wrapper when the
 * button is the wrapper's last element) holds text and no other toggle. Buttons are otherwise dropped as
 * controls ("Menu", "Toggle child menu", "+ More Info", "Share" on the dev sets' pages, none a question);
 * a list of questions whose answers a script loads is a teaser of the FAQ, not its text.
 */
export function isDisclosureQuestion(el: Element): boolean {
  if (el.name !== 'button' || el.attribs['aria-expanded'] === undefined) return false;
  const text = textOf(el, DISCLOSURE_QUESTION_MAX_CHARS + 1).trim();
  if (
    text.length > DISCLOSURE_QUESTION_MAX_CHARS ||
    !QUESTION_END_RE.test(text) ||
    (text.match(WORD_RE)?.length ?? 0) < DISCLOSURE_QUESTION_MIN_WORDS
  )
    return false;
  const wrapper = el.parent && isTag(el.parent) ? el.parent : undefined;
  const answer = nextElement(el) ?? (wrapper && nextElement(wrapper));
  return (
    answer !== undefined &&
    answer.name !== 'button' &&
    textOf(answer, 1) !== '' &&
    firstElementBelow(answer, ANSWER_TOGGLE_MAX_DEPTH, (c) => c.name === 'button') === undefined
  );
}

/** The element after `el` among its siblings. */
function nextElement(el: Element): Element | undefined {
  for (let n = el.next; n; n = n.next) if (isTag(n)) return n;
  return undefined;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
const HEADING_RE = /^h[1-6]$/;
/** How many levels below a section its heading may sit. */
const SECTION_HEADING_MAX_DEPTH = 3;

/** Whether the token's words are mostly words of the text, the last one maybe cut short. */
function spellsText(token: string, words: ReadonlySet<string>): boolean {
  const parts = token.match(WORD_RE) ?? [];
  let found = 0;
  for (const [i, p] of parts.entries()) {
    if (words.has(p) || (i === parts.length - 1 && [...words].some((w) => w.startsWith(p)))) found++;
  }
  return found >= SLUG_WORD_SHARE * parts.length;
}

/** Any junk word of class/id: the three patterns in one pass (each keeps its own word boundaries). */
const JUNK_ATTR_RE = new RegExp(
  [HARD_JUNK_ATTR_RE, WHOLE_TOKEN_JUNK_RE, CAPTION_ATTR_RE].map((re) => re.source).join('|'),
);
/** {@link JUNK_ATTR_RE} for every match of a string. */
const JUNK_ATTR_ALL_RE = new RegExp(JUNK_ATTR_RE.source, 'g');

/**
 * The class token `hidden` is `display: none` in the CSS frameworks that define it (Bootstrap 3, Tailwind,
 * Bulma `is-hidden`); pages keep sign-in, registration and offer boxes in it until a script shows one.
 * A responsive display class beside it (`hidden md:block`) shows the element on wider screens.
 */
const HIDDEN_CLASS_RE = /(?:^|\s)(?:is-)?hidden(?=\s|$)/;
const RESPONSIVE_DISPLAY_RE =
  /(?:^|\s)\S+:(?:block|flex|grid|inline|inline-block|inline-flex|table|contents)(?=\s|$)/;
/**
 * A collapsed accordion or tab panel hidden by the same class ("ss-accordion-content … hidden") is one click
 * away, as with {@link isCollapsedPanel}: FAQ answers are part of the story.
 */
const TOGGLED_PANEL_CLASS_RE = /accordion|collaps|faq|answer|tab-?(?:content|pane)|panel|expand/i;

/** Whether the element's class hides it at every screen width ({@link HIDDEN_CLASS_RE}). */
function hasHiddenClass(el: Element): boolean {
  const cls = el.attribs.class;
  return (
    cls !== undefined &&
    cls.includes('hidden') &&
    HIDDEN_CLASS_RE.test(cls) &&
    !RESPONSIVE_DISPLAY_RE.test(cls) &&
    !TOGGLED_PANEL_CLASS_RE.test(cls) &&
    !isCollapsedPanel(el)
  );
}

/** A sentence goes on beside the link: letters in any script. */
const LETTER_RE = /\p{L}/u;
/** How many siblings on each side of a link are read for the sentence around it. */
const SENTENCE_SIBLINGS = 3;
/** Characters of a sibling element read for letters. */
const SENTENCE_SIBLING_CHARS = 40;
/** Class words of text no one sees on the screen (screen-reader copies, skip links): never part of a sentence. */
const UNSEEN_TEXT_ATTR_RE = /sr-only|screen-reader|visually-?hidden|print-only|skip-link/;

/**
 * A link set in running text (`…you can start to <a class="recommendation-inline-link">divide up the guest list</a>.
 * If you…`): its class names the kind of link (a recommendation, an external pop-up), not a box of furniture, and
 * dropping it leaves a hole in the sentence. Readability never drops a link by its class for this reason. In running
 * text means letters right before and right after it among its siblings, before a block or line break; `attrs` is
 * the link's {@link classAndId}. Links classed as hidden text or as a comment thread's are not asked.
 */
export function isLinkInSentence(el: Element, attrs: string): boolean {
  if (el.name !== 'a' || isHidden(el) || hasHiddenClass(el) || UNSEEN_TEXT_ATTR_RE.test(attrs)) return false;
  return hasLettersBeside(el, 'prev') && hasLettersBeside(el, 'next');
}

function hasLettersBeside(el: Element, side: 'prev' | 'next'): boolean {
  let n = el[side];
  for (let i = 0; n && i < SENTENCE_SIBLINGS; n = n[side], i++) {
    if (isText(n)) {
      if (LETTER_RE.test(n.data)) return true;
      continue;
    }
    // Another link beside it makes a list of links (a breadcrumb, a tag row), not a sentence.
    if (!isTag(n) || n.name === 'a' || n.name === 'br' || BLOCK_TAGS.has(n.name) || REMOVE_TAGS.has(n.name))
      return false;
    if (LETTER_RE.test(textOf(n, SENTENCE_SIBLING_CHARS))) return true;
  }
  return false;
}

/** A pop-up dialog: like a comment thread, never the content wrapper however much of the prose it holds. */
function isDialog(el: Element): boolean {
  const { class: cls, id } = el.attribs;
  return (
    (cls !== undefined && DIALOG_CLASS_RE.test(cls.toLowerCase())) ||
    (id !== undefined && DIALOG_ID_RE.test(id.toLowerCase()))
  );
}

/**
 * A BEM class token, `block__element--modifier`: the element part (after the first `__`, words joined by
 * hyphens) is captured. CSS-module names (`ArticleContent_ArticleContent__imageBlock_caption__AuqrJ`) are not
 * BEM: their part after `__` is a component's name and a hash.
 */
const BEM_TOKEN_RE = /(?:^|\s)[^\s_]\S*?__([a-z0-9-]+)(?=\s|$)/g;

/**
 * Whether the content word of `attrs` ({@link POSITIVE_ATTR_RE}) only names the BEM block of a part whose own
 * name is junk: `article-body__tablet-newsletter`, `article-content__sign-in-group`,
 * `story-body__mini-info-list-and-share` are the sign-up box, the sign-in wall and the share row set into the
 * story body, not its text. Read with those tokens cut to their element part, `attrs` has no content word left.
 */
function isJunkBemElement(attrs: string): boolean {
  if (!attrs.includes('__')) return false;
  let cut = false;
  const parts = attrs.replace(BEM_TOKEN_RE, (token, part: string) => {
    if (!JUNK_ATTR_RE.test(part)) return token;
    cut = true;
    return ` ${part}`;
  });
  return cut && !POSITIVE_ATTR_RE.test(parts);
}

/** `attrs`: the element's {@link classAndId}; `roles`: its {@link TAG_ROLES}. */
export function junkKind(el: Element, attrs: string, roles: number): JunkKind {
  if ((roles & (REMOVE_ROLE | LAYOUT_ROLE)) !== 0) return 'hard';
  if (isHidden(el)) return 'hard';
  if ((roles & STRUCTURAL_ROLE) !== 0) return 'none';
  // Junk, not removed: a hidden-classed wrapper that holds most of the prose is rescued like any junk class.
  if (hasHiddenClass(el)) return 'hard';
  const role = el.attribs.role;
  if (
    role === 'navigation' ||
    role === 'complementary' ||
    role === 'contentinfo' ||
    role === 'banner' ||
    role === 'dialog'
  )
    return 'comment';
  if (attrs === '' || !JUNK_ATTR_RE.test(attrs)) return 'none';
  // Re-read without utility classes only when a junk word was found (the walk is hot).
  const s = withoutUtilityClasses(el, attrs);
  if (s !== attrs && !JUNK_ATTR_RE.test(s)) return 'none';
  if (POSITIVE_ATTR_RE.test(s) && !isJunkBemElement(s)) return 'none';
  if (COMMENT_ATTR_RE.test(s) || isDialog(el)) return 'comment';
  return 'hard';
}
