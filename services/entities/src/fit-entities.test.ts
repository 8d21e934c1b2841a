import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, type Entity } from '@newsflow/contracts';
import { fitEntities, REASON_RESERVE_BYTES } from './fit-entities.js';

const entity = (name: string, mentions: number, at = 0): Entity => ({
  name,
  type: 'PERSON',
  aliases: [],
  count: mentions,
  salience: 0.5,
  mentions: Array.from({ length: mentions }, (_, i) => ({ start: at + i * 10, end: at + i * 10 + 3 })),
});
const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

describe('fitEntities', () => {
  it('keeps every entity that fits, with no reason', () => {
    const all = [entity('Ann', 2), entity('Bob', 1)];
    expect(fitEntities(all, 1000, 10_000)).toEqual({ entities: all });
  });

  it('keeps the most salient entities that fit and says how many of how many', () => {
    const all = Array.from({ length: 100 }, (_, i) => entity(`Name${String(i).padStart(3, '0')}`, 1));
    const maxBytes = 2000 + REASON_RESERVE_BYTES + 20 * (bytesOf(all[0]) + 1);
    const fitted = fitEntities(all, 2000, maxBytes);
    expect(fitted.entities).toEqual(all.slice(0, 20));
    expect(fitted.reason).toBe(
      `20 of 100 entities kept, most salient first, to fit the message (${maxBytes} bytes at most)`,
    );
    expect(2000 + bytesOf(fitted.entities) + fitted.reason!.length).toBeLessThanOrEqual(maxBytes);
  });

  it('gives the first entity that does not fit whole the mentions that do, in text order', () => {
    const all = [entity('Ann', 1), entity('Bob', 1000), entity('Cy', 1)];
    const maxBytes =
      1000 + REASON_RESERVE_BYTES + bytesOf(all[0]) + 1 + bytesOf({ ...all[1], mentions: [] }) + 1 + 10 * 30;
    const fitted = fitEntities(all, 1000, maxBytes);
    expect(fitted.entities.map((e) => e.name)).toEqual(['Ann', 'Bob']);
    const bob = fitted.entities[1]!;
    expect(bob.count).toBe(1000);
    expect(bob.mentions.length).toBeGreaterThan(5);
    expect(bob.mentions).toEqual(all[1]!.mentions.slice(0, bob.mentions.length));
    expect(fitted.reason).toMatch(/^2 of 3 entities kept/);
  });

  it('keeps at most MAX_MENTIONS mentions of an entity, its count still the number found', () => {
    const fitted = fitEntities([entity('Bob', MAX_MENTIONS + 10)], 0, 10_000_000);
    expect(fitted.entities[0]?.mentions).toHaveLength(MAX_MENTIONS);
    expect(fitted.entities[0]?.count).toBe(MAX_MENTIONS + 10);
    expect(fitted.reason).toBe('mentions of entities cut to fit the message (10000000 bytes at most)');
  });

  it('keeps nothing when the rest of the message leaves no room', () => {
    expect(fitEntities([entity('Ann', 1)], 10_000, 10_000)).toEqual({
      entities: [],
      reason: '0 of 1 entities kept, most salient first, to fit the message (10000 bytes at most)',
    });
  });
});
