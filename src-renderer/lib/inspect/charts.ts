/** chart.js configurations shared by the prediction, activation and training views. */
import type { ChartConfiguration } from 'chart.js';
import { baseOptions, withAlpha, type Palette } from './chart-theme';
import { extent, finitePairs, pointLayerPlugin, type PointSet } from './point-layer';
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

/**
 * Scatter of one or more point sets; `identity` adds the y = x line across the data's range. The points are
 * drawn by the point layer (point-layer.ts), not as chart.js elements; the axes get the data's range as
 * suggested bounds, which is what chart.js would have computed from the points themselves.
 */
export function scatterConfig(pal: Palette, sets: readonly Points[], axes: { x: string; y: string }, identity = false): ChartConfiguration {
  const pairs = sets.map((s) => finitePairs(s.x, s.y, s.rows));
  const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = sets.map((s, k) => {
    const color = pal.series[s.series % pal.series.length];
    // Thousands of points: small squares, lighter (overlaps darken), as chart.js's 'rect' point style drew them.
    const many = pairs[k].xs.length > 2000;
    const pointLayer: PointSet = { label: s.label, ...pairs[k], color: withAlpha(color, many ? 0.35 : 0.7), shape: many ? 'rect' : 'circle', radius: many ? 1.5 : 2.5 };
    return { label: s.label, data: [], pointLayer, backgroundColor: pointLayer.color, borderColor: color, pointRadius: pointLayer.radius, borderWidth: 0, pointStyle: pointLayer.shape } as never;
  });
  const xRange = extent(pairs.map((p) => p.xs));
  const yRange = extent(pairs.map((p) => p.ys));
  if (identity && xRange && yRange) {
    const lo = Math.min(xRange.min, yRange.min);
    const hi = Math.max(xRange.max, yRange.max);
    datasets.push({ type: 'line', label: 'y = x (perfect)', data: [{ x: lo, y: lo }, { x: hi, y: hi }], borderColor: pal.muted, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 } as never);
  }
  const opts = baseOptions(pal, axes.x, axes.y);
  const bounds = (r: { min: number; max: number } | null) => (r ? { suggestedMin: r.min, suggestedMax: r.max } : {});
  return {
    type: 'scatter',
    data: { datasets },
    options: { ...opts, parsing: false, normalized: true, scales: { x: { ...opts.scales.x, ...bounds(xRange) }, y: { ...opts.scales.y, ...bounds(yRange) } } } as never,
    plugins: [pointLayerPlugin()],
  };
}

/** Most legend entries a chart shows; beyond, colours repeat and a legend would crowd out the plot. */
export const LEGEND_MAX_ENTRIES = 12;

/** `config` with its legend hidden when it would list more than LEGEND_MAX_ENTRIES entries (the view says why). */
export function fitLegend(config: ChartConfiguration, entries: number): ChartConfiguration {
  if (entries <= LEGEND_MAX_ENTRIES) return config;
  const options = (config.options ?? {}) as { plugins?: { legend?: object } };
  return { ...config, options: { ...options, plugins: { ...options.plugins, legend: { ...options.plugins?.legend, display: false } } } as never };
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
  // counts on the y axis
  const opts = baseOptions(pal, axes.x, axes.y, { y: true });
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
  axes: { x: string; y: string; yMin?: number; yMax?: number; logY?: boolean; integerX?: boolean; integerY?: boolean },
): ChartConfiguration {
  const opts = baseOptions(pal, axes.x, axes.y, { x: axes.integerX, y: axes.integerY });
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
      scales: { x: opts.scales.x, y: { ...opts.scales.y, ...(axes.logY ? { ticks: { color: opts.scales.y.ticks.color } } : {}), type: axes.logY ? 'logarithmic' : 'linear', min: axes.yMin, max: axes.yMax } },
    } as never,
  };
}
