import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// deploy/local formats every broker's KRaft storage with an id from `new_kafka_cluster_id` (lib.sh). An id
// that starts with "-" made the storage tool read it as an option, about one start in 64 (issue 20).

const lib = join(resolve(import.meta.dirname, '..', '..'), 'deploy', 'local', 'lib.sh');
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
