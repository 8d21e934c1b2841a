import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from './store-errors.js';

describe('error codes', () => {
  it('are all documented in the service README', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    const codes = [
      ...Object.values(StoreErrorCode),
      'CONTRACT_INVALID_JSON',
      'CONTRACT_SCHEMA',
      'CONTRACT_TOO_LARGE',
      'DEPENDENCY_UNAVAILABLE',
    ];
    const documented = new Set([...readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    for (const code of codes) expect(documented.has(code), code).toBe(true);
  });
});
