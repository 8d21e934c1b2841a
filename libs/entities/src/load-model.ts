// The package's one I/O adapter, kept apart (own export path) so the core stays pure.
// eslint-disable-next-line no-restricted-imports
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { NerModelFiles } from './tagger.js';

/** The model committed with this package (`libs/entities/model/`). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../model/', import.meta.url));

/**
 * The one I/O adapter of this package: reads `ner.onnx` and `ner.json` from a folder.
 * @param dir folder holding the two files
 * @default dir {@link DEFAULT_MODEL_DIR}
 */
export async function loadModelFiles(dir: string = DEFAULT_MODEL_DIR): Promise<NerModelFiles> {
  const [onnx, sidecar] = await Promise.all([
    readFile(`${dir}/ner.onnx`),
    readFile(`${dir}/ner.json`, 'utf8'),
  ]);
  return { onnx, sidecar };
}
