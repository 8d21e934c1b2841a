import { isText, isTag } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { classWeight, CLASS_WEIGHT } from './candidate-scoring.js';
import type { ContentAnalysis, NodeStats } from './content-analysis.js';
import { classAndId, elementChildren, firstElementBelow, forEachElement, textOf } from './dom.js';

/** Containers with fewer commas than this are candidates for conditional removal (Readability). */
const CONDITIONAL_MAX_COMMAS = 10;
/** Link density above which a comma-poor container inside the content is a link list (Readability: 0.2 / 0.5 by weight). */
const CONDITIONAL_LINK_DENSITY = 0.35;
const CONDITIONAL_LINK_DENSITY_POSITIVE = 0.5;
/** Lists keep up to this link density (Readability keeps lists unless they carry a positive class and are > 0.5 links). */
const CONDITIONAL_LIST_LINK_DENSITY = 0.65;

/** Which check of {@link conditionalJunkCause} drops a box (bench/extraction/removal-audit.ts counts them). */
export type ConditionalJunkCause =
  | 'unmeasured'
  | 'form'
  | 'signup-box'
  | 'embed-consent'
  | 'teaser-tail'
  | 'excerpt-list'
  | 'negative-box'
  | 'link-density'
  | 'teaser-list'
  | 'image-caption';

/**
 * Readability's `_cleanConditionally`, simplified: comma-poor link lists and empty shells inside the content go.
 * `renderedBefore` (characters of content rendered before `el`) and `contentTotal` (the content's prose)
 * let story-card lists after the story go even when their excerpts are comma-rich. Returns the check that
 * drops `el`, or undefined when it stays.
 */
export function conditionalJunkCause(
  el: Element,
  a: ContentAnalysis,
  renderedBefore = 0,
  contentTotal = Infinity,
): ConditionalJunkCause | undefined {
  if (CAPTION_BOX_TAGS.has(el.name) && isImageCaptionBox(el, a, contentTotal)) return 'image-caption';
  if (!CONDITIONAL_TAGS.has(el.name)) return undefined;
  const st = a.stats.get(el);
  if (!st) return 'unmeasured';
  // Sign-up and contact forms inside the story (their fields are gone; labels, hints and headings remain).
  if (el.name === 'form' && st.paraChars < FORM_MAX_CONTENT_SHARE * contentTotal) return 'form';
  if (isSignupBox(el, st)) return 'signup-box';
  if (st.paraChars < EMBED_CONSENT_MAX_CONTENT_SHARE * contentTotal && isEmbedConsentBox(el, st))
    return 'embed-consent';
  // Story cards carry comma-rich excerpts, so after the story the card check comes before the comma
  // exemption (a listicle whose sections start with linked headings has them before or as the story).
  // A card list after a story of comparable length is recirculation too, however long the page goes on.
  const afterStory =
    st.paraChars > 0 &&
    st.paraChars < TEASER_MAX_CONTENT_SHARE * contentTotal &&
    renderedBefore >= TEASER_AFTER_STORY_RATIO * st.paraChars;
  const tail = renderedBefore >= TEASER_TAIL_SHARE * contentTotal || afterStory;
  if (st.linkChars > 0 && tail && isTeaserList(el, a)) return 'teaser-tail';
  // Truncated excerpts under linked headlines are other stories wherever they stand, however comma-rich.
  if (st.linkChars > 0 && st.paraChars < TEASER_MAX_CONTENT_SHARE * contentTotal && isExcerptList(el, a))
    return 'excerpt-list';
  if (st.commas >= CONDITIONAL_MAX_COMMAS) return undefined;
  const density = st.chars > 0 ? st.linkChars / st.chars : 0;
  const weight = classWeight(el);
  // An unlinked heading in a box is the story's section heading: page builders (Elementor, Divi) wrap
  // each one in a `…-widget` box, whose class weighs negative, with no paragraph of its own.
  if (
    weight < 0 &&
    st.paraChars === 0 &&
    !(st.linkChars === 0 && firstElementBelow(el, BOX_HEADING_MAX_DEPTH, isSectionHeading, a.removed))
  )
    return 'negative-box';
  // Lists inside the story often link every item (products, sources); only link-dominated ones are navigation.
  const maxDensity =
    el.name === 'ul' || el.name === 'ol'
      ? CONDITIONAL_LIST_LINK_DENSITY
      : weight >= CLASS_WEIGHT
        ? CONDITIONAL_LINK_DENSITY_POSITIVE
        : CONDITIONAL_LINK_DENSITY;
  if (
    density > maxDensity &&
    !isStorySection(st, renderedBefore, contentTotal) &&
    !holdsOwnProse(el, a) &&
    !(
      renderedBefore > 0 &&
      renderedBefore < OFFSITE_LIST_MAX_POSITION * contentTotal &&
      isOffsiteItemList(el, a)
    )
  )
    return 'link-density';
  // Cards holding most of the content are the story (a listicle), not recirculation.
  if (st.paraChars >= TEASER_MAX_CONTENT_SHARE * contentTotal) return undefined;
  return isTeaserList(el, a) ? 'teaser-list' : undefined;
}

/**
 * A figure without `<figure>`: a box named as a picture's (`picBox`, `wrapper-image`, `image-box`,
 * `lightbox__description`) holding an image and a short text beside it in elements of their own
 * (`<div class="picBox"><a><img></a><p>Folgen eines Raketenangriffs…</p></div>`). The text is the picture's
 * caption or credit, which the truths and readers leave out like a `figcaption`. Text set straight into the
 * box beside the image (a picture floated into a paragraph) is story text, and so is a box with a heading
 * (a product card, a step of a guide), and so is a box holding a good part of the story. Without such a class name, image-and-text boxes are as often the story
 * (product rows, team cards, steps) as captions.
 */
function isImageCaptionBox(el: Element, a: ContentAnalysis, contentTotal: number): boolean {
  const st = a.stats.get(el);
  if (
    !st ||
    st.chars === 0 ||
    st.chars > CAPTION_BOX_MAX_CHARS ||
    st.chars > CAPTION_BOX_MAX_CONTENT_SHARE * contentTotal ||
    // A picture in a table cell is the row's item: a product's logo and its name.
    (el.parent !== null && isTag(el.parent) && (el.parent.name === 'td' || el.parent.name === 'th'))
  )
    return false;
  let image = false;
  let text = false;
  let named = CAPTION_BOX_CLASS_RE.test(classAndId(el));
  for (const c of el.children) {
    if (isText(c)) {
      if (/\S/.test(c.data)) return false;
      continue;
    }
    if (!isTag(c) || c.name === 'br') continue;
    if (c.name === 'img') {
      image = true;
      continue;
    }
    // The picture's link may be classed as junk (`a.overlayLink` opening a lightbox): it still shows the image.
    if (a.removed.has(c)) {
      image ||= isPictureOnly(c);
      continue;
    }
    named ||= CAPTION_BOX_CLASS_RE.test(classAndId(c));
    const cs = a.stats.get(c);
    if (cs === undefined || cs.chars === 0) {
      if (cs !== undefined && cs.images > 0) image = true;
      continue;
    }
    // Whitespace beside the image counts as a character of the stats: its text is read (it is short).
    if (/\S/.test(textOf(c, CAPTION_BOX_MAX_CHARS))) text = true;
    else if (cs.images > 0) image = true;
  }
  return (
    image &&
    text &&
    named &&
    firstElementBelow(el, CAPTION_BOX_HEADING_DEPTH, isAnyHeading, a.removed) === undefined
  );
}
/** An element showing a picture and no text: an image, or a link or wrapper around one. */
function isPictureOnly(el: Element): boolean {
  return (
    (el.name === 'img' || firstElementBelow(el, PICTURE_MAX_DEPTH, (c) => c.name === 'img') !== undefined) &&
    !/\S/.test(textOf(el, CAPTION_BOX_MAX_CHARS))
  );
}
/** How far below its wrapper an image may sit (link › picture › img). */
const PICTURE_MAX_DEPTH = 3;
/** A caption is a sentence or two and a credit… */
const CAPTION_BOX_MAX_CHARS = 300;
/**
 * …and a small part of the story: image boxes each holding a twentieth of the content's prose are its items
 * (a grid of plant cards, a featured fact beside its picture), not captions.
 */
const CAPTION_BOX_MAX_CONTENT_SHARE = 0.05;
/** Boxes a picture and its caption come in; a gallery's items are `li`s (`li.img.gallery-item`). */
const CAPTION_BOX_TAGS: ReadonlySet<string> = new Set(['div', 'p', 'li', 'section', 'figure', 'center']);
/**
 * Class words of a picture's box, its image wrapper or its caption, at the start of a class word
 * (`picBox`, `image-box`, `wrapper-image`, `img-info`, `lightbox__description`, `bildunterschrift`).
 */
const CAPTION_BOX_CLASS_RE =
  /(?:^|[^a-z])(?:image|img|photo|pic|figure|gallery|lightbox|caption|credit|legend|foto|bild|thumb)/;
/** How far below the box a heading is looked for (card › text wrapper › title wrapper › heading). */
const CAPTION_BOX_HEADING_DEPTH = 4;
const isAnyHeading = (el: Element): boolean => el.name === 'h1' || HEADING_TAGS.has(el.name);

/**
 * A sign-up box set into the story: a field for the reader's e-mail or phone number (or a form) beside the
 * consent line such forms carry ("By signing up, you agree to receive recurring automated SMS marketing
 * messages…", "Msg & data rates may apply", "You can unsubscribe at any time"). Its label, pitch and
 * thank-you line ("Mashable Deals", "Thanks for signing up!") go with it. A box around a form without such
 * a line (a shop's "Install" form beside a showcase's sections) is left to the other checks: dropping every
 * box around a form lost more truth than it removed furniture (README, measured and dropped).
 */
function isSignupBox(el: Element, st: NodeStats): boolean {
  return (
    st.chars <= SIGNUP_BOX_MAX_CHARS &&
    firstElementBelow(el, SIGNUP_FIELD_MAX_DEPTH, isSignupField) !== undefined &&
    SIGNUP_CONSENT_RE.test(textOf(el, SIGNUP_BOX_MAX_CHARS))
  );
}
/** A sign-up box is a label, a pitch, the field and its fine print; more text is a section that holds a form. */
const SIGNUP_BOX_MAX_CHARS = 800;
/** How far below the box its field may sit (box › form wrapper › form › row › input). */
const SIGNUP_FIELD_MAX_DEPTH = 5;
const isSignupField = (el: Element): boolean =>
  el.name === 'form' || (el.name === 'input' && /^(?:email|tel|text)?$/i.test(el.attribs.type?.trim() ?? ''));
/** The consent and opt-out lines of sign-up forms (SMS marketing law, newsletter fine print). */
const SIGNUP_CONSENT_RE =
  /\bby (?:signing up|subscribing|registering|submitting|clicking|tapping|entering|providing|continuing)\b[^.!?]{0,60}?\byou(?:['’]re)? (?:agree|consent|confirm|acknowledge|accept)|\bmsg (?:&|and) data rates\b|\bmessage (?:&|and) data rates may apply\b|\breply stop\b|\bunsubscribe (?:at any time|anytime)\b|\bconsent is not a condition\b/i;

/**
 * The placeholder of an embedded post or video that waits for the reader's consent (GDPR "two-click"
 * embeds): a label ("Empfohlener redaktioneller Inhalt"), what the embed is ("An dieser Stelle findest du einen
 * externen Inhalt von YouTube…") and the consent line, which names the data sent to the other platform
 * ("Personenbezogene Daten können an Drittplattformen übermittelt werden", "I agree to external content being
 * shown to me"). The box goes whole; the embed itself is a script or an iframe, never text.
 */
function isEmbedConsentBox(el: Element, st: NodeStats): boolean {
  return (
    st.chars <= EMBED_CONSENT_BOX_MAX_CHARS && EMBED_CONSENT_RE.test(textOf(el, EMBED_CONSENT_BOX_MAX_CHARS))
  );
}
/** A consent placeholder is a label, a sentence or two and the consent line. */
const EMBED_CONSENT_BOX_MAX_CHARS = 800;
/** A box holding half of the content's prose is the story, whatever line it carries. */
const EMBED_CONSENT_MAX_CONTENT_SHARE = 0.5;
/**
 * The consent line of a two-click embed, first person or naming the platforms the data goes to, in the
 * wordings German, English, French, Polish and Dutch news sites use ("Damit können personenbezogene Daten an
 * Drittplattformen übermittelt werden"). A story about data protection says "personal data" and "third
 * countries", not these.
 */
const EMBED_CONSENT_RE =
  /\bich bin (?:damit )?einverstanden, dass mir (?:externe |alle externen )?inhalte\b|\ban drittplattformen übermittelt|\b(?:personal|your) data (?:may|can|will|could) be (?:transmitted|transferred|sent|passed on) to third[- ]party platforms\b|\bi (?:agree|consent) to (?:external|third[- ]party) content\b|\bdonnées personnelles (?:peuvent|pourront|seront) (?:être )?transmises à des plateformes tierces\b|\bzgadzam się na wyświetlanie (?:treści|zewnętrznych)|\bik ga akkoord met het (?:tonen|weergeven) van externe\b/i;

/**
 * A link-dense box in the story's first half that holds paragraphs of its own is a section of the story
 * ("Many patches were sent for review:" over a list of linked patch titles; a school's profile over its
 * links): its children are judged one by one instead (a link list among them still goes). Measured on the
 * development sets' tune halves (2026-12-07): such boxes were 71 % truth by words, where the link-dense
 * boxes dropped elsewhere were 27 %; later in the story they are teaser and resource boxes.
 */
function isStorySection(st: NodeStats, renderedBefore: number, contentTotal: number): boolean {
  return (
    st.paraCount >= STORY_SECTION_MIN_PARAGRAPHS &&
    renderedBefore > 0 &&
    renderedBefore < STORY_SECTION_MAX_POSITION * contentTotal
  );
}
/**
 * A link-dense box anywhere in the story whose own children go on with paragraphs of prose after a list (not
 * paragraphs inside its items or cards) is a run of the story with a link list set into it ("Suggested
 * reading:" and its links, then the story's closing paragraphs, in one rich-text block): its children are
 * judged one by one, so the list still goes. A box whose prose only leads into its list ("Other readers
 * found these pages helpful:") is a resource box, and a box of linked footnotes holds no list.
 */
function holdsOwnProse(el: Element, a: ContentAnalysis): boolean {
  // Page builders wrap the rich-text element in single-child boxes: the box's own children are its core's.
  let children = elementChildren(el, a.removed);
  for (let depth = 0; children.length === 1 && depth < OWN_PROSE_MAX_WRAPPERS; depth++)
    children = elementChildren(children[0]!, a.removed);
  let own = 0;
  let afterList = false;
  for (const c of children) {
    if (c.name === 'ul' || c.name === 'ol') afterList = true;
    else if (
      afterList &&
      c.name === 'p' &&
      (a.stats.get(c)?.paraCount ?? 0) > 0 &&
      ++own >= STORY_SECTION_MIN_PARAGRAPHS
    )
      return true;
  }
  return false;
}
/** How many single-child wrappers are looked through for a box's own children. */
const OWN_PROSE_MAX_WRAPPERS = 6;
/** Two paragraphs: one alone is as often a teaser card's excerpt or a newsletter line. */
const STORY_SECTION_MIN_PARAGRAPHS = 2;
/** Share of the content's prose rendered before the box: the story's first half. */
const STORY_SECTION_MAX_POSITION = 0.5;
/** A form holding less than this share of the content's prose is a widget, not a page wrapped in a form. */
const FORM_MAX_CONTENT_SHARE = 0.5;
/** …or, for a list holding less than half the content, after story of at least this share of the list's own prose. */
const TEASER_AFTER_STORY_RATIO = 0.5;
/** Comma-rich card lists are dropped only after this share of the content's prose has been rendered. */
const TEASER_TAIL_SHARE = 0.5;
/** A card list holding at least this share of the content's prose is the content. */
const TEASER_MAX_CONTENT_SHARE = 0.5;
/** A list of story cards has at least this many items… */
const TEASER_MIN_ITEMS = 3;
/** …most of which start with a linked headline. */
const TEASER_ITEM_SHARE = 0.6;
const HEADING_TAGS: ReadonlySet<string> = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);
/** How many levels below a box its heading may sit (builders nest a widget container or two around it). */
const BOX_HEADING_MAX_DEPTH = 5;
const isSectionHeading = (el: Element): boolean => HEADING_TAGS.has(el.name);

function hasLinkedHeading(el: Element, depth = 0): boolean {
  if (depth > 4) return false;
  for (const c of el.children) {
    if (!isTag(c)) continue;
    if ((HEADING_TAGS.has(c.name) || isTitleBox(c)) && c.children.some((x) => isTag(x) && x.name === 'a'))
      return true;
    if (c.name === 'a' && c.children.some((x) => isTag(x) && HEADING_TAGS.has(x.name))) return true;
    if (hasLinkedHeading(c, depth + 1)) return true;
  }
  return false;
}

/** Card titles not marked up as headings: `<div class="title"><a …>`, `<span class="post-title">`. */
const TITLE_CLASS_RE = /(?:^|[\s_-])(?:title|headline)(?:$|[\s_-])/i;
function isTitleBox(el: Element): boolean {
  const c = el.attribs.class;
  return (
    c !== undefined && (el.name === 'div' || el.name === 'span' || el.name === 'p') && TITLE_CLASS_RE.test(c)
  );
}

/** A link-only list past this share of the story is its tail (sources, "more from"), not part of it. */
const OFFSITE_LIST_MAX_POSITION = 0.9;
/** Product and source lists are short… */
const OFFSITE_LIST_MAX_ITEMS = 8;
/** …and name things in a few words ("Klein Tools 11061"), unlike share bars ("Facebook"). */
const OFFSITE_ITEM_MIN_WORDS = 2;

/**
 * A short list inside the story whose every link leaves the site ("Fluke 117", "Klein Tools MM400"): the
 * products or sources the story names. Navigation and recirculation link within the site.
 */
function isOffsiteItemList(el: Element, a: ContentAnalysis): boolean {
  if (a.pageHost === undefined || (el.name !== 'ul' && el.name !== 'ol')) return false;
  const items = elementChildren(el, a.removed);
  if (items.length === 0 || items.length > OFFSITE_LIST_MAX_ITEMS) return false;
  let words = 0;
  for (const it of items) {
    let links = 0;
    let onSite = false;
    forEachElement(it, (n) => {
      if (n.name !== 'a' || onSite) return;
      links++;
      const host = hostOfHref(n.attribs.href);
      onSite = host === undefined || host === a.pageHost || host.endsWith(`.${a.pageHost}`);
    });
    if (links === 0 || onSite) return false;
    words += textOf(it).split(/\s+/).filter(Boolean).length;
  }
  return words >= OFFSITE_ITEM_MIN_WORDS * items.length;
}

/** The host of an absolute http(s) link without `www.`; undefined for relative links (they stay on the site). */
function hostOfHref(href: string | undefined): string | undefined {
  const m = href === undefined ? null : /^(?:https?:)?\/\/(?:www\.)?([^/?#:]+)/i.exec(href.trim());
  return m?.[1]?.toLowerCase();
}

/** An excerpt cut short: "…may soon...", "…the council said …". */
const TRUNCATED_RE = /(?:\.\.\.|…)\s*(?:\[?(?:read )?more\]?)?$/i;

/** Whether the first non-blank text of `el` is inside a link (searched from the front). */
function opensWithLink(n: AnyNode, inLink = false, depth = 0): boolean | undefined {
  if (isText(n)) return /\S/.test(n.data) ? inLink : undefined;
  if (!isTag(n) || depth > 12) return undefined;
  for (const c of n.children) {
    const found = opensWithLink(c, inLink || n.name === 'a', depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The last non-blank text of `el` (searched from the back). */
function lastText(n: AnyNode, depth = 0): string | undefined {
  if (isText(n)) return /\S/.test(n.data) ? n.data : undefined;
  if (!isTag(n) || depth > 12) return undefined;
  for (let i = n.children.length - 1; i >= 0; i--) {
    const found = lastText(n.children[i]!, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A list of story cards whose items open with a linked headline and end in a truncated excerpt. */
function isExcerptList(el: Element, a: ContentAnalysis): boolean {
  const items = elementChildren(el, a.removed);
  if (items.length < TEASER_MIN_ITEMS) return false;
  let cards = 0;
  for (const it of items)
    if (opensWithLink(it) === true && TRUNCATED_RE.test(lastText(it)?.trim() ?? '')) cards++;
  return cards >= TEASER_ITEM_SHARE * items.length;
}

/** "More stories" blocks: several sibling cards, each a linked headline with an optional excerpt. */
function isTeaserList(el: Element, a: ContentAnalysis): boolean {
  const items = elementChildren(el, a.removed);
  if (items.length < TEASER_MIN_ITEMS) return false;
  let linked = 0;
  for (const it of items) if (hasLinkedHeading(it)) linked++;
  return linked >= TEASER_ITEM_SHARE * items.length;
}
const CONDITIONAL_TAGS: ReadonlySet<string> = new Set([
  'div',
  'section',
  'ul',
  'ol',
  'table',
  'form',
  'header',
  'dl',
  'figure',
  'center',
]);
