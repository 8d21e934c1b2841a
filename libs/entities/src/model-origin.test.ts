// Tests read model files from disk; the library itself does no I/O.
// eslint-disable-next-line no-restricted-imports
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from './load-model.js';

/** `meta.recipe.init_from` as training/ner/model_origin.py writes it. */
interface Origin {
  readonly dir?: string;
  readonly sha256?: string;
}

describe('the shipped model sidecars', () => {
  it.each(['ner.json', 'ner-case.json'])(
    '%s names the model it started from by hash, and by a path only inside the repository',
    async (file) => {
      const sidecar = JSON.parse(await readFile(join(DEFAULT_MODEL_DIR, file), 'utf8')) as {
        meta?: { recipe?: { init_from?: Origin } };
      };
      const origin = sidecar.meta?.recipe?.init_from;
      if (origin === undefined) return; // trained from scratch: nothing to name
      expect(origin.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (origin.dir !== undefined) {
        expect(isAbsolute(origin.dir)).toBe(false);
        expect(normalize(origin.dir).startsWith('..')).toBe(false);
      }
    },
  );
});
