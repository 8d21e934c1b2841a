// Tests read model files from disk; the library itself does no I/O.
// eslint-disable-next-line no-restricted-imports
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntities } from './find-entities.js';
import { DEFAULT_MODEL_DIR, loadModelFiles } from './load-model.js';
import { createTagger, type NerModelFiles, type Tagger } from './tagger.js';

let files: NerModelFiles;
let router: Tagger;
let casedOnly: Tagger;
beforeAll(async () => {
  files = await loadModelFiles();
  router = await createTagger(files);
  casedOnly = await createTagger({ onnx: files.onnx, sidecar: files.sidecar });
});
afterAll(async () => {
  await router.release();
  await casedOnly.release();
});

const DOC = [
  'RUSSIA SAYS LAVROV WILL MEET TILLERSON IN MOSCOW',
  'Russian Foreign Minister Sergey Lavrov will meet U.S. Secretary of State Rex Tillerson in Moscow on Wednesday .',
  'the talks will cover syria and north korea , said spokeswoman maria zakharova .',
].map((s) => s.split(' '));

/** `word/TAG` for every tagged token of each sentence. */
const tagged = (tags: string[][]): string[] =>
  tags.map((row, i) =>
    row.flatMap((tag, j) => (tag === 'O' ? [] : [`${DOC[i]?.[j] ?? ''}/${tag}`])).join(' '),
  );

describe('casing router with the committed models', () => {
  it('loads the case-robust model beside the cased one', () => {
    expect(files.caseRobust).toBeDefined();
    expect(router.info.caseRobust).toBe(true);
    expect(casedOnly.info.caseRobust).toBe(false);
  });

  it('tags an ALL-CAPS headline and a lowercased sentence inside a cased document', async () => {
    const [headline, cased, lower] = tagged(await router.tagDocument(DOC));
    expect(headline).toBe('RUSSIA/S-LOC LAVROV/S-PER TILLERSON/S-PER MOSCOW/S-LOC');
    expect(cased).toContain('Sergey/B-PER Lavrov/E-PER');
    expect(lower).toBe('syria/S-LOC north/B-LOC korea/E-LOC maria/B-PER zakharova/E-PER');
  });

  it('leaves mixed-case sentences to the cased model, which finds nothing in lowercase', async () => {
    const withRouter = await router.tagDocument(DOC);
    const alone = await casedOnly.tagDocument(DOC);
    expect(withRouter[1]).toEqual(alone[1]);
    expect(tagged(alone)[2]).toBe('');
  });

  it('finds the entities of an ALL-CAPS and of a lowercased article', async () => {
    const text =
      'NATO allies meet in Brussels as Merkel warns Russia\n' +
      'German Chancellor Angela Merkel told NATO allies in Brussels on Thursday that Russia must withdraw.\n';
    const names = async (t: string): Promise<string[]> =>
      (await findEntities(router, t)).entities.map((e) => `${e.type}:${e.name.toLowerCase()}`).sort();
    const expected = [
      'LOCATION:brussels',
      'LOCATION:russia',
      'MISC:german',
      'ORG:nato',
      'PERSON:angela merkel',
    ];
    expect(await names(text)).toEqual(expected);
    expect(await names(text.toUpperCase())).toEqual(expected);
    expect(await names(text.toLowerCase())).toEqual(expected);
  });
});

describe('case-robust model files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ner-case-'));
    await copyFile(join(DEFAULT_MODEL_DIR, 'ner.onnx'), join(dir, 'ner.onnx'));
    await copyFile(join(DEFAULT_MODEL_DIR, 'ner.json'), join(dir, 'ner.json'));
    await copyFile(join(DEFAULT_MODEL_DIR, 'ner-case.onnx'), join(dir, 'ner-case.onnx'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a folder with a case-robust graph but no sidecar', async () => {
    await expect(loadModelFiles(dir)).rejects.toMatchObject({ code: 'ENTITIES_MODEL_INVALID' });
  });

  const lean = (): Record<string, unknown> =>
    JSON.parse(
      new TextDecoder().decode((files.caseRobust?.sidecar as Uint8Array | undefined) ?? new Uint8Array()),
    ) as Record<string, unknown>;

  it.each([
    ['trained on another vocabulary', { vocabularySize: 100 }],
    ['without CRF end scores', { end: undefined }],
    ['of another format', { format: 'newsflow-ner/1' }],
  ])('refuses a case-robust model %s', async (_, change) => {
    await writeFile(join(dir, 'ner-case.json'), JSON.stringify({ ...lean(), ...change }));
    await expect(createTagger(await loadModelFiles(dir))).rejects.toMatchObject({
      code: 'ENTITIES_MODEL_INVALID',
    });
  });
});
