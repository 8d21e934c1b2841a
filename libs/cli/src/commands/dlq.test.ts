import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FetchErrorCode } from '@newsflow/http-fetch';
import { captureIo } from '../../../../test/support/capture-io.js';
import { dlqCommand } from './dlq.js';
import { dlqHelp } from './dlq-help.js';

/** The topics `newsflow dlq --help` lists for `--topic`. */
function topicsInHelp(): string[] {
  const line = /--topic TOPIC\s+one dead-letter topic: ([^\n]+)/.exec(dlqHelp)?.[1] ?? '';
  return line.split(',').map((topic) => topic.trim());
}

/** A port that refuses connections (bound, then closed again). */
function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('newsflow dlq --topic and --code, as the help says', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes every topic its help lists (and lists no other): each goes on to Kafka instead of exit 2', async () => {
    // Before: the help listed url.skipped.dlq (every topic's .dlq), which the command refused as unknown.
    const listed = topicsInHelp();
    expect(listed).toContain('url.requested.dlq');
    expect(listed).not.toContain('url.skipped.dlq');
    vi.stubEnv('KAFKA_BROKERS', `127.0.0.1:${await refusedPort()}`);
    const outcomes: string[] = [];
    for (const topic of listed) {
      const c = captureIo();
      const code = await dlqCommand.run(['--topic', topic], c.io);
      outcomes.push(`${topic}: exit ${code}${c.err().includes('unknown topic') ? ' (unknown topic)' : ''}`);
    }
    expect(outcomes).toEqual(listed.map((topic) => `${topic}: exit 3`));
  });

  it('refuses a topic without dead letters with the list its help gives', async () => {
    const c = captureIo();
    expect(await dlqCommand.run(['--topic', 'url.skipped.dlq'], c.io)).toBe(2);
    expect(c.err()).toBe(
      `newsflow dlq: unknown topic url.skipped.dlq; one of ${topicsInHelp().join(', ')}\n`,
    );
  });

  it('gives real error codes as the --code example', () => {
    // Before: "e.g. FETCH_TIMEOUT", a code nothing throws (the fetcher's are FETCH_TOTAL_TIMEOUT, …).
    const examples = /--code CODE\s+.*\(e\.g\. ([^)]+)\)/.exec(dlqHelp)?.[1]?.split(/,\s*/) ?? [];
    expect(examples.length).toBeGreaterThan(0);
    const known: readonly string[] = Object.values(FetchErrorCode);
    expect(examples.filter((code) => !known.includes(code))).toEqual([]);
  });
});
