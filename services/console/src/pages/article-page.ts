import {
  articleVersions,
  describeArticle,
  entitiesOf,
  toDate,
  type ArticleView,
  type ChangesView,
  type VersionView,
} from '@newsflow/ops';
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

/** The fields a version changed, with what the one before had where the history keeps it. */
function changedFields(v: VersionView): SafeHtml {
  const was = v.was;
  const earlier: Partial<Record<string, HtmlValue>> = {
    title: was?.title,
    authors: was?.authors?.join(', '),
    publishedAt: was?.publishedAt?.toISOString(),
    language: was?.language,
  };
  return html`<ul class="changed-fields">
    ${(v.changes?.fields ?? []).map(
      (field) =>
        html`<li>
          <span class="tag">${field}</span>${
            earlier[field] === undefined ? '' : html` <span class="muted">was</span> ${earlier[field]}`
          }
        </li>`,
    )}
  </ul>`;
}

function textChanges(text: NonNullable<ChangesView['text']>): SafeHtml {
  const more = text.passageCount - text.passages.length;
  return html`<p class="word-counts">
      <span class="added">+${text.wordsAdded}</span> /
      <span class="removed">−${text.wordsRemoved}</span> words in ${text.passageCount}
      ${text.passageCount === 1 ? 'passage' : 'passages'}${
        text.aligned
          ? ''
          : html` <span class="muted">(too different to align word by word: counted as bags of words)</span>`
      }
    </p>
    <ol class="passages">
      ${text.passages.map(
        (p) =>
          html`<li>
            ${p.context === '' ? '' : html`<span class="muted">…${p.context}</span> `}${
              p.removed === '' ? '' : html`<del>${p.removed}</del> `
            }${p.added === '' ? '' : html`<ins>${p.added}</ins>`}
          </li>`,
      )}
    </ol>
    ${more > 0 ? html`<p class="muted">and ${more} more ${more === 1 ? 'passage' : 'passages'}</p>` : ''}`;
}

function entityChanges(entities: NonNullable<ChangesView['entities']>): SafeHtml {
  const list = (refs: readonly { name: string; type: string }[], sign: string, total: number) =>
    refs.length === 0
      ? ''
      : html`<li>
          ${sign}
          ${refs.map(
            (e) => html`<span class="tag entity-${e.type.toLowerCase()}">${e.name}</span> `,
          )}${total > refs.length ? html`<span class="muted">and ${total - refs.length} more</span>` : ''}
        </li>`;
  return html`<ul class="entity-changes">
    ${list(entities.added, '+', entities.addedCount)} ${list(entities.removed, '−', entities.removedCount)}
  </ul>`;
}

function whatChanged(v: VersionView): SafeHtml {
  if (v.changes === undefined)
    return v.version === 1
      ? html`<span class="muted">first version</span>`
      : html`<span class="muted">the version before is no longer kept</span>`;
  return html`${changedFields(v)} ${v.changes.text ? textChanges(v.changes.text) : ''}
  ${v.changes.entities ? entityChanges(v.changes.entities) : ''}`;
}

/** Every kept version, newest first, with extractor and model versions, dates and what it changed. */
function versions(doc: Doc): SafeHtml {
  const { versions: rows, dropped } = articleVersions(doc);
  return html`<table class="metadata versions" id="versions">
      <thead>
        <tr>
          <th>version</th>
          <th>extractor</th>
          <th>entity model</th>
          <th>processed / stored</th>
          <th>what changed against the version before</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (v) =>
            html`<tr data-version="${v.version}">
              <th>${v.version}${v.current ? html` <span class="badge ok">current</span>` : ''}</th>
              <td>${show(v.extractor)}</td>
              <td>${show(v.entitiesModel)}</td>
              <td>${show(v.processedAt)}<br />${show(v.storedAt)}</td>
              <td>${whatChanged(v)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted">
      First seen ${show(doc.firstSeenAt)}; fetched
      ${show(doc.fetchedAt)}.${doc.truncated === true ? html` Truncated: ${show(doc.truncation)}.` : ''}
      ${
        dropped > 0
          ? html`${dropped} earlier ${dropped === 1 ? 'version is' : 'versions are'} no longer kept (the store
              keeps the last <code>STORE_VERSION_HISTORY</code>).`
          : ''
      }
      Earlier versions keep their metadata and what changed, not their text.
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
