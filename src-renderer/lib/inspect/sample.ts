/**
 * Small pure helpers for charts: which rows of a sample to draw, the "showing n of N rows" label,
 * histograms, and the hidden-unit statistics of the activation comparison.
 */
import type { LayerActivationSummary } from './types';
import { formatCount, formatNumber, plural } from './format';

/** Row indices 0, s, 2s, … spread evenly over n rows, at most `limit` of them (all rows when n ≤ limit). */
export function evenSample(n: number, limit: number): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  if (limit <= 0) return [];
  // index_k = floor(k · n / limit): evenly spread, strictly increasing, first row 0.
  return Array.from({ length: limit }, (_, k) => Math.floor((k * n) / limit));
}

/** "showing 10,000 of 1,000,000 rows", or "all 150 rows" when nothing was left out. */
export function sampleLabel(shown: number, total: number): string {
  if (shown >= total) return `all ${plural(total, 'row')}`;
  return `showing ${formatCount(shown)} of ${plural(total, 'row')}`;
}

export interface Histogram {
  /** bins + 1 edges; bin k is [edges[k], edges[k+1]), the last bin includes its right edge. */
  readonly edges: number[];
  readonly counts: number[];
  /** Values that were NaN or ±Infinity and so were not counted. */
  readonly skipped: number;
}

/** Histogram of the finite values over [min, max] in `bins` equal bins (one bin when all values are equal). */
export function histogram(values: ArrayLike<number>, bins: number, range?: { min: number; max: number }): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let skipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) skipped++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (range) ({ min, max } = range);
  if (!(max >= min)) return { edges: [], counts: [], skipped };
  const n = max > min ? Math.max(1, Math.floor(bins)) : 1;
  const width = max > min ? (max - min) / n : 1;
  const edges = Array.from({ length: n + 1 }, (_, k) => (k === n ? (max > min ? max : min + 1) : min + k * width));
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < min || v > max) continue;
    // bin = floor((v − min) / width), the maximum falling into the last bin.
    counts[Math.min(n - 1, Math.floor((v - min) / width))]++;
  }
  return { edges, counts, skipped };
}

export interface HiddenStats {
  readonly units: number;
  /** Units with a == 0 on every row (dead ReLU). */
  readonly deadUnits: number;
  /** Share of all (row, unit) activations with |a| > 0.99. */
  readonly saturatedShare: number;
  /** Units saturated on more than 90% of rows. */
  readonly mostlySaturatedUnits: number;
}

/** Dead and saturated units over all hidden layers of one variant. */
export function hiddenStats(layers: readonly LayerActivationSummary[]): HiddenStats {
  let units = 0;
  let dead = 0;
  let sat = 0;
  let cells = 0;
  let mostly = 0;
  for (const layer of layers) {
    for (const u of layer.units) {
      units++;
      if (u.rows > 0 && u.zeroRows === u.rows) dead++;
      sat += u.saturatedRows;
      cells += u.rows;
      if (u.rows > 0 && u.saturatedRows > 0.9 * u.rows) mostly++;
    }
  }
  return { units, deadUnits: dead, saturatedShare: cells > 0 ? sat / cells : 0, mostlySaturatedUnits: mostly };
}

/** "12.5%": at most one decimal, in the UI's number format (no decimals for whole percentages). */
export function percent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${formatNumber(Math.round(share * 1000) / 10, 4)}%`;
}

/** Which rows the metrics cover: "all 442 rows", or "the 10,000 sampled rows" when main sent no full-data metrics. */
export function metricsLabel(metricRows: number, total: number): string {
  return metricRows >= total ? `all ${plural(total, 'row')}` : `the ${plural(metricRows, 'sampled row')}`;
}
