import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../command.js';
import { entitiesCommand } from './entities.js';

const seed = fileURLToPath(
  new URL('../../../../test/fixtures/seeds/000_b70890286bceabd6.txt', import.meta.url),
);
const german = fileURLToPath(new URL('../../../../test/entities/fixtures/de.txt', import.meta.url));

function capture(stdinText = ''): { io: CommandIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(stdinText);
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { io: { stdout, stderr, stdin }, out: () => o, err: () => e };
}

describe('newsflow entities', () => {
  it('prints the entities of a file as JSON', async () => {
    const c = capture();
    expect(await entitiesCommand.run([seed, '--json'], c.io)).toBe(0);
    const result = JSON.parse(c.out()) as { entities: { name: string; type: string }[] };
    expect(result.entities).toContainEqual(
      expect.objectContaining({ name: 'Sergey Lavrov', type: 'PERSON' }),
    );
  });

  it('reads stdin and prints a table', async () => {
    const c = capture('Sergey Lavrov met Rex Tillerson in Moscow.\n');
    expect(await entitiesCommand.run(['-', '--language', 'en'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^TYPE\s+NAME/);
    expect(c.out()).toMatch(/PERSON\s+Rex Tillerson/);
  });

  it('does not tag German text, says why, and tags it with --force', async () => {
    const c = capture();
    expect(await entitiesCommand.run([german, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toEqual({
      entities: [],
      tokens: 0,
      truncated: false,
      model: { name: 'none', language: 'de', reason: 'none: language de' },
    });
    expect(c.err()).toContain('not tagged (none: language de, detected from the text)');

    const forced = capture();
    expect(await entitiesCommand.run([german, '--json', '--force'], forced.io)).toBe(0);
    const result = JSON.parse(forced.out()) as { tokens: number; model: { forced?: boolean } };
    expect(result.tokens).toBeGreaterThan(50);
    expect(result.model.forced).toBe(true);
    expect(forced.err()).toContain('tagged with --force although none: language de');
  });

  it('does not tag text too short to tell its language unless told it', async () => {
    const c = capture('Sergey Lavrov met Rex Tillerson.\n');
    expect(await entitiesCommand.run(['-'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^TYPE\s+NAME\s+COUNT\s+SALIENCE\s+ALIASES\n$/);
    expect(c.err()).toContain('none: language unknown, too little text to tell');
  });

  it('exits 2 on bad usage', async () => {
    expect(await entitiesCommand.run(['--language', 'German', seed], capture().io)).toBe(2);
    const c = capture();
    expect(await entitiesCommand.run(['--max-tokens', 'x', seed], c.io)).toBe(2);
    expect(c.err()).toContain('--max-tokens');
  });
});
