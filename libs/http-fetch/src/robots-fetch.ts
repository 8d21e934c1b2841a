import { fetchPage } from './http-client.js';
import type { FetchOptions } from './http-client.js';
import { FetchErrorCode, isFetchError } from './fetch-errors.js';
import type { FetchError } from './fetch-errors.js';
import { decideRobotsPolicy, ROBOTS_MAX_BYTES, robotsUrlFor } from './robots.js';
import type { RobotsFetchOutcome, RobotsPolicy, RobotsPolicyOptions } from './robots.js';

/** Redirects followed for robots.txt (RFC 9309 §2.3.1.2: at least five). */
const ROBOTS_MAX_REDIRECTS = 5;

/**
 * Failures to connect that are no passing trouble: the host does not exist, the SSRF guard refuses it, its
 * TLS certificate is rejected. On robots.txt's own origin they stop the page as well, so they are its reason.
 */
const CONNECTION_REFUSED_FOR_GOOD: ReadonlySet<string> = new Set([
  FetchErrorCode.dnsNotFound,
  FetchErrorCode.addressBlocked,
  FetchErrorCode.network,
]);

/**
 * Fetch the robots.txt of `url`'s origin and turn the outcome into a cacheable {@link RobotsPolicy}:
 * rules on 2xx, allow-all on 4xx, `unreachable` for a short TTL on 429/5xx/network failure/timeout.
 *
 * @throws {FetchError} the page's own reason when robots.txt's origin cannot be reached at all and never will
 *   by retrying (`FETCH_DNS_NOT_FOUND`, `FETCH_ADDRESS_BLOCKED`, a rejected TLS certificate), and
 *   `FETCH_ABORTED` (shutdown). Neither is a policy to cache.
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
    if (!isFetchError(error)) throw error;
    return outcomeOfFailure(error, robotsUrl);
  }
}

/** What a failed robots.txt fetch means for the origin's pages; throws what must stop them with its own reason. */
function outcomeOfFailure(error: FetchError, robotsUrl: string): RobotsFetchOutcome {
  if (error.code === FetchErrorCode.aborted) throw error;
  // An answer (4xx, 5xx, 429, or a redirect that ran out): the status decides.
  if (error.status !== undefined) return { kind: 'fetched', status: error.status };
  if (error.retriable) return { kind: 'unreachable', code: error.code, message: error.message };
  if (CONNECTION_REFUSED_FOR_GOOD.has(error.code)) {
    const hop = hostOfFailure(error);
    if (hop === undefined || hop === new URL(robotsUrl).hostname) throw error;
    // robots.txt redirected to a host we may not reach: the origin has no file for us (RFC 9309 §2.3.1.2).
    return { kind: 'unavailable', reason: `robots.txt redirects to ${hop}: ${error.code}` };
  }
  return { kind: 'unreadable', code: error.code };
}

/** The host a connection failure happened on: the guard's errors name it, the others carry the hop's URL. */
function hostOfFailure(error: FetchError): string | undefined {
  if ('hostname' in error && typeof error.hostname === 'string') return error.hostname;
  return error.url === undefined ? undefined : new URL(error.url).hostname;
}
