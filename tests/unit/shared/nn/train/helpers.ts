/** Small builders for training tests: networks from the course's per-node weight lists, deterministic fillers. */
import type { ActivationName, DenseLayer, Network } from '../../../../../src-shared/nn/model';

/** A layer from per-node weight lists (node_k = weights from each input), as the course writes them. */
export function layerFromNodes(nodes: number[][], activation: ActivationName, bias?: number[]): DenseLayer {
  const units = nodes.length;
  const inputs = nodes[0].length;
  const kernel = new Float64Array(inputs * units);
  for (let j = 0; j < units; j++) for (let i = 0; i < inputs; i++) kernel[i * units + j] = nodes[j][i];
  return { inputs, units, activation, kernel, bias: Float64Array.from(bias ?? new Array<number>(units).fill(0)) };
}

/** A network from layers. */
export function net(layers: DenseLayer[]): Network {
  return { inputSize: layers[0].inputs, layers };
}

/** A fixed, well-spread sequence in (−1, 1) (no randomness: the values are a pure function of k). */
export function wobble(k: number): number {
  const s = Math.sin((k + 1) * 12.9898) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
}

/** A dense layer with wobble() weights starting at `seed`. */
export function wobbleLayer(inputs: number, units: number, activation: ActivationName, seed: number, scale = 1): DenseLayer {
  const kernel = new Float64Array(inputs * units);
  const bias = new Float64Array(units);
  for (let k = 0; k < kernel.length; k++) kernel[k] = scale * wobble(seed + k);
  for (let k = 0; k < units; k++) bias[k] = 0.3 * wobble(seed + 1000 + k);
  return { inputs, units, activation, kernel, bias };
}
