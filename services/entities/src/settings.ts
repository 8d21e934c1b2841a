import { z } from 'zod';
import { setting } from '@newsflow/runtime';

/** The entities service's own settings (besides libs/runtime `commonSettings`). */
export const entitiesSettings = {
  modelDir: setting(
    'ENTITIES_MODEL_DIR',
    z.string().optional(),
    'Folder with ner.onnx and ner.json, and optionally a case-robust ner-case.onnx and ner-case.json (defaults to the model committed in libs/entities/model).',
  ),
  maxTokens: setting(
    'ENTITIES_MAX_TOKENS',
    z.coerce.number().int().min(100).default(20_000),
    'Most tokens tagged per article; the rest of a longer text is skipped (entitiesModel.reason: `entities of the first 20000 tokens only`). Whatever the value, article.enriched keeps only the most salient entities that fit its 1 MB message (entitiesModel.reason then says how many of how many).',
  ),
  threads: setting(
    'ENTITIES_THREADS',
    z.coerce.number().int().min(1).max(16).default(1),
    'ONNX Runtime threads per inference call.',
  ),
} as const;
