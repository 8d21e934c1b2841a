import { ARTICLE_SCHEMA_VERSION } from './article-document.js';

const str = { bsonType: 'string' } as const;
const strArray = { bsonType: 'array', items: str } as const;
const date = { bsonType: 'date' } as const;
const int = { bsonType: ['int', 'long'] } as const;
const nameVersion = {
  bsonType: 'object',
  required: ['name', 'version'],
  properties: { name: str, version: str },
} as const;

/**
 * The `$jsonSchema` collection validator of `articles`: the required fields and their BSON types (see
 * docs/articles.md). Extra fields are allowed so a newer store can add some before older readers know them.
 */
export const articleJsonSchema = {
  bsonType: 'object',
  required: [
    '_id',
    'schemaVersion',
    'version',
    'pageId',
    'part',
    'url',
    'finalUrl',
    'canonicalUrl',
    'title',
    'authors',
    'tags',
    'text',
    'wordCount',
    'truncated',
    'entities',
    'entitiesModel',
    'provenance',
    'extractor',
    'contentHash',
    'simhash',
    'simhashBands',
    'revisionHash',
    'fetchedAt',
    'processedAt',
    'firstSeenAt',
    'updatedAt',
    'storedAt',
  ],
  properties: {
    _id: str,
    schemaVersion: { bsonType: ['int', 'long'], minimum: 1, maximum: ARTICLE_SCHEMA_VERSION },
    version: { bsonType: ['int', 'long'], minimum: 1 },
    pageId: str,
    part: int,
    url: str,
    finalUrl: str,
    canonicalUrl: str,
    siteName: str,
    language: str,
    title: str,
    description: str,
    authors: strArray,
    publishedAt: date,
    modifiedAt: date,
    section: str,
    tags: strArray,
    text: str,
    html: str,
    wordCount: int,
    leadImage: str,
    incomplete: {
      bsonType: 'object',
      required: ['kind', 'reason'],
      properties: { kind: { enum: ['empty', 'truncated'] }, reason: str },
    },
    truncated: { bsonType: 'bool' },
    entities: {
      bsonType: 'array',
      items: {
        bsonType: 'object',
        required: ['name', 'type', 'count', 'salience'],
        properties: { name: str, type: { enum: ['PERSON', 'ORG', 'LOCATION', 'MISC'] }, aliases: strArray },
      },
    },
    entitiesModel: nameVersion,
    extractor: nameVersion,
    provenance: { bsonType: 'object' },
    contentHash: { bsonType: 'string', pattern: '^[0-9a-f]{64}$' },
    simhash: { bsonType: 'string', pattern: '^[0-9a-f]{16}$' },
    simhashBands: strArray,
    duplicateOf: str,
    duplicateDistance: int,
    revisionHash: str,
    fetchedAt: date,
    processedAt: date,
    firstSeenAt: date,
    updatedAt: date,
    storedAt: date,
    history: {
      bsonType: 'array',
      items: {
        bsonType: 'object',
        required: ['version', 'extractor', 'entitiesModel', 'processedAt', 'storedAt', 'changes'],
        properties: {
          version: int,
          extractor: nameVersion,
          entitiesModel: nameVersion,
          processedAt: date,
          storedAt: date,
          changes: { bsonType: 'object', required: ['fields'], properties: { fields: strArray } },
        },
      },
    },
  },
} as const;
