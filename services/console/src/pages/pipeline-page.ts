import { dlqTopic } from '@newsflow/contracts';
import { pipelineStages, type PipelineStatus } from '@newsflow/ops';
import { html, type SafeHtml } from '../html.js';
import type { Health, PipelineSnapshot, Throughput } from '../pipeline-monitor.js';

/** What /api/pipeline answers: the latest reading and the throughput series. */
export interface PipelineView {
  readonly at: string | null;
  readonly health: Health | null;
  readonly stages: (PipelineStatus['stages'][number] & { deadLetters: number | null })[];
  readonly deadLetters: PipelineStatus['deadLetters'];
  readonly articles: number | null;
  /** Servers whose figures are missing, and why (first line of the error, no addresses' secrets). */
  readonly failures: { server: string; message: string }[];
  readonly throughput: Throughput;
}

const NO_FIGURES = {
  lag: null,
  consumers: null,
  groupState: null,
  waiting: null,
  active: null,
  delayed: null,
  failed: null,
  produced: null,
  skipped: null,
} as const;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

export function pipelineView(snapshot: PipelineSnapshot | undefined, throughput: Throughput): PipelineView {
  const status = snapshot?.status;
  const deadLetters = status?.deadLetters ?? [];
  return {
    at: snapshot?.at.toISOString() ?? null,
    health: snapshot?.health ?? null,
    // Before the first reading the stages are listed with no figures.
    stages: (
      status?.stages ?? pipelineStages.map((s) => ({ stage: s.stage, topic: s.topic, ...NO_FIGURES }))
    ).map((s) => ({
      ...s,
      deadLetters: deadLetters.find((d) => d.topic === dlqTopic(s.topic))?.messages ?? null,
    })),
    deadLetters,
    articles: status?.articles ?? null,
    failures: (status?.failures ?? []).map((f) => ({ server: f.server, message: firstLine(f.error) })),
    throughput,
  };
}

const STAGE_FIELDS = [
  'lag',
  'consumers',
  'waiting',
  'active',
  'delayed',
  'failed',
  'deadLetters',
  'produced',
] as const;

function cell(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : String(value);
}

function healthBadge(name: string, key: keyof Health, health: Health | null): SafeHtml {
  const state = health === null ? 'unknown' : health[key] ? 'up' : 'down';
  return html`<span
    class="badge ${state === 'up' ? 'ok' : state === 'down' ? 'bad' : 'muted'}"
    data-health="${key}"
    >${name}: ${state}</span
  >`;
}

/** The pipeline page; /static/pipeline.js refreshes its figures and draws the chart from /api/pipeline. */
export function pipelineBody(view: PipelineView, refreshMs: number): SafeHtml {
  return html`<h1>Pipeline</h1>
    <p class="health">
      ${healthBadge('Kafka', 'kafka', view.health)} ${healthBadge('Redis', 'redis', view.health)}
      ${healthBadge('MongoDB', 'mongodb', view.health)}
      <span class="muted">updated <time data-field="at">${view.at ?? 'not yet'}</time></span>
    </p>
    <p class="failures" data-field="failures">
      ${view.failures.map((f) => html`<span class="badge bad">${f.server}: ${f.message}</span> `)}
    </p>
    <table class="figures" id="stages">
      <thead>
        <tr>
          <th>stage</th>
          <th>input topic</th>
          <th title="messages on the input topic not yet queued">lag</th>
          <th>consumers</th>
          <th>waiting</th>
          <th>active</th>
          <th>delayed</th>
          <th>failed</th>
          <th>dead letters</th>
          <th title="messages written to the output topic, ever">produced</th>
        </tr>
      </thead>
      <tbody>
        ${view.stages.map(
          (s) =>
            html`<tr data-stage="${s.stage}">
              <th>${s.stage}</th>
              <td>${s.topic}</td>
              ${STAGE_FIELDS.map((field) => html`<td data-field="${field}">${cell(s[field])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <section>
      <h2>Throughput <span class="muted">(messages per second each stage wrote, last hour)</span></h2>
      <div id="throughput" class="chart" data-api="/api/pipeline" data-refresh-ms="${refreshMs}"></div>
    </section>
    <section class="columns">
      <div>
        <h2>Dead letters</h2>
        <table class="figures" id="dead-letters">
          <tbody>
            ${view.deadLetters.map(
              (d) =>
                html`<tr data-topic="${d.topic}">
                  <th><a href="/dead-letters?topic=${encodeURIComponent(d.topic)}">${d.topic}</a></th>
                  <td data-field="messages">${cell(d.messages)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div>
        <h2>Articles</h2>
        <p>
          <a href="/articles"><span class="big" data-field="articles">${cell(view.articles)}</span></a> stored
        </p>
      </div>
    </section>`;
}
