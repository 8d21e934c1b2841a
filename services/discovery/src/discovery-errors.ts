import { NewsflowError } from '@newsflow/errors';

/** Stable codes of discovery's own errors (docs/sources.md lists them with the listing codes). */
export const DiscoveryErrorCode = {
  sourceNotFound: 'DISCOVERY_SOURCE_NOT_FOUND',
  badRequest: 'DISCOVERY_BAD_REQUEST',
  nothingFound: 'DISCOVERY_NOTHING_FOUND',
  hostBusy: 'DISCOVERY_HOST_BUSY',
  sourceBusy: 'DISCOVERY_SOURCE_BUSY',
} as const;
export type DiscoveryErrorCode = (typeof DiscoveryErrorCode)[keyof typeof DiscoveryErrorCode];

/** A `source.requested` names a source that does not exist (pause, resume, update, remove): dead-lettered. */
export class SourceNotFoundError extends NewsflowError {
  override name = 'SourceNotFoundError';
  constructor(ref: string) {
    super(DiscoveryErrorCode.sourceNotFound, `no source ${ref}`, { context: { ref } });
  }
}

/** A `source.requested` that is valid JSON but cannot be applied (a bad duration): dead-lettered. */
export class BadSourceRequestError extends NewsflowError {
  override name = 'BadSourceRequestError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(DiscoveryErrorCode.badRequest, message, options);
  }
}

/** A site whose home page, robots.txt and usual paths gave no feed, sitemap or article link. */
export class NothingFoundError extends NewsflowError {
  override name = 'NothingFoundError';
  constructor(url: string) {
    super(DiscoveryErrorCode.nothingFound, `found no feed, sitemap or article link at ${url}`, {
      context: { url },
    });
  }
}

/** A host kept its politeness slot busy for longer than one poll may wait: tried again at the next poll. */
export class HostBusyError extends NewsflowError {
  override name = 'HostBusyError';
  constructor(url: string, waitedMs: number) {
    super(DiscoveryErrorCode.hostBusy, `host of ${url} stayed busy for ${waitedMs} ms`, {
      retriable: true,
      context: { url },
    });
  }
}

/** A request found its source locked by a poll (or another request) for longer than a job may wait: retried. */
export class SourceBusyError extends NewsflowError {
  override name = 'SourceBusyError';
  constructor(sourceId: string, waitedMs: number) {
    super(DiscoveryErrorCode.sourceBusy, `source ${sourceId} stayed locked by a poll for ${waitedMs} ms`, {
      retriable: true,
      context: { sourceId },
    });
  }
}
