import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ActivationName, type Network } from '../../../../../src-shared/nn/model';
import { createWorkspace, lossAndGradients } from '../../../../../src-shared/nn/backward';
import type { LossName } from '../../../../../src-shared/nn/losses';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import { net, wobble, wobbleLayer } from './helpers';

const ROWS = 5;
const INPUTS = 3;

function batch(outputs: number, loss: LossName): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(ROWS * INPUTS);
  for (let k = 0; k < x.length; k++) x[k] = 1.5 * wobble(500 + k);
  const y = new Float64Array(ROWS * outputs);
  for (let r = 0; r < ROWS; r++) {
    if (loss === 'categorical_crossentropy') y[r * outputs + (r % outputs)] = 1;
    else if (loss === 'binary_crossentropy') for (let k = 0; k < outputs; k++) y[r * outputs + k] = (r + k) % 2;
    else for (let k = 0; k < outputs; k++) y[r * outputs + k] = 2 * wobble(900 + r * outputs + k);
  }
  return { x, y };
}

/** Mean loss by the engine's forward pass alone (independent of backward's own forward). */
function meanLoss(network: Network, loss: LossName, x: Float64Array, y: Float64Array): number {
  const ws = createWorkspace(network, ROWS);
  return lossAndGradients(network, ws, loss, x, 0, y, 0, ROWS) / ROWS;
}

/** Largest relative error between backprop and central differences over every weight and bias. */
function gradientError(network: Network, loss: LossName, x: Float64Array, y: Float64Array): number {
  const ws = createWorkspace(network, ROWS);
  lossAndGradients(network, ws, loss, x, 0, y, 0, ROWS);
  const analytic = [...ws.gradKernel.map((g) => Float64Array.from(g)), ...ws.gradBias.map((g) => Float64Array.from(g))];
  const params = [...network.layers.map((l) => l.kernel), ...network.layers.map((l) => l.bias)];
  let worst = 0;
  const h = 1e-5;
  params.forEach((p, pi) => {
    for (let k = 0; k < p.length; k++) {
      const keep = p[k];
      p[k] = keep + h;
      const up = meanLoss(network, loss, x, y);
      p[k] = keep - h;
      const down = meanLoss(network, loss, x, y);
      p[k] = keep;
      const numeric = (up - down) / (2 * h);
      const a = analytic[pi][k];
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-4);
      worst = Math.max(worst, rel);
    }
  });
  return worst;
}

/** Distance of every pre-activation and every mse/mae residual from a kink (0), so differences stay smooth. */
function distanceFromKinks(network: Network, x: Float64Array, y: Float64Array, loss: LossName): number {
  let d = Infinity;
  const ws = createWorkspace(network, ROWS);
  lossAndGradients(network, ws, loss, x, 0, y, 0, ROWS);
  const kinked: ActivationName[] = ['relu', 'leaky_relu', 'elu'];
  network.layers.forEach((layer, l) => {
    if (kinked.includes(layer.activation)) for (const v of ws.z[l]) d = Math.min(d, Math.abs(v));
  });
  if (loss === 'mae') {
    const out = ws.a[ws.a.length - 1];
    for (let k = 0; k < y.length; k++) d = Math.min(d, Math.abs(out[k] - y[k]));
  }
  return d;
}

const HIDDEN: ActivationName[] = [...ACTIVATIONS];
const CASES: { loss: LossName; output: ActivationName; units: number }[] = [
  ...ACTIVATIONS.filter((a) => a !== 'softmax').flatMap((output) => [
    { loss: 'mse' as const, output, units: 2 },
    { loss: 'mae' as const, output, units: 2 },
  ]),
  { loss: 'mse', output: 'softmax', units: 3 },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 1 },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 2 },
  { loss: 'categorical_crossentropy', output: 'softmax', units: 3 },
];

describe('backpropagation matches central finite differences', () => {
  for (const hidden of HIDDEN) {
    for (const c of CASES) {
      it(`${hidden} hidden layers, ${c.output} output, ${c.loss}`, () => {
        const network = net([
          wobbleLayer(INPUTS, 4, hidden, 11),
          wobbleLayer(4, 3, hidden, 71),
          wobbleLayer(3, c.units, c.output, 131),
        ]);
        const { x, y } = batch(c.units, c.loss);
        expect(distanceFromKinks(network, x, y, c.loss)).toBeGreaterThan(1e-4);
        expect(gradientError(network, c.loss, x, y)).toBeLessThan(1e-6);
      });
    }
  }
});

describe('the training forward pass', () => {
  it('gives the same outputs as forwardBatch, bit for bit, for 4-row blocks and leftovers', () => {
    const network = net([wobbleLayer(INPUTS, 7, 'tanh', 3), wobbleLayer(7, 2, 'linear', 40)]);
    const rows = 7;
    const x = new Float64Array(rows * INPUTS).map((_, k) => wobble(k + 77));
    const expected = new Float64Array(rows * 2);
    forwardBatch(network, x, rows, expected);
    const ws = createWorkspace(network, rows);
    lossAndGradients(network, ws, 'mse', x, 0, new Float64Array(rows * 2), 0, rows);
    expect(Array.from(ws.a[1])).toEqual(Array.from(expected));
  });
});

describe('saturated outputs', () => {
  it('binary cross-entropy from a logit of ±800 is finite and its gradient is (p − y)/N', () => {
    const network = net([{ inputs: 1, units: 1, activation: 'sigmoid', kernel: Float64Array.of(1), bias: Float64Array.of(0) }]);
    const ws = createWorkspace(network, 2);
    const loss = lossAndGradients(network, ws, 'binary_crossentropy', Float64Array.of(800, -800), 0, Float64Array.of(0, 0), 0, 2);
    expect(loss).toBe(800);
    expect(ws.gradBias[0][0]).toBe(0.5);
    expect(Number.isFinite(ws.gradKernel[0][0])).toBe(true);
  });

  it('categorical cross-entropy of a confidently wrong softmax is the logit gap, not Infinity', () => {
    const network = net([{ inputs: 2, units: 2, activation: 'softmax', kernel: Float64Array.of(1, 0, 0, 1), bias: Float64Array.of(0, 0) }]);
    const ws = createWorkspace(network, 1);
    const loss = lossAndGradients(network, ws, 'categorical_crossentropy', Float64Array.of(1000, -1000), 0, Float64Array.of(0, 1), 0, 1);
    expect(loss).toBe(2000);
    expect(Array.from(ws.gradBias[0])).toEqual([1, -1]);
  });
});

describe('the WebAssembly SIMD kernel', () => {
  const shapes = [
    { name: 'multiples of 4', sizes: [8, 12, 4, 3], rows: 8 },
    { name: 'fringe rows and columns (10 → 6 → 5 → 3, 7 rows)', sizes: [10, 6, 5, 3], rows: 7 },
  ];
  for (const shape of shapes) {
    it(`is available here and gives the same bits as the JavaScript loops: ${shape.name}`, () => {
      const [i0, h1, h2, out] = shape.sizes;
      const network = net([wobbleLayer(i0, h1, 'relu', 5), wobbleLayer(h1, h2, 'tanh', 300), wobbleLayer(h2, out, 'softmax', 900)]);
      const rows = shape.rows;
      const y = new Float64Array(rows * out).map((_, k) => (k % out === 1 ? 1 : 0));
      const results = [true, false].map((simd) => {
        const ws = createWorkspace(network, rows, { simd });
        for (let k = 0; k < rows * i0; k++) ws.input[k] = 2 * wobble(k + 9);
        const loss = lossAndGradients(network, ws, 'categorical_crossentropy', ws.input, 0, y, 0, rows);
        return {
          simd: ws.simd !== undefined,
          loss,
          z: ws.z.map((v) => Array.from(v)),
          gk: ws.gradKernel.map((v) => Array.from(v)),
          gb: ws.gradBias.map((v) => Array.from(v)),
        };
      });
      expect(results[0].simd).toBe(true);
      expect(results[1].simd).toBe(false);
      expect(results[0].loss).toBe(results[1].loss);
      expect(results[0].z).toEqual(results[1].z);
      expect(results[0].gk).toEqual(results[1].gk);
      expect(results[0].gb).toEqual(results[1].gb);
    });
  }
});
