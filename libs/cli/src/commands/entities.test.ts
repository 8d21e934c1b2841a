import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../command.js';
import { entitiesCommand } from './entities.js';

const seed = fileURLToPath(
  new URL('../../../../test/fixtures/seeds/000_b70890286bceabd6.txt', import.meta.url),
);

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
    expect(await entitiesCommand.run(['-'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^TYPE\s+NAME/);
    expect(c.out()).toMatch(/PERSON\s+Rex Tillerson/);
  });

  it('exits 2 on bad usage', async () => {
    const c = capture();
    expect(await entitiesCommand.run(['--max-tokens', 'x', seed], c.io)).toBe(2);
    expect(c.err()).toContain('--max-tokens');
  });
});
