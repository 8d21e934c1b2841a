import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
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
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a gzip that inflates past the page limit without inflating it whole (exit 1)', async () => {
    // 64 MiB of spaces gzip to 64 KiB; a gzip bomb of a few MB inflated to GiBs (minutes, gigabytes of memory).
    const c = captureIo(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    expect(await extractCommand.run(['-'], c.io)).toBe(1);
    expect(c.err()).toContain('gzip content larger than 20971520 bytes');
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
