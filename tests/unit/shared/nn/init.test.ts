import { describe, expect, it } from 'vitest';
import { createNetwork, initKernel, TRUNCATED_NORMAL_STD_CORRECTION } from '../../../../src-shared/nn/init';
import { createRandom } from '../../../../src-shared/nn/random';

function stats(xs: Float64Array) {
  const mean = xs.reduce((t, v) => t + v, 0) / xs.length;
  const variance = xs.reduce((t, v) => t + (v - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs) };
}

describe('createNetwork', () => {
  it('builds the layer shapes with zero biases', () => {
    const net = createNetwork({ inputSize: 10, layers: [{ units: 100, activation: 'relu' }, { units: 100, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 1 });
    expect(net.inputSize).toBe(10);
    expect(net.layers.map((l) => [l.inputs, l.units, l.kernel.length, l.bias.length])).toEqual([
      [10, 100, 1000, 100],
      [100, 100, 10000, 100],
      [100, 1, 100, 1],
    ]);
    for (const l of net.layers) expect(l.bias.every((b) => b === 0)).toBe(true);
  });

  it('gives the same weights for the same seed and different weights for another seed', () => {
    const config = { inputSize: 4, layers: [{ units: 3, activation: 'tanh' as const }], seed: 2026 };
    const a = createNetwork(config);
    const b = createNetwork(config);
    expect(Array.from(a.layers[0].kernel)).toEqual(Array.from(b.layers[0].kernel));
    expect(Array.from(createNetwork({ ...config, seed: 2027 }).layers[0].kernel)).not.toEqual(Array.from(a.layers[0].kernel));
  });

  it('draws glorot_uniform kernels as lo + (hi − lo)·u from the seeded stream, row-major', () => {
    const net = createNetwork({ inputSize: 3, layers: [{ units: 2, activation: 'linear' }], seed: 11 });
    const limit = Math.sqrt(6 / 5);
    const r = createRandom(11);
    const want = Array.from({ length: 6 }, () => -limit + 2 * limit * r.nextFloat());
    expect(Array.from(net.layers[0].kernel)).toEqual(want);
  });

  it('keeps glorot_uniform within ±√(6/(in+out)) with the uniform variance limit²/3', () => {
    const net = createNetwork({ inputSize: 200, layers: [{ units: 300, activation: 'relu' }], initializer: 'glorot_uniform', seed: 3 });
    const limit = Math.sqrt(6 / 500);
    const s = stats(net.layers[0].kernel);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeLessThan(limit);
    expect(Math.abs(s.mean)).toBeLessThan(0.002);
    expect(Math.abs(s.std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
  });

  it('gives he_normal kernels std √(2/fan_in), truncated at 2σ of the underlying normal (Keras)', () => {
    const net = createNetwork({ inputSize: 250, layers: [{ units: 400, activation: 'relu' }], initializer: 'he_normal', seed: 4 });
    const target = Math.sqrt(2 / 250);
    const s = stats(net.layers[0].kernel);
    expect(Math.abs(s.mean)).toBeLessThan(0.002);
    expect(Math.abs(s.std / target - 1)).toBeLessThan(0.01);
    const bound = (2 * target) / TRUNCATED_NORMAL_STD_CORRECTION;
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeGreaterThan(0.95 * bound);
  });

  it('gives he_uniform and glorot_normal their Keras variances', () => {
    const k = new Float64Array(100_000);
    initKernel('he_uniform', 50, 2000, createRandom(8), k);
    expect(Math.abs(stats(k).std / Math.sqrt(2 / 50) - 1)).toBeLessThan(0.01);
    initKernel('glorot_normal', 50, 150, createRandom(9), k);
    expect(Math.abs(stats(k).std / Math.sqrt(2 / 200) - 1)).toBeLessThan(0.01);
  });

  it('refuses bad shapes, softmax before the last layer and unknown names, naming the field', () => {
    expect(() => createNetwork({ inputSize: 0, layers: [], seed: 1 })).toThrow(/inputSize/);
    expect(() => createNetwork({ inputSize: 2, layers: [{ units: 1.5, activation: 'relu' }], seed: 1 })).toThrow(/layers\[0\]\.units/);
    expect(() => createNetwork({ inputSize: 2, layers: [{ units: 2, activation: 'softmax' }, { units: 1, activation: 'linear' }], seed: 1 })).toThrow(/layers\[0\]\.activation: softmax/);
    expect(() => createNetwork({ inputSize: 2, layers: [{ units: 2, activation: 'swish' as never }], seed: 1 })).toThrow(/unknown 'swish'/);
    expect(() => createNetwork({ inputSize: 2, layers: [], initializer: 'zeros' as never, seed: 1 })).toThrow(/initializer/);
  });
});
