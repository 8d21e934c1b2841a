import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureIo } from '../../../../test/support/capture-io.js';
import { extractCommand } from './extract.js';

const TITLE = 'Council approves the new harbour bridge';
const PARAGRAPHS = [
  'The city council approved the new harbour bridge on Tuesday after a debate that lasted most of the night.',
  'Construction is expected to start next spring and to take three years, the mayor told reporters afterwards.',
];
const PAGE = `<html><head><title>${TITLE}</title></head><body><article><h1>${TITLE}</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

describe('newsflow extract', () => {
  it('extracts a page from stdin as JSON, with the page URL given by --url', async () => {
    const c = captureIo(PAGE);
    expect(await extractCommand.run(['-', '--json', '--url', 'https://news.example/bridge'], c.io)).toBe(0);
    const result = JSON.parse(c.out()) as {
      articles: { title: string; text: string }[];
    };
    expect(result.articles[0]).toMatchObject({ title: TITLE, text: PARAGRAPHS.join('\n\n') });
  });

  it('treats the input as plain text with --text', async () => {
    const c = captureIo(`${TITLE}\n\n${PARAGRAPHS.join('\n\n')}\n`);
    expect(await extractCommand.run(['--text', '-', '--json'], c.io)).toBe(0);
    const result = JSON.parse(c.out()) as { diagnostics: { contentType: string } };
    expect(result.diagnostics.contentType).toBe('text/plain');
  });

  it('extracts a folder with --batch into the --out file as {id: text}', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'newsflow-extract-'));
    try {
      await writeFile(path.join(dir, 'bridge.html'), PAGE);
      await writeFile(path.join(dir, 'notes.md'), 'not a page');
      const out = path.join(dir, 'pred.json');
      const c = captureIo();
      expect(await extractCommand.run(['--batch', dir, '--out', out], c.io)).toBe(0);
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({ bridge: PARAGRAPHS.join('\n\n') });
      expect(c.err()).toMatch(/^extract: 1\/1 page, \d+ ms\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a gzip that inflates past the page limit without inflating it whole (exit 1)', async () => {
    // 64 MiB of spaces gzip to 64 KiB; a gzip bomb of a few MB inflated to GiBs (minutes, gigabytes of memory).
    const c = captureIo(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    expect(await extractCommand.run(['-'], c.io)).toBe(1);
    expect(c.err()).toBe(
      'newsflow extract: -: CLI_INPUT_TOO_LARGE: larger than 20971520 bytes once gunzipped\n',
    );
  });

  it('refuses stdin past the page limit as CLI_INPUT_TOO_LARGE (exit 1: refused, not unreadable)', async () => {
    const c = captureIo(Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
    expect(await extractCommand.run(['-'], c.io)).toBe(1);
    expect(c.err()).toBe('newsflow extract: -: CLI_INPUT_TOO_LARGE: larger than 20971520 bytes\n');
    expect(c.out()).toBe('');
  });

  it('says why on stderr when no article is found (exit 1)', async () => {
    const c = captureIo('<html><body></body></html>');
    expect(await extractCommand.run(['-'], c.io)).toBe(1);
    expect(c.err()).toMatch(/^newsflow extract: no article found in - \(.+\)\n$/);
  });

  it('reports a --batch folder that cannot be read with exit 3, no stack trace', async () => {
    const c = captureIo();
    const missing = path.join(tmpdir(), 'newsflow-extract-no-such-folder');
    expect(await extractCommand.run(['--batch', missing], c.io)).toBe(3);
    expect(c.err()).toMatch(/^newsflow extract: cannot read .*newsflow-extract-no-such-folder: ENOENT/);
  });

  describe('a URL, fetched as the fetcher fetches it (real servers on 127.0.0.1 and 127.0.0.2)', () => {
    let site: Server;
    let internal: Server;
    let siteUrl: string;
    let internalUrl: string;
    /** Starts `server` on `host`, port 0, and gives its base URL. */
    const listen = (server: Server, host: string) =>
      new Promise<string>((resolve) =>
        server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)),
      );

    beforeAll(async () => {
      // Stands for a service inside the network (a metadata endpoint, an admin page) that must not be read.
      internal = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(PAGE.replaceAll('harbour bridge', 'internal secret'));
      });
      internalUrl = await listen(internal, '127.0.0.2');
      site = createServer((req, res) => {
        if (req.url === '/to-internal') {
          res.writeHead(302, { location: `${internalUrl}/` });
          res.end();
          return;
        }
        if (req.url === '/long') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end(`${PAGE}<!--${' '.repeat(8192)}-->`);
          return;
        }
        // The charset is in the header only: the page must be decoded as Latin-1, as the fetcher decodes it.
        res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        res.end(Buffer.from(PAGE.replace('city council', 'café council'), 'latin1'));
      });
      siteUrl = await listen(site, '127.0.0.1');
    });
    afterAll(() => {
      site.close();
      internal.close();
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('extracts a page of a host FETCH_ALLOWED_HOSTS allows, decoded by its header charset', async () => {
      vi.stubEnv('FETCH_ALLOWED_HOSTS', '127.0.0.1');
      const c = captureIo();
      expect(await extractCommand.run([`${siteUrl}/bridge`, '--json'], c.io)).toBe(0);
      const result = JSON.parse(c.out()) as { articles: { title: string; text: string }[] };
      expect(result.articles[0]?.title).toBe(TITLE);
      expect(result.articles[0]?.text).toContain('The café council approved');
    });

    it('refuses a loopback address with the fetcher’s FETCH_ADDRESS_BLOCKED (exit 1), nothing on stdout', async () => {
      vi.stubEnv('FETCH_ALLOWED_HOSTS', '');
      const c = captureIo();
      expect(await extractCommand.run([`${siteUrl}/bridge`], c.io)).toBe(1);
      expect(c.err()).toBe(
        `newsflow extract: ${siteUrl}/bridge: FETCH_ADDRESS_BLOCKED: refusing to connect to 127.0.0.1 ` +
          '(127.0.0.1: loopback address); FETCH_ALLOWED_HOSTS can allow it\n',
      );
      expect(c.out()).toBe('');
    });

    it('refuses a body over FETCH_MAX_BODY_BYTES with FETCH_BODY_TOO_LARGE (exit 1)', async () => {
      vi.stubEnv('FETCH_ALLOWED_HOSTS', '127.0.0.1');
      vi.stubEnv('FETCH_MAX_BODY_BYTES', '4096');
      const c = captureIo();
      expect(await extractCommand.run([`${siteUrl}/long`], c.io)).toBe(1);
      expect(c.err()).toContain('FETCH_BODY_TOO_LARGE: body larger than 4096 bytes');
      expect(c.out()).toBe('');
    });

    it('refuses a redirect from an allowed host to an address it does not allow (exit 1)', async () => {
      vi.stubEnv('FETCH_ALLOWED_HOSTS', '127.0.0.1');
      const c = captureIo();
      expect(await extractCommand.run([`${siteUrl}/to-internal`], c.io)).toBe(1);
      expect(c.err()).toContain('FETCH_ADDRESS_BLOCKED: refusing to connect to 127.0.0.2');
      expect(c.out()).not.toContain('internal secret');
    });
  });

  it.each([
    [['page.html', '--html'], /Unknown option '--html'/],
    [['page.html', '--url'], /--url/],
    [['a.html', 'b.html'], /only one input may be given/],
    [['--json'], /give a file, a URL, - or --batch DIR/],
  ])('refuses bad usage %j with exit 2 and a pointer to --help', async (args, problem) => {
    const c = captureIo();
    expect(await extractCommand.run(args, c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toContain('Run `newsflow extract --help` for usage.');
    expect(c.out()).toBe('');
  });
});
