import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../../test/support/capture-io.js';
import { entitiesCommand } from './entities.js';

const seed = fileURLToPath(
  new URL('../../../../test/fixtures/seeds/000_b70890286bceabd6.txt', import.meta.url),
);
const german = fileURLToPath(new URL('../../../../test/entities/fixtures/de.txt', import.meta.url));

describe('newsflow entities', () => {
  it('prints the entities of a file as JSON', async () => {
    const c = captureIo();
    expect(await entitiesCommand.run([seed, '--json'], c.io)).toBe(0);
    const result = JSON.parse(c.out()) as { entities: { name: string; type: string }[] };
    expect(result.entities).toContainEqual(
      expect.objectContaining({ name: 'Sergey Lavrov', type: 'PERSON' }),
    );
  });

  it('reads stdin and prints a table', async () => {
    const c = captureIo('Sergey Lavrov met Rex Tillerson in Moscow.\n');
    expect(await entitiesCommand.run(['-', '--language', 'en'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^TYPE\s+NAME/);
    expect(c.out()).toMatch(/PERSON\s+Rex Tillerson/);
  });

  it('does not tag German text, says why, and tags it with --force', async () => {
    const c = captureIo();
    expect(await entitiesCommand.run([german, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toEqual({
      entities: [],
      tokens: 0,
      truncated: false,
      model: { name: 'none', language: 'de', reason: 'none: language de' },
    });
    expect(c.err()).toContain('not tagged (none: language de, detected from the text)');

    const forced = captureIo();
    expect(await entitiesCommand.run([german, '--json', '--force'], forced.io)).toBe(0);
    const result = JSON.parse(forced.out()) as { tokens: number; model: { forced?: boolean } };
    expect(result.tokens).toBeGreaterThan(50);
    expect(result.model.forced).toBe(true);
    expect(forced.err()).toContain('tagged with --force although none: language de');
  });

  it('does not tag text too short to tell its language unless told it', async () => {
    const c = captureIo('Sergey Lavrov met Rex Tillerson.\n');
    expect(await entitiesCommand.run(['-'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^TYPE\s+NAME\s+COUNT\s+SALIENCE\s+ALIASES\n$/);
    expect(c.err()).toContain('none: language unknown, too little text to tell');
  });

  it.each([
    [['--language', 'German', seed], /--language needs a language code such as en or de/],
    [['--max-tokens', 'x', seed], /--max-tokens needs a positive integer/],
    [['--max-tokens', '0', seed], /--max-tokens needs a positive integer/],
    [[seed, '--model'], /--model/],
    [[seed, '--html'], /Unknown option '--html'/],
    [[seed, seed], /give one file/],
    [['--json'], /give a file or -/],
  ])('refuses bad usage %j with exit 2 and a pointer to --help', async (args, problem) => {
    const c = captureIo();
    expect(await entitiesCommand.run(args, c.io)).toBe(2);
    expect(c.err()).toMatch(problem);
    expect(c.err()).toContain('Run `newsflow entities --help` for usage.');
    expect(c.out()).toBe('');
  });

  it('takes --max-tokens N and --language in any case', async () => {
    const c = captureIo('Sergey Lavrov met Rex Tillerson in Moscow.\n');
    expect(await entitiesCommand.run(['-', '--json', '--language', 'EN', '--max-tokens', '3'], c.io)).toBe(0);
    const result = JSON.parse(c.out()) as { tokens: number; truncated: boolean; model: { language: string } };
    expect(result).toMatchObject({ tokens: 3, truncated: true, model: { language: 'en' } });
  });

  it('names a --model folder without the model as ENTITIES_MODEL_INVALID (exit 1, no stack trace)', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'newsflow-no-model-'));
    try {
      const c = captureIo('Sergey Lavrov met Rex Tillerson in Moscow.\n');
      expect(await entitiesCommand.run(['-', '--model', empty], c.io)).toBe(1);
      // ner.onnx and ner.json are read at once: whichever fails first is named.
      expect(c.err()).toMatch(
        /^newsflow entities: ENTITIES_MODEL_INVALID: cannot read .*ner\.(onnx|json): ENOENT/,
      );
      expect(c.out()).toBe('');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('stops reading an endless stdin past 20 MiB: exit 1, CLI_INPUT_TOO_LARGE', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const stdin = Readable.from(
      (function* () {
        for (;;) yield chunk;
      })(),
    );
    const c = captureIo();
    expect(await entitiesCommand.run(['-'], { ...c.io, stdin })).toBe(1);
    expect(c.err()).toBe('newsflow entities: -: CLI_INPUT_TOO_LARGE: larger than 20971520 bytes\n');
    stdin.destroy();
  });
});
