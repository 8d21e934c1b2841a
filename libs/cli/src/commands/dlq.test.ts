import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FetchErrorCode } from '@newsflow/http-fetch';
import { captureIo } from '../../../../test/support/capture-io.js';
import { describeLetter, dlqCommand } from './dlq.js';
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

describe('newsflow dlq listing, as text', () => {
  it('shows the control characters of a letter instead of sending them to the terminal', () => {
    // A producer's error message or value can hold ESC sequences that retitle or clear the operator's terminal.
    const value = 'https://x.example/\u001b]0;pwned\u0007';
    const text = describeLetter({
      topic: 'url.requested.dlq',
      partition: 0,
      offset: '7',
      letter: {
        schemaVersion: 1,
        topic: 'url.requested',
        key: 'x.example\u001b[2J',
        value: Buffer.from(value).toString('base64'),
        error: { name: 'FetchError', code: 'FETCH_NOT_FOUND', message: 'HTTP 404 \u001b[31mred\r' },
        attempts: 1,
        failedAt: '2026-12-07T18:00:00.000Z',
        service: 'fetcher',
      },
      original: Buffer.from(value),
      unreplayable: undefined,
      replayed: undefined,
    });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('FETCH_NOT_FOUND (FetchError): HTTP 404 \ufffd[31mred\ufffd');
    expect(text).toContain('key x.example\ufffd[2J  value https://x.example/\ufffd]0;pwned\ufffd');
  });
});
