import { html, type SafeHtml } from './html.js';

/** Entity types the stylesheet colours; any other type is shown as `other`. */
const KNOWN_TYPES = new Set(['PERSON', 'ORG', 'LOCATION', 'MISC']);

/** One highlighted stretch of the text. */
export interface EntitySpan {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly type: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/**
 * The entity mentions of a stored article as spans of its text, in order: offsets that are not whole numbers,
 * fall outside the text (a truncated text keeps offsets into the cut part) or overlap an earlier span are
 * left out, so whatever the document holds, the text shows once and in order.
 */
export function entitySpans(text: string, entities: unknown): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const entity of Array.isArray(entities) ? (entities as unknown[]) : []) {
    if (!isRecord(entity) || !Array.isArray(entity.mentions)) continue;
    const name = typeof entity.name === 'string' ? entity.name : '?';
    const type = typeof entity.type === 'string' ? entity.type : '?';
    for (const m of entity.mentions as unknown[]) {
      if (!isRecord(m) || !Number.isInteger(m.start) || !Number.isInteger(m.end)) continue;
      const start = m.start as number;
      const end = m.end as number;
      if (start >= 0 && end > start && end <= text.length) spans.push({ start, end, name, type });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: EntitySpan[] = [];
  for (const span of spans) if (span.start >= (kept.at(-1)?.end ?? 0)) kept.push(span);
  return kept;
}

/** The text as HTML, each mention a `<mark>` carrying its entity's type and name (all text escaped). */
export function markEntities(text: string, entities: unknown): SafeHtml {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const span of entitySpans(text, entities)) {
    const kind = KNOWN_TYPES.has(span.type) ? span.type.toLowerCase() : 'other';
    // prettier-ignore
    parts.push(html`${text.slice(at, span.start)}<mark class="entity entity-${kind}" data-type="${span.type}" title="${span.name} (${span.type})">${text.slice(span.start, span.end)}</mark>`);
    at = span.end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
