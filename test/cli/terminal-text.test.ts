import { describe, expect, it } from 'vitest';
import { useCliContext } from './cli-context.js';
import { runCli } from './run-cli.js';

/** Control sequences a hostile page can put in its title, byline or text: retitle, clear, hide, overwrite. */
const ESCAPES = '\u001b]0;owned\u0007\u001b[2J\u001b[8m\r';

describe('newsflow articles prints stored text without its control characters (subprocess, real MongoDB)', () => {
  const context = useCliContext();

  it('shows the control characters of a stored title, author and entity as U+FFFD, never as they are', async () => {
    const { env, plain } = context();
    await plain.db.collection<{ _id: string; [field: string]: unknown }>('articles').insertOne({
      _id: 'esc1',
      url: 'https://hostile.example/1',
      canonicalUrl: 'https://hostile.example/1',
      siteName: `Hostile${ESCAPES}`,
      title: `Title${ESCAPES}here`,
      publishedAt: new Date('2026-01-10T00:00:00Z'),
      authors: [`Ann${ESCAPES}`],
      entities: [{ name: `Lavrov${ESCAPES}`, type: 'PERSON', count: 1, salience: 1, aliases: [] }],
    });
    const r = await runCli(['articles'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('Title\uFFFD]0;owned\uFFFD\uFFFD[2J\uFFFD[8m\uFFFDhere');
    // JSON output escapes them itself, and keeps the stored value.
    const json = await runCli(['articles', '--json'], env);
    expect((JSON.parse(json.stdout) as { title: string }[])[0]?.title).toBe(`Title${ESCAPES}here`);
  });
});
