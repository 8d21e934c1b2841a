/**
 * npx tsx test/support/remove-test-leftovers.ts FILE
 *
 * Removes what earlier test runs left in the servers KAFKA_BROKERS, REDIS_URL and MONGODB_URI name: of the
 * topics listed in FILE (one per line, as `deploy/local/up --leftover-topics=FILE` writes them: the topics a
 * Kafka node held on disk before it started), those of test namespaces, with their Redis keys and databases
 * (libs/testing removeTestLeftovers). Called by scripts/test.sh; exits 0 even when a server refused.
 */
import { readFile } from 'node:fs/promises';
import { removeTestLeftovers } from '@newsflow/testing';

const [file] = process.argv.slice(2);
const { KAFKA_BROKERS, REDIS_URL, MONGODB_URI } = process.env;
if (file === undefined || !KAFKA_BROKERS || !REDIS_URL || !MONGODB_URI) {
  process.stderr.write(
    'usage: KAFKA_BROKERS=… REDIS_URL=… MONGODB_URI=… npx tsx test/support/remove-test-leftovers.ts FILE\n',
  );
  process.exit(2);
}
const topics = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
await removeTestLeftovers(
  { kafkaBrokers: KAFKA_BROKERS.split(','), redisUrl: REDIS_URL, mongoUri: MONGODB_URI },
  topics,
);
