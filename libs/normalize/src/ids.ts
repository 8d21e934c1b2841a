import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stable id of a fetched page: one per normalised URL, whatever its content over time. */
export function pageIdFor(normalizedUrl: string): string {
  return `p_${sha256Hex(normalizedUrl).slice(0, 24)}`;
}

/**
 * Stable id of an article: its canonical URL, plus its position when one page holds several articles, so
 * reprocessing the same page always lands on the same documents.
 */
export function articleIdFor(canonicalUrl: string, part: number): string {
  return `a_${sha256Hex(canonicalUrl).slice(0, 24)}${part > 0 ? `_${part}` : ''}`;
}
