import type { Filter } from 'mongodb';

/** What to find among stored articles; every criterion given must hold. */
export interface ArticleCriteria {
  /** The site's name (siteName) or host (example.com, also www.example.com). */
  readonly site?: string;
  /** An entity the article mentions: its name or one of its aliases (`Lavrov`, `US`), exact, any case. */
  readonly entity?: string;
  /** With `entity`, its type (PERSON, ORG, LOCATION, MISC; see `matchesEntity`); alone, any entity of that type. */
  readonly entityType?: string;
  /** ISO 639-1 language code. */
  readonly language?: string;
  /** Published at or after. */
  readonly since?: Date;
  /** Published before. */
  readonly until?: Date;
  /** Words the title contains, as typed (any case). */
  readonly title?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A date bound on `publishedAt`: BSON dates from the store, ISO strings from other writers. */
function publishedBound(operator: '$gte' | '$lt', date: Date): Filter<Record<string, unknown>> {
  return {
    $or: [
      { publishedAt: { [operator]: date } },
      { publishedAt: { [operator]: date.toISOString(), $type: 'string' } },
    ],
  };
}

/** The MongoDB filter on the `articles` collection for `criteria` (docs/articles.md has the fields). */
export function articleFilter(criteria: ArticleCriteria): Filter<Record<string, unknown>> {
  const and: Filter<Record<string, unknown>>[] = [];
  if (criteria.site !== undefined) {
    const host = escapeRegExp(criteria.site.toLowerCase().replace(/^www\./, ''));
    const onHost = new RegExp(`^https?://(www\\.)?${host}(:\\d+)?(/|$)`, 'i');
    and.push({ $or: [{ siteName: criteria.site }, { canonicalUrl: onHost }, { url: onHost }] });
  }
  // An entity's name and its type are asked separately: FerretDB (the local server) has no $elemMatch on
  // fields, so with both given `matchesEntity` must confirm that one entity has both.
  if (criteria.entity !== undefined) {
    const named = new RegExp(`^${escapeRegExp(criteria.entity)}$`, 'i');
    and.push({ $or: [{ 'entities.name': named }, { 'entities.aliases': named }] });
  }
  if (criteria.entityType !== undefined) and.push({ 'entities.type': criteria.entityType });
  if (criteria.language !== undefined) and.push({ language: criteria.language });
  if (criteria.since !== undefined) and.push(publishedBound('$gte', criteria.since));
  if (criteria.until !== undefined) and.push(publishedBound('$lt', criteria.until));
  if (criteria.title !== undefined) and.push({ title: new RegExp(escapeRegExp(criteria.title), 'i') });
  return and.length === 0 ? {} : { $and: and };
}

/**
 * Whether one entity of `doc` has both the name and the type `criteria` ask for (true when they ask for fewer):
 * the check `articleFilter` leaves to the reader of its results.
 */
export function matchesEntity(criteria: ArticleCriteria, doc: Record<string, unknown>): boolean {
  const { entity, entityType } = criteria;
  if (entity === undefined || entityType === undefined) return true;
  const name = entity.toLowerCase();
  const named = (e: Record<string, unknown>): boolean =>
    [e.name, ...(Array.isArray(e.aliases) ? (e.aliases as unknown[]) : [])].some(
      (n) => String(n).toLowerCase() === name,
    );
  return (Array.isArray(doc.entities) ? (doc.entities as unknown[]) : []).some(
    (e) =>
      e !== null &&
      typeof e === 'object' &&
      named(e as Record<string, unknown>) &&
      (e as Record<string, unknown>).type === entityType,
  );
}
