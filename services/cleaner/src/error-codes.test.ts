import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractionErrorCode } from '@newsflow/extraction';
import { CleanerErrorCode } from './cleaner-error.js';

describe('error codes', () => {
  it('are all documented in the service README', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    const codes = [
      ...Object.values(CleanerErrorCode),
      ...Object.values(ExtractionErrorCode),
      'PAGE_NOT_FOUND',
      'DEPENDENCY_UNAVAILABLE',
    ];
    const documented = new Set([...readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    for (const code of codes) expect(documented.has(code), code).toBe(true);
  });
});
