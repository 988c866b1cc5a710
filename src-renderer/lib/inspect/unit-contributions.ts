/**
 * What goes into one unit for the shown row: each incoming contribution x_i · w_ij (the engine trace's own
 * products), ranked by |x·w|, with the bias, z and a. The same ranking picks the edges a wide layer draws, so
 * the drawn edges are exactly the panel's top k.
 */
import type { ForwardTrace } from '../../../src-shared/nn/forward';
import type { Network } from '../../../src-shared/nn/model';
import { topAbs, type EdgeRef } from './edges';

export interface Contribution {
  /** Index of the input (or unit of the layer before). */
  readonly from: number;
  readonly x: number;
  readonly w: number;
  /** x · w as the engine computed it. */
  readonly product: number;
}

export interface UnitContributions {
  readonly layer: number;
  readonly unit: number;
  /** The k strongest |x·w|, strongest first. */
  readonly top: Contribution[];
  /** How many contributions there are (the layer's inputs). */
  readonly total: number;
  readonly bias: number;
  readonly z: number;
  readonly a: number;
  /** Σ of the top k products, and what share of Σ|x·w| they carry (0…1; NaN when every product is 0). */
  readonly topSum: number;
  readonly topShare: number;
}

/**
 * The k contributions into unit j of layer l with the largest |x·w|, strongest first; by |w| without a trace or
 * when every x·w is 0 (an all-zero row), where |x·w| would rank nothing.
 */
export function topContributionIndices(net: Network, trace: ForwardTrace | null, l: number, j: number, k: number): number[] {
  const layer = net.layers[l];
  const column = new Float64Array(layer.inputs);
  const products = trace?.layers[l]?.products;
  let any = false;
  for (let i = 0; i < layer.inputs; i++) {
    column[i] = products ? products[i][j] : layer.kernel[i * layer.units + j];
    if (column[i] !== 0) any = true;
  }
  if (products && !any) for (let i = 0; i < layer.inputs; i++) column[i] = layer.kernel[i * layer.units + j];
  return topAbs(column, layer.inputs, k);
}

/** The unit's contributions panel (see the file comment); null without a trace. */
export function unitContributions(net: Network, trace: ForwardTrace | null, l: number, j: number, k: number): UnitContributions | null {
  const layer = net.layers[l];
  const t = trace?.layers[l];
  if (!layer || !t || j < 0 || j >= layer.units) return null;
  const x = l === 0 ? trace.input : trace.layers[l - 1].a;
  const top = topContributionIndices(net, trace, l, j, k).map((i) => ({ from: i, x: x[i], w: layer.kernel[i * layer.units + j], product: t.products[i][j] }));
  let absAll = 0;
  for (let i = 0; i < layer.inputs; i++) absAll += Math.abs(t.products[i][j]);
  let topSum = 0;
  let absTop = 0;
  for (const c of top) {
    topSum += c.product;
    absTop += Math.abs(c.product);
  }
  return { layer: l, unit: j, top, total: layer.inputs, bias: layer.bias[j], z: t.z[j], a: t.a[j], topSum, topShare: absAll > 0 ? absTop / absAll : NaN };
}

/** The edges a wide layer draws: the top k contributions into its focused unit, nothing without a focus. */
export function contributionEdges(net: Network, trace: ForwardTrace | null, l: number, focusTo: number | null, k: number): EdgeRef[] {
  if (focusTo === null) return [];
  const layer = net.layers[l];
  return topContributionIndices(net, trace, l, focusTo, k).map((i) => ({ from: i, to: focusTo, w: layer.kernel[i * layer.units + focusTo] }));
}
