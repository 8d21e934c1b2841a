import { describeArticle, entitiesOf, toDate, type ArticleView } from '@newsflow/ops';
import { markEntities } from '../entity-marks.js';
import { html, type HtmlValue, type SafeHtml } from '../html.js';

type Doc = Record<string, unknown>;

/** Metadata rows of the article page, in the order shown; each may have provenance in `provenance`. */
const METADATA_FIELDS = [
  'title',
  'description',
  'authors',
  'publishedAt',
  'modifiedAt',
  'siteName',
  'language',
  'section',
  'tags',
  'leadImage',
  'wordCount',
  'text',
] as const;

/** A link to a stored URL, only for http(s) (a `javascript:` URL in a document must not become a link). */
function externalLink(url: unknown): SafeHtml {
  if (typeof url !== 'string') return html``;
  return /^https?:\/\//i.test(url)
    ? html`<a href="${url}" rel="noreferrer noopener" target="_blank">${url}</a>`
    : html`<span>${url}</span>`;
}

function show(value: unknown): HtmlValue {
  if (value === undefined || value === null) return html`<span class="muted">–</span>`;
  const date = value instanceof Date ? toDate(value) : undefined;
  if (date) return date.toISOString();
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string')
    return value.length > 300 ? `${value.slice(0, 300)}… (${value.length} characters)` : value;
  // Numbers and booleans (objects, dates and lists were taken above).
  return JSON.stringify(value);
}

function metadataTable(doc: Doc): SafeHtml {
  const provenance = (doc.provenance ?? {}) as Record<
    string,
    { source?: unknown; confidence?: unknown } | undefined
  >;
  return html`<table class="metadata">
    <thead>
      <tr>
        <th>field</th>
        <th>value</th>
        <th>from</th>
        <th>confidence</th>
      </tr>
    </thead>
    <tbody>
      ${METADATA_FIELDS.map((field) => {
        const p = provenance[field];
        return html`<tr>
          <th>${field}</th>
          <td>${field === 'leadImage' ? externalLink(doc[field]) : show(doc[field])}</td>
          <td>${typeof p?.source === 'string' ? p.source : ''}</td>
          <td>${typeof p?.confidence === 'number' ? p.confidence.toFixed(2) : ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function versions(doc: Doc): SafeHtml {
  const extractor = (doc.extractor ?? {}) as { name?: unknown; version?: unknown };
  const model = (doc.entitiesModel ?? {}) as { name?: unknown; version?: unknown };
  return html`<table class="metadata">
      <tbody>
        <tr>
          <th>version</th>
          <td>${show(doc.version)}</td>
        </tr>
        <tr>
          <th>extractor</th>
          <td>${show(extractor.name)} ${show(extractor.version)}</td>
        </tr>
        <tr>
          <th>entity model</th>
          <td>${show(model.name)} ${show(model.version)}</td>
        </tr>
        <tr>
          <th>first seen</th>
          <td>${show(doc.firstSeenAt)}</td>
        </tr>
        <tr>
          <th>this version written</th>
          <td>${show(doc.updatedAt)}</td>
        </tr>
        <tr>
          <th>fetched / processed</th>
          <td>${show(doc.fetchedAt)} / ${show(doc.processedAt)}</td>
        </tr>
        ${
          doc.truncated === true
            ? html`<tr>
                <th>truncated</th>
                <td>${show(doc.truncation)}</td>
              </tr>`
            : ''
        }
      </tbody>
    </table>
    <p class="muted">
      The store keeps the current version of an article only: a new extractor or model version (after
      <code>newsflow reprocess</code>) replaces it with <code>version + 1</code>, so earlier versions' fields
      are not kept.
    </p>`;
}

function duplicates(doc: Doc, copies: readonly Doc[]): SafeHtml {
  const duplicateOf = typeof doc.duplicateOf === 'string' ? doc.duplicateOf : undefined;
  return html`${
    duplicateOf === undefined
      ? html`<p>An original${copies.length === 0 ? ' with no copies stored.' : ':'}</p>`
      : html`<p>
          A copy of <a href="/articles/${encodeURIComponent(duplicateOf)}">${duplicateOf}</a> (simhash
          distance ${show(doc.duplicateDistance)}).
        </p>`
  }
  ${
    copies.length === 0
      ? ''
      : html`<ul>
          ${copies.map((c) => {
            const view = describeArticle(c);
            return html`<li>
              <a href="/articles/${encodeURIComponent(view.id)}">${view.title || view.id}</a>
              <span class="muted">${view.canonicalUrl} · distance ${show(c.duplicateDistance)}</span>
            </li>`;
          })}
        </ul>`
  }`;
}

/** Site, date and authors, as far as they are known, on a line of their own. */
function byline(view: ArticleView): SafeHtml {
  const parts = [
    view.siteName,
    view.publishedAt?.toISOString(),
    view.authors.length > 0 ? `by ${view.authors.join(', ')}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? html`` : html`${parts.join(' · ')}<br />`;
}

/** One article: highlighted text, entities, metadata with provenance, versions, duplicates, raw page. */
export function articleBody(doc: Doc, copies: readonly Doc[]): SafeHtml {
  const view = describeArticle(doc);
  const text = typeof doc.text === 'string' ? doc.text : '';
  const entities = entitiesOf(doc);
  return html`<article>
    <h1 id="article-title">${view.title || '(no title)'}</h1>
    <p class="byline">
      ${byline(view)} ${externalLink(view.canonicalUrl)} ·
      <a href="/articles/${encodeURIComponent(view.id)}/raw" id="raw-page">raw page as fetched</a>
      <span class="muted">(shown as plain text)</span>
    </p>
    <section class="columns">
      <div class="article-text" id="article-text">${markEntities(text, doc.entities)}</div>
      <aside>
        <h2>Entities</h2>
        ${entities.length === 0 ? html`<p class="muted">none found</p>` : ''}
        <ul class="entities">
          ${entities.map(
            (e) =>
              html`<li>
                <span class="tag entity-${e.type.toLowerCase()}">${e.name}</span>
                <span class="muted">${e.type} · ${e.count}×</span>
              </li>`,
          )}
        </ul>
      </aside>
    </section>
    <h2>Metadata</h2>
    ${metadataTable(doc)}
    <h2>Versions</h2>
    ${versions(doc)}
    <h2>Duplicates</h2>
    ${duplicates(doc, copies)}
    <p class="muted">id <code>${view.id}</code></p>
  </article>`;
}
