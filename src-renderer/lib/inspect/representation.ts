/**
 * Rows in the space of hidden units: a hidden layer's activations for a small sample of rows, computed
 * with the engine's forwardBatch on the network cut after that layer (same arithmetic as predictions).
 */
import { layerActivations } from '../../../src-shared/analysis/hidden';
import type { Network } from '../../../src-shared/nn/model';

export { groupOf, quantileCuts } from '../../../src-shared/analysis/features';

/** Activations of layer `layer` (0-based) for each row: rows × units, row-major. */
export function hiddenActivations(net: Network, rows: readonly (readonly number[])[], layer: number): Float64Array {
  if (layer < 0 || layer >= net.layers.length) throw new RangeError(`hiddenActivations: no layer ${layer}`);
  const input = new Float64Array(rows.length * net.inputSize);
  rows.forEach((r, k) => input.set(r.slice(0, net.inputSize), k * net.inputSize));
  return layerActivations(net, input, rows.length, layer);
}
