import { describe, expect, it } from 'vitest';
import { forwardBatch } from '../../../src-shared/nn/forward';
import { ACTIVATIONS, outputSize, type Network } from '../../../src-shared/nn/model';
import { loadNativeAddon, type NativeAddon, type NativeVariant } from '../../../src-main/native/addon';
import { createNativeForward, preferredNativeVariant } from '../../../src-main/native/native-forward';
import { firstDifference, nativeDisabled, randomNetwork, randomRows, seeded } from './helpers';

const load = loadNativeAddon();

/** forwardBatch's output for `rows` rows of `input`. */
function reference(net: Network, input: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * outputSize(net));
  forwardBatch(net, input, rows, out);
  return out;
}

describe('the native addon in this environment', () => {
  it(nativeDisabled ? 'is refused when DENSE_LAB_NO_NATIVE=1, with that reason' : 'loads (npm install / npm ci built it)', () => {
    if (nativeDisabled) {
      expect(load).toEqual({ ok: false, reason: 'disabled by DENSE_LAB_NO_NATIVE=1' });
    } else {
      // A failure here means native/build is missing or broken: run `node scripts/build-native.mjs`.
      expect(load.ok ? 'loaded' : load.reason).toBe('loaded');
    }
  });
});

// With DENSE_LAB_NO_NATIVE=1 there is no addon to hold to forwardBatch's bits; the test above and the
// worker test then pin the fallback instead.
if (load.ok) {
  const addon: NativeAddon = load.addon;
  const variants = addon.variants();

  describe('createNativeForward', () => {
    it('lists the variants this CPU runs, always ending with the portable scalar one', () => {
      expect(variants.length).toBeGreaterThan(0);
      expect(variants[variants.length - 1]).toBe('scalar');
      expect(createNativeForward(addon, randomNetwork(seeded(1), [2, 3])).kind).toBe(`native-${variants[0]}`);
    });

    const shapes: number[][] = [
      [1, 1],
      [3, 7, 1],
      [7, 3, 7, 3],
      [10, 100, 100, 1],
      [5, 1, 1, 5],
      [784, 128, 64, 10],
      [10, 1024, 1024, 1],
      [100, 33, 17, 9],
    ];
    const rowCounts = [0, 1, 5, 13, 37];

    it.each(variants)('is bit-identical to forwardBatch on random networks with every activation (variant %s)', (variant) => {
      const rand = seeded(2026);
      let checked = 0;
      shapes.forEach((sizes, s) => {
        // Each shape runs with activations starting at a different place in the list, so every activation sits at every depth.
        for (let first = s % 3; first < ACTIVATIONS.length; first += 3) {
          const net = randomNetwork(rand, sizes, first);
          const kernel = createNativeForward(addon, net, { variant });
          const big = sizes.some((w) => w >= 784);
          for (const rows of big ? [0, 1, 5, 13] : rowCounts) {
            const input = randomRows(rand, rows, sizes[0]);
            const got = new Float64Array(rows * outputSize(net));
            kernel.run(input, rows, got);
            const want = reference(net, input, rows);
            expect({ sizes, first, rows, at: firstDifference(got, want) }).toEqual({ sizes, first, rows, at: -1 });
            checked++;
          }
          kernel.dispose();
        }
      });
      expect(checked).toBeGreaterThan(100);
    });

    it('gives the same bits for any block size, and when rows do not fill the last block', () => {
      const rand = seeded(7);
      const net = randomNetwork(rand, [9, 23, 11, 4], 4);
      const rows = 103;
      const input = randomRows(rand, rows, 9);
      const want = reference(net, input, rows);
      for (const blockRows of [1, 2, 7, 64, 1000]) {
        const got = new Float64Array(rows * 4);
        createNativeForward(addon, net, { blockRows }).run(input, rows, got);
        expect(firstDifference(got, want)).toBe(-1);
      }
    });

    it('keeps NaN, ±Infinity, −0 and subnormals exactly as forwardBatch does', () => {
      const rand = seeded(11);
      const specials = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -2.2250738585072014e-308, 1e308, -1e308, 1e-300];
      for (const activation of ACTIVATIONS) {
        const net = randomNetwork(rand, [6, 9, 3], 0);
        const layers = net.layers.map((l) => ({ ...l, activation, kernel: l.kernel.map((w, k) => (k % 5 === 0 ? specials[k % specials.length] : w)) }));
        const special: Network = { inputSize: 6, layers };
        const rows = 17;
        const input = randomRows(rand, rows, 6).map((v, k) => (k % 3 === 0 ? specials[(k / 3) % specials.length] : v));
        for (const variant of variants) {
          const got = new Float64Array(rows * 3);
          createNativeForward(addon, special, { variant }).run(input, rows, got);
          expect({ activation, variant, at: firstDifference(got, reference(special, input, rows)) }).toEqual({ activation, variant, at: -1 });
        }
      }
    });

    it('writes into a Float64Array on a SharedArrayBuffer at an offset, as the forward worker does', () => {
      const rand = seeded(3);
      const net = randomNetwork(rand, [4, 8, 2], 1);
      const input = randomRows(rand, 10, 4);
      const shared = new Float64Array(new SharedArrayBuffer(8 * 30));
      createNativeForward(addon, net).run(input, 10, shared.subarray(6, 26));
      expect(firstDifference(shared.slice(6, 26), reference(net, input, 10))).toBe(-1);
      expect(Array.from(shared.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('refuses bad calls with RangeError: short arrays, bad row counts, inconsistent networks, after dispose', () => {
      const net = randomNetwork(seeded(5), [3, 4, 2]);
      const kernel = createNativeForward(addon, net);
      expect(() => kernel.run(new Float64Array(5), 2, new Float64Array(4))).toThrow(/input has 5 values; 2 rows × 3 inputs need 6/);
      expect(() => kernel.run(new Float64Array(6), 2, new Float64Array(3))).toThrow(/output has room for 3 values/);
      expect(() => kernel.run(new Float64Array(6), 1.5, new Float64Array(4))).toThrow(RangeError);
      kernel.dispose();
      expect(() => kernel.run(new Float64Array(6), 2, new Float64Array(4))).toThrow(/disposed/);
      const broken: Network = { inputSize: 3, layers: [{ ...net.layers[0], inputs: 2 }] };
      expect(() => createNativeForward(addon, broken)).toThrow(/layers\[0\] takes 2 inputs but receives 3/);
      expect(() => createNativeForward(addon, { inputSize: 3, layers: [] })).toThrow(RangeError);
      const shortKernel: Network = { inputSize: 3, layers: [{ ...net.layers[0], kernel: new Float64Array(11) }] };
      expect(() => createNativeForward(addon, shortKernel)).toThrow(/kernel has 11 values; 3 inputs × 4 units need 12/);
    });
  });
}

describe('preferredNativeVariant', () => {
  it('picks AVX-512 or AVX2 when the CPU has them, and leaves SSE2/scalar-only CPUs to WebAssembly', () => {
    // Only variants() is consulted: a stand-in for addons built on other CPUs.
    const on = (variants: NativeVariant[]) => ({ variants: () => variants }) as unknown as NativeAddon;
    expect(preferredNativeVariant(on(['avx512', 'avx2', 'sse2', 'scalar']))).toBe('avx512');
    expect(preferredNativeVariant(on(['avx2', 'sse2', 'scalar']))).toBe('avx2');
    expect(preferredNativeVariant(on(['sse2', 'scalar']))).toBeUndefined();
    expect(preferredNativeVariant(on(['scalar']))).toBeUndefined();
  });
});
