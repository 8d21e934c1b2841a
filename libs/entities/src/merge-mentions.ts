import type { Entity, EntityType, MentionSpan } from './entity.js';
import { EntityType as T } from './entity.js';

/** One tagged span before merging. */
export interface Mention {
  readonly text: string;
  readonly type: EntityType;
  readonly start: number;
  readonly end: number;
  /** Index of the mention's first token in the document. */
  readonly tokenIndex: number;
  /** Whether the mention is in the title line. */
  readonly inTitle: boolean;
}

export interface MergeOptions {
  /** Tokens in the document (for position weights). */
  readonly totalTokens: number;
}

/** Known name variants: lowercase form without dots → canonical name and type. */
const ALIASES: ReadonlyMap<string, { name: string; type: EntityType }> = new Map(
  (
    [
      [
        ['us', 'usa', 'america', 'united states', 'united states of america', 'the united states'],
        'United States',
        T.location,
      ],
      [
        ['uk', 'britain', 'great britain', 'united kingdom', 'the united kingdom'],
        'United Kingdom',
        T.location,
      ],
      [['russian federation', 'the russian federation'], 'Russia', T.location],
      [['un', 'united nations', 'the united nations'], 'United Nations', T.org],
      [['eu', 'european union', 'the european union'], 'European Union', T.org],
      [['unsc', 'un security council', 'united nations security council'], 'UN Security Council', T.org],
    ] as const
  ).flatMap(([forms, name, type]) => forms.map((f) => [f, { name, type }] as const)),
);

/** Words that are never an entity on their own (site furniture around articles). */
const BOILERPLATE = new Set(
  'report subscribe share shares comment comments login log sign menu home advertisement advert related read more follow tweet email print reply search newsletter privacy cookies cookie terms contact about click here video photo image watch listen breaking update updated copyright rss facebook twitter instagram youtube linkedin whatsapp telegram reddit pinterest'.split(
    ' ',
  ),
);

/** Words skipped when forming an acronym from a name ("Organisation for the Prohibition…" → OPCW). */
const ACRONYM_SKIP = new Set(['of', 'the', 'for', 'and', 'on', 'in', 'de', 'du', 'des', 'la', 'le', '&']);

/** Title mentions weigh this much more than body ones; lead mentions (first tokens) half as much more. */
const TITLE_WEIGHT = 2;
const LEAD_WEIGHT = 1;
/** The lead is the first tokens of the article: at least this many, or this share of it. */
const LEAD_MIN_TOKENS = 60;
const LEAD_SHARE = 0.1;
/** A mention at the very end counts this much less than one at the start. */
const POSITION_DECAY = 0.5;

function normalise(text: string): string {
  return text.toLowerCase().replace(/[.’']/g, '').replace(/\s+/g, ' ').trim();
}

function parts(text: string): string[] {
  return text.split(/\s+/).filter((p) => p.length > 0);
}

/** Levenshtein distance, capped work for the short strings it is used on. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Name parts that are transliteration or spelling variants: Sergey/Sergei, Tillerson/Tilleron. */
function similarPart(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (x[0] !== y[0]) return false;
  const shorter = Math.min(x.length, y.length);
  if (shorter < 4) return false;
  return editDistance(x, y) <= (shorter <= 5 ? 1 : 2);
}

/** Lower-case first character: similar name parts share it ({@link similarPart}). */
function initial(part: string): string {
  return part.toLowerCase()[0] ?? '';
}

/**
 * Most names of one initials bucket compared with each other (and lone names with surnames of one initial): a
 * news article names far fewer people per bucket; a page listing thousands cost n² edit distances
 * (4 000 names took 7 s).
 */
const MAX_FUZZY_CANDIDATES = 100;

function acronymOf(name: string): string {
  return parts(name)
    .filter((p) => !ACRONYM_SKIP.has(p.toLowerCase()))
    .map((p) => p[0] ?? '')
    .join('')
    .toUpperCase();
}

interface Group {
  type: EntityType;
  /** Cached fullest form of `mentions` (recomputed when groups merge). */
  form: string;
  /** Canonical from the alias table, if any. */
  aliasName?: string;
  mentions: Mention[];
}

function isBoilerplate(m: Mention): boolean {
  const n = normalise(m.text);
  if (!/\p{L}/u.test(n) || n.length < 2) return true;
  return !n.includes(' ') && BOILERPLATE.has(n);
}

function isAllCaps(text: string): boolean {
  return text.toUpperCase() === text && text.toLowerCase() !== text;
}

/**
 * The fullest surface form: most name parts, then not ALL CAPS when another casing was seen
 * ("Moscow" over "MOSCOW" from a headline), then most frequent, then first seen.
 */
function fullestForm(mentions: readonly Mention[]): string {
  const freq = new Map<string, number>();
  for (const m of mentions) freq.set(m.text, (freq.get(m.text) ?? 0) + 1);
  let best = mentions[0]?.text ?? '';
  const rank = (text: string): [number, number, number] => [
    parts(text).length,
    isAllCaps(text) && parts(text).some((p) => p.length > 1) ? 0 : 1,
    freq.get(text) ?? 0,
  ];
  for (const text of freq.keys()) {
    const a = rank(text);
    const b = rank(best);
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = text;
  }
  return best;
}

/**
 * Merges the tagged mentions of one document into entities: one sense per surface form (majority
 * type), alias table, acronyms of multi-word names, person names by surname and spelling variants.
 */
export function mergeMentions(input: readonly Mention[], options: MergeOptions): Entity[] {
  const mentions = input.filter((m) => !isBoilerplate(m));
  // One sense per document: each surface form takes its majority type.
  const votes = new Map<string, Map<EntityType, number>>();
  for (const m of mentions) {
    const key = normalise(m.text);
    const v = votes.get(key) ?? new Map<EntityType, number>();
    v.set(m.type, (v.get(m.type) ?? 0) + 1);
    votes.set(key, v);
  }
  const senseOf = (m: Mention): EntityType => {
    const alias = ALIASES.get(normalise(m.text));
    if (alias) return alias.type;
    let best: EntityType = m.type;
    let bestN = 0;
    for (const [type, n] of votes.get(normalise(m.text)) ?? []) {
      if (n > bestN) {
        best = type;
        bestN = n;
      }
    }
    return best;
  };

  const groups = new Map<string, Group>();
  for (const raw of mentions) {
    const m: Mention = { ...raw, type: senseOf(raw) };
    const alias = ALIASES.get(normalise(m.text));
    const key = `${m.type}\u0000${alias ? alias.name.toLowerCase() : normalise(m.text)}`;
    const g = groups.get(key);
    if (g) g.mentions.push(m);
    else
      groups.set(key, {
        type: m.type,
        form: m.text,
        ...(alias ? { aliasName: alias.name } : {}),
        mentions: [m],
      });
  }
  let list = [...groups.values()];
  for (const g of list) g.form = fullestForm(g.mentions);

  // A group's fullest form is recomputed once per pass, not per absorbed group (k variants absorbed into one
  // group cost k² otherwise). No pass reads a form that its own absorptions change: an acronym never becomes
  // the fullest form, and a person's form is read before it absorbs anything.
  const changed = new Set<Group>();
  const absorb = (into: Group, from: Group): void => {
    for (const m of from.mentions) into.mentions.push(m);
    from.mentions = [];
    changed.add(into);
  };
  const refreshForms = (): void => {
    for (const g of changed) g.form = fullestForm(g.mentions);
    changed.clear();
  };

  // Acronyms: a single all-caps token equal to the initials of a multi-word name of the same type, the first
  // such name in document order (looked up by type and initials).
  const byAcronym = new Map<string, Group>();
  for (const o of list) {
    if (parts(o.form).length < 2) continue;
    const key = `${o.type}\u0000${acronymOf(o.form)}`;
    if (!byAcronym.has(key)) byAcronym.set(key, o);
  }
  for (const g of list) {
    const surface = g.mentions[0]?.text.replace(/\./g, '') ?? '';
    if (g.aliasName || !/^\p{Lu}{2,6}$/u.test(surface)) continue;
    const target = byAcronym.get(`${g.type}\u0000${surface}`);
    if (target && target !== g && target.mentions.length > 0) absorb(target, g);
  }
  refreshForms();
  list = list.filter((g) => g.mentions.length > 0);

  // People: multi-part names that agree part by part (Sergey/Sergei Lavrov), or share first and
  // last names around a middle name, are one; then a lone surname joins the person it names.
  // Similar parts start with the same letter, so names are only compared within their initials' bucket, and
  // only with the first MAX_FUZZY_CANDIDATES of a bucket: the work stays linear in the number of names.
  const people = list
    .filter((g) => g.type === T.person)
    .sort((a, b) => parts(b.form).length - parts(a.form).length);
  const named = people
    .map((g) => ({ g, p: parts(g.form) }))
    .filter(({ p }) => p.length >= 2)
    .map(({ g, p }) => ({ g, first: p[0] ?? '', last: p[p.length - 1] ?? '' }));
  const byInitials = new Map<string, (typeof named)[number][]>();
  for (const n of named) {
    const key = `${initial(n.first)}\u0000${initial(n.last)}`;
    const bucket = byInitials.get(key);
    if (!bucket) byInitials.set(key, [n]);
    else if (bucket.length < MAX_FUZZY_CANDIDATES) bucket.push(n);
  }
  for (const bucket of byInitials.values()) {
    for (let i = 0; i < bucket.length; i++) {
      const a = bucket[i];
      if (!a || a.g.mentions.length === 0) continue;
      for (let j = i + 1; j < bucket.length; j++) {
        const b = bucket[j];
        if (!b || b.g.mentions.length === 0) continue;
        // Part by part agreement of equally long names implies this first-and-last agreement.
        if (similarPart(a.first, b.first) && similarPart(a.last, b.last)) absorb(a.g, b.g);
      }
    }
  }
  refreshForms();
  const multiPart = people
    .filter((g) => g.mentions.length > 0)
    .map((g) => ({ g, p: parts(g.form) }))
    .filter(({ p }) => p.length >= 2);
  const bySurnameInitial = new Map<string, Group[]>();
  const byFirstName = new Map<string, Group[]>();
  for (const { g, p } of multiPart) {
    const key = initial(p[p.length - 1] ?? '');
    const bucket = bySurnameInitial.get(key);
    if (!bucket) bySurnameInitial.set(key, [g]);
    else if (bucket.length < MAX_FUZZY_CANDIDATES) bucket.push(g);
    const first = p[0] ?? '';
    byFirstName.set(first, [...(byFirstName.get(first) ?? []).slice(0, 1), g]);
  }
  const surnameOf = new Map(multiPart.map(({ g, p }) => [g, p[p.length - 1] ?? '']));
  for (const g of people) {
    if (g.mentions.length === 0) continue;
    const p = parts(g.form);
    if (p.length !== 1) continue;
    const single = p[0] ?? '';
    let target: Group | undefined;
    for (const o of bySurnameInitial.get(initial(single)) ?? []) {
      if (o === g || o.mentions.length === 0) continue;
      if (
        similarPart(single, surnameOf.get(o) ?? '') &&
        (!target || o.mentions.length > target.mentions.length)
      )
        target = o;
    }
    // A lone first name joins the one person of the document with that first name.
    if (!target) {
      const byFirst = byFirstName.get(single) ?? [];
      if (byFirst.length === 1) target = byFirst[0];
    }
    if (target) absorb(target, g);
  }
  refreshForms();
  list = list.filter((g) => g.mentions.length > 0);

  const total = Math.max(1, options.totalTokens);
  const lead = Math.max(LEAD_MIN_TOKENS, total * LEAD_SHARE);
  const scored = list.map((g) => {
    g.mentions.sort((a, b) => a.start - b.start);
    const name = g.aliasName ?? g.form;
    const freq = new Map<string, number>();
    for (const m of g.mentions) if (m.text !== name) freq.set(m.text, (freq.get(m.text) ?? 0) + 1);
    const aliases = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    let raw = 0;
    for (const m of g.mentions) {
      const weight = 1 + (m.inTitle ? TITLE_WEIGHT : 0) + (m.tokenIndex < lead ? LEAD_WEIGHT : 0);
      raw += weight * (1 - (POSITION_DECAY * m.tokenIndex) / total);
    }
    const spans: MentionSpan[] = g.mentions.map((m) => ({ start: m.start, end: m.end }));
    return { name, type: g.type, aliases, count: g.mentions.length, raw, mentions: spans };
  });
  const top = Math.max(1e-9, ...scored.map((s) => s.raw));
  return scored
    .map(({ raw, ...e }) => ({ ...e, salience: Math.round((raw / top) * 1e4) / 1e4 }))
    .sort((a, b) => b.salience - a.salience || a.name.localeCompare(b.name));
}
