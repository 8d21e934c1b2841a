import { MAX_ALIASES, MAX_ENTITIES, MAX_MENTIONS, MAX_MESSAGE_BYTES, type Entity } from '@newsflow/contracts';

/** Bytes kept free for `entitiesModel.reason` when entities are left out (the reason is ASCII, ~100 bytes). */
export const REASON_RESERVE_BYTES = 256;

export interface FittedEntities {
  readonly entities: Entity[];
  /** Why some entities, mentions or aliases were left out; absent when all fit. */
  readonly reason?: string;
}

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/**
 * The entities of an `article.enriched` message that the contract and the broker take: the article's other
 * fields take `restBytes` of `maxBytes` (MAX_MESSAGE_BYTES), and the entities, most salient first, fill what is
 * left. Each entity keeps at most MAX_MENTIONS mentions and MAX_ALIASES aliases (its `count` stays the number
 * found), at most MAX_ENTITIES are kept, and the first one that does not fit keeps the mentions that do (in text
 * order); the less salient ones after it are left out. Without this a text of many names gave a message over
 * 1 MB (20 000 distinct names in 99 kB of text: 2.35 MB) or over the contract's caps (ENTITIES_MAX_TOKENS
 * 60 000), and the good article was dead-lettered. Linear in the entities' size.
 */
export function fitEntities(
  entities: readonly Entity[],
  restBytes: number,
  maxBytes: number = MAX_MESSAGE_BYTES,
): FittedEntities {
  let left = maxBytes - restBytes - REASON_RESERVE_BYTES;
  const kept: Entity[] = [];
  let cut = false; // mentions or aliases of a kept entity left out
  for (const entity of entities.slice(0, MAX_ENTITIES)) {
    let capped = entity;
    if (entity.mentions.length > MAX_MENTIONS || entity.aliases.length > MAX_ALIASES) {
      capped = {
        ...entity,
        aliases: entity.aliases.slice(0, MAX_ALIASES),
        mentions: entity.mentions.slice(0, MAX_MENTIONS),
      };
      cut = true;
    }
    const size = bytesOf(capped) + 1; // and a comma
    if (size <= left) {
      kept.push(capped);
      left -= size;
      continue;
    }
    // The first entity that does not fit whole: with the mentions that fit, if its other fields do.
    const bare = { ...capped, mentions: [] };
    let room = left - bytesOf(bare) - 1;
    if (room >= 0) {
      let count = 0;
      for (const mention of capped.mentions) {
        room -= bytesOf(mention) + 1;
        if (room < 0) break;
        count += 1;
      }
      kept.push({ ...capped, mentions: capped.mentions.slice(0, count) });
      cut = true;
    }
    break;
  }
  if (kept.length === entities.length && !cut) return { entities: kept };
  const reason =
    kept.length === entities.length
      ? `mentions of entities cut to fit the message (${maxBytes} bytes at most)`
      : `${kept.length} of ${entities.length} entities kept, most salient first, to fit the message (${maxBytes} bytes at most)`;
  return { entities: kept, reason };
}
