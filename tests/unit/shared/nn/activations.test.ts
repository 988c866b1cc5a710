import { describe, expect, it } from 'vitest';
import {
  activate,
  activateRows,
  activationAlpha,
  backwardActivation,
  derivative,
  DEFAULT_ALPHA,
  ELEMENTWISE,
  softmaxInto,
  type ElementwiseActivationName,
} from '../../../../src-shared/nn/activations';
import { ACTIVATIONS } from '../../../../src-shared/nn/model';

const ELEMENTWISE_NAMES = ACTIVATIONS.filter((n) => n !== 'softmax') as ElementwiseActivationName[];
const POINTS = [-7.5, -2, -0.7, -0.1, 0.05, 0.3, 1, 2.5, 6];

/** Textbook formulas, valid for moderate z, written independently of the engine. */
const reference: Record<ElementwiseActivationName, (z: number, alpha: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(0, z),
  leaky_relu: (z, a) => (z >= 0 ? z : a * z),
  elu: (z, a) => (z >= 0 ? z : a * (Math.exp(z) - 1)),
  tanh: (z) => (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  softplus: (z) => Math.log(1 + Math.exp(z)),
};

describe('activation values', () => {
  it('match the textbook formula at moderate z for every elementwise activation', () => {
    for (const name of ELEMENTWISE_NAMES) {
      for (const z of POINTS) {
        const want = reference[name](z, activationAlpha(name));
        expect(Math.abs(activate(name, z) - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
      }
    }
  });

  it('use Keras defaults: leaky_relu alpha 0.3, elu alpha 1, and honour a given alpha', () => {
    expect(DEFAULT_ALPHA).toEqual({ leaky_relu: 0.3, elu: 1 });
    expect(activate('leaky_relu', -10)).toBeCloseTo(-3, 15);
    expect(activate('leaky_relu', -10, 0.01)).toBeCloseTo(-0.1, 15);
    expect(activate('elu', -50)).toBeCloseTo(-1, 15);
    expect(activate('elu', -50, 2)).toBeCloseTo(-2, 15);
  });

  it('stay finite and correct at huge |z| (no exp overflow)', () => {
    expect(activate('sigmoid', 1000)).toBe(1);
    expect(activate('sigmoid', -1000)).toBe(0);
    expect(activate('sigmoid', -745)).toBeGreaterThan(0);
    expect(activate('softplus', 1000)).toBe(1000);
    expect(activate('softplus', -1000)).toBe(0);
    expect(activate('softplus', 1e308)).toBe(1e308);
    expect(activate('elu', -1e308)).toBe(-1);
    expect(activate('tanh', 1e308)).toBe(1);
    expect(activate('tanh', -1e308)).toBe(-1);
    for (const name of ELEMENTWISE_NAMES) {
      for (const z of [-1e308, -1000, 1000, 1e308]) {
        const a = activate(name, z);
        expect(Number.isFinite(a), `${name}(${z}) = ${a}`).toBe(true);
        expect(Number.isFinite(derivative(name, z, a)), `${name}'(${z})`).toBe(true);
      }
    }
  });

  it('keep sigmoid accurate for very negative z, where 1 − σ would lose everything', () => {
    // σ(−40) = e^−40 / (1 + e^−40) ≈ e^−40 to 1e-17 relative
    expect(Math.abs(activate('sigmoid', -40) / Math.exp(-40) - 1)).toBeLessThan(1e-15);
    // softplus(−40) = log1p(e^−40) ≈ e^−40
    expect(Math.abs(activate('softplus', -40) / Math.exp(-40) - 1)).toBeLessThan(1e-15);
  });

  it('let a NaN through rather than turning it into a plausible number', () => {
    for (const name of ELEMENTWISE_NAMES) expect(activate(name, NaN)).toBeNaN();
    const buf = new Float64Array([NaN, -1, 2]);
    activateRows('relu', undefined, buf, 0, 1, 3);
    expect(Array.from(buf)).toEqual([NaN, 0, 2]);
  });
});

describe('activation derivatives', () => {
  it('match central finite differences away from the kink', () => {
    const h = 1e-6;
    for (const name of ELEMENTWISE_NAMES) {
      for (const z of POINTS) {
        const numeric = (activate(name, z + h) - activate(name, z - h)) / (2 * h);
        expect(Math.abs(derivative(name, z, activate(name, z)) - numeric), `${name}'(${z})`).toBeLessThan(1e-8);
      }
    }
  });

  it('take the left-hand value at z = 0 for relu, leaky_relu and elu', () => {
    expect(derivative('relu', 0, 0)).toBe(0);
    expect(derivative('leaky_relu', 0, 0)).toBe(0.3);
    expect(derivative('elu', 0, 0, 0.5)).toBe(0.5);
  });

  it('pair every elementwise function with a derivative', () => {
    expect(Object.keys(ELEMENTWISE).sort()).toEqual([...ELEMENTWISE_NAMES].sort());
  });
});

describe('softmax', () => {
  it('matches e^z / Σ e^z and sums to 1', () => {
    const z = [0.5, -1, 2, 0];
    const a = new Float64Array(4);
    softmaxInto(z, a, 0, 4);
    const s = z.reduce((t, v) => t + Math.exp(v), 0);
    z.forEach((v, k) => expect(Math.abs(a[k] / (Math.exp(v) / s) - 1)).toBeLessThan(1e-15));
    expect(Math.abs(a.reduce((t, v) => t + v, 0) - 1)).toBeLessThan(1e-15);
  });

  it('is safe at huge z by subtracting the maximum', () => {
    const a = new Float64Array([1000, 1000, 0]);
    softmaxInto(a, a, 0, 3);
    expect(Array.from(a)).toEqual([0.5, 0.5, 0]);
    const b = new Float64Array([-1e308, 1e308]);
    softmaxInto(b, b, 0, 2);
    expect(Array.from(b)).toEqual([0, 1]);
  });

  it('normalizes each row on its own in activateRows', () => {
    const buf = new Float64Array([1, 1, 0, 1000, 0, 0]);
    activateRows('softmax', undefined, buf, 0, 2, 3);
    expect(buf[0]).toBe(buf[1]);
    expect(buf[3]).toBe(1);
    expect(buf[4]).toBe(0);
  });

  it('backpropagates the full Jacobian product a_k (g_k − Σ a_j g_j), checked by finite differences', () => {
    const z = [0.3, -0.2, 1.1];
    const g = [0.7, -1.3, 0.4];
    const a = new Float64Array(3);
    softmaxInto(z, a, 0, 3);
    const gradZ = new Float64Array(3);
    backwardActivation('softmax', undefined, z, a, g, gradZ, 0, 1, 3);
    const h = 1e-6;
    for (let k = 0; k < 3; k++) {
      const up = z.slice();
      const down = z.slice();
      up[k] += h;
      down[k] -= h;
      const au = new Float64Array(3);
      const ad = new Float64Array(3);
      softmaxInto(up, au, 0, 3);
      softmaxInto(down, ad, 0, 3);
      let numeric = 0;
      for (let j = 0; j < 3; j++) numeric += (g[j] * (au[j] - ad[j])) / (2 * h);
      expect(Math.abs(gradZ[k] - numeric)).toBeLessThan(1e-8);
    }
  });
});

describe('activateRows and backwardActivation', () => {
  it('agree with the scalar functions value for value', () => {
    const zs = [-3, -0.5, 0, 0.25, 4, -20];
    for (const name of ELEMENTWISE_NAMES) {
      const buf = Float64Array.from(zs);
      activateRows(name, 0.1, buf, 0, 2, 3);
      zs.forEach((z, k) => expect(buf[k]).toBe(ELEMENTWISE[name].f(z, activationAlpha(name, 0.1))));
      const g = zs.map((_, k) => k + 1);
      const gz = new Float64Array(6);
      backwardActivation(name, 0.1, zs, buf, g, gz, 0, 2, 3);
      zs.forEach((z, k) => expect(gz[k]).toBe(derivative(name, z, buf[k], 0.1) * g[k]));
    }
  });
});
