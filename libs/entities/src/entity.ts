/** Readable entity types (the model's PER/ORG/LOC/MISC). */
export const EntityType = {
  person: 'PERSON',
  org: 'ORG',
  location: 'LOCATION',
  misc: 'MISC',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

/** The model's tag types mapped to readable ones. */
export const TAG_TYPES: Readonly<Record<string, EntityType>> = {
  PER: EntityType.person,
  ORG: EntityType.org,
  LOC: EntityType.location,
  MISC: EntityType.misc,
};

/** One occurrence of an entity: UTF-16 offsets into the input text, `end` exclusive. */
export interface MentionSpan {
  readonly start: number;
  readonly end: number;
}

/** A named entity of one document, its mentions merged ("Sergei Lavrov", "Lavrov" are one). */
export interface Entity {
  /** Canonical name: the fullest form seen (or the alias table's name, e.g. "United States"). */
  readonly name: string;
  readonly type: EntityType;
  /** Other surface forms seen in the text, most frequent first. */
  readonly aliases: readonly string[];
  /** Number of mentions. */
  readonly count: number;
  /** 0..1, relative to the most salient entity of the document (position, frequency, title/lead). */
  readonly salience: number;
  readonly mentions: readonly MentionSpan[];
}
