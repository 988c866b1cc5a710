/**
 * The network as the engine sees it: an ordered list of dense layers on contiguous Float64Arrays.
 * kernel is inputs × units, row-major: kernel[i * units + j] is the weight from input i to unit j
 * (the Keras layout, flattened). No object per node: that is what keeps the engine fast.
 */

export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'elu', 'tanh', 'sigmoid', 'softplus', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: ActivationName;
  /** Slope for negative z (leaky_relu) or scale (elu); ignored by the other activations. */
  readonly alpha?: number;
  /** inputs × units, row-major. */
  readonly kernel: Float64Array;
  /** units. */
  readonly bias: Float64Array;
  /**
   * Keras's Dropout after this layer: while training, each output is zeroed with probability `dropout` and the
   * others scaled by 1/(1 − dropout) (a seeded stream, backward-workspace.ts); at inference it is the identity.
   */
  readonly dropout?: number;
}

export interface Network {
  readonly inputSize: number;
  readonly layers: readonly DenseLayer[];
}

/** Number of outputs of the network (units of its last layer). */
export function outputSize(net: Network): number {
  return net.layers.length === 0 ? net.inputSize : net.layers[net.layers.length - 1].units;
}
