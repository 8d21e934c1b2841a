import { describe, expect, it } from 'vitest';
import { loadConfig } from '@newsflow/runtime';
import { isHostAllowListed, isAddressAllowListed } from './address-guard.js';
import { fetchOptionsFrom, fetchSettings } from './fetch-settings.js';

describe('fetchSettings', () => {
  it('parses FETCH_ALLOWED_HOSTS once, at start-up', () => {
    const config = loadConfig(fetchSettings, { FETCH_ALLOWED_HOSTS: 'localhost, 10.0.0.0/8' });
    expect(isHostAllowListed('localhost', config.allowList)).toBe(true);
    expect(isAddressAllowListed('10.1.2.3', config.allowList)).toBe(true);
    expect(fetchOptionsFrom(config)).toMatchObject({
      userAgent: 'NewsflowBot/0.1 (+https://github.com/newsflow/newsflow#crawler)',
      allowList: config.allowList,
      maxBodyBytes: 5 * 1024 * 1024,
    });
  });

  it('stops start-up on a bad allow-list entry, naming the variable and the entry', () => {
    expect(() => loadConfig(fetchSettings, { FETCH_ALLOWED_HOSTS: 'localhost, http://x' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          /FETCH_ALLOWED_HOSTS .*invalid allow-list entry " http:\/\/x"/,
        ) as unknown,
      }),
    );
  });
});
