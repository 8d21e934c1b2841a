import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isBrokerUnreachable } from './kafka.js';

// kafkajs's type definitions lag its runtime constructors (which take a cause and a protocol error object).
type Wrapper = new (
  error: Error,
  options: { cause?: Error; retryCount?: number; retryTime?: number },
) => Error;
const NonRetriable = KafkaJSNonRetriableError as unknown as Wrapper;
const RetriesExceeded = KafkaJSNumberOfRetriesExceeded as unknown as Wrapper;
const Protocol = KafkaJSProtocolError as unknown as new (e: {
  message: string;
  type: string;
  code: number;
  retriable: boolean;
}) => Error;

describe('isBrokerUnreachable', () => {
  it('sees a connection error behind the non-retriable wrapper kafkajs throws once its retries run out', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(isBrokerUnreachable(new NonRetriable(refused, { cause: refused }))).toBe(true);
    expect(isBrokerUnreachable(new RetriesExceeded(refused, { retryCount: 8, retryTime: 5000 }))).toBe(true);
  });

  it('keeps refusals that stay true on retry (message too large) and foreign errors permanent', () => {
    const tooLarge = new Protocol({
      message: 'too large',
      type: 'MESSAGE_TOO_LARGE',
      code: 10,
      retriable: false,
    });
    expect(isBrokerUnreachable(new NonRetriable(tooLarge, { cause: tooLarge }))).toBe(false);
    expect(isBrokerUnreachable(new Error('boom'))).toBe(false);
    expect(isBrokerUnreachable('text')).toBe(false);
  });
});
