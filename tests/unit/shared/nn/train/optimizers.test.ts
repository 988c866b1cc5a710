import { describe, expect, it } from 'vitest';
import { applyUpdate, createOptimizerState, OPTIMIZER_DEFAULTS, optimizerSettings } from '../../../../../src-shared/nn/optimizers';

/** Run `steps` updates of one parameter vector with a fixed gradient sequence. */
function run(settings: ReturnType<typeof optimizerSettings>, w0: number[], grads: number[][]): number[] {
  const w = Float64Array.from(w0);
  const state = createOptimizerState([w]);
  for (const g of grads) applyUpdate(settings, state, [w], [Float64Array.from(g)]);
  return Array.from(w);
}

describe('optimizer defaults are Keras’s', () => {
  it('SGD lr 0.01 momentum 0 no Nesterov; RMSprop lr 0.001 rho 0.9 eps 1e-7; Adam lr 0.001 betas 0.9/0.999 eps 1e-7', () => {
    expect(OPTIMIZER_DEFAULTS.sgd).toMatchObject({ learningRate: 0.01, momentum: 0, nesterov: false });
    expect(OPTIMIZER_DEFAULTS.rmsprop).toMatchObject({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 });
    expect(OPTIMIZER_DEFAULTS.adam).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  });
});

describe('one step of each optimizer, against hand-computed values', () => {
  it('SGD: w − η g = 1 − 0.01·0.5 = 0.995', () => {
    expect(run(optimizerSettings('sgd'), [1], [[0.5]])).toEqual([0.995]);
  });

  it('SGD with momentum 0.9: v = −0.005, then v = 0.9·(−0.005) − 0.01·0.5 = −0.0095; w = 1 − 0.005 − 0.0095', () => {
    const w = run(optimizerSettings('sgd', { momentum: 0.9 }), [1], [[0.5], [0.5]]);
    expect(w[0]).toBeCloseTo(1 - 0.005 - 0.0095, 15);
  });

  it('SGD with Nesterov momentum 0.9: first step w = 1 + 0.9·(−0.005) − 0.005 = 0.9905', () => {
    expect(run(optimizerSettings('sgd', { momentum: 0.9, nesterov: true }), [1], [[0.5]])[0]).toBeCloseTo(0.9905, 15);
  });

  it('RMSprop: s = 0.1·g²; w = w − 0.001·g/√(s + 1e-7)', () => {
    const g = 0.5;
    const expected = 1 - (0.001 * g) / Math.sqrt(0.1 * g * g + 1e-7);
    expect(run(optimizerSettings('rmsprop'), [1], [[g]])[0]).toBeCloseTo(expected, 15);
    // ≈ 1 − 0.001/√0.1 = 0.996838…: the first step is about η/√(1−ρ) regardless of g's size
    expect(run(optimizerSettings('rmsprop'), [1], [[g]])[0]).toBeCloseTo(0.99683772, 7);
  });

  it('Adam: the first step moves each weight by ≈ η·sign(g) (m̂/√v̂ = ±1)', () => {
    const w = run(optimizerSettings('adam'), [1, -2, 0.25], [[0.5, -3, 1e-3]]);
    // m = 0.1g, v = 0.001g², η_1 = 0.001·√0.001/0.1 → step = η_1·0.1|g| / (√0.001·|g| + 1e-7)
    const step = (g: number) => (0.001 * Math.sqrt(0.001) / 0.1) * 0.1 * g / (Math.sqrt(0.001) * Math.abs(g) + 1e-7);
    expect(w[0]).toBeCloseTo(1 - step(0.5), 15);
    expect(w[1]).toBeCloseTo(-2 - step(-3), 15);
    expect(w[2]).toBeCloseTo(0.25 - step(1e-3), 15);
    expect(1 - w[0]).toBeCloseTo(0.001, 6);
    expect(w[1] + 2).toBeCloseTo(0.001, 6);
  });

  it('Adam: a second step uses the bias-corrected rate η√(1−β₂²)/(1−β₁²)', () => {
    const g1 = 0.5;
    const g2 = -0.25;
    const m1 = 0.1 * g1;
    const v1 = 0.001 * g1 * g1;
    const m2 = m1 + (g2 - m1) * 0.1;
    const v2 = v1 + (g2 * g2 - v1) * (1 - 0.999);
    const a1 = (0.001 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    const a2 = (0.001 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    const expected = 1 - (m1 * a1) / (Math.sqrt(v1) + 1e-7) - (m2 * a2) / (Math.sqrt(v2) + 1e-7);
    expect(run(optimizerSettings('adam'), [1], [[g1], [g2]])[0]).toBeCloseTo(expected, 14);
  });

  it('keeps state per parameter array and counts steps', () => {
    const a = Float64Array.of(1);
    const b = Float64Array.of(1);
    const state = createOptimizerState([a, b]);
    applyUpdate(optimizerSettings('sgd', { momentum: 0.5 }), state, [a, b], [Float64Array.of(1), Float64Array.of(-1)]);
    expect(state.step).toBe(1);
    expect(Array.from(state.m[0])).toEqual([-0.01]);
    expect(Array.from(state.m[1])).toEqual([0.01]);
  });
});
