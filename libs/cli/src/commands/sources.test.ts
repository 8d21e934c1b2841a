import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../../test/support/capture-io.js';
import { sourcesCommand } from './sources.js';

const dir = mkdtempSync(join(tmpdir(), 'sources-parse-'));

describe('newsflow sources parse', () => {
  it('prints the items of a feed file as JSON', async () => {
    const file = join(dir, 'feed.xml');
    writeFileSync(
      file,
      '<rss version="2.0"><channel><link>https://news.example/</link><item><title>A &amp; B</title><link>/a</link><pubDate>Tue, 03 Jun 2025 09:39:21 GMT</pubDate><author>jo@news.example (Jo)</author><guid>g1</guid></item></channel></rss>',
    );
    const c = captureIo();
    expect(await sourcesCommand.run(['parse', file, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toEqual({
      kind: 'feed',
      format: 'rss',
      skipped: 0,
      items: [
        {
          url: 'https://news.example/a',
          title: 'A & B',
          publishedAt: '2025-06-03T09:39:21.000Z',
          authors: [expect.any(String)],
          id: 'g1',
        },
      ],
    });
  });

  it('reads a gzipped sitemap from stdin', async () => {
    const gz = gzipSync(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/x</loc><lastmod>2025-06-03</lastmod></url></urlset>',
    );
    const c = captureIo(gz);
    expect(await sourcesCommand.run(['parse', '-'], c.io)).toBe(0);
    expect(c.out()).toBe('sitemap (sitemap): 1 item\n2025-06-03T00:00  https://news.example/x\n');
  });

  it('prints an item title without its control characters (a feed could drive the terminal)', async () => {
    const c = captureIo(
      '<rss version="2.0"><channel><item><title>Evil \u001b]0;owned\u0007\u001b[2J title</title><link>https://news.example/a</link></item></channel></rss>',
    );
    expect(await sourcesCommand.run(['parse', '-'], c.io)).toBe(0);
    expect(c.out()).toContain('Evil \uFFFD]0;owned\uFFFD\uFFFD[2J title');
    expect(c.out()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('stops reading an endless stdin past the listing limit: SOURCES_TOO_LARGE, exit 1', async () => {
    // Like /dev/zero: it never ends, so a command that reads it whole never answers.
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const stdin = Readable.from(
      (function* () {
        for (;;) yield chunk;
      })(),
    );
    const c = captureIo();
    expect(await sourcesCommand.run(['parse', '-'], { ...c.io, stdin })).toBe(1);
    expect(c.err()).toContain('SOURCES_TOO_LARGE');
    stdin.destroy();
  });

  it('says why a document is no feed, with its code, and exits 1', async () => {
    const file = join(dir, 'page.html');
    writeFileSync(file, '<!doctype html><html><body>moved</body></html>');
    const c = captureIo();
    expect(await sourcesCommand.run(['parse', file], c.io)).toBe(1);
    // `CODE: message`, as every command prints a typed error.
    expect(c.err()).toMatch(/^newsflow sources: SOURCES_NOT_A_FEED: \S/);
  });

  it('refuses bad arguments with exit 2', async () => {
    const c = captureIo();
    expect(await sourcesCommand.run(['add', 'https://news.example/', '--every', 'soon'], c.io)).toBe(2);
    expect(c.err()).toContain('cannot read duration');
    expect(await sourcesCommand.run(['frobnicate'], captureIo().io)).toBe(2);
  });
});
