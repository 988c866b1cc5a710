/**
 * Hidden-activation statistics of a forward job over every predicted row (the activation comparison's numbers),
 * computed by the forward workers in two passes over the data:
 *   pass 1 ('units')      per chunk of rows and per hidden unit: rows with a == 0, saturated rows, min, max, Σa,
 *                         written to the chunk's own slots of a shared Float64Array
 *   pass 2 ('histogram')  with each layer's min and max from pass 1: counts of a in 30 equal-width bins, per worker
 * Merging is deterministic whatever the number of workers: counts, min and max do not depend on order, and the sums
 * are added chunk by chunk in row order (a chunk is the same rows whichever worker computes it).
 * Rows without a prediction (a missing input or unknown category) are not counted.
 */
import type { ActivationName, Network } from '../nn/model';

/** One hidden unit over every counted row. */
export interface UnitSummary {
  /** Rows counted. */
  readonly rows: number;
  /** Rows where a == 0 exactly (a ReLU unit with zeroRows == rows is dead). */
  readonly zeroRows: number;
  /** Rows where a bounded unit is saturated, within 1 % of a bound: tanh |a| > 0.99, sigmoid a < 0.01 or a > 0.99; 0 for unbounded functions (ReLU, linear, …), which cannot saturate. */
  readonly saturatedRows: number;
  readonly min: number;
  readonly max: number;
  /** Σa / rows, summed chunk by chunk in row order (the same for any number of workers). */
  readonly mean: number;
}

/** One hidden layer's units, with a histogram of all its activations (every counted row and unit). */
export interface LayerActivationSummary {
  /** 0-based index of the layer in the network (hidden layers only: never the output layer). */
  readonly layer: number;
  readonly activation: ActivationName;
  readonly units: readonly UnitSummary[];
  /**
   * HISTOGRAM_BINS equal-width bins from the layer's min to its max: counts[k] for [edges[k], edges[k+1]), the
   * maximum in the last bin. All values equal v: one bin [v, v + 1]. No counted rows (or a non-finite value): empty.
   */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

export const HISTOGRAM_BINS = 30;
/** |a| above this is saturated (sigmoid: a below 1 − this or above it). */
export const SATURATION = 0.99;
/** Float64 slots per chunk and unit in pass 1: zero rows, saturated rows, min, max, sum. */
export const UNIT_SLOTS = 5;

/** Where each hidden layer's units sit among all hidden units (layers 0 … L−2). */
export interface HiddenLayout {
  readonly layers: number;
  /** offsets[l]: first unit of hidden layer l; offsets[layers] = total hidden units. */
  readonly offsets: readonly number[];
  readonly total: number;
}

/** The hidden layers of `net` (every layer but the last). */
export function hiddenLayout(net: Pick<Network, 'layers'>): HiddenLayout {
  const offsets = [0];
  for (let l = 0; l < net.layers.length - 1; l++) offsets.push(offsets[l] + net.layers[l].units);
  return { layers: net.layers.length - 1, offsets, total: offsets[offsets.length - 1] };
}

/** The bins of one hidden layer in pass 2: n bins of `width` from `min` (values in [min, max] count). */
export interface LayerBins {
  readonly min: number;
  readonly max: number;
  readonly width: number;
  readonly n: number;
}

/**
 * Pass 1 for one chunk and one hidden layer: `a` holds rows × units activations of the chunk's rows, `ok[r]` says
 * whether row r counts. Writes zero/saturated/min/max/sum of each unit at out[(unitOffset + j)·UNIT_SLOTS …].
 */
export function chunkUnitStats(a: Float64Array, rows: number, units: number, ok: (r: number) => boolean, activation: ActivationName, out: Float64Array, unitOffset: number): void {
  const sigmoid = activation === 'sigmoid';
  // Only bounded functions saturate: |a| near ±1 means nothing for ReLU, linear, elu, softplus.
  const bounded = sigmoid || activation === 'tanh';
  const low = 1 - SATURATION;
  // row by row (a is row-major), counters per unit in local arrays
  const zero = new Float64Array(units);
  const sat = new Float64Array(units);
  const min = new Float64Array(units).fill(Infinity);
  const max = new Float64Array(units).fill(-Infinity);
  const sum = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    if (!ok(r)) continue;
    const base = r * units;
    for (let j = 0; j < units; j++) {
      const v = a[base + j];
      if (v === 0) zero[j]++;
      if (bounded && (sigmoid ? v < low || v > SATURATION : v > SATURATION || v < -SATURATION)) sat[j]++;
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
      sum[j] += v;
    }
  }
  for (let j = 0; j < units; j++) {
    const o = (unitOffset + j) * UNIT_SLOTS;
    out[o] = zero[j];
    out[o + 1] = sat[j];
    out[o + 2] = min[j];
    out[o + 3] = max[j];
    out[o + 4] = sum[j];
  }
}

/** Pass 2 for one chunk and one hidden layer: add each counted activation to counts[countOffset + bin]. */
export function chunkHistogram(a: Float64Array, rows: number, units: number, ok: (r: number) => boolean, bins: LayerBins, counts: Float64Array, countOffset: number): void {
  if (bins.n === 0) return;
  const { min, max, width, n } = bins;
  for (let r = 0; r < rows; r++) {
    if (!ok(r)) continue;
    for (let j = 0; j < units; j++) {
      const v = a[r * units + j];
      if (!(v >= min && v <= max)) continue;
      // bin = floor((v − min) / width), the maximum falling into the last bin
      counts[countOffset + Math.min(n - 1, Math.floor((v - min) / width))]++;
    }
  }
}

/** Per unit, merged over `chunks` chunks in chunk order, with `rows` counted rows. */
export function mergeUnitStats(perChunk: Float64Array, chunks: number, layout: HiddenLayout, rows: number): UnitSummary[] {
  const out: UnitSummary[] = [];
  for (let u = 0; u < layout.total; u++) {
    let zero = 0;
    let sat = 0;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let c = 0; c < chunks; c++) {
      const o = (c * layout.total + u) * UNIT_SLOTS;
      zero += perChunk[o];
      sat += perChunk[o + 1];
      if (perChunk[o + 2] < min) min = perChunk[o + 2];
      if (perChunk[o + 3] > max) max = perChunk[o + 3];
      sum += perChunk[o + 4];
    }
    out.push({ rows, zeroRows: zero, saturatedRows: sat, min: rows > 0 ? min : NaN, max: rows > 0 ? max : NaN, mean: rows > 0 ? sum / rows : NaN });
  }
  return out;
}

/** The bins of a layer whose activations span [min, max]: HISTOGRAM_BINS of them, one when min == max, none when empty. */
export function layerBins(min: number, max: number): LayerBins {
  const none: LayerBins = { min: 0, max: 0, width: 1, n: 0 };
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max >= min)) return none;
  if (max === min) return { min, max, width: 1, n: 1 };
  const width = (max - min) / HISTOGRAM_BINS;
  if (!(width > 0) || !Number.isFinite(width)) return none;
  return { min, max, width, n: HISTOGRAM_BINS };
}

/** The edges of `bins` (n + 1 of them; the last is exactly the layer's max; one bin [v, v + 1] when min == max). */
export function binEdges(bins: LayerBins): number[] {
  if (bins.n === 0) return [];
  if (bins.max === bins.min) return [bins.min, bins.min + 1];
  return Array.from({ length: bins.n + 1 }, (_, k) => (k === bins.n ? bins.max : bins.min + k * bins.width));
}

/** Weights (or activations) of each layer as a histogram, recorded at one epoch (the training job's job-weights events). */
export interface LayerHistogramSnapshot {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  /** One per layer in network order (hidden layers, then the output layer): its kernel weights (not biases), HISTOGRAM_BINS bins. */
  readonly layers: readonly { readonly edges: readonly number[]; readonly counts: readonly number[] }[];
}

/** HISTOGRAM_BINS equal-width bins of `values` from their min to their max (edges and counts as in LayerActivationSummary). */
export function valueHistogram(values: ArrayLike<number>): { edges: number[]; counts: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bins = layerBins(min, max);
  const counts = new Float64Array(bins.n);
  if (bins.n > 0) chunkHistogram(values instanceof Float64Array ? values : Float64Array.from(values), 1, values.length, () => true, bins, counts, 0);
  return { edges: binEdges(bins), counts: Array.from(counts) };
}

/** The kernel weights of every layer of `net` as histograms, for epoch `epoch`. */
export function weightSnapshot(net: Pick<Network, 'layers'>, epoch: number): LayerHistogramSnapshot {
  return { epoch, layers: net.layers.map((l) => valueHistogram(l.kernel)) };
}
