import { describe, expect, it } from 'vitest';
import { forwardBatch } from '../../../src-shared/nn/forward';
import { createForwardKernel } from '../../../src-shared/nn/kernels/forward-kernel';
import { ACTIVATIONS, outputSize, type Network } from '../../../src-shared/nn/model';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { createNativeForward } from '../../../src-main/native/native-forward';
import { firstDifference, nativeDisabled, randomNetwork, randomRows, seeded } from './helpers';

const load = loadNativeAddon();

describe('the native addon here', () => {
  it(nativeDisabled ? 'is off (DENSE_LAB_NO_NATIVE=1): the WebAssembly path is what runs' : 'runs the float32 mode natively (npm ci built it)', () => {
    expect(load.ok).toBe(!nativeDisabled);
  });
});

/** The float32 reference: the WebAssembly kernel's float32 mode (forward-kernel.ts documents its arithmetic). */
function float32Reference(net: Network, input: Float64Array, rows: number): Float64Array {
  const kernel = createForwardKernel(net, { precision: 'float32' });
  expect(kernel.precision).toBe('float32');
  const out = new Float64Array(rows * outputSize(net));
  kernel.run(input, rows, out);
  return out;
}

if (load.ok) {
  const addon = load.addon;
  const variants = addon.variants();
  // widths around the float32 tiles (16 lanes × 4 vecs on AVX-512, 8 × 3 on AVX2): K not a multiple of a tile, odd widths
  const shapes = [[1, 1], [3, 7, 1], [17, 65, 9, 5], [10, 100, 100, 1], [784, 128, 64, 10], [33, 63, 24, 1], [5, 200, 3]];
  const rowCounts = [1, 5, 7, 37];

  describe('createNativeForward, float32 mode', () => {
    it.each(variants)('is bit-identical to the WebAssembly float32 kernel, every activation and edge shape (variant %s)', (variant) => {
      const rand = seeded(32);
      let checked = 0;
      shapes.forEach((sizes, s) => {
        for (let first = s % 2; first < ACTIVATIONS.length; first += 2) {
          const net = randomNetwork(rand, sizes, first);
          const kernel = createNativeForward(addon, net, { variant, precision: 'float32' });
          expect(kernel.precision).toBe('float32');
          for (const rows of rowCounts) {
            const input = randomRows(rand, rows, sizes[0]);
            const got = new Float64Array(rows * outputSize(net));
            kernel.run(input, rows, got);
            expect(firstDifference(got, float32Reference(net, input, rows)), `${sizes.join('-')} from ${ACTIVATIONS[first]}, ${rows} rows`).toBe(-1);
            checked++;
          }
          kernel.dispose();
        }
      });
      expect(checked).toBeGreaterThan(100);
    });

    it('gives the same bits for any block size (how rows are split never matters)', () => {
      const rand = seeded(33);
      const net = randomNetwork(rand, [784, 128, 64, 10], 0);
      const rows = 301;
      const input = randomRows(rand, rows, 784);
      const outs = [1, 7, 64, 1024].map((blockRows) => {
        const out = new Float64Array(rows * 10);
        createNativeForward(addon, net, { precision: 'float32', blockRows }).run(input, rows, out);
        return out;
      });
      for (const out of outs.slice(1)) expect(firstDifference(out, outs[0])).toBe(-1);
    });

    it('stays within 1e-3·(1 + |z|) of the float64 engine (the stated tolerance), and differs from it', () => {
      const rand = seeded(34);
      const random = randomNetwork(rand, [784, 128, 64, 10], 0);
      const net: Network = { ...random, layers: random.layers.map((layer, l) => ({ ...layer, activation: l === 2 ? 'linear' : 'relu' })) };
      const rows = 64;
      const input = randomRows(rand, rows, 784);
      const exact = new Float64Array(rows * 10);
      forwardBatch(net, input, rows, exact);
      const fast = new Float64Array(rows * 10);
      createNativeForward(addon, net, { precision: 'float32' }).run(input, rows, fast);
      let worst = 0;
      for (let k = 0; k < exact.length; k++) worst = Math.max(worst, Math.abs(fast[k] - exact[k]) / (1 + Math.abs(exact[k])));
      expect(worst).toBeLessThan(1e-3);
      expect(worst).toBeGreaterThan(0);
    });

    it('refuses a float64 layer in dense32 and a float32 layer in dense', () => {
      const f64 = addon.pack(new Float64Array(6), new Float64Array(3), 2, 3);
      const f32 = addon.pack32(new Float64Array(6), new Float64Array(3), 2, 3);
      expect(() => addon.dense32(f64 as never, new Float64Array(2), 0, 1, new Float32Array(3), 0, false)).toThrow(TypeError);
      expect(() => addon.dense(f32 as never, new Float64Array(2), 0, 1, new Float64Array(3), 0, false)).toThrow(TypeError);
      expect(() => addon.dense32(f32, new Int32Array(2) as never, 0, 1, new Float32Array(3), 0, false)).toThrow(TypeError);
      expect(() => addon.dense32(f32, new Float32Array(2), 0, 2, new Float32Array(6), 0, false)).toThrow(RangeError);
      addon.release(f32);
      expect(() => addon.dense32(f32, new Float32Array(2), 0, 1, new Float32Array(3), 0, false)).toThrow(RangeError);
      addon.release(f64);
    });
  });
}
