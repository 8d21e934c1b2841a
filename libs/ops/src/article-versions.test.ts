import { describe, expect, it } from 'vitest';
import { articleVersions } from './article-versions.js';

const extractor = (version: string) => ({ name: 'newsflow-extraction', version });
const model = { name: 'newsflow-ner', version: '1.0.0' };

/** An article at version 4 whose history kept versions 2 and 3 (version 1 fell off the cap). */
const doc = {
  _id: 'a_1',
  version: 4,
  title: 'Floods: hundreds evacuated',
  authors: ['Jane Reporter'],
  extractor: extractor('3.0.0'),
  entitiesModel: model,
  processedAt: new Date('2026-11-23T12:00:00Z'),
  updatedAt: new Date('2026-11-23T12:00:05Z'),
  history: [
    {
      version: 3,
      title: 'Floods force hundreds from their homes',
      authors: ['Jane Reporter'],
      extractor: extractor('2.0.0'),
      entitiesModel: model,
      processedAt: new Date('2026-11-22T12:00:00Z'),
      storedAt: new Date('2026-11-22T12:00:05Z'),
      wordCount: 180,
      changes: {
        fields: ['title', 'text', 'extractor'],
        text: {
          wordsAdded: 1,
          wordsRemoved: 1,
          passageCount: 1,
          aligned: true,
          passages: [{ at: 5, context: 'more than', removed: 'four', added: 'five' }],
        },
      },
    },
    {
      version: 2,
      title: 'Floods force hundreds from their homes',
      extractor: extractor('1.0.0'),
      entitiesModel: model,
      storedAt: new Date('2026-11-21T12:00:05Z'),
      changes: {
        fields: ['entities'],
        entities: {
          added: [{ name: 'Jane Mayor', type: 'PERSON' }],
          removed: [],
          addedCount: 1,
          removedCount: 0,
        },
      },
    },
    'not an entry',
  ],
};

describe('articleVersions', () => {
  it('lists the current version and the kept ones newest first, each with what it changed', () => {
    const { versions, dropped } = articleVersions(doc);
    expect(versions.map((v) => [v.version, v.current, v.extractor])).toEqual([
      [4, true, 'newsflow-extraction 3.0.0'],
      [3, false, 'newsflow-extraction 2.0.0'],
      [2, false, 'newsflow-extraction 1.0.0'],
    ]);
    expect(versions[0]?.changes?.fields).toEqual(['title', 'text', 'extractor']);
    expect(versions[0]?.changes?.text?.passages).toEqual([
      { context: 'more than', removed: 'four', added: 'five' },
    ]);
    expect(versions[0]?.was?.title).toBe('Floods force hundreds from their homes');
    expect(versions[1]?.changes?.entities?.added).toEqual([{ name: 'Jane Mayor', type: 'PERSON' }]);
    expect(versions[2]?.storedAt).toEqual(new Date('2026-11-21T12:00:05Z'));
    // Version 2's predecessor is not kept: no changes to show, and one version dropped.
    expect(versions[2]?.changes).toBeUndefined();
    expect(dropped).toBe(1);
  });

  it('shows a document without history as its one version', () => {
    const { versions, dropped } = articleVersions({ _id: 'a_2', version: 1, extractor: extractor('1.0.0') });
    expect(versions).toEqual([{ version: 1, current: true, extractor: 'newsflow-extraction 1.0.0' }]);
    expect(dropped).toBe(0);
  });
});
