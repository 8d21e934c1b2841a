import type { DeadLetterRecord, DeadLetters, ReplayEvent, ReplayResult } from '@newsflow/ops';
import type { Access } from '../access.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';

/** Bytes of an original value shown in the list (the rest is counted, not shown). */
const VALUE_PREVIEW_BYTES = 4096;

export interface DeadLetterFilter {
  readonly topic?: string;
  readonly code?: string;
}

function originalValue(record: DeadLetterRecord): SafeHtml {
  const bytes = record.original;
  const shown = bytes.subarray(0, VALUE_PREVIEW_BYTES).toString('utf8');
  const rest = bytes.byteLength - VALUE_PREVIEW_BYTES;
  return html`<pre class="value">${shown}</pre>
    ${rest > 0 ? html`<p class="muted">… ${rest} more bytes</p>` : ''}`;
}

function replayCell(record: DeadLetterRecord, access: Access): SafeHtml {
  if (record.unreplayable !== undefined) return html`<span class="muted">${record.unreplayable}</span>`;
  if (record.replayed) return html`<span class="badge ok">replayed</span>`;
  if (!access.writable) return html`<span class="muted">read-only</span>`;
  return html`<form method="post" action="/dead-letters/replay" class="inline">
    ${csrfField(access)} <input type="hidden" name="topic" value="${record.topic}" /><input
      type="hidden"
      name="partition"
      value="${record.partition}"
    />
    <input type="hidden" name="offset" value="${record.offset}" /><button
      type="submit"
      data-replay="${record.topic}:${record.partition}:${record.offset}"
    >
      replay
    </button>
  </form>`;
}

function letterRow(record: DeadLetterRecord, access: Access): SafeHtml {
  const l = record.letter;
  if (!l)
    return html`<tr>
      <td>${record.partition}@${record.offset}</td>
      <td colspan="5" class="muted">not a dead letter</td>
      <td></td>
    </tr>`;
  return html`<tr data-offset="${record.offset}">
    <td>${record.partition}@${record.offset}</td>
    <td><time>${l.failedAt}</time><br /><span class="muted">${l.service}</span></td>
    <td>
      <a href="?code=${encodeURIComponent(l.error.code)}"><code>${l.error.code}</code></a
      ><br /><span class="muted">${l.error.name}</span>
    </td>
    <td class="message">${l.error.message}</td>
    <td>${l.attempts}</td>
    <td class="original"><span class="muted">key</span> ${l.key ?? '(none)'}${originalValue(record)}</td>
    <td>${replayCell(record, access)}</td>
  </tr>`;
}

/** The dead-letters page: per topic, the newest letters, filterable by code, each replayable. */
export function deadLettersBody(
  read: DeadLetters,
  filter: DeadLetterFilter,
  topics: readonly string[],
  limit: number,
  access: Access,
): SafeHtml {
  const codes = [...new Set(read.letters.flatMap((l) => (l.letter ? [l.letter.error.code] : [])))].sort();
  const shown = read.letters.filter((l) => filter.code === undefined || l.letter?.error.code === filter.code);
  const waiting = shown.filter((l) => l.unreplayable === undefined && !l.replayed).length;
  const option = (value: string, current: string | undefined, label = value): SafeHtml =>
    html`<option value="${value}" ${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<h1>Dead letters</h1>
    <form method="get" class="filters">
      <label
        >topic
        <select name="topic">
          ${option('', filter.topic, 'all')}${topics.map((t) => option(t, filter.topic))}
        </select></label
      >
      <label
        >code
        <select name="code">
          ${option('', filter.code, 'any')}${codes.map((c) => option(c, filter.code))}
        </select></label
      >
      <button type="submit">show</button>
    </form>
    ${
      filter.code !== undefined && access.writable && waiting > 0
        ? html`<form method="post" action="/dead-letters/replay" class="bulk">
            ${csrfField(access)}
            <input
              type="hidden"
              name="code"
              value="${filter.code}"
            />${filter.topic === undefined ? '' : html`<input type="hidden" name="topic" value="${filter.topic}" />`}
            <button type="submit" id="replay-code">
              replay every letter with code ${filter.code} not replayed yet
            </button>
          </form>`
        : ''
    }
    <p class="muted">
      The newest ${limit} letters of each topic partition. A replay sends the original message back to its
      topic with a fresh attempt count, once (the same operation as <code>newsflow dlq --replay</code>).
    </p>
    ${(filter.topic === undefined ? topics : [filter.topic]).map((topic) => {
      const letters = shown.filter((l) => l.topic === topic);
      const total = read.totals.get(topic) ?? 0;
      if (total === 0 && filter.topic === undefined) return '';
      return html`<section data-topic="${topic}">
        <h2>${topic} <span class="muted">${total} kept, ${letters.length} shown</span></h2>
        ${
          letters.length === 0
            ? html`<p class="muted">none</p>`
            : html`<table class="letters">
                <thead>
                  <tr>
                    <th>offset</th>
                    <th>failed</th>
                    <th>code</th>
                    <th>message</th>
                    <th>attempts</th>
                    <th>original message</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${letters.map((l) => letterRow(l, access))}
                </tbody>
              </table>`
        }
      </section>`;
    })}
    ${read.totals.size === 0 || [...read.totals.values()].every((n) => n === 0) ? html`<p>No dead letters.</p>` : ''}`;
}

/** What a replay did. */
export function replayResultBody(result: ReplayResult, events: readonly ReplayEvent[]): SafeHtml {
  return html`<h1>Replay</h1>
    <p class="result" id="replay-result">
      ${result.replayed} replayed${result.skipped > 0 ? `, ${result.skipped} skipped` : ''}
    </p>
    <ul>
      ${events.map(
        (e) =>
          html`<li>
            ${e.outcome} ${e.topic}
            ${e.partition}@${e.offset}${e.outcome === 'replayed' ? html` → ${e.target ?? ''}` : html`: ${e.reason ?? ''}`}
          </li>`,
      )}
    </ul>
    <p><a href="/dead-letters">back to the dead letters</a></p>`;
}
