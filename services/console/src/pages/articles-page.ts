import { describeArticle, toDate, type ArticleCriteria } from '@newsflow/ops';
import { html, type SafeHtml } from '../html.js';

/** Articles per page of the list. */
export const ARTICLES_PER_PAGE = 50;
export const ENTITY_TYPES = ['PERSON', 'ORG', 'LOCATION', 'MISC'] as const;

type Doc = Record<string, unknown>;

/** The list's query string, as the filter form sends it. */
export interface ArticlesQuery {
  readonly site?: string;
  readonly language?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly from?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly to?: string;
  readonly entity?: string;
  readonly type?: string;
  readonly title?: string;
  readonly page?: string;
}

const QUERY_FIELDS = ['site', 'language', 'from', 'to', 'entity', 'type', 'title', 'page'] as const;

/**
 * The list's query from the parsed query string: its known fields that hold text. A field given twice
 * (`?site=a&site=b`, which the parser makes an array) takes its first value; anything else is left out, so a
 * crafted URL cannot reach the filters with other than strings (it was a TypeError, HTTP 500).
 */
export function articlesQuery(raw: Readonly<Record<string, unknown>>): ArticlesQuery {
  const query: { -readonly [K in keyof ArticlesQuery]: ArticlesQuery[K] } = {};
  for (const field of QUERY_FIELDS) {
    const value: unknown = Array.isArray(raw[field]) ? (raw[field] as unknown[])[0] : raw[field];
    if (typeof value === 'string') query[field] = value;
  }
  return query;
}

const DAY_MS = 86_400_000;

function day(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The query as criteria for `articleFilter`; empty and unreadable fields are ignored. */
export function articleCriteria(query: ArticlesQuery): ArticleCriteria {
  const criteria: { -readonly [K in keyof ArticleCriteria]: ArticleCriteria[K] } = {};
  const text = (value: string | undefined): string | undefined => {
    const trimmed = value?.trim();
    return trimmed ? trimmed.slice(0, 200) : undefined;
  };
  const site = text(query.site);
  if (site !== undefined) criteria.site = site;
  const language = text(query.language);
  if (language !== undefined) criteria.language = language.toLowerCase();
  const entity = text(query.entity);
  if (entity !== undefined) criteria.entity = entity;
  if (query.type !== undefined && (ENTITY_TYPES as readonly string[]).includes(query.type))
    criteria.entityType = query.type;
  const title = text(query.title);
  if (title !== undefined) criteria.title = title;
  const since = day(query.from);
  if (since) criteria.since = since;
  const until = day(query.to);
  // `to` is inclusive: everything before the next day.
  if (until) criteria.until = new Date(until.getTime() + DAY_MS);
  return criteria;
}

/** Page number (from 1) of the query. */
export function pageOf(query: ArticlesQuery): number {
  const page = Number(query.page);
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

function siteOf(doc: Doc): string {
  const view = describeArticle(doc);
  return view.siteName ?? (URL.canParse(view.canonicalUrl) ? new URL(view.canonicalUrl).host : '?');
}

function dateOf(value: unknown): string {
  return toDate(value)?.toISOString().slice(0, 10) ?? '';
}

function row(doc: Doc): SafeHtml {
  const a = describeArticle(doc);
  const duplicateOf = typeof doc.duplicateOf === 'string' ? doc.duplicateOf : undefined;
  return html`<tr>
    <td><a href="/articles/${encodeURIComponent(a.id)}">${a.title || '(no title)'}</a></td>
    <td>${siteOf(doc)}</td>
    <td>${dateOf(doc.publishedAt)}</td>
    <td>${a.authors.join(', ')}</td>
    <td>
      ${a.topEntities.map(
        (e) => html`<span class="tag entity-${e.type.toLowerCase()}" title="${e.type}">${e.name}</span> `,
      )}
    </td>
    <td>
      ${duplicateOf === undefined ? '' : html`<a class="badge muted" href="/articles/${encodeURIComponent(duplicateOf)}" title="duplicate of ${duplicateOf}">duplicate</a>`}
    </td>
  </tr>`;
}

/** The articles list: the filter form, one page of rows, and links to the pages around it. */
export function articlesBody(
  docs: readonly Doc[],
  query: ArticlesQuery,
  page: number,
  more: boolean,
): SafeHtml {
  const field = (name: keyof ArticlesQuery, label: string, type = 'text'): SafeHtml =>
    html`<label>${label} <input type="${type}" name="${name}" value="${query[name] ?? ''}" /></label>`;
  const link = (to: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (key !== 'page' && value) params.set(key, String(value));
    params.set('page', String(to));
    return `/articles?${params.toString()}`;
  };
  return html`<h1>Articles</h1>
    <form method="get" class="filters" id="article-filters">
      ${field('title', 'title has')} ${field('site', 'site')} ${field('language', 'language')}
      ${field('from', 'published from', 'date')} ${field('to', 'to', 'date')} ${field('entity', 'entity')}
      <label
        >type
        <select name="type">
          <option value="">any</option>
          ${ENTITY_TYPES.map(
            (t) => html`<option value="${t}" ${query.type === t ? html` selected` : ''}>${t}</option>`,
          )}
        </select></label
      >
      <button type="submit">filter</button> <a href="/articles">clear</a>
    </form>
    ${
      docs.length === 0
        ? html`<p>No articles match.</p>`
        : html`<table class="articles">
            <thead>
              <tr>
                <th>title</th>
                <th>site</th>
                <th>published</th>
                <th>authors</th>
                <th>top entities</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${docs.map(row)}
            </tbody>
          </table>`
    }
    <p class="pager">
      ${page > 1 ? html`<a href="${link(page - 1)}">newer</a>` : ''}
      <span class="muted">page ${page}</span> ${more ? html`<a href="${link(page + 1)}">older</a>` : ''}
    </p>`;
}
