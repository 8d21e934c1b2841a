/** Longest plausible personal name, in words ("Jean-Claude Van Damme" is 3). */
const MAX_NAME_WORDS = 5;
const MAX_NAME_CHARS = 60;

/** Words that make a byline string an organisation or a label rather than a person. */
const NON_PERSON_RE =
  /\b(?:staff|team|desk|editors?|editorial|newsroom|admin|administrator|webmaster|press|agency|associated press|reuters|afp|news|media|group|inc|ltd|llc|corp|company|contributors?|guest|anonymous|unknown|correspondent|reporter|writer|published|updated|posted|min read|read|comments?|share|follow|view all posts|more articles|http|www)\b/i;
const BY_PREFIX_RE = /^(?:(?:written|posted|reported|story|text|words|photos?|published|compiled)\s+)?(?:by|von|par|por|di|door|av|af)\s*[:\-–—]?\s+/i;
const EMAIL_RE = /\S+@\S+\.\S+/g;
const HANDLE_RE = /(?:^|\s)@\w+/g;
const SPLIT_RE = /\s*(?:,|;|&|\band\b|\bund\b|\bet\b|·|•|\/)\s*/i;

/**
 * Cleans one raw byline into person names: drops "By", emails, handles, roles after commas; splits "A and B".
 * `lenient` (publisher-declared sources: JSON-LD Person, meta author) keeps lower-case names and team
 * bylines ("Camphouse Team"), which visible text would not be trusted with.
 */
export function cleanAuthorNames(raw: string, lenient = false): string[] {
  let s = raw.replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 300) return [];
  if (/^https?:\/\//i.test(s)) return [];
  s = s.replace(EMAIL_RE, ' ').replace(HANDLE_RE, ' ');
  s = s.replace(BY_PREFIX_RE, '');
  // "Jane Doe | Senior Reporter", "Jane Doe - Political Editor": keep the name part.
  s = s.replace(/\s+[|–—-]\s+.*$/, '');
  const out: string[] = [];
  for (let part of s.split(SPLIT_RE)) {
    part = part.replace(BY_PREFIX_RE, '').replace(/^[\s"'“”(]+|[\s"'“”).:]+$/g, '').trim();
    if (lenient ? isDeclaredName(part) : isPersonName(part)) out.push(part);
  }
  return out;
}

/** Publisher-declared author strings: anything short that is not a URL, an email or a label. */
function isDeclaredName(s: string): boolean {
  if (s.length < 2 || s.length > MAX_NAME_CHARS) return false;
  if (/^https?:|www\.|\.(?:com|org|net)\b/i.test(s)) return false;
  if (/^(?:admin|administrator|author|editor|unknown|anonymous|guest|null|undefined|none|name \*?)$/i.test(s)) return false;
  return s.split(/\s+/).length <= MAX_NAME_WORDS + 1;
}

/** A person name: 1–5 words, starts upper-case, no digits, no organisation/label words. */
export function isPersonName(s: string): boolean {
  if (s.length < 3 || s.length > MAX_NAME_CHARS) return false;
  if (/\d/.test(s)) return false;
  if (NON_PERSON_RE.test(s)) return false;
  const words = s.split(/\s+/);
  if (words.length > MAX_NAME_WORDS) return false;
  if (!/^\p{Lu}/u.test(s)) return false;
  // Most words of a name are capitalised (particles like "van", "de" excepted).
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps >= Math.ceil(words.length / 2);
}

/** Merges author lists, dropping case-insensitive duplicates, keeping order. */
export function uniqueNames(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const key = n.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}
