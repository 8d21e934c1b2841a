import { Redis } from 'ioredis';
import { withTimeout } from './with-timeout.js';

export type { Redis } from 'ioredis';

export interface RedisOptions {
  readonly url: string;
  /** Bound on connecting. @default 10000 */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens a Redis connection suitable for BullMQ (which needs `maxRetriesPerRequest: null` so blocking
 * commands survive reconnects). Reconnects by itself with capped backoff.
 * @throws DependencyUnavailableError when Redis does not answer in time.
 */
export async function createRedis(options: RedisOptions): Promise<Redis> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 3000),
  });
  // Errors surface through commands; without a listener ioredis would print each reconnect attempt.
  redis.on('error', () => undefined);
  try {
    await withTimeout(redis.connect(), connectTimeoutMs, `Redis at ${redactUrl(options.url)}`);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/** The URL with any password replaced, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable url)';
  }
}
