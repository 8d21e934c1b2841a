import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger, createMongo, type MongoHandle } from '@newsflow/runtime';
import { testNamespace } from '@newsflow/testing';
import { createArticleRepository } from '../../services/store/src/article-repository.js';
import { sampleArticle } from '../../services/store/src/testing/sample-article.js';

interface DocumentedField {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
}

/** The top-level field table of docs/articles.md: what we promise consumers. */
function documentedFields(): DocumentedField[] {
  const doc = readFileSync(new URL('../../docs/articles.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Fields'), doc.indexOf('Each element of `entities`'));
  return [...section.matchAll(/^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => ({
    name: m[1]!,
    type: m[2]!.trim(),
    optional: m[2]!.includes('optional'),
  }));
}

/** The field table of one `history` record (docs/articles.md, "Versions"). */
function documentedHistoryFields(): string[] {
  const doc = readFileSync(new URL('../../docs/articles.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Versions: the `history` array');
  const section = doc.slice(start, doc.indexOf('`changes.fields` lists', start));
  return [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]!);
}

/** The BSON type names the docs use, from what a foreign client decoded. */
const PYTHON_TYPES: Record<string, string> = {
  str: 'string',
  int: 'int',
  bool: 'bool',
  list: 'array',
  dict: 'object',
  datetime: 'date',
  float: 'double',
};

describe('a client that is not our code reads a stored article and finds the documented fields', () => {
  const { dbName } = testNamespace('harness');
  let mongo: MongoHandle;
  let uri: string;
  const article = sampleArticle();
  const fields = documentedFields();

  beforeAll(async () => {
    const url = new URL(inject('servers').mongoUri);
    url.pathname = `/${dbName}`;
    uri = url.toString();
    mongo = await createMongo({ uri });
    const repository = createArticleRepository({
      db: mongo.db,
      logger: createLogger({ service: 'reader-test', level: 'silent' }),
    });
    await repository.init();
    await repository.upsert(article);
    // A second version, so that the document carries a `history` record too.
    await repository.upsert({
      ...article,
      title: `${article.title}, updated`,
      processedAt: '2026-11-21T00:00:00.000Z',
    });
  });
  afterAll(async () => {
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
  });

  it('the documentation lists the fields', () => {
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        '_id',
        'version',
        'contentHash',
        'simhash',
        'duplicateOf',
        'extractor',
        'firstSeenAt',
      ]),
    );
  });

  it('with the plain mongodb driver and a raw query', async () => {
    const client = new MongoClient(uri);
    try {
      const doc = await client
        .db(dbName)
        .collection('articles')
        .findOne({ canonicalUrl: article.canonicalUrl });
      expect(doc).not.toBeNull();
      const keys = Object.keys(doc!);
      for (const key of keys)
        expect(
          fields.map((f) => f.name),
          `undocumented field ${key}`,
        ).toContain(key);
      for (const field of fields.filter((f) => !f.optional))
        expect(keys, `missing field ${field.name}`).toContain(field.name);
      expect(doc!.publishedAt).toBeInstanceOf(Date);
      expect(doc!.entities).toEqual(article.entities);
      expect(doc!.extractor).toEqual({ name: 'newsflow-extraction', version: '1.0.0' });
      const history = doc!.history as Record<string, unknown>[];
      expect(history).toHaveLength(1);
      expect(Object.keys(history[0]!).sort()).toEqual(documentedHistoryFields().sort());
      expect(history[0]!.processedAt).toBeInstanceOf(Date);
    } finally {
      await client.close();
    }
  });

  // pymongo: installed with `pip install pymongo` where pip works; skipped where Python lacks it.
  const hasPymongo = spawnSync('python3', ['-c', 'import pymongo'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasPymongo)('with pymongo', () => {
    const script = [
      'import json, sys',
      'from pymongo import MongoClient',
      'doc = MongoClient(sys.argv[1])[sys.argv[2]]["articles"].find_one({"_id": sys.argv[3]})',
      'print(json.dumps({k: type(v).__name__ for k, v in doc.items()}))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script, uri, dbName, article.articleId], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const types = JSON.parse(out) as Record<string, string>;
    const byName = new Map(fields.map((f) => [f.name, f]));
    for (const [key, pythonType] of Object.entries(types)) {
      const field = byName.get(key);
      expect(field, `undocumented field ${key}`).toBeDefined();
      expect(field!.type, `${key} is a ${pythonType}`).toContain(PYTHON_TYPES[pythonType] ?? pythonType);
    }
    for (const field of fields.filter((f) => !f.optional))
      expect(Object.keys(types), `missing field ${field.name}`).toContain(field.name);
  });
});
