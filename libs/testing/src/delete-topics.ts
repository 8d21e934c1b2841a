import { Kafka, logLevel } from 'kafkajs';
import { TestingError, TestingErrorCode } from './testing-error.js';

/**
 * The shortest prefix `deleteTopicsWithPrefix` accepts. A test's prefix carries a random id (`t1a2b3c4d.`, 10
 * characters); a shorter one (`''`, `t`) would match other tests' and other people's topics on a shared broker.
 */
const MIN_PREFIX_LENGTH = 8;

export interface DeleteTopicsOptions {
  /** Bound on connecting and on each admin request (the broker deletes asynchronously past it). @default 10000 */
  readonly timeoutMs?: number;
  /** Where a failure is reported. @default a line on stderr */
  readonly log?: (line: string) => void;
}

/**
 * Deletes every topic whose name starts with `prefix` (a test's own random topic prefix), so test runs do not
 * leave thousands of partitions on a shared broker (which then takes a minute or more to recover after an
 * unclean stop, docs/local-servers.md). Best effort, for teardown: a broker that cannot be reached or refuses
 * is reported through `log` and never throws.
 * @returns the topics it deleted (empty when none matched or the deletion failed)
 * @throws TestingError `TESTING_UNSAFE_TOPIC_PREFIX` when `prefix` is shorter than 8 characters (a mistake in the
 *   test, not a broker failure); nothing is deleted.
 */
export async function deleteTopicsWithPrefix(
  brokers: readonly string[],
  prefix: string,
  options: DeleteTopicsOptions = {},
): Promise<string[]> {
  if (prefix.length < MIN_PREFIX_LENGTH) {
    throw new TestingError(
      TestingErrorCode.unsafeTopicPrefix,
      `refusing to delete topics by the prefix "${prefix}": shorter than ${MIN_PREFIX_LENGTH} characters, it may match other tests' topics`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const admin = new Kafka({
    clientId: `delete-topics-${prefix}`,
    brokers: [...brokers],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 2 },
    logLevel: logLevel.NOTHING,
  }).admin();
  let ours: string[] = [];
  try {
    await admin.connect();
    ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours, timeout: timeoutMs });
    return ours;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`[testing] could not delete the topics of prefix ${prefix} (${ours.length} found): ${message}`);
    return [];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
