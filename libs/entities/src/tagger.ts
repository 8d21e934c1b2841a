import * as ort from 'onnxruntime-node';
import { casingRoute } from './casing-route.js';
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

/** The files of a trained model, as bytes (see `loadModelFiles` for reading them from disk). */
export interface NerModelFiles {
  /** `ner.onnx`: emissions network (word + char CNN + BiLSTM). */
  readonly onnx: Uint8Array;
  /** `ner.json`: vocabulary, characters, tags and CRF transitions. */
  readonly sidecar: Uint8Array | string;
  /**
   * `ner-case.onnx` and `ner-case.json`: a case-robust model fine-tuned from the same vocabulary and
   * name lists (its sidecar holds only its CRF transitions and training record). When present,
   * sentences without lowercase or without uppercase letters are tagged by it (`casingRoute`).
   */
  readonly caseRobust?: { readonly onnx: Uint8Array; readonly sidecar: Uint8Array | string };
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
  /** Whether ALL-CAPS and lowercase sentences go to a case-robust model (`NerModelFiles.caseRobust`). */
  readonly caseRobust: boolean;
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

/** `ner-case.json`: what a case-robust model does not share with the cased model's sidecar. */
interface CaseSidecar {
  format: string;
  vocabularySize: number;
  tags: string[];
  transitions: number[][];
  start: number[];
  end: number[];
}

/** One emissions network and the CRF that decodes its output. */
interface Decoder {
  session: ort.InferenceSession;
  transitions: Float32Array;
  start: Float32Array;
  end: Float32Array;
}

const DEFAULT_MAX_BATCH_TOKENS = 4096;
const UNKNOWN_ID = 1;
/** Document features per token (`documentFeatures`), before any name-list flags. */
const DOCUMENT_FEATURES = 3;

function parseJson(raw: Uint8Array | string, what: string): unknown {
  try {
    return JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  } catch (cause) {
    throw new EntitiesError(EntitiesErrorCode.modelInvalid, `${what} is not JSON`, { cause });
  }
}

function parseSidecar(raw: Uint8Array | string): Sidecar {
  const s = parseJson(raw, 'model sidecar') as Partial<Sidecar>;
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

function parseCaseSidecar(raw: Uint8Array | string, cased: Sidecar): CaseSidecar {
  const s = parseJson(raw, 'case-robust model sidecar') as Partial<CaseSidecar>;
  if (
    s.format !== 'newsflow-ner-case/1' ||
    !Array.isArray(s.transitions) ||
    !Array.isArray(s.start) ||
    !Array.isArray(s.end)
  ) {
    throw new EntitiesError(
      EntitiesErrorCode.modelInvalid,
      `case-robust model sidecar is not newsflow-ner-case/1 with CRF transitions (format ${String(s.format)})`,
    );
  }
  // Its graph reads the cased sidecar's word ids and tags, so both must be the same lists.
  if (s.vocabularySize !== cased.words.length || JSON.stringify(s.tags) !== JSON.stringify(cased.tags)) {
    throw new EntitiesError(
      EntitiesErrorCode.modelInvalid,
      `case-robust model was trained on ${String(s.vocabularySize)} words and tags ${JSON.stringify(s.tags)}, the model on ${cased.words.length} and ${JSON.stringify(cased.tags)}`,
    );
  }
  return s as CaseSidecar;
}

async function createDecoder(
  onnx: Uint8Array,
  crf: { transitions: number[][]; start: number[]; end: number[] },
  threads: number,
): Promise<Decoder> {
  try {
    const session = await ort.InferenceSession.create(onnx, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
    return {
      session,
      transitions: new Float32Array(crf.transitions.flat()),
      start: new Float32Array(crf.start),
      end: new Float32Array(crf.end),
    };
  } catch (cause) {
    throw new EntitiesError(EntitiesErrorCode.modelInvalid, 'ONNX model failed to load', { cause });
  }
}

/**
 * Creates a tagger from model bytes. Pure apart from the ONNX runtime: no file or network access.
 * @throws EntitiesError `ENTITIES_MODEL_INVALID` when the files do not form a model
 */
export async function createTagger(files: NerModelFiles, options: TaggerOptions = {}): Promise<Tagger> {
  const side = parseSidecar(files.sidecar);
  const threads = options.threads ?? 1;
  const maxBatchTokens = options.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS;
  const caseSide = files.caseRobust && parseCaseSidecar(files.caseRobust.sidecar, side);
  const cased = await createDecoder(files.onnx, side, threads);
  const robust =
    files.caseRobust && caseSide
      ? await createDecoder(files.caseRobust.onnx, caseSide, threads).catch(async (error: unknown) => {
          await cased.session.release();
          throw error;
        })
      : undefined;
  const words = new Map<string, number>();
  side.words.forEach((w, i) => words.set(w, i));
  const chars = new Map<string, number>();
  side.chars.forEach((c, i) => chars.set(c, i));
  const nTags = side.tags.length;
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
    decoder: Decoder,
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
      const out = await decoder.session.run({
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
      viterbiDecode(
        emissions,
        j * t * nTags,
        sentence.length,
        nTags,
        decoder.transitions,
        decoder.start,
        decoder.end,
      ),
    );
  }

  /** Tags the sentences `ids` of a document with one decoder, into `result`. */
  async function tagWith(
    decoder: Decoder,
    ids: readonly number[],
    sentences: readonly (readonly string[])[],
    feats: readonly (readonly number[][])[],
    result: string[][],
  ): Promise<void> {
    // Similar lengths share a batch, so little of each call is padding.
    const order = ids
      .filter((i) => (sentences[i]?.length ?? 0) > 0)
      .sort((a, c) => (sentences[a]?.length ?? 0) - (sentences[c]?.length ?? 0));
    let k = 0;
    while (k < order.length) {
      const batch: number[] = [];
      let longest = 0;
      while (k < order.length) {
        const len = sentences[order[k] ?? 0]?.length ?? 0;
        if (batch.length > 0 && Math.max(longest, len) * (batch.length + 1) > maxBatchTokens) break;
        longest = Math.max(longest, len);
        batch.push(order[k] ?? 0);
        k++;
      }
      const paths = await runBatch(
        decoder,
        batch.map((i) => sentences[i] ?? []),
        batch.map((i) => feats[i] ?? []),
      );
      batch.forEach((i, j) => {
        const path = paths[j];
        const row = result[i];
        if (!path || !row) return;
        for (let p = 0; p < path.length; p++) row[p] = side.tags[path[p] ?? 0] ?? 'O';
      });
    }
  }

  return {
    info: {
      ...(side.meta?.devF1 !== undefined ? { devF1: side.meta.devF1 } : {}),
      ...(side.meta?.epoch !== undefined ? { epoch: side.meta.epoch } : {}),
      ...(side.meta?.trainMinutes !== undefined ? { trainMinutes: side.meta.trainMinutes } : {}),
      vocabularySize: side.words.length,
      tags: side.tags,
      languages: side.languages ?? ['en'],
      caseRobust: robust !== undefined,
    },
    async tagDocument(sentences) {
      // Features come from the whole document, whichever model reads a sentence.
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
      const all = sentences.map((_, i) => i);
      if (!robust) {
        await tagWith(cased, all, sentences, feats, result);
        return result;
      }
      // Each model runs only on its own sentences: cased text costs what it cost without the router.
      const routed = all.map((i) => casingRoute(sentences[i] ?? []));
      await tagWith(
        cased,
        all.filter((i) => routed[i] === 'cased'),
        sentences,
        feats,
        result,
      );
      await tagWith(
        robust,
        all.filter((i) => routed[i] === 'caseRobust'),
        sentences,
        feats,
        result,
      );
      return result;
    },
    async release() {
      await cased.session.release();
      await robust?.session.release();
    },
  };
}
