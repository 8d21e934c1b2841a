import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../../test/support/capture-io.js';
import { createReprocessCommand, reprocessMessage } from './reprocess.js';

describe('newsflow reprocess: arguments', () => {
  it.each([
    [[], /--since is required/],
    [['--since'], /--since/],
    [
      ['--since', 'last tuesday'],
      /--since needs an ISO 8601 date, e\.g\. 2026-11-01 .*\(got "last tuesday"\)/,
    ],
    [['--since', '2026-13-45'], /--since needs an ISO 8601 date/],
    [['--since', '2026-11-01', '--site', 'http://'], /--site needs a host name \(got "http:\/\/"\)/],
    [['--since', '2026-11-01', '--limit', '0'], /--limit needs a positive integer/],
    [['--since', '2026-11-01', '--limit', '2.5'], /--limit needs a positive integer/],
    [['--since', '2026-11-01', '--dry-run=yes'], /--dry-run/],
    [['--since', '2026-11-01', '--sites', 'a.example'], /Unknown option '--sites'/],
    [['--since', '2026-11-01', 'a.example'], /Unexpected argument 'a\.example'/],
  ])('refuses %j with exit 2 and a pointer to --help, before reading any setting', async (args, problem) => {
    const c = captureIo();
    // An invalid setting is an error too (exit 1, with its own message): the usage error must come first.
    const command = createReprocessCommand({ env: { KAFKA_SSL: 'maybe' } });
    expect(await command.run(args, c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toContain('Run `newsflow reprocess --help` for usage.');
    expect(c.out()).toBe('');
  });
});

describe('newsflow reprocess: settings', () => {
  it('reports a bad setting by name with exit 1, as every command that needs servers does', async () => {
    const c = captureIo();
    const command = createReprocessCommand({ env: { KAFKA_SSL: 'maybe' } });
    expect(await command.run(['--since', '2026-11-01'], c.io)).toBe(1);
    expect(c.err()).toMatch(/^newsflow reprocess: /);
    expect(c.err()).toContain('KAFKA_SSL (got "maybe")');
    expect(c.out()).toBe('');
  });
});

describe('reprocessMessage', () => {
  const page = {
    pageId: 'p_1',
    url: 'http://news.example/a',
    finalUrl: 'https://news.example/a',
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    contentType: 'text/html',
    charset: 'utf-8',
    etag: '"v1"',
    lastModified: 'Sun, 01 Nov 2026 10:00:00 GMT',
    fetchedAt: new Date('2026-11-01T10:00:00Z'),
    contentHash: 'sha256:abc',
    body: new Uint8Array(1234),
    source: 'warc:a.warc.gz#0',
  };

  it('replays the stored page: its hash, no inline body, no redirects, source reprocess, the replay time', () => {
    const message = reprocessMessage(page, new Date('2026-12-01T00:00:00Z'));
    expect(message).toStrictEqual({
      schemaVersion: message.schemaVersion,
      pageId: 'p_1',
      url: 'http://news.example/a',
      finalUrl: 'https://news.example/a',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      contentType: 'text/html',
      charset: 'utf-8',
      fetchedAt: '2026-11-01T10:00:00.000Z',
      bytes: 1234,
      contentHash: 'sha256:abc',
      redirects: [],
      etag: '"v1"',
      lastModified: 'Sun, 01 Nov 2026 10:00:00 GMT',
      source: 'reprocess',
      requestedAt: '2026-12-01T00:00:00.000Z',
      reprocess: true,
    });
    expect(message.headers).not.toBe(page.headers);
  });

  it('leaves out the optional fields a page does not have', () => {
    const { charset: _c, etag: _e, lastModified: _l, ...bare } = page;
    const message = reprocessMessage(bare, new Date('2026-12-01T00:00:00Z'));
    expect(Object.keys(message)).not.toContain('charset');
    expect(Object.keys(message)).not.toContain('etag');
    expect(Object.keys(message)).not.toContain('lastModified');
  });
});
