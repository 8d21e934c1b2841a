import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ArticleCleanedSchema,
  ArticleEnrichedSchema,
  ArticleStoredSchema,
  ContractError,
  DeadLetterSchema,
  PageFetchedSchema,
  SCHEMA_VERSION,
  UrlRequestedSchema,
  parseMessage,
  parseUrlRequested,
  serializeMessage,
} from '@newsflow/contracts';
import { boundedCall, slowestCall } from './support/bounded-call.js';
import { fuzzSeeds } from './support/fuzz-seeds.js';

/**
 * Fuzzing the contracts' parsers: random bytes, random JSON and mutated valid messages. Every input parses or
 * fails with a `ContractError` carrying one of its codes, within the bounds of support/bounded-call.ts;
 * whatever parses serialises again (a consumer never accepts what a producer could not send).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEEDS = fuzzSeeds('contracts', RUNS);
afterAll(() => console.log(`[fuzz] contracts: slowest call ${slowestCall()}`));
const CODES = new Set(['CONTRACT_INVALID_JSON', 'CONTRACT_SCHEMA', 'CONTRACT_TOO_LARGE']);
const NOW = '2026-11-23T12:00:00.000Z';

const SCHEMAS = {
  pageFetched: PageFetchedSchema,
  articleCleaned: ArticleCleanedSchema,
  articleEnriched: ArticleEnrichedSchema,
  articleStored: ArticleStoredSchema,
  deadLetter: DeadLetterSchema,
  urlRequested: UrlRequestedSchema,
} as const;

const article = {
  schemaVersion: SCHEMA_VERSION,
  articleId: 'a1',
  pageId: 'p1',
  part: 0,
  url: 'https://news.example/story',
  finalUrl: 'https://news.example/story',
  canonicalUrl: 'https://news.example/story',
  title: 'Title',
  authors: ['A B'],
  tags: [],
  text: 'Some text.',
  wordCount: 2,
  provenance: { title: { source: 'h1', confidence: 0.8 } },
  extractor: { name: 'newsflow', version: '1' },
  fetchedAt: NOW,
  processedAt: NOW,
};
/** One valid message per schema, to mutate. */
const VALID: Record<keyof typeof SCHEMAS, unknown> = {
  pageFetched: {
    schemaVersion: SCHEMA_VERSION,
    pageId: 'p1',
    url: 'https://news.example/story',
    finalUrl: 'https://news.example/story',
    status: 200,
    headers: { 'content-type': 'text/html' },
    contentType: 'text/html',
    charset: 'utf-8',
    fetchedAt: NOW,
    bytes: 10,
    contentHash: 'abc',
    redirects: [],
  },
  articleCleaned: article,
  articleEnriched: {
    ...article,
    entities: [
      { name: 'A B', type: 'PERSON', aliases: [], count: 1, salience: 0.5, mentions: [{ start: 0, end: 3 }] },
    ],
    entitiesModel: { name: 'ner', version: '1' },
  },
  articleStored: {
    schemaVersion: SCHEMA_VERSION,
    articleId: 'a1',
    url: 'https://news.example/story',
    version: 1,
    storedAt: NOW,
    outcome: 'inserted',
  },
  deadLetter: {
    schemaVersion: SCHEMA_VERSION,
    topic: 't',
    key: null,
    value: 'AA==',
    error: { name: 'E', code: 'C', message: 'm' },
    attempts: 1,
    failedAt: NOW,
    service: 's',
  },
  urlRequested: { schemaVersion: SCHEMA_VERSION, url: 'https://news.example/story' },
};

const isContractError = (error: unknown): boolean => error instanceof ContractError && CODES.has(error.code);
const checked = (label: string, fn: () => unknown): unknown => boundedCall(label, fn, isContractError);

const schemaName = fc.constantFrom(...(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[]));
const weirdValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    null,
    -1,
    0,
    1e308,
    -0,
    '',
    'http://',
    'javascript:alert(1)',
    '2026-13-45T99:99:99Z',
    '\u0000',
    [],
    {},
    { __proto__: { x: 1 } },
    'x'.repeat(10_000),
  ),
);

/** A valid message with a few fields replaced, deleted or added (including `__proto__` and `constructor`). */
const mutatedMessage = fc
  .tuple(
    schemaName,
    fc.array(
      fc.tuple(
        fc.constantFrom('set', 'delete', 'add'),
        fc.nat(),
        weirdValue,
        fc.constantFrom('__proto__', 'constructor', 'toString', 'extra', 'schemaVersion'),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([name, edits]) => {
    const message = structuredClone(VALID[name]) as Record<string, unknown>;
    const keys = Object.keys(message);
    for (const [kind, at, value, extraKey] of edits) {
      const key = keys[at % keys.length]!;
      if (kind === 'set') message[key] = value;
      else if (kind === 'delete') Reflect.deleteProperty(message, key);
      else
        Object.defineProperty(message, extraKey, {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
    }
    return { name, text: JSON.stringify(message) };
  });

describe('fuzz: contract parsers, fixed cases', () => {
  it('valid messages round-trip', () => {
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      const text = serializeMessage(schema, VALID[name as keyof typeof SCHEMAS] as never);
      expect(
        checked(name, () => parseMessage(schema, text)),
        name,
      ).toBeTypeOf('object');
    }
  });
});

describe.each(SEEDS)(
  'fuzz (seed $seed): contract parsers accept or refuse with a ContractError, quickly',
  ({ seed, numRuns }) => {
    it('random bytes on every topic parser', () => {
      fc.assert(
        fc.property(schemaName, fc.uint8Array({ maxLength: 3000 }), (name, bytes) => {
          checked(name, () => parseMessage(SCHEMAS[name], bytes));
          checked('parseUrlRequested', () => parseUrlRequested(bytes));
        }),
        { seed, numRuns },
      );
    });

    it('random strings and JSON values', () => {
      fc.assert(
        fc.property(
          schemaName,
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 2000 }),
            fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          ),
          (name, text) => {
            checked(name, () => parseMessage(SCHEMAS[name], text));
            checked('parseUrlRequested', () => parseUrlRequested(text));
          },
        ),
        { seed, numRuns },
      );
    });

    it('mutated valid messages: whatever parses serialises again', () => {
      fc.assert(
        fc.property(mutatedMessage, ({ name, text }) => {
          const parsed = checked(name, () => parseMessage(SCHEMAS[name], text));
          if (typeof parsed === 'object' && parsed !== null)
            checked(`${name} serialise`, () => serializeMessage(SCHEMAS[name], parsed as never));
          if (name === 'urlRequested') checked('parseUrlRequested', () => parseUrlRequested(text));
        }),
        { seed, numRuns },
      );
    });
  },
);
