import { randomUUID } from 'node:crypto';
import { TestingError, TestingErrorCode } from './testing-error.js';

/** How one kind of test namespace names its topics, BullMQ keys and databases from a random id. */
interface NamespaceShape {
  /** The id's form, as a regular expression source (what {@link testNamespacesOf} matches in a topic name). */
  readonly idPattern: string;
  /** A fresh id of that form. */
  readonly newId: () => string;
  /** Every topic of the namespace starts with this (for a one-topic namespace: the topic itself). */
  readonly topicPrefix: (id: string) => string;
  /** The BullMQ/Redis key prefix: its keys are `<queue prefix>:*`. */
  readonly queuePrefix?: (id: string) => string;
  /** The MongoDB database. */
  readonly dbName?: (id: string) => string;
}

const HEX8 = '[0-9a-f]{8}';
const hex8 = (): string => randomUUID().slice(0, 8);

/**
 * Every kind of namespace tests and benches make, each named by a random id. The harnesses make their names
 * here, and removing what earlier runs left ({@link testNamespacesOf}, `removeTestLeftovers`) recognises
 * names by the same table, so the two cannot drift apart: a new kind of namespace is a new row. Only names
 * of these shapes are ever removed, so a user's topics (`url.requested`, `TOPIC_PREFIX=prod.`), queues
 * (`newsflow`) and databases stay.
 */
export const TestNamespaceKinds = {
  /** test/support/runtime-harness.ts createHarness */
  harness: {
    idPattern: HEX8,
    newId: hex8,
    topicPrefix: (id) => `t${id}.`,
    queuePrefix: (id) => `q${id}`,
    dbName: (id) => `db${id}`,
  },
  /** test/cli/run-cli.ts isolatedEnv: the harness's topic and queue shapes, a database of its own shape. */
  cli: {
    idPattern: HEX8,
    newId: hex8,
    topicPrefix: (id) => `t${id}.`,
    queuePrefix: (id) => `q${id}`,
    dbName: (id) => `cli${id}`,
  },
  /** test/reliability/support/scenario.ts */
  reliability: {
    idPattern: HEX8,
    newId: hex8,
    topicPrefix: (id) => `rel${id}.`,
    queuePrefix: (id) => `rel${id}`,
    dbName: (id) => `rel${id}`,
  },
  /** test/runtime/topic-replication.test.ts (topics only) */
  replication: { idPattern: HEX8, newId: hex8, topicPrefix: (id) => `repl-${id}.` },
  /** test/servers.test.ts: one topic */
  serversTest: {
    idPattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    newId: () => randomUUID(),
    topicPrefix: (id) => `servers-test-${id}`,
  },
  /** bench/pipeline/pipeline-run.ts */
  bench: {
    idPattern: HEX8,
    newId: hex8,
    topicPrefix: (id) => `bench${id}.`,
    queuePrefix: (id) => `bench${id}`,
    dbName: (id) => `bench_${id}`,
  },
  /** bench/bench-warc.ts: a step letter, then 6 hex digits */
  benchWarc: {
    idPattern: '[a-z][0-9a-f]{6}',
    newId: () => `x${randomUUID().slice(0, 6)}`,
    topicPrefix: (id) => `bw${id}.`,
    queuePrefix: (id) => `bw${id}`,
    dbName: (id) => `benchwarc_${id}`,
  },
} as const satisfies Record<string, NamespaceShape>;

export type TestNamespaceKind = keyof typeof TestNamespaceKinds;

/** The names of one test namespace; `queuePrefix` and `dbName` are there when its kind makes them. */
export type TestNamespace<K extends TestNamespaceKind = TestNamespaceKind> = {
  readonly kind: K;
  readonly id: string;
  readonly topicPrefix: string;
  readonly queuePrefix?: string;
  readonly dbName?: string;
} & ((typeof TestNamespaceKinds)[K] extends { queuePrefix: unknown }
  ? { readonly queuePrefix: string }
  : unknown) &
  ((typeof TestNamespaceKinds)[K] extends { dbName: unknown } ? { readonly dbName: string } : unknown);

/**
 * The names of a new namespace of `kind` (a fresh random id unless `id` is given).
 * @throws TestingError `TESTING_BAD_NAMESPACE_ID` when `id` is not of the kind's form: its names would not be
 *   recognised as a test's, and what a run left would never be removed.
 */
export function testNamespace<K extends TestNamespaceKind>(kind: K, id?: string): TestNamespace<K> {
  const shape: NamespaceShape = TestNamespaceKinds[kind];
  const chosen = id ?? shape.newId();
  if (!new RegExp(`^${shape.idPattern}$`).test(chosen)) {
    throw new TestingError(
      TestingErrorCode.badNamespaceId,
      `"${chosen}" is no id of a ${kind} test namespace (${shape.idPattern})`,
    );
  }
  return {
    kind,
    id: chosen,
    topicPrefix: shape.topicPrefix(chosen),
    ...(shape.queuePrefix ? { queuePrefix: shape.queuePrefix(chosen) } : {}),
    ...(shape.dbName ? { dbName: shape.dbName(chosen) } : {}),
  } as TestNamespace<K>;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A kind's topic pattern, built from its own name maker: the prefix around a placeholder id. */
function topicPatternOf(shape: NamespaceShape): RegExp {
  const placeholder = '\u0000';
  const [before = '', after = ''] = shape.topicPrefix(placeholder).split(placeholder);
  return new RegExp(`^${escapeRegExp(before)}(${shape.idPattern})${escapeRegExp(after)}`);
}

const PATTERNS = Object.values(TestNamespaceKinds).map((shape: NamespaceShape) => ({
  shape,
  topic: topicPatternOf(shape),
}));

/** The test-namespace topics among `topics`, with the Redis key prefixes and databases of their ids. */
export function testNamespacesOf(topics: readonly string[]): {
  topics: string[];
  queuePrefixes: string[];
  databases: string[];
} {
  const ours = new Set<string>();
  const queuePrefixes = new Set<string>();
  const databases = new Set<string>();
  for (const topic of topics) {
    for (const { shape, topic: pattern } of PATTERNS) {
      const id = pattern.exec(topic)?.[1];
      if (id === undefined) continue;
      ours.add(topic);
      if (shape.queuePrefix) queuePrefixes.add(shape.queuePrefix(id));
      if (shape.dbName) databases.add(shape.dbName(id));
    }
  }
  return { topics: [...ours], queuePrefixes: [...queuePrefixes], databases: [...databases] };
}
