// The package's one I/O adapter, kept apart (own export path) so the core stays pure.
// eslint-disable-next-line no-restricted-imports
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EntitiesError, EntitiesErrorCode } from './entities-error.js';
import type { NerModelFiles } from './tagger.js';

/** The model committed with this package (`libs/entities/model/`). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../model/', import.meta.url));

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The one I/O adapter of this package: reads `ner.onnx` and `ner.json` from a folder, and the
 * case-robust model `ner-case.onnx` + `ner-case.json` where the folder has one (both or neither).
 * @param dir folder holding the files
 * @default dir {@link DEFAULT_MODEL_DIR}
 */
export async function loadModelFiles(dir: string = DEFAULT_MODEL_DIR): Promise<NerModelFiles> {
  const [onnx, sidecar, caseOnnx, caseSidecar] = await Promise.all([
    readFile(`${dir}/ner.onnx`),
    readFile(`${dir}/ner.json`, 'utf8'),
    readIfPresent(`${dir}/ner-case.onnx`),
    readIfPresent(`${dir}/ner-case.json`),
  ]);
  if ((caseOnnx === undefined) !== (caseSidecar === undefined)) {
    throw new EntitiesError(
      EntitiesErrorCode.modelInvalid,
      `${dir} has only one of ner-case.onnx and ner-case.json`,
    );
  }
  return caseOnnx && caseSidecar
    ? { onnx, sidecar, caseRobust: { onnx: caseOnnx, sidecar: caseSidecar } }
    : { onnx, sidecar };
}
