import { describe, expect, it } from 'vitest';
import type { Network } from '../../../../../src-shared/nn/model';
import { createWorkspace, lossAndGradients } from '../../../../../src-shared/nn/backward';
import { HUBER_DELTA, lossSum, type LossName } from '../../../../../src-shared/nn/losses';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import { net, wobble, wobbleLayer } from './helpers';

const ROWS = 6;
const INPUTS = 3;
const x = new Float64Array(ROWS * INPUTS).map((_, k) => 1.5 * wobble(500 + k));

/** Mean loss and gradients on a fresh workspace: the same dropout seed draws the same first masks every time. */
function lossOf(network: Network, loss: LossName, y: Float64Array, seed: number) {
  const ws = createWorkspace(network, ROWS, { dropoutSeed: seed, simd: false });
  const total = lossAndGradients(network, ws, loss, x, 0, y, 0, ROWS);
  return { loss: total / ROWS, ws };
}

/** Largest relative error between backprop and central differences over every weight and bias. */
function gradientError(network: Network, loss: LossName, y: Float64Array, seed = 7): number {
  const { ws } = lossOf(network, loss, y, seed);
  const analytic = [...ws.gradKernel, ...ws.gradBias].map((g) => Float64Array.from(g));
  const params = [...network.layers.map((l) => l.kernel), ...network.layers.map((l) => l.bias)];
  let worst = 0;
  const h = 1e-5;
  params.forEach((p, pi) => {
    for (let k = 0; k < p.length; k++) {
      const keep = p[k];
      p[k] = keep + h;
      const up = lossOf(network, loss, y, seed).loss;
      p[k] = keep - h;
      const down = lossOf(network, loss, y, seed).loss;
      p[k] = keep;
      const numeric = (up - down) / (2 * h);
      const a = analytic[pi][k];
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-4));
    }
  });
  return worst;
}

describe('Huber loss (δ = 1)', () => {
  it('is ½d² inside δ and δ(|d| − ½δ) outside, per row the mean over outputs', () => {
    const a = Float64Array.of(0.5, 3);
    const y = Float64Array.of(0, 0);
    expect(HUBER_DELTA).toBe(1);
    expect(lossSum('huber', a, a, y, 2, 1)).toBe(0.125 + 2.5);
    expect(lossSum('huber', a, a, y, 1, 2)).toBe((0.125 + 2.5) / 2);
  });

  it('backpropagates as central finite differences say, with residuals on both sides of δ', () => {
    const network = net([wobbleLayer(INPUTS, 4, 'tanh', 11), wobbleLayer(4, 1, 'linear', 131, 1.5)]);
    const y = new Float64Array(ROWS).map((_, r) => 3 * wobble(900 + r));
    const out = new Float64Array(ROWS);
    forwardBatch(network, x, ROWS, out);
    const residuals = Array.from(out, (o, r) => Math.abs(o - y[r]));
    expect(residuals.some((d) => d < HUBER_DELTA - 0.05)).toBe(true);
    expect(residuals.some((d) => d > HUBER_DELTA + 0.05)).toBe(true);
    expect(gradientError(network, 'huber', y)).toBeLessThan(1e-6);
  });
});

describe('dropout', () => {
  const withDropout = (rate: number): Network => {
    const base = net([wobbleLayer(INPUTS, 5, 'tanh', 11), wobbleLayer(5, 4, 'sigmoid', 71), wobbleLayer(4, 2, 'linear', 131)]);
    return { ...base, layers: base.layers.map((l, k) => (k < 2 ? { ...l, dropout: rate } : l)) };
  };
  const y = new Float64Array(ROWS * 2).map((_, k) => wobble(300 + k));

  it('backpropagates through the masks as central finite differences say (tanh and sigmoid below)', () => {
    expect(gradientError(withDropout(0.3), 'mse', y)).toBeLessThan(1e-6);
  });

  it('zeroes about the rate of outputs and scales the others by 1/(1 − rate)', () => {
    const { ws } = lossOf(withDropout(0.5), 'mse', y, 3);
    const keep = Array.from((ws.keep[0] as Float64Array).subarray(0, ROWS * 5));
    expect(new Set(keep)).toEqual(new Set([0, 2]));
    const dropped = Array.from(ws.dropped[0] as Float64Array).slice(0, ROWS * 5);
    dropped.forEach((d, k) => expect(d).toBe(ws.a[0][k] * keep[k]));
  });

  it('is reproducible from the seed and differs with another seed', () => {
    const a = lossOf(withDropout(0.4), 'mse', y, 5).loss;
    expect(lossOf(withDropout(0.4), 'mse', y, 5).loss).toBe(a);
    expect(lossOf(withDropout(0.4), 'mse', y, 6).loss).not.toBe(a);
  });

  it('is the identity at inference: forwardBatch ignores it', () => {
    const plain = withDropout(0);
    const dropped = withDropout(0.5);
    const outPlain = new Float64Array(ROWS * 2);
    const outDropped = new Float64Array(ROWS * 2);
    forwardBatch(plain, x, ROWS, outPlain);
    forwardBatch(dropped, x, ROWS, outDropped);
    expect(Array.from(outDropped)).toEqual(Array.from(outPlain));
  });

  it('gives the same bits on the WebAssembly SIMD path as on the JavaScript loops', () => {
    const network = withDropout(0.25);
    const results = [true, false].map((simd) => {
      const ws = createWorkspace(network, ROWS, { dropoutSeed: 9, simd });
      const loss = lossAndGradients(network, ws, 'mse', x, 0, y, 0, ROWS);
      return { loss, gk: ws.gradKernel.map((g) => Array.from(g)) };
    });
    expect(results[0]).toEqual(results[1]);
  });
});
