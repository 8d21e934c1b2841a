import { describe, expect, it } from 'vitest';
import { computeRetryDelayMs, decideRetry, parseRetryAfterMs } from './retry-timing.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', NOW)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %j', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeUndefined();
  });
});

describe('computeRetryDelayMs', () => {
  const fixed = (value: number) => () => value;

  it('doubles per attempt with half of each step jittered', () => {
    expect(computeRetryDelayMs(1, undefined, { random: fixed(0) })).toBe(500);
    expect(computeRetryDelayMs(1, undefined, { random: fixed(0.999999) })).toBe(1000);
    expect(computeRetryDelayMs(2, undefined, { random: fixed(0) })).toBe(1000);
    expect(computeRetryDelayMs(4, undefined, { random: fixed(0) })).toBe(4000);
  });

  it('caps the step at maxDelayMs', () => {
    expect(computeRetryDelayMs(30, undefined, { random: fixed(0.999999), maxDelayMs: 60_000 })).toBe(60_000);
  });

  it('spreads replicas out', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeRetryDelayMs(3, undefined)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(computeRetryDelayMs(1, 30_000, { random: fixed(0) })).toBe(30_000);
    expect(computeRetryDelayMs(5, 1000, { random: fixed(0) })).toBe(8000);
  });

  it('gives up when Retry-After is beyond maxRetryAfterMs', () => {
    expect(computeRetryDelayMs(1, 7_200_000)).toBeUndefined();
    expect(computeRetryDelayMs(1, 7_200_000, { maxRetryAfterMs: 10_000_000 })).toBe(7_200_000);
  });
});

describe('decideRetry', () => {
  it('retries only retriable errors, within the attempt budget', () => {
    expect(decideRetry({ retriable: false }, 1, 5)).toEqual({ retry: false, reason: 'permanent' });
    expect(decideRetry({}, 1, 5)).toEqual({ retry: false, reason: 'permanent' });
    expect(decideRetry({ retriable: true }, 5, 5)).toEqual({ retry: false, reason: 'attempts-exhausted' });
    expect(decideRetry({ retriable: true, retryAfterMs: 5000 }, 1, 5, { random: () => 0 })).toEqual({
      retry: true,
      delayMs: 5000,
    });
    expect(decideRetry({ retriable: true, retryAfterMs: 86_400_000 }, 1, 5)).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
    });
  });
});
