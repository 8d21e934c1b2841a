import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name.js';
import { waitFor, withTimeout } from './wait-for.js';

describe('waitFor', () => {
  it('returns the first truthy value of the predicate', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing predicate as not yet and reports its last error on timeout', async () => {
    const wait = waitFor(
      () => {
        throw new Error('broker not ready');
      },
      { timeoutMs: 100, intervalMs: 10, message: 'the broker' },
    );
    const err: unknown = await wait.catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TestingError', code: 'TESTING_WAIT_TIMEOUT' });
    expect((err as Error).message).toMatch(
      /timed out after 100 ms waiting for the broker .*last error: broker not ready/,
    );
    expect((err as Error).cause).toEqual(new Error('broker not ready'));
  });

  it('bounds a predicate that never settles', async () => {
    const startedAt = Date.now();
    await expect(waitFor(() => new Promise<boolean>(() => {}), { timeoutMs: 100 })).rejects.toThrow(
      /timed out/,
    );
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});

describe('withTimeout', () => {
  it('passes a settled value through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000)).resolves.toBe(7);
  });
});

describe('uniqueName', () => {
  it('prefixes a fresh UUID each call', () => {
    const a = uniqueName('topic');
    expect(a).toMatch(/^topic-[0-9a-f-]{36}$/);
    expect(uniqueName('topic')).not.toBe(a);
  });
});
