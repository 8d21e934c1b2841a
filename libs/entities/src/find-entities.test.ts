// Tests read their fixtures from disk; the library itself does no I/O.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, EntityType } from './entity.js';
import { findEntities } from './find-entities.js';
import { loadModelFiles } from './load-model.js';
import type { Tagger } from './tagger.js';
import { createTagger } from './tagger.js';

const seedDir = fileURLToPath(new URL('../../../test/fixtures/seeds/', import.meta.url));
const seed000 = readFileSync(`${seedDir}000_b70890286bceabd6.txt`, 'utf8');
const seed001 = readFileSync(`${seedDir}001_b8b49eddf7ca3b8d.txt`, 'utf8');

let tagger: Tagger;
beforeAll(async () => {
  tagger = await createTagger(await loadModelFiles());
});
afterAll(async () => {
  await tagger.release();
});

function entityFor(entities: readonly Entity[], type: EntityType, name: string): Entity | undefined {
  return entities.find((e) => e.type === type && (e.name === name || e.aliases.includes(name)));
}

const BOILERPLATE = ['Report', 'Subscribe', 'Comment', 'Comments', 'Post', 'Share', 'Home'];

describe('findEntities on the seed pages', () => {
  it('seed 000: Tillerson, Lavrov (one entity), and the places of the meeting', async () => {
    const { entities } = await findEntities(tagger, seed000);
    expect(entityFor(entities, 'PERSON', 'Rex Tillerson')).toBeDefined();
    const lavrov = entityFor(entities, 'PERSON', 'Sergey Lavrov');
    expect(lavrov?.name).toBe('Sergey Lavrov');
    expect(lavrov?.aliases).toContain('Lavrov');
    expect(
      entities.filter((e) => e.name.includes('Lavrov') || e.aliases.some((a) => a.includes('Lavrov'))),
    ).toHaveLength(1);
    const lavrovCount = seed000.match(/Lavrov/g)?.length ?? 0;
    expect(lavrov?.count).toBe(lavrovCount);
    for (const place of ['Moscow', 'Syria', 'Russia', 'Washington']) {
      expect(entityFor(entities, 'LOCATION', place), place).toBeDefined();
    }
  });

  it('seed 001: people, organisations and places of the Syria story, no boilerplate', async () => {
    const { entities } = await findEntities(tagger, seed001);
    for (const person of [
      'Sergei Lavrov',
      'Vladimir Putin',
      'Sean Spicer',
      'Maria Zakharova',
      'Bashar Assad',
    ]) {
      expect(entityFor(entities, 'PERSON', person), person).toBeDefined();
    }
    for (const org of ['OPCW', 'UN Security Council', 'NATO']) {
      expect(entityFor(entities, 'ORG', org), org).toBeDefined();
    }
    for (const place of ['Khan Shaykhun', 'Idlib', 'Damascus']) {
      expect(entityFor(entities, 'LOCATION', place), place).toBeDefined();
    }
    const names = entities.flatMap((e) => [e.name, ...e.aliases]);
    for (const word of BOILERPLATE) expect(names).not.toContain(word);
  });

  it('gives mention offsets that point at the entity in the input', async () => {
    const { entities } = await findEntities(tagger, seed001);
    for (const e of entities) {
      for (const m of e.mentions) {
        const surface = seed001.slice(m.start, m.end).replace(/\s+/g, ' ');
        expect([e.name, ...e.aliases]).toContain(surface);
      }
      expect(e.count).toBe(e.mentions.length);
    }
  });

  it('bounds the work on a 1 MB article', async () => {
    const big = `${seed001}\n`.repeat(Math.ceil(1_000_000 / seed001.length));
    const started = performance.now();
    const result = await findEntities(tagger, big, { maxTokens: 20_000 });
    expect(result.truncated).toBe(true);
    expect(result.tokens).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('findEntities without the model', () => {
  it('finds untagged repeats of thousands of names sharing a first word in linear time', async () => {
    // Tags "Bank Q…" when a line starts with it; the "Bank x" lines between stay untagged.
    const banks: Tagger = {
      info: { vocabularySize: 0, tags: ['O', 'B-ORG', 'I-ORG'], languages: ['en'], caseRobust: false },
      tagDocument: (sentences) =>
        Promise.resolve(
          sentences.map((tokens) =>
            tokens.map((_, i) =>
              tokens[0] === 'Bank' && /^[A-Z]/.test(tokens[1] ?? '') && i < 2
                ? i === 0
                  ? 'B-ORG'
                  : 'I-ORG'
                : 'O',
            ),
          ),
        ),
      release: () => Promise.resolve(),
    };
    const name = (i: number): string =>
      Array.from({ length: 5 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
    const text = Array.from({ length: 20_000 }, (_, i) => `Bank Q${name(i)}\nBank x`).join('\n');
    const started = process.cpuUsage();
    const result = await findEntities(banks, text, { maxTokens: 100_000 });
    const cpu = process.cpuUsage(started);
    expect(result.entities).toHaveLength(20_000);
    // Each name scanned every place of "Bank": 1.2 s at 20 000 tokens, 17 s at these 80 000; one trie walk per
    // token, well under a second (bound generous for a busy machine).
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
  });
});
