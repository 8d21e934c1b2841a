// Tests read the docs from disk; the library itself does no I/O.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EntitiesErrorCode } from './entities-error.js';

describe('EntitiesError codes', () => {
  it('are all documented in docs/entities.md', () => {
    const doc = readFileSync(new URL('../../../docs/entities.md', import.meta.url), 'utf8');
    for (const code of Object.values(EntitiesErrorCode)) expect(doc).toContain(code);
  });
});
