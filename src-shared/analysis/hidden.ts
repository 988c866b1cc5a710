/**
 * A hidden layer's activations for encoded rows: the engine's forwardBatch on the network cut after that layer
 * (the same arithmetic as every prediction, so a unit's value here is the value the step-through shows).
 */
import { forwardBatch } from '../nn/forward';
import type { Network } from '../nn/model';

/** Activations of layer `layer` (0-based) for `rows` encoded rows (rows × net.inputSize): rows × units, row-major. */
export function layerActivations(net: Network, input: Float64Array, rows: number, layer: number): Float64Array {
  if (!(Number.isInteger(layer) && layer >= 0 && layer < net.layers.length)) throw new RangeError(`layerActivations: no layer ${layer}`);
  const cut: Network = { inputSize: net.inputSize, layers: net.layers.slice(0, layer + 1) };
  const out = new Float64Array(rows * net.layers[layer].units);
  forwardBatch(cut, input, rows, out);
  return out;
}
