import * as ort from 'onnxruntime-node';
import { EntitiesError, EntitiesErrorCode } from './entities-error.js';
import {
  casingOf,
  clipChars,
  documentFeatures,
  gazetteerFeatures,
  gazetteerIndex,
  wordKeys,
  type Gazetteer,
} from './features.js';
import { viterbiDecode } from './viterbi.js';

/** The name articles record in `entitiesModel` for models of this architecture (BiLSTM-CNN-CRF). */
export const NER_MODEL_NAME = 'newsflow-bilstm-crf';

/** The two files of a trained model, as bytes (see `loadModelFiles` for reading them from disk). */
export interface NerModelFiles {
  /** `ner.onnx`: emissions network (word + char CNN + BiLSTM). */
  readonly onnx: Uint8Array;
  /** `ner.json`: vocabulary, characters, tags and CRF transitions. */
  readonly sidecar: Uint8Array | string;
}

export interface TaggerOptions {
  /**
   * Threads ONNX Runtime may use inside one call.
   * @default 1
   */
  readonly threads?: number;
  /**
   * Most padded tokens (sentences × longest sentence) in one model call; bounds memory per call.
   * @default 4096
   */
  readonly maxBatchTokens?: number;
}

/** What the model's sidecar says about how it was trained. */
export interface ModelInfo {
  readonly devF1?: number;
  readonly epoch?: number;
  readonly trainMinutes?: number;
  readonly vocabularySize: number;
  readonly tags: readonly string[];
  /** Languages (ISO 639-1) the model was trained on; only text in these should be tagged. */
  readonly languages: readonly string[];
}

/** A loaded tagger. Tags are BIOES (`B-PER`, `I-PER`, `E-PER`, `S-PER`, `O`). */
export interface Tagger {
  readonly info: ModelInfo;
  /**
   * Tags one document given as sentences of token forms. Document-level features are computed over
   * all the sentences passed, so pass a whole article at once.
   * @throws EntitiesError `ENTITIES_INFERENCE_FAILED` when the runtime fails
   */
  tagDocument(sentences: readonly (readonly string[])[]): Promise<string[][]>;
  /** Frees the runtime session. */
  release(): Promise<void>;
}

interface Sidecar {
  format: string;
  charSlots: number;
  maxChars: number;
  tags: string[];
  transitions: number[][];
  start: number[];
  end: number[];
  chars: string[];
  words: string[];
  /** Absent in sidecars written before it was added; those models were all trained on English. */
  languages?: string[];
  /** Name lists whose flags follow the 3 document features; absent for models trained without them. */
  gazetteer?: Gazetteer;
  meta?: { devF1?: number; epoch?: number; trainMinutes?: number };
}

const DEFAULT_MAX_BATCH_TOKENS = 4096;
const UNKNOWN_ID = 1;
/** Document features per token (`documentFeatures`), before any name-list flags. */
const DOCUMENT_FEATURES = 3;

function parseSidecar(raw: Uint8Array | string): Sidecar {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  } catch (cause) {
    throw new EntitiesError(EntitiesErrorCode.modelInvalid, 'model sidecar is not JSON', { cause });
  }
  const s = value as Partial<Sidecar>;
  if (
    s.format !== 'newsflow-ner/1' ||
    !Array.isArray(s.words) ||
    !Array.isArray(s.chars) ||
    !Array.isArray(s.tags) ||
    !Array.isArray(s.transitions) ||
    typeof s.charSlots !== 'number'
  ) {
    throw new EntitiesError(
      EntitiesErrorCode.modelInvalid,
      `model sidecar has format ${String(s.format)}, want newsflow-ner/1`,
    );
  }
  return s as Sidecar;
}

/**
 * Creates a tagger from model bytes. Pure apart from the ONNX runtime: no file or network access.
 * @throws EntitiesError `ENTITIES_MODEL_INVALID` when the files do not form a model
 */
export async function createTagger(files: NerModelFiles, options: TaggerOptions = {}): Promise<Tagger> {
  const side = parseSidecar(files.sidecar);
  const threads = options.threads ?? 1;
  const maxBatchTokens = options.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(files.onnx, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
  } catch (cause) {
    throw new EntitiesError(EntitiesErrorCode.modelInvalid, 'ONNX model failed to load', { cause });
  }
  const words = new Map<string, number>();
  side.words.forEach((w, i) => words.set(w, i));
  const chars = new Map<string, number>();
  side.chars.forEach((c, i) => chars.set(c, i));
  const nTags = side.tags.length;
  const transitions = new Float32Array(side.transitions.flat());
  const start = new Float32Array(side.start);
  const end = new Float32Array(side.end);
  const slots = side.charSlots;
  const gazetteer = side.gazetteer;
  const gazIndex = gazetteer ? gazetteerIndex(gazetteer) : undefined;
  const nFeats = DOCUMENT_FEATURES + (gazetteer?.types.length ?? 0);

  const wordId = (form: string): number => {
    for (const key of wordKeys(form)) {
      const id = words.get(key);
      if (id !== undefined) return id;
    }
    return UNKNOWN_ID;
  };

  async function runBatch(
    batch: readonly (readonly string[])[],
    feats: readonly (readonly number[][])[],
  ): Promise<Int32Array[]> {
    const b = batch.length;
    const t = Math.max(1, ...batch.map((s) => s.length));
    const wordIds = new Int32Array(b * t);
    const charIds = new Int32Array(b * t * slots);
    const casing = new Int32Array(b * t);
    const featBuf = new Float32Array(b * t * nFeats);
    const lens = new Int32Array(b);
    batch.forEach((sentence, j) => {
      lens[j] = sentence.length;
      sentence.forEach((form, i) => {
        const k = j * t + i;
        wordIds[k] = wordId(form);
        casing[k] = casingOf(form);
        const row = feats[j]?.[i] ?? [];
        for (let f = 0; f < nFeats; f++) featBuf[k * nFeats + f] = row[f] ?? 0;
        clipChars(form, side.maxChars).forEach((c, ci) => {
          charIds[k * slots + ci + 1] = chars.get(c) ?? UNKNOWN_ID;
        });
      });
    });
    let emissions: Float32Array;
    try {
      const out = await session.run({
        word_ids: new ort.Tensor('int32', wordIds, [b, t]),
        char_ids: new ort.Tensor('int32', charIds, [b, t, slots]),
        casing: new ort.Tensor('int32', casing, [b, t]),
        feats: new ort.Tensor('float32', featBuf, [b, t, nFeats]),
        seq_lens: new ort.Tensor('int32', lens, [b]),
      });
      emissions = out['emissions']?.data as Float32Array;
    } catch (cause) {
      throw new EntitiesError(EntitiesErrorCode.inferenceFailed, 'ONNX runtime failed to tag a batch', {
        cause,
      });
    }
    return batch.map((sentence, j) =>
      viterbiDecode(emissions, j * t * nTags, sentence.length, nTags, transitions, start, end),
    );
  }

  return {
    info: {
      ...(side.meta?.devF1 !== undefined ? { devF1: side.meta.devF1 } : {}),
      ...(side.meta?.epoch !== undefined ? { epoch: side.meta.epoch } : {}),
      ...(side.meta?.trainMinutes !== undefined ? { trainMinutes: side.meta.trainMinutes } : {}),
      vocabularySize: side.words.length,
      tags: side.tags,
      languages: side.languages ?? ['en'],
    },
    async tagDocument(sentences) {
      const docFeats = documentFeatures(sentences);
      const feats =
        gazetteer && gazIndex
          ? docFeats.map((rows, si) => {
              const gaz = gazetteerFeatures(
                sentences[si] ?? [],
                gazIndex,
                gazetteer.types.length,
                gazetteer.maxPhraseTokens,
              );
              return rows.map((row, i) => [...row, ...(gaz[i] ?? [])]);
            })
          : docFeats;
      const result: string[][] = sentences.map((s) => new Array<string>(s.length).fill('O'));
      // Similar lengths share a batch, so little of each call is padding.
      const order = sentences
        .map((s, i) => i)
        .filter((i) => (sentences[i]?.length ?? 0) > 0)
        .sort((a, c) => (sentences[a]?.length ?? 0) - (sentences[c]?.length ?? 0));
      let k = 0;
      while (k < order.length) {
        const ids: number[] = [];
        let longest = 0;
        while (k < order.length) {
          const len = sentences[order[k] ?? 0]?.length ?? 0;
          if (ids.length > 0 && Math.max(longest, len) * (ids.length + 1) > maxBatchTokens) break;
          longest = Math.max(longest, len);
          ids.push(order[k] ?? 0);
          k++;
        }
        const paths = await runBatch(
          ids.map((i) => sentences[i] ?? []),
          ids.map((i) => feats[i] ?? []),
        );
        ids.forEach((i, j) => {
          const path = paths[j];
          const row = result[i];
          if (!path || !row) return;
          for (let p = 0; p < path.length; p++) row[p] = side.tags[path[p] ?? 0] ?? 'O';
        });
      }
      return result;
    },
    async release() {
      await session.release();
    },
  };
}
