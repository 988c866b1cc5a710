import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forwardBatch, forwardTrace } from '../../../../src-shared/nn/forward';
import { activate, softmaxInto, type ElementwiseActivationName } from '../../../../src-shared/nn/activations';
import { ACTIVATIONS, type ActivationName, type DenseLayer, type Network } from '../../../../src-shared/nn/model';

/** Build a Network from per-layer kernels written as kernel[i][j] (Keras layout). */
function net(inputSize: number, layers: { activation: ActivationName; kernel: number[][]; bias: number[]; alpha?: number }[]): Network {
  let inputs = inputSize;
  const built: DenseLayer[] = layers.map((l) => {
    const units = l.bias.length;
    const layer: DenseLayer = { inputs, units, activation: l.activation, alpha: l.alpha, kernel: Float64Array.from(l.kernel.flat()), bias: Float64Array.from(l.bias) };
    inputs = units;
    return layer;
  });
  return { inputSize, layers: built };
}

/** A slow, obviously correct forward pass on nested arrays, in the contract's summation order. */
function naiveForward(n: Network, x: number[]): number[][] {
  const out: number[][] = [];
  let prev = x;
  for (const l of n.layers) {
    const z: number[] = [];
    for (let j = 0; j < l.units; j++) {
      let acc = 0;
      for (let i = 0; i < l.inputs; i++) acc += prev[i] * l.kernel[i * l.units + j];
      z.push(acc + l.bias[j]);
    }
    let a: number[];
    if (l.activation === 'softmax') {
      const buf = new Float64Array(z.length);
      softmaxInto(z, buf, 0, z.length);
      a = Array.from(buf);
    } else a = z.map((v) => activate(l.activation as ElementwiseActivationName, v, l.alpha));
    out.push(a);
    prev = a;
  }
  return out;
}

const S1 = net(2, [
  { activation: 'linear', kernel: [[1, -1], [1, 1]], bias: [0, 0] },
  { activation: 'linear', kernel: [[2], [-1]], bias: [0] },
]);

describe('forwardTrace', () => {
  it('gives the course example S1: hidden [5, 1], output 9, with every edge product', () => {
    const t = forwardTrace(S1, [2, 3]);
    expect(t.input).toEqual([2, 3]);
    expect(t.layers[0].z).toEqual([5, 1]);
    expect(t.layers[0].a).toEqual([5, 1]);
    expect(t.layers[0].products).toEqual([[2, -2], [3, 3]]);
    expect(t.layers[1].products).toEqual([[10], [-1]]);
    expect(t.output).toEqual([9]);
  });

  it('adds the bias after the weighted sum', () => {
    const n = net(1, [{ activation: 'relu', kernel: [[1, -1]], bias: [0.5, -0.25] }]);
    const t = forwardTrace(n, [2]);
    expect(t.layers[0].z).toEqual([2.5, -2.25]);
    expect(t.layers[0].a).toEqual([2.5, 0]);
  });

  it('refuses an input row of the wrong length', () => {
    expect(() => forwardTrace(S1, [1, 2, 3])).toThrow(/takes 2 inputs, got 3/);
  });
});

describe('forwardBatch', () => {
  it('computes S1 for several rows at once', () => {
    const out = new Float64Array(3);
    forwardBatch(S1, Float64Array.from([2, 3, 0, 0, -1, 2]), 3, out);
    expect(Array.from(out)).toEqual([9, 0, 2 * 1 - 3]);
  });

  it('copies the input through a network without layers', () => {
    const out = new Float64Array(4);
    forwardBatch({ inputSize: 2, layers: [] }, Float64Array.from([1, 2, 3, 4]), 2, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it('refuses arrays too short for the row count', () => {
    expect(() => forwardBatch(S1, new Float64Array(3), 2, new Float64Array(2))).toThrow(RangeError);
    expect(() => forwardBatch(S1, new Float64Array(4), 2, new Float64Array(1))).toThrow(RangeError);
  });

  it('handles zero rows', () => {
    expect(() => forwardBatch(S1, new Float64Array(0), 0, new Float64Array(0))).not.toThrow();
  });
});

const finite = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const arbNetwork = fc
  .record({
    inputSize: fc.integer({ min: 1, max: 7 }),
    widths: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
    activations: fc.array(fc.constantFrom(...ACTIVATIONS), { minLength: 4, maxLength: 4 }),
    alpha: fc.double({ min: 0.01, max: 2, noNaN: true }),
  })
  .chain(({ inputSize, widths, activations, alpha }) => {
    const sizes = [inputSize, ...widths];
    const layerArbs = widths.map((units, l) =>
      fc.record({
        kernel: fc.array(finite, { minLength: sizes[l] * units, maxLength: sizes[l] * units }),
        bias: fc.array(finite, { minLength: units, maxLength: units }),
      }),
    );
    return fc.tuple(fc.constant({ inputSize, widths, activations, alpha }), fc.tuple(...layerArbs), fc.integer({ min: 1, max: 150 })).chain(([shape, layerValues, rows]) =>
      fc.tuple(fc.constant(shape), fc.constant(layerValues), fc.array(finite, { minLength: rows * shape.inputSize, maxLength: rows * shape.inputSize }), fc.constant(rows)),
    );
  })
  .map(([shape, layerValues, x, rows]) => {
    const sizes = [shape.inputSize, ...shape.widths];
    const layers: DenseLayer[] = shape.widths.map((units, l) => ({
      inputs: sizes[l],
      units,
      // softmax only on the last layer, as the model file requires
      activation: shape.activations[l] === 'softmax' && l !== shape.widths.length - 1 ? 'tanh' : shape.activations[l],
      alpha: shape.alpha,
      kernel: Float64Array.from(layerValues[l].kernel),
      bias: Float64Array.from(layerValues[l].bias),
    }));
    return { net: { inputSize: shape.inputSize, layers } as Network, x: Float64Array.from(x), rows };
  });

describe('forwardBatch and forwardTrace', () => {
  it('agree bit for bit on random networks, across block boundaries', () => {
    fc.assert(
      fc.property(arbNetwork, ({ net: n, x, rows }) => {
        const outSize = n.layers[n.layers.length - 1].units;
        const out = new Float64Array(rows * outSize);
        forwardBatch(n, x, rows, out);
        for (let r = 0; r < rows; r++) {
          const row = Array.from(x.subarray(r * n.inputSize, (r + 1) * n.inputSize));
          const t = forwardTrace(n, row);
          for (let j = 0; j < outSize; j++) {
            if (!Object.is(out[r * outSize + j], t.output[j])) return false;
          }
        }
        return true;
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  it('match a naive nested-array forward pass exactly, layer by layer', () => {
    fc.assert(
      fc.property(arbNetwork, ({ net: n, x }) => {
        const row = Array.from(x.subarray(0, n.inputSize));
        const t = forwardTrace(n, row);
        const want = naiveForward(n, row);
        expect(t.layers.map((l) => l.a)).toEqual(want);
        t.layers.forEach((l, k) => {
          const prev = k === 0 ? row : t.layers[k - 1].a;
          const layer = n.layers[k];
          for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < layer.units; j++) expect(l.products[i][j]).toBe(prev[i] * layer.kernel[i * layer.units + j]);
        });
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
