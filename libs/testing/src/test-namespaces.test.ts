import { describe, expect, it } from 'vitest';
import {
  TestNamespaceKinds,
  testNamespace,
  testNamespacesOf,
  type TestNamespaceKind,
} from './test-namespaces.js';
import { TestingErrorCode } from './testing-error.js';

const kinds = Object.keys(TestNamespaceKinds) as TestNamespaceKind[];

describe('test namespaces: the names harnesses make are the names leftover removal knows', () => {
  it.each(kinds)(
    'a %s namespace: its topics, queue prefix and database are recognised as a test run’s',
    (kind) => {
      const namespace = testNamespace(kind);
      const topic = `${namespace.topicPrefix}${namespace.topicPrefix.endsWith('.') ? 'url.requested' : ''}`;
      const found = testNamespacesOf([topic]);
      expect(found.topics).toEqual([topic]);
      if (namespace.queuePrefix !== undefined) expect(found.queuePrefixes).toContain(namespace.queuePrefix);
      else expect(found.queuePrefixes).toEqual([]);
      if (namespace.dbName !== undefined) expect(found.databases).toContain(namespace.dbName);
      else expect(found.databases).toEqual([]);
    },
  );

  it('makes a fresh id each time', () => {
    expect(testNamespace('harness').id).not.toBe(testNamespace('harness').id);
  });

  it('refuses an id of another form than its kind’s (its names would never be cleaned up)', () => {
    expect(() => testNamespace('harness', 'notanid')).toThrow(
      expect.objectContaining({ code: TestingErrorCode.badNamespaceId }),
    );
    expect(testNamespace('benchWarc', 'e1a2b3c').topicPrefix).toBe('bwe1a2b3c.');
  });

  it('leaves names of no test namespace alone', () => {
    expect(
      testNamespacesOf(['url.requested', 'prod.url.requested', 't1a2b3c4.url.requested', 'tZZZZZZZZ.x']),
    ).toEqual({ topics: [], queuePrefixes: [], databases: [] });
  });
});
