import type { SourceSummary } from '@newsflow/ops';
import type { Access } from '../access.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';

function when(date: Date | undefined): string {
  return date?.toISOString().replace('T', ' ').slice(0, 19) ?? '–';
}

function action(source: SourceSummary, access: Access): SafeHtml {
  if (!access.writable) return html``;
  const next = source.state === 'paused' ? 'resume' : 'pause';
  return html`<form method="post" action="/sources/${next}" class="inline">
    ${csrfField(access)} <input type="hidden" name="id" value="${source.id}" /><button type="submit">
      ${next}
    </button>
  </form>`;
}

/**
 * The sources page (the discovery service's `sources` collection). `sources` is undefined when the collection
 * does not exist: discovery is not running on this stack.
 */
export function sourcesBody(sources: readonly SourceSummary[] | undefined, access: Access): SafeHtml {
  if (sources === undefined)
    return html`<h1>Sources</h1>
      <p id="no-sources">
        Discovery is not running on this stack: there is no sources collection yet. Follow a site with
        <code>newsflow sources add &lt;url&gt;</code> once the discovery service runs (docs/sources.md).
      </p>`;
  return html`<h1>Sources</h1>
    ${
      sources.length === 0
        ? html`<p>No sources yet: <code>newsflow sources add &lt;url&gt;</code>.</p>`
        : html`<table class="sources">
            <thead>
              <tr>
                <th>source</th>
                <th>kind</th>
                <th>state</th>
                <th>feeds / sitemaps / pages</th>
                <th>last poll</th>
                <th>next poll</th>
                <th>URLs, last 24 h</th>
                <th>URLs in all</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${sources.map(
                (s) =>
                  html`<tr data-source="${s.id}">
                    <td>${s.name}<br /><span class="muted">${s.url}</span></td>
                    <td>${s.kind}</td>
                    <td>
                      <span
                        class="badge ${s.state === 'active' ? 'ok' : s.state === 'failing' ? 'bad' : 'muted'}"
                        >${s.state}</span
                      >
                      ${s.failingReason === undefined ? '' : html`<br /><span class="muted">${s.failingReason}</span>`}
                    </td>
                    <td>${s.feeds} / ${s.sitemaps} / ${s.pages}</td>
                    <td>${when(s.lastPolledAt)}</td>
                    <td>${when(s.nextPollAt)}</td>
                    <td>${s.urlsLastDay}</td>
                    <td>${s.urlsTotal}</td>
                    <td>${action(s, access)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <p class="muted">
      Pause and resume send a <code>source.requested</code> message, as
      <code>newsflow sources pause|resume</code> does; the discovery service applies it.
    </p>`;
}
