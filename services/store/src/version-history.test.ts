import { describe, expect, it } from 'vitest';
import { BSON } from 'mongodb';
import { ArticleEnrichedSchema } from '@newsflow/contracts';
import { buildArticleDocument, revisionHashOf } from './article-document.js';
import { SAMPLE_TEXT, sampleArticle } from './testing/sample-article.js';
import {
  COMPARED_FIELDS,
  appendVersion,
  describeChanges,
  historyEntriesOver,
  versionEntry,
  type ArticleVersion,
  type StoredVersion,
} from './version-history.js';

const stored = (overrides: Parameters<typeof sampleArticle>[0] = {}, version = 1): StoredVersion => ({
  ...buildArticleDocument(sampleArticle(overrides)),
  version,
  updatedAt: new Date('2026-11-20T08:00:05.000Z'),
});

describe('describeChanges', () => {
  it('names the fields that changed and summarises the text edit', () => {
    const before = buildArticleDocument(sampleArticle());
    const after = buildArticleDocument(
      sampleArticle({
        title: 'Floods: hundreds evacuated',
        publishedAt: '2026-11-20T07:45:00.000Z',
        text: SAMPLE_TEXT.replace('four hundred', 'five hundred'),
        extractor: { name: 'newsflow-extraction', version: '2.0.0' },
      }),
    );
    const changes = describeChanges(before, after);
    expect(changes.fields).toEqual(['title', 'publishedAt', 'text', 'extractor']);
    expect(changes.text).toMatchObject({
      wordsAdded: 1,
      wordsRemoved: 1,
      passageCount: 1,
      passages: [{ removed: 'four', added: 'five', context: 'week. Emergency crews evacuated more than' }],
    });
    expect(changes.entities).toBeUndefined();
  });

  it('lists entities added and removed by name and type, and not for a change of salience alone', () => {
    const before = buildArticleDocument(sampleArticle());
    const entity = before.entities[0]!;
    const person = { ...entity, name: 'Jane Mayor', type: 'PERSON' as const };
    const added = describeChanges(before, { ...before, entities: [...before.entities, person] });
    expect(added.fields).toEqual(['entities']);
    expect(added.entities).toEqual({
      added: [{ name: 'Jane Mayor', type: 'PERSON' }],
      removed: [],
      addedCount: 1,
      removedCount: 0,
    });
    const retyped = describeChanges(before, {
      ...before,
      entities: [{ ...entity, type: 'ORG' }],
    });
    expect(retyped.entities).toMatchObject({
      added: [{ name: entity.name, type: 'ORG' }],
      removed: [{ name: entity.name, type: entity.type }],
    });
    const lessSalient = { ...entity, salience: 0.5 };
    const salience = describeChanges(before, { ...before, entities: [lessSalient] });
    expect(salience).toEqual({ fields: ['entities'] });
  });

  it('names html when no compared field differs (the revision hash changed through html alone)', () => {
    const before = sampleArticle();
    const after = sampleArticle({ html: '<article><p>other markup</p></article>' });
    expect(revisionHashOf(after)).not.toBe(revisionHashOf(before));
    expect(describeChanges(buildArticleDocument(before), buildArticleDocument(after))).toEqual({
      fields: ['html'],
    });
  });

  it('compares every field of the revision hash but html and the id', () => {
    // From the contract, not a sample, so that a field added to the message later cannot slip past unnamed.
    const notCompared = ['articleId', 'part', 'html', 'schemaVersion', 'fetchedAt', 'processedAt'];
    const hashed = Object.keys(ArticleEnrichedSchema.shape).filter((k) => !notCompared.includes(k));
    expect([...COMPARED_FIELDS].sort()).toEqual(hashed.sort());
    const before = buildArticleDocument(sampleArticle());
    const marked = { ...before, incomplete: { kind: 'truncated', reason: 'not free (paywall)' } } as const;
    expect(describeChanges(before, marked).fields).toEqual(['incomplete']);
  });
});

describe('versionEntry', () => {
  it('records the replaced version with its extractor, model, dates and what the next one changed', () => {
    const previous = stored();
    const next = buildArticleDocument(
      sampleArticle({ extractor: { name: 'newsflow-extraction', version: '2.0.0' } }),
    );
    expect(versionEntry(previous, next)).toEqual({
      version: 1,
      extractor: { name: 'newsflow-extraction', version: '1.0.0' },
      entitiesModel: { name: 'newsflow-ner', version: '1.0.0' },
      processedAt: previous.processedAt,
      storedAt: previous.updatedAt,
      contentHash: previous.contentHash,
      revisionHash: previous.revisionHash,
      title: 'Floods force hundreds from their homes',
      authors: ['Jane Reporter'],
      publishedAt: new Date('2026-11-20T07:30:00.000Z'),
      language: 'en',
      wordCount: previous.wordCount,
      changes: { fields: ['extractor'] },
    });
  });

  it('stays small whatever the article holds: long titles, many authors and entities are cut', () => {
    const many = Array.from({ length: 500 }, (_, i) => `Author ${i} ${'x'.repeat(500)}`);
    const previous = stored({ title: 'T'.repeat(100_000), authors: many });
    const entities = many.map((name) => ({ ...previous.entities[0]!, name }));
    const entry = versionEntry(previous, {
      ...previous,
      entities,
      text: `${previous.text} ${'w '.repeat(1e5)}`,
    });
    expect(entry.title.length).toBeLessThanOrEqual(300);
    expect(entry.authors.length).toBe(10);
    expect(entry.changes.entities?.added.length).toBe(10);
    expect(entry.changes.entities?.addedCount).toBe(500);
    expect(JSON.stringify(entry).length).toBeLessThan(8 * 1024);
  });
});

describe('appendVersion', () => {
  const entry = (version: number) => ({ version }) as ArticleVersion;

  it('appends oldest first and keeps the last `limit`', () => {
    let history: ArticleVersion[] | undefined;
    for (let v = 1; v <= 5; v += 1) history = appendVersion(history, entry(v), 3);
    expect(history?.map((e) => e.version)).toEqual([3, 4, 5]);
    expect(appendVersion(history, entry(6), 0)).toEqual([]);
  });

  it('never lists a version twice', () => {
    const history = appendVersion([entry(1), entry(2)], { ...entry(2), title: 'again' }, 10);
    expect(history.map((e) => e.version)).toEqual([1, 2]);
    expect(history[1]?.title).toBe('again');
  });
});

describe('historyEntriesOver', () => {
  it('drops exactly the fewest oldest entries that bring the document under the limit', () => {
    const article = stored();
    const next = stored({ title: 'Floods: hundreds evacuated' }, 2);
    // 12 entries of different sizes: the kept ones renumber, and indexes pass from one digit to two.
    const history = Array.from({ length: 12 }, (_, i) => ({
      ...versionEntry({ ...article, title: 'T'.repeat(i * 25), version: i + 1 }, next),
    }));
    const doc = { ...article, history };
    const sizeAfterDropping = (n: number): number => {
      const { history: all, ...rest } = doc;
      return BSON.calculateObjectSize(n >= all.length ? rest : { ...rest, history: all.slice(n) });
    };
    const full = sizeAfterDropping(0);
    const alone = sizeAfterDropping(history.length);
    for (let maxBytes = alone - 50; maxBytes <= full + 50; maxBytes += 13) {
      const over = historyEntriesOver(doc, maxBytes);
      if (maxBytes < alone) expect(over).toBe(history.length);
      else expect(sizeAfterDropping(over), `maxBytes ${maxBytes}`).toBeLessThanOrEqual(maxBytes);
      if (over > 0 && maxBytes >= alone)
        expect(sizeAfterDropping(over - 1), `maxBytes ${maxBytes}`).toBeGreaterThan(maxBytes);
    }
    expect(historyEntriesOver({ ...doc, history: [] }, 10)).toBe(0);
  });
});
