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

/** A file the model cannot do without: missing or unreadable, the folder holds no model. */
async function readRequired(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new EntitiesError(
      EntitiesErrorCode.modelInvalid,
      `cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The one I/O adapter of this package: reads `ner.onnx` and `ner.json` from a folder, and the
 * case-robust model `ner-case.onnx` + `ner-case.json` where the folder has one (both or neither).
 * @param dir folder holding the files
 * @default dir {@link DEFAULT_MODEL_DIR}
 * @throws EntitiesError `ENTITIES_MODEL_INVALID` when `ner.onnx` or `ner.json` cannot be read, or only one
 *   of the case-robust pair is there
 */
export async function loadModelFiles(dir: string = DEFAULT_MODEL_DIR): Promise<NerModelFiles> {
  const [onnx, sidecar, caseOnnx, caseSidecar] = await Promise.all([
    readRequired(`${dir}/ner.onnx`),
    readRequired(`${dir}/ner.json`).then((bytes) => bytes.toString('utf8')),
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
