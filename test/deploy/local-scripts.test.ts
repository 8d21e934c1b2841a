import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// deploy/local formats every broker's KRaft storage with an id from `new_kafka_cluster_id` (lib.sh). An id
// that starts with "-" made the storage tool read it as an option, about one start in 64 (issue 20).

const local = join(resolve(import.meta.dirname, '..', '..'), 'deploy', 'local');
const lib = join(local, 'lib.sh');
/**
 * With the old generator, 300 ids all avoid a leading "-" with probability (63/64)^300 ≈ 0.9 %, so this
 * size catches a regression 99 times in 100 while costing a few seconds (two processes per id).
 */
const IDS = 300;

describe('deploy/local: KRaft cluster ids', () => {
  it(`never start with "-" and are 16 random bytes in URL-safe base64 (${IDS} ids)`, () => {
    const out = execFileSync(
      'bash',
      ['-c', `source "$0"; for ((i = 0; i < ${IDS}; i++)); do new_kafka_cluster_id; done`, lib],
      { encoding: 'utf8' },
    );
    const ids = out.trim().split('\n');
    expect(ids).toHaveLength(IDS);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.filter((id) => !/^[A-Za-z0-9_-]{22}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(IDS);
    // The alphabet is really used: "-" and "_" appear inside ids (so they are not simply stripped).
    expect(ids.some((id) => id.includes('-'))).toBe(true);
    expect(ids.some((id) => id.includes('_'))).toBe(true);
  });
});

describe('deploy/local: the settings clients get (deploy/local/env)', () => {
  const env = (extra: Record<string, string>): Record<string, string> => {
    const out = execFileSync('bash', [join(local, 'env')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KAFKA_PORT: '49092',
        REDIS_PORT: '46379',
        MONGO_PORT: '47017',
        ...extra,
      },
    });
    return Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((line): [string, string] => [
          line.slice(0, line.indexOf('=')),
          line.slice(line.indexOf('=') + 1),
        ]),
    );
  };

  it('one broker: its address, replication 1 and min.insync.replicas 1', () => {
    expect(env({})).toEqual({
      KAFKA_BROKERS: '127.0.0.1:49092',
      REDIS_URL: 'redis://127.0.0.1:46379',
      MONGODB_URI: 'mongodb://127.0.0.1:47017/newsflow',
      KAFKA_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    });
  });

  it('NEWSFLOW_KAFKA_NODES=3: every node (two ports apart), replication 3 and min.insync.replicas 2', () => {
    expect(env({ NEWSFLOW_KAFKA_NODES: '3' })).toMatchObject({
      KAFKA_BROKERS: '127.0.0.1:49092,127.0.0.1:49094,127.0.0.1:49096',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
    });
  });

  it('refuses a bad node count, an unknown server and a node the stack does not have', () => {
    const run = (script: string, args: string[], extra: Record<string, string> = {}) =>
      spawnSync('bash', [join(local, script), ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, KAFKA_PORT: '49092', ...extra },
      });
    const badCount = run('env', [], { NEWSFLOW_KAFKA_NODES: 'three' });
    expect(badCount.status).toBe(1);
    expect(badCount.stderr).toContain('NEWSFLOW_KAFKA_NODES=three is not a node count');
    const unknown = run('where', ['kafak']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("unknown server 'kafak'");
    const noNode = run('where', ['kafka-2']);
    expect(noNode.status).toBe(1);
    expect(noNode.stderr).toContain("no Kafka node 'kafka-2' here");
  });
});

describe('deploy/local: the topics a stopped Kafka node kept (kafka_topics_on_disk, for up --leftover-topics)', () => {
  it("lists each topic once from its partitions' folders, leaving out Kafka's own and those being deleted", () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsflow-kafka-disk-'));
    try {
      // KAFKA_PORT picks the node's folder: <dir>/kafka-49092/data.
      const data = join(dir, 'kafka-49092', 'data');
      for (const folder of [
        't1a2b3c4d.url.requested-0',
        't1a2b3c4d.url.requested-1',
        't1a2b3c4d.url.requested.dlq-0',
        'url-requested-2026-12',
        '__consumer_offsets-7',
        '__cluster_metadata-0',
        't5e6f7a8b.page.fetched-0.4b2c1d9e0f1a4c3b8e7d6c5b4a392817-delete',
      ]) {
        mkdirSync(join(data, folder), { recursive: true });
      }
      writeFileSync(join(data, 'meta.properties'), 'node.id=1\n');
      const out = execFileSync('bash', ['-c', 'source "$0"; kafka_topics_on_disk kafka', lib], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, KAFKA_PORT: '49092', NEWSFLOW_LOCAL_DIR: dir },
      });
      expect(out.trim().split('\n')).toEqual([
        't1a2b3c4d.url.requested',
        't1a2b3c4d.url.requested.dlq',
        'url-requested-2026',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
