// The pipeline page: refreshes its figures from /api/pipeline and draws the throughput chart with uPlot.
// Text goes in through textContent only; the page's HTML is never rebuilt from data.
'use strict';

(() => {
  const chartBox = document.getElementById('throughput');
  if (!chartBox) return;
  const api = chartBox.dataset.api;
  const refreshMs = Number(chartBox.dataset.refreshMs) || 5000;
  const COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2'];
  let chart;
  let stagesShown = '';

  const text = (value) => (value === null || value === undefined ? '–' : String(value));

  function drawChart(throughput) {
    const stages = Object.keys(throughput.rates);
    const data = [throughput.t, ...stages.map((s) => throughput.rates[s])];
    const key = stages.join(',');
    if (chart && key === stagesShown) {
      chart.setData(data);
      return;
    }
    chart?.destroy();
    stagesShown = key;
    chart = new uPlot(
      {
        width: Math.max(320, chartBox.clientWidth),
        height: 260,
        scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { label: 'messages/s', size: 60 }],
        series: [
          {},
          ...stages.map((stage, i) => ({
            label: stage,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            spanGaps: false,
          })),
        ],
      },
      data,
      chartBox,
    );
  }

  function setHealth(health) {
    for (const badge of document.querySelectorAll('[data-health]')) {
      const up = health ? health[badge.dataset.health] : undefined;
      const state = up === undefined ? 'unknown' : up ? 'up' : 'down';
      badge.textContent = `${badge.textContent.split(':')[0]}: ${state}`;
      badge.className = `badge ${state === 'up' ? 'ok' : state === 'down' ? 'bad' : 'muted'}`;
    }
  }

  function show(view) {
    document.querySelector('[data-field="at"]').textContent = view.at ?? 'not yet';
    setHealth(view.health);
    const failures = document.querySelector('[data-field="failures"]');
    failures.replaceChildren(
      ...view.failures.map((f) => {
        const badge = document.createElement('span');
        badge.className = 'badge bad';
        badge.textContent = `${f.server}: ${f.message}`;
        return badge;
      }),
    );
    for (const stage of view.stages) {
      const row = document.querySelector(`tr[data-stage="${CSS.escape(stage.stage)}"]`);
      if (!row) continue;
      for (const cell of row.querySelectorAll('[data-field]'))
        cell.textContent = text(stage[cell.dataset.field]);
    }
    for (const topic of view.deadLetters) {
      const cell = document.querySelector(
        `tr[data-topic="${CSS.escape(topic.topic)}"] [data-field="messages"]`,
      );
      if (cell) cell.textContent = text(topic.messages);
    }
    document.querySelector('[data-field="articles"]').textContent = text(view.articles);
    drawChart(view.throughput);
  }

  async function refresh() {
    try {
      const response = await fetch(api, { headers: { accept: 'application/json' } });
      if (response.ok) show(await response.json());
    } catch {
      // The console may be restarting; the next refresh tries again.
    }
    setTimeout(refresh, refreshMs);
  }

  refresh();
})();
