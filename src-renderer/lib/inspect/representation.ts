/**
 * Rows in the space of hidden units: a hidden layer's activations for a small sample of rows, computed
 * with the engine's forwardBatch on the network cut after that layer (same arithmetic as predictions).
 */
import { forwardBatch } from '../../../src-shared/nn/forward';
import type { Network } from '../../../src-shared/nn/model';

/** Activations of layer `layer` (0-based) for each row: rows × units, row-major. */
export function hiddenActivations(net: Network, rows: readonly (readonly number[])[], layer: number): Float64Array {
  if (layer < 0 || layer >= net.layers.length) throw new RangeError(`hiddenActivations: no layer ${layer}`);
  const cut: Network = { inputSize: net.inputSize, layers: net.layers.slice(0, layer + 1) };
  const input = new Float64Array(rows.length * net.inputSize);
  rows.forEach((r, k) => input.set(r.slice(0, net.inputSize), k * net.inputSize));
  const out = new Float64Array(rows.length * net.layers[layer].units);
  forwardBatch(cut, input, rows.length, out);
  return out;
}

/** Quantile cut points splitting the finite values into `groups` groups of about equal size. */
export function quantileCuts(values: ArrayLike<number>, groups: number): number[] {
  const sorted = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0 || groups < 2) return [];
  return Array.from({ length: groups - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / groups)]);
}

/** Group index of v given ascending cut points: the number of cuts ≤ v. */
export function groupOf(v: number, cuts: readonly number[]): number {
  let g = 0;
  while (g < cuts.length && v >= cuts[g]) g++;
  return g;
}
