import { describe, expect, it } from 'vitest';
import { fitLeastSquares, fitLogistic } from '../../../../../src-shared/nn/baseline';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import type { Network } from '../../../../../src-shared/nn/model';
import { wobble } from './helpers';

function predict(network: Network, x: Float64Array, rows: number): Float64Array {
  const units = network.layers[network.layers.length - 1].units;
  const out = new Float64Array(rows * units);
  forwardBatch(network, x, rows, out);
  return out;
}

describe('least-squares baseline', () => {
  it('recovers an exact linear law y = 2·x₀ − 3·x₁ + 5', () => {
    const rows = 50;
    const x = new Float64Array(rows * 2).map((_, k) => 3 * wobble(k));
    const y = new Float64Array(rows).map((_, r) => 2 * x[2 * r] - 3 * x[2 * r + 1] + 5);
    const { network } = fitLeastSquares(x, rows, 2, y, 1);
    const [layer] = network.layers;
    expect(layer.kernel[0]).toBeCloseTo(2, 8);
    expect(layer.kernel[1]).toBeCloseTo(-3, 8);
    expect(layer.bias[0]).toBeCloseTo(5, 8);
  });

  it('matches the textbook slope cov(x, y)/var(x) and intercept ȳ − slope·x̄ for noisy data', () => {
    const rows = 40;
    const x = new Float64Array(rows).map((_, k) => wobble(k) * 4);
    const y = new Float64Array(rows).map((_, r) => 1.5 * x[r] - 2 + wobble(100 + r));
    let mx = 0;
    let my = 0;
    for (let r = 0; r < rows; r++) {
      mx += x[r] / rows;
      my += y[r] / rows;
    }
    let sxy = 0;
    let sxx = 0;
    for (let r = 0; r < rows; r++) {
      sxy += (x[r] - mx) * (y[r] - my);
      sxx += (x[r] - mx) ** 2;
    }
    const { network } = fitLeastSquares(x, rows, 1, y, 1);
    expect(network.layers[0].kernel[0]).toBeCloseTo(sxy / sxx, 8);
    expect(network.layers[0].bias[0]).toBeCloseTo(my - (sxy / sxx) * mx, 8);
  });

  it('survives a duplicated and a constant column (rank-deficient) with finite weights and the same fit', () => {
    const rows = 30;
    const x = new Float64Array(rows * 3);
    for (let r = 0; r < rows; r++) {
      x[3 * r] = wobble(r);
      x[3 * r + 1] = x[3 * r];
      x[3 * r + 2] = 7;
    }
    const y = new Float64Array(rows).map((_, r) => 4 * x[3 * r] + 1);
    const { network } = fitLeastSquares(x, rows, 3, y, 1);
    const k = network.layers[0].kernel;
    for (const w of k) expect(Number.isFinite(w)).toBe(true);
    expect(k[0]).toBeCloseTo(2, 5);
    expect(k[1]).toBeCloseTo(2, 5);
    const pred = predict(network, x, rows);
    for (let r = 0; r < rows; r++) expect(pred[r]).toBeCloseTo(y[r], 6);
  });

  it('fits several outputs at once, each as if alone', () => {
    const rows = 20;
    const x = new Float64Array(rows).map((_, k) => wobble(k));
    const y = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      y[2 * r] = 3 * x[r];
      y[2 * r + 1] = -x[r] + 2;
    }
    const { network } = fitLeastSquares(x, rows, 1, y, 2);
    expect(Array.from(network.layers[0].kernel).map((v) => +v.toFixed(8))).toEqual([3, -1]);
    expect(Array.from(network.layers[0].bias).map((v) => +v.toFixed(8))).toEqual([0, 2]);
  });
});

describe('logistic and softmax regression baseline', () => {
  it('binary: converges to a point where the mean probability equals the positive rate (unpenalized bias)', () => {
    const rows = 200;
    const x = new Float64Array(rows * 2).map((_, k) => 2 * wobble(k));
    const y = new Float64Array(rows).map((_, r) => (x[2 * r] - 0.5 * x[2 * r + 1] + 0.8 * wobble(7000 + r) > 0 ? 1 : 0));
    const fit = fitLogistic(x, rows, 2, y, 2);
    expect(fit.converged).toBe(true);
    expect(fit.network.layers[0].activation).toBe('sigmoid');
    const p = predict(fit.network, x, rows);
    const meanP = p.reduce((s, v) => s + v, 0) / rows;
    const meanY = y.reduce((s, v) => s + v, 0) / rows;
    expect(meanP).toBeCloseTo(meanY, 6);
    // the direction of the true boundary, x₀ − 0.5·x₁
    const [w0, w1] = fit.network.layers[0].kernel;
    expect(w0).toBeGreaterThan(0);
    expect(w1 / w0).toBeCloseTo(-0.5, 0);
  });

  it('binary: more rows than one block (4096) still converge to mean probability = positive rate', () => {
    const rows = 9000;
    const x = new Float64Array(rows).map((_, k) => 2 * wobble(k));
    const y = new Float64Array(rows).map((_, r) => (x[r] + wobble(20000 + r) > 0.2 ? 1 : 0));
    const fit = fitLogistic(x, rows, 1, y, 2);
    expect(fit.converged).toBe(true);
    const p = predict(fit.network, x, rows);
    expect(p.reduce((s, v) => s + v, 0) / rows).toBeCloseTo(y.reduce((s, v) => s + v, 0) / rows, 6);
  });

  it('binary: linearly separable data give finite weights and every row right (thanks to the L2 term)', () => {
    const rows = 40;
    const x = new Float64Array(rows).map((_, k) => wobble(k) + (k % 2 ? 2 : -2));
    const y = new Float64Array(rows).map((_, r) => r % 2);
    const fit = fitLogistic(x, rows, 1, y, 2);
    expect(Number.isFinite(fit.network.layers[0].kernel[0])).toBe(true);
    const p = predict(fit.network, x, rows);
    for (let r = 0; r < rows; r++) expect(p[r] >= 0.5 ? 1 : 0).toBe(y[r]);
  });

  it('multiclass: softmax regression puts each class’s mean probability at its frequency', () => {
    const rows = 150;
    const classes = 3;
    const x = new Float64Array(rows * 2);
    const y = new Float64Array(rows * classes);
    for (let r = 0; r < rows; r++) {
      const c = r % 3;
      x[2 * r] = [-2, 0, 2][c] + wobble(r);
      x[2 * r + 1] = [1, -2, 1][c] + wobble(500 + r);
      y[r * classes + c] = 1;
    }
    const fit = fitLogistic(x, rows, 2, y, classes);
    expect(fit.converged).toBe(true);
    const p = predict(fit.network, x, rows);
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += p[r * classes + c];
      expect(s / rows).toBeCloseTo(1 / 3, 6);
    }
  });
});
