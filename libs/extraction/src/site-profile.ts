import type { SiteProfile } from './types.js';

/** Blocks shorter than this are too generic ("Share", "Menu") to fingerprint usefully; furniture rules catch them. */
export const MIN_FINGERPRINT_CHARS = 12;
/** A block must have been seen on at least this many pages of the host before it counts as template. */
export const TEMPLATE_MIN_PAGES = 4;
/** …and on at least this share of the host's pages seen (a quote repeated on two stories is not template). */
export const TEMPLATE_MIN_SHARE = 0.2;

/** Text normalised so that counters, dates and whitespace do not split one template block into many. */
function canonicalBlockText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 53-bit string hash (cyrb53): fast, stable across processes, few collisions at our volumes. */
function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Fingerprint of one text block, or undefined when the block is too short to mean anything. */
export function fingerprintBlock(text: string): string | undefined {
  const c = canonicalBlockText(text);
  if (c.length < MIN_FINGERPRINT_CHARS) return undefined;
  return hash53(c);
}

/** True when the profile has seen this block on enough of the host's pages to call it template. */
export function isTemplateBlock(text: string, profile: SiteProfile | undefined): boolean {
  if (!profile || profile.pagesSeen < TEMPLATE_MIN_PAGES) return false;
  const fp = fingerprintBlock(text);
  if (!fp) return false;
  const count = profile.blockCounts[fp] ?? 0;
  return count >= TEMPLATE_MIN_PAGES && count >= TEMPLATE_MIN_SHARE * profile.pagesSeen;
}

/**
 * Adds one page's fingerprints to a profile (returns a new object). The service does the same with Redis
 * `HINCRBY`; this helper serves tests and batch tools.
 */
export function addPageToProfile(profile: SiteProfile, fingerprints: readonly string[]): SiteProfile {
  const counts: Record<string, number> = { ...profile.blockCounts };
  for (const fp of new Set(fingerprints)) counts[fp] = (counts[fp] ?? 0) + 1;
  return { host: profile.host, pagesSeen: profile.pagesSeen + 1, blockCounts: counts };
}
