import type { UrlRequested } from '@newsflow/contracts';
import type { MessageCoordinates } from '@newsflow/runtime';

/**
 * The BullMQ job id (idempotency key) of a `url.requested` message: where the message sits in Kafka, so a
 * redelivered message is one job while the same URL in several messages is several jobs (those are deduped
 * by the URL window instead, which `force` can bypass). BullMQ forbids `:`.
 */
export function fetcherJobId(_request: UrlRequested, at: MessageCoordinates): string {
  return `m-${at.timestamp}-${at.partition}-${at.offset}`;
}
