import { describe, expect, it } from 'vitest';
import { politenessDelayMs } from './host-politeness.js';

describe('politenessDelayMs', () => {
  it('uses Crawl-delay within the configured bounds', () => {
    expect(politenessDelayMs(undefined)).toBe(1000);
    expect(politenessDelayMs(250)).toBe(1000);
    expect(politenessDelayMs(5000)).toBe(5000);
    expect(politenessDelayMs(3_600_000)).toBe(60_000);
    expect(politenessDelayMs(0, { minDelayMs: 0 })).toBe(0);
    expect(politenessDelayMs(10_000, { maxDelayMs: 2000 })).toBe(2000);
  });
});
