/** chart.js configurations shared by the prediction, activation and training views. */
import type { ChartConfiguration } from 'chart.js';
import { baseOptions, withAlpha, type Palette } from './chart-theme';
import type { Histogram } from './sample';

export interface Points {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Index of the palette series colour. */
  readonly series: number;
  /** Only these rows (all when absent). */
  readonly rows?: readonly number[];
}

function points(p: Points): { x: number; y: number }[] {
  const rows = p.rows ?? Array.from({ length: Math.min(p.x.length, p.y.length) }, (_, i) => i);
  const out: { x: number; y: number }[] = [];
  for (const i of rows) if (Number.isFinite(p.x[i]) && Number.isFinite(p.y[i])) out.push({ x: p.x[i], y: p.y[i] });
  return out;
}

/** Scatter of one or more point sets; `identity` adds the y = x line across the data's range. */
export function scatterConfig(pal: Palette, sets: readonly Points[], axes: { x: string; y: string }, identity = false): ChartConfiguration {
  const data = sets.map(points);
  const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = sets.map((s, k) => {
    const color = pal.series[s.series % pal.series.length];
    const n = data[k].length;
    // Thousands of points: small squares (a filled rect draws several times faster than an arc on a canvas).
    const many = n > 2000;
    return { label: s.label, data: data[k], backgroundColor: withAlpha(color, many ? 0.35 : 0.7), borderColor: color, pointRadius: many ? 1.5 : 2.5, borderWidth: 0, pointStyle: many ? 'rect' : 'circle' };
  });
  if (identity) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const set of data) for (const q of set) {
      lo = Math.min(lo, q.x, q.y);
      hi = Math.max(hi, q.x, q.y);
    }
    if (hi >= lo) datasets.push({ type: 'line', label: 'y = x (perfect)', data: [{ x: lo, y: lo }, { x: hi, y: hi }], borderColor: pal.muted, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 } as never);
  }
  return { type: 'scatter', data: { datasets }, options: { ...baseOptions(pal, axes.x, axes.y), parsing: false } as never };
}

/** Bars of a histogram; several histograms with the same edges are drawn side by side. */
export function histogramConfig(pal: Palette, hists: readonly { label: string; hist: Histogram; series: number }[], axes: { x: string; y: string }): ChartConfiguration {
  const datasets = hists.map(({ label, hist, series }) => {
    const color = pal.series[series % pal.series.length];
    return {
      label,
      data: hist.counts.map((c, k) => ({ x: (hist.edges[k] + hist.edges[k + 1]) / 2, y: c })),
      backgroundColor: withAlpha(color, 0.65),
      borderColor: color,
      borderWidth: 1,
      barPercentage: 1,
      categoryPercentage: 1,
    };
  });
  const opts = baseOptions(pal, axes.x, axes.y);
  return {
    type: 'bar',
    data: { datasets },
    options: { ...opts, plugins: { ...opts.plugins, legend: { ...opts.plugins.legend, display: hists.length > 1 } } } as never,
  };
}

/** Lines through (x, y) points, one per series. */
export function linesConfig(
  pal: Palette,
  lines: readonly { label: string; points: readonly { x: number; y: number }[]; series: number; dashed?: boolean; muted?: boolean }[],
  axes: { x: string; y: string; yMin?: number; yMax?: number; logY?: boolean; integerX?: boolean },
): ChartConfiguration {
  const opts = baseOptions(pal, axes.x, axes.y);
  return {
    type: 'line',
    data: {
      datasets: lines.map((l) => {
        const color = l.muted ? pal.muted : pal.series[l.series % pal.series.length];
        return { label: l.label, data: l.points as { x: number; y: number }[], borderColor: color, backgroundColor: color, borderWidth: l.muted ? 1 : 2, pointRadius: l.points.length > 60 ? 0 : 2, borderDash: l.dashed ? [6, 4] : [] };
      }),
    },
    options: {
      ...opts,
      parsing: false,
      scales: { x: { ...opts.scales.x, ticks: { ...opts.scales.x.ticks, precision: axes.integerX ? 0 : undefined } }, y: { ...opts.scales.y, type: axes.logY ? 'logarithmic' : 'linear', min: axes.yMin, max: axes.yMax } },
    } as never,
  };
}
