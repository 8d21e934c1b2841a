import { Canvas, type Rgb } from './png-chart.js';

export interface ChartSeries {
  readonly label: string;
  /** Pages finished per second, one value per second since the first request. */
  readonly perSecond: readonly number[];
}

export interface LatencyGroup {
  readonly label: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export interface ChartInput {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly floorPagesPerS: number;
  readonly latency: readonly LatencyGroup[];
}

const INK: Rgb = [30, 30, 30];
const GRID: Rgb = [225, 225, 225];
const PALETTE: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [148, 103, 189],
];
const PERCENTILE_COLOURS: readonly Rgb[] = [
  [116, 173, 209],
  [69, 117, 180],
  [49, 54, 149],
];
/** Seconds of the moving average drawn over the per-second counts (single seconds are too jumpy to read). */
const SMOOTH_S = 5;

function smooth(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    const from = Math.max(0, i - window + 1);
    const slice = values.slice(from, i + 1);
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  });
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

function fmt(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1).replace(/\.0$/, '');
  return value.toFixed(2).replace(/\.?0+$/, '');
}

/** Two panels: throughput over time (per mode, plus the in-process floor) and latency p50/p95/p99 (log scale). */
export function drawChart(input: ChartInput): Buffer {
  const c = new Canvas(1100, 820);
  c.text(20, 14, input.title, INK, 2);

  // Panel 1: throughput over time.
  const p1 = { x: 90, y: 70, w: 980, h: 330 };
  const smoothed = input.series.map((s) => smooth(s.perSecond, SMOOTH_S));
  const maxT = Math.max(10, ...smoothed.map((s) => s.length));
  const maxY = Math.max(1, input.floorPagesPerS * 1.15, ...smoothed.flat().map((v) => v * 1.1));
  const stepY = niceStep(maxY, 5);
  const stepT = niceStep(maxT, 10);
  c.text(
    p1.x,
    p1.y - 24,
    `THROUGHPUT, PAGES/S (${SMOOTH_S} S MOVING AVERAGE) OVER SECONDS SINCE THE PUSH`,
    INK,
    2,
  );
  for (let v = 0; v <= maxY; v += stepY) {
    const y = p1.y + p1.h - (v / maxY) * p1.h;
    c.line(p1.x, y, p1.x + p1.w, y, GRID);
    c.text(p1.x - 8 - Canvas.textWidth(fmt(v)), y - 7, fmt(v), INK, 2);
  }
  for (let t = 0; t <= maxT; t += stepT) {
    const x = p1.x + (t / maxT) * p1.w;
    c.line(x, p1.y, x, p1.y + p1.h, GRID);
    c.text(x - Canvas.textWidth(fmt(t)) / 2, p1.y + p1.h + 8, fmt(t), INK, 2);
  }
  c.line(p1.x, p1.y + p1.h, p1.x + p1.w, p1.y + p1.h, INK, 2);
  c.line(p1.x, p1.y, p1.x, p1.y + p1.h, INK, 2);
  const floorY = p1.y + p1.h - (input.floorPagesPerS / maxY) * p1.h;
  c.line(p1.x, floorY, p1.x + p1.w, floorY, [200, 30, 30], 2, 8);
  let legendX = p1.x + 10;
  const legendY = p1.y + p1.h + 34;
  c.line(legendX, legendY + 7, legendX + 30, legendY + 7, [200, 30, 30], 3, 6);
  legendX += 70 + c.text(legendX + 38, legendY, `IN-PROCESS FLOOR ${fmt(input.floorPagesPerS)}`, INK, 2);
  for (const [i, values] of smoothed.entries()) {
    const colour = PALETTE[i % PALETTE.length]!;
    for (let t = 1; t < values.length; t++) {
      const x0 = p1.x + ((t - 1) / maxT) * p1.w;
      const x1 = p1.x + (t / maxT) * p1.w;
      c.line(
        x0,
        p1.y + p1.h - (values[t - 1]! / maxY) * p1.h,
        x1,
        p1.y + p1.h - (values[t]! / maxY) * p1.h,
        colour,
        2,
      );
    }
    c.line(legendX, legendY + 7, legendX + 30, legendY + 7, colour, 3);
    legendX += 60 + c.text(legendX + 38, legendY, input.series[i]!.label, INK, 2);
  }

  // Panel 2: latency percentiles, log scale (burst latencies are queueing, fixed-load ones are not).
  const p2 = { x: 90, y: 510, w: 980, h: 230 };
  c.text(p2.x, p2.y - 40, 'URL TO STORED LATENCY, SECONDS (LOG SCALE): P50 / P95 / P99', INK, 2);
  const all = input.latency
    .flatMap((g) => [g.p50Ms, g.p95Ms, g.p99Ms])
    .filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.floor(Math.log10(Math.max(0.01, Math.min(...all, 1000) / 1000)));
  const hi = Math.ceil(Math.log10(Math.max(...all, 1000) / 1000 + 1e-9));
  const top = Math.max(hi, lo + 1);
  const yOf = (ms: number): number =>
    p2.y + p2.h - ((Math.log10(Math.max(ms / 1000, 10 ** lo)) - lo) / (top - lo)) * p2.h;
  for (let e = lo; e <= top; e++) {
    const y = yOf(10 ** e * 1000);
    c.line(p2.x, y, p2.x + p2.w, y, GRID);
    const label = fmt(10 ** e);
    c.text(p2.x - 8 - Canvas.textWidth(label), y - 7, label, INK, 2);
  }
  c.line(p2.x, p2.y + p2.h, p2.x + p2.w, p2.y + p2.h, INK, 2);
  c.line(p2.x, p2.y, p2.x, p2.y + p2.h, INK, 2);
  let keyX = p2.x + p2.w - 3 * 80;
  for (const [j, name] of ['P50', 'P95', 'P99'].entries()) {
    c.rect(keyX, p2.y - 40, 14, 14, PERCENTILE_COLOURS[j]!);
    keyX += 80;
    c.text(keyX - 60, p2.y - 40, name, INK, 2);
  }
  const groupW = p2.w / Math.max(1, input.latency.length);
  for (const [i, group] of input.latency.entries()) {
    const values = [group.p50Ms, group.p95Ms, group.p99Ms];
    const barW = Math.min(50, (groupW - 40) / 3);
    const startX = p2.x + i * groupW + (groupW - barW * 3) / 2;
    for (const [j, ms] of values.entries()) {
      if (!Number.isFinite(ms)) continue;
      const y = yOf(ms);
      c.rect(startX + j * barW, y, barW - 4, p2.y + p2.h - y, PERCENTILE_COLOURS[j]!);
      const label = fmt(ms / 1000);
      c.text(startX + j * barW + (barW - 4) / 2 - Canvas.textWidth(label, 1) / 2, y - 10, label, INK, 1);
    }
    c.text(
      p2.x + i * groupW + groupW / 2 - Canvas.textWidth(group.label) / 2,
      p2.y + p2.h + 10,
      group.label,
      INK,
      2,
    );
  }
  return c.toPng();
}
