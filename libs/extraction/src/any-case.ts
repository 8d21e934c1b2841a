/**
 * A regex source that matches the literal words of `plain` in any letter case without the `i` flag: each cased
 * letter becomes the class of its two cases ("by" → "[bB][yY]"). A pattern whose label may be in any case but
 * whose name must be capitalised ("By Jane Doe", not "by the way") cannot take the flag: under `i`, `\p{Lu}`
 * matches lower-case letters too (and `[A-Z]` all letters).
 *
 * `plain` is words, spaces, groups and alternation (`(?:by|von)`): no escapes or character classes, whose
 * letters would be turned into classes too.
 */
export function anyCase(plain: string): string {
  let out = '';
  for (const c of plain) {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    // "ß" has no one-letter capital ("SS"): it stands as it is.
    out += lower === upper || lower.length > 1 || upper.length > 1 ? c : `[${lower}${upper}]`;
  }
  return out;
}
