import { fetchPage } from './http-client.js';
import type { FetchOptions } from './http-client.js';
import { isFetchError } from './fetch-errors.js';
import { decideRobotsPolicy, ROBOTS_MAX_BYTES, robotsUrlFor } from './robots.js';
import type { RobotsFetchOutcome, RobotsPolicy, RobotsPolicyOptions } from './robots.js';

/** Redirects followed for robots.txt (RFC 9309 §2.3.1.2: at least five). */
const ROBOTS_MAX_REDIRECTS = 5;

/**
 * Fetch the robots.txt of `url`'s origin and turn the outcome into a cacheable {@link RobotsPolicy}:
 * rules on 2xx, allow-all on 4xx, disallow-all for a short TTL on 429/5xx/network failure. Never throws for
 * fetch failures (they are outcomes); a blocked address or a missing host is "unreachable" too.
 */
export async function fetchRobotsPolicy(
  url: string,
  fetchOptions: FetchOptions,
  policyOptions: RobotsPolicyOptions = {},
): Promise<RobotsPolicy> {
  const outcome = await fetchRobotsOutcome(robotsUrlFor(url), fetchOptions);
  return decideRobotsPolicy(outcome, fetchOptions.userAgent, policyOptions);
}

async function fetchRobotsOutcome(
  robotsUrl: string,
  fetchOptions: FetchOptions,
): Promise<RobotsFetchOutcome> {
  try {
    const page = await fetchPage(robotsUrl, {
      ...fetchOptions,
      // robots.txt is often served as text/plain, sometimes as anything; the parser copes with garbage.
      allowedContentTypes: 'any',
      maxRedirects: ROBOTS_MAX_REDIRECTS,
      // Twice the parse limit: a slightly larger file is still parsed (its first 500 KiB).
      maxBodyBytes: 2 * ROBOTS_MAX_BYTES,
      etag: undefined,
      lastModified: undefined,
    });
    return { kind: 'fetched', status: page.status, text: new TextDecoder('utf-8').decode(page.body) };
  } catch (error) {
    if (isFetchError(error) && error.status !== undefined) return { kind: 'fetched', status: error.status };
    if (isFetchError(error)) return { kind: 'unreachable', reason: error.code };
    throw error;
  }
}
