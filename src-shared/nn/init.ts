/**
 * Seeded weight initialization, as Keras does it by default: kernels from a variance-scaling initializer,
 * biases zero. The same seed gives the same weights on every machine (see random.ts).
 *
 * Draw order (so other tools can reproduce it): layer by layer, kernel row-major (input i, then unit j).
 */
import { ACTIVATIONS, type ActivationName, type DenseLayer, type Network } from './model';
import { createRandom, type Random } from './random';

export const INITIALIZERS = ['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal'] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

/**
 * Keras's VarianceScaling uses a normal truncated at ±2σ, with σ divided by this constant (the std of a
 * standard normal truncated to [−2, 2]) so the samples' variance is exactly the target variance.
 */
export const TRUNCATED_NORMAL_STD_CORRECTION = 0.87962566103423978;

/** One layer to create: units and activation (alpha for leaky_relu/elu, optional). */
export interface LayerConfig {
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha?: number;
  /** Dropout rate after this layer while training (0 ≤ rate < 1; identity at inference). */
  readonly dropout?: number;
}

export interface NetworkConfig {
  readonly inputSize: number;
  readonly layers: readonly LayerConfig[];
  /** Default glorot_uniform, the Keras default for Dense layers. */
  readonly initializer?: InitializerName;
  readonly seed: number;
}

/**
 * Fill `kernel` (fanIn × fanOut) by `name`:
 * glorot_uniform U(±√(6/(fanIn+fanOut))); glorot_normal TN(σ = √(2/(fanIn+fanOut)));
 * he_uniform U(±√(6/fanIn)); he_normal TN(σ = √(2/fanIn)); TN = truncated at 2σ' with σ' = σ / 0.8796….
 */
export function initKernel(name: InitializerName, fanIn: number, fanOut: number, random: Random, kernel: Float64Array): void {
  const uniform = (limit: number) => {
    for (let k = 0; k < kernel.length; k++) kernel[k] = random.uniform(-limit, limit);
  };
  const truncated = (variance: number) => {
    const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STD_CORRECTION;
    for (let k = 0; k < kernel.length; k++) kernel[k] = random.truncatedNormal(std, 2);
  };
  switch (name) {
    case 'glorot_uniform':
      return uniform(Math.sqrt(6 / (fanIn + fanOut)));
    case 'glorot_normal':
      return truncated(2 / (fanIn + fanOut));
    case 'he_uniform':
      return uniform(Math.sqrt(6 / fanIn));
    case 'he_normal':
      return truncated(2 / fanIn);
  }
}

/**
 * A new network with seeded weights (kernels by `initializer`, biases zero).
 * Throws RangeError naming the bad field for sizes that are not positive integers, an unknown activation or
 * initializer, or softmax anywhere but the last layer.
 */
export function createNetwork(config: NetworkConfig): Network {
  const initializer = config.initializer ?? 'glorot_uniform';
  if (!INITIALIZERS.includes(initializer)) throw new RangeError(`initializer: unknown '${initializer}' (one of ${INITIALIZERS.join(', ')})`);
  if (!Number.isInteger(config.inputSize) || config.inputSize < 1) throw new RangeError(`inputSize must be a positive integer, got ${config.inputSize}`);
  const random = createRandom(config.seed);
  const layers: DenseLayer[] = [];
  let inputs = config.inputSize;
  config.layers.forEach((l, index) => {
    if (!Number.isInteger(l.units) || l.units < 1) throw new RangeError(`layers[${index}].units must be a positive integer, got ${l.units}`);
    if (!ACTIVATIONS.includes(l.activation)) throw new RangeError(`layers[${index}].activation: unknown '${l.activation}'`);
    if (l.activation === 'softmax' && index !== config.layers.length - 1) throw new RangeError(`layers[${index}].activation: softmax is only allowed on the last layer`);
    if (l.alpha !== undefined && !Number.isFinite(l.alpha)) throw new RangeError(`layers[${index}].alpha must be a finite number`);
    if (l.dropout !== undefined && !(l.dropout >= 0 && l.dropout < 1)) throw new RangeError(`layers[${index}].dropout must be a rate from 0 to below 1, got ${l.dropout}`);
    const kernel = new Float64Array(inputs * l.units);
    initKernel(initializer, inputs, l.units, random, kernel);
    layers.push({ inputs, units: l.units, activation: l.activation, ...(l.alpha !== undefined ? { alpha: l.alpha } : {}), kernel, bias: new Float64Array(l.units), ...(l.dropout ? { dropout: l.dropout } : {}) });
    inputs = l.units;
  });
  return { inputSize: config.inputSize, layers };
}
