/**
 * Test helpers: a deliberately simple forward pass written from the textbook formulas (one row at a time,
 * nested arrays, no blocking, no kernels), a seeded PRNG, and random model files.
 * Shared by the pool, prediction and CLI tests; nothing here is imported by the app.
 */
import type { ActivationName } from '../../../src-shared/nn/model';
import { createRandom } from '../../../src-shared/nn/random';
import type { InputSpec, LayerSpec, ModelFile, OutputSpec } from '../../../src-shared/model-file/types';

/** A seeded uniform [0, 1) stream from the project's PRNG (createRandom), so every failure reproduces. */
export function seeded(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.nextFloat();
}

/** The activation f(z) from its textbook definition (Keras's default alphas: leaky_relu 0.3, elu 1). */
function activate(name: ActivationName, z: number[], alpha: number | undefined): number[] {
  switch (name) {
    case 'linear':
      return z;
    case 'relu':
      return z.map((v) => (v > 0 ? v : 0));
    case 'leaky_relu':
      return z.map((v) => (v >= 0 ? v : (alpha ?? 0.3) * v));
    case 'elu':
      return z.map((v) => (v >= 0 ? v : (alpha ?? 1) * (Math.exp(v) - 1)));
    case 'tanh':
      return z.map((v) => Math.tanh(v));
    case 'sigmoid':
      return z.map((v) => 1 / (1 + Math.exp(-v)));
    case 'softplus':
      return z.map((v) => Math.log(1 + Math.exp(v)));
    case 'softmax': {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((t, v) => t + v, 0);
      return e.map((v) => v / s);
    }
  }
}

/** One row through the model's layers: z_j = (Σ_i x_i·w[i][j]) + b_j, summed in input order; a = f(z). */
export function referenceForward(layers: readonly LayerSpec[], x: readonly number[]): number[] {
  let a = [...x];
  for (const layer of layers) {
    const z: number[] = [];
    for (let j = 0; j < layer.units; j++) {
      let acc = 0;
      for (let i = 0; i < a.length; i++) acc += a[i] * layer.kernel[i][j];
      z.push(acc + layer.bias[j]);
    }
    a = activate(layer.activation, z, layer.alpha);
  }
  return a;
}

/** Does the model use only activations whose reference is exactly the engine's arithmetic? */
export function piecewiseLinear(layers: readonly LayerSpec[]): boolean {
  return layers.every((l) => l.activation === 'linear' || l.activation === 'relu' || l.activation === 'leaky_relu');
}

/** A random dense stack: Glorot-uniform-ish weights and small biases, from the seeded `rand`. */
export function randomLayers(rand: () => number, inputs: number, shape: readonly { units: number; activation: ActivationName; alpha?: number }[]): LayerSpec[] {
  let width = inputs;
  return shape.map(({ units, activation, alpha }) => {
    const limit = Math.sqrt(6 / (width + units));
    const kernel = Array.from({ length: width }, () => Array.from({ length: units }, () => (rand() * 2 - 1) * limit));
    const bias = Array.from({ length: units }, () => (rand() - 0.5) * 0.2);
    width = units;
    return { units, activation, ...(alpha !== undefined ? { alpha } : {}), kernel, bias };
  });
}

/** A model file from parts. */
export function modelFile(inputs: InputSpec[], output: OutputSpec, layers: LayerSpec[]): ModelFile {
  return { format: 'dense-lab/model', version: 1, inputs, output, layers };
}
