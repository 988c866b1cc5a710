import { afterEach, describe, expect, it } from 'vitest';
import { createForwardKernel } from '../../../src-shared/nn/kernels/forward-kernel';
import { outputSize, type Network } from '../../../src-shared/nn/model';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { createNativeForward } from '../../../src-main/native/native-forward';
import { firstDifference, randomNetwork, randomRows, seeded } from './helpers';

// The AVX-512 variant packs a layer for one of two tile sets (native/src/dense.cpp, prefer256): 512-bit vecs (6 rows
// × 4 zmm: panels of 32 doubles or 64 floats), or on Zen 4 256-bit vecs (6 rows × 4 ymm: panels of 16 doubles or 32
// floats, the inputs broadcast first). DENSE_LAB_F64_VEC / DENSE_LAB_F32_VEC = 512 or 256 picks one when the layer is
// packed (the addon reads it then; vitest runs this file in a forked process, so setting process.env reaches it).
// Both must give the WebAssembly kernel's bits (float64, or the float32 mode's), hence each other's, on shapes around
// their tiles: rows not a multiple of 6, K odd, units not a multiple of 4, 8, 16 or 32, one panel and several.
const load = loadNativeAddon();
const precisions = [
  { precision: 'float64', env: 'DENSE_LAB_F64_VEC' },
  { precision: 'float32', env: 'DENSE_LAB_F32_VEC' },
] as const;
const saved = precisions.map(({ env }) => process.env[env]);

function reference(net: Network, input: Float64Array, rows: number, precision: 'float64' | 'float32'): Float64Array {
  const kernel = createForwardKernel(net, { precision });
  const out = new Float64Array(rows * outputSize(net));
  kernel.run(input, rows, out);
  return out;
}

afterEach(() => {
  precisions.forEach(({ env }, k) => {
    if (saved[k] === undefined) delete process.env[env];
    else process.env[env] = saved[k];
  });
});

if (load.ok && load.addon.variants().includes('avx512')) {
  const addon = load.addon;
  // units 1…9, 15, 17, 31, 33 (one panel of 32 and a part), 63, 65, 97, 129 (panels of 64 and 32 and a part)
  const shapes = [
    [7, 1, 3, 2, 5, 4, 6, 8, 9],
    [1, 15, 17, 31, 33, 1],
    [13, 63, 65, 97],
    [33, 129, 10],
    [784, 128, 64, 10],
  ];
  const rowCounts = [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 37];

  describe.each(precisions)('$precision AVX-512 tiles, 512-bit and 256-bit', ({ precision, env }) => {
    it.each(['512', '256'])(`${env}=%s gives the WebAssembly ${precision} kernel’s bits`, (vec) => {
      process.env[env] = vec;
      const rand = seeded(3201);
      let checked = 0;
      shapes.forEach((sizes, s) => {
        const net = randomNetwork(rand, sizes, s);
        const kernel = createNativeForward(addon, net, { variant: 'avx512', precision });
        for (const rows of rowCounts) {
          const input = randomRows(rand, rows, sizes[0]);
          const got = new Float64Array(rows * outputSize(net));
          kernel.run(input, rows, got);
          expect(firstDifference(got, reference(net, input, rows, precision)), `${sizes.join('-')}, ${rows} rows`).toBe(-1);
          checked++;
        }
        kernel.dispose();
      });
      expect(checked).toBe(shapes.length * rowCounts.length);
    });

    it('packs for 256-bit and 512-bit tiles alike: the same bits for 301 rows of 784-128-64-10 in any block size', () => {
      const rand = seeded(3202);
      const net = randomNetwork(rand, [784, 128, 64, 10], 0);
      const rows = 301;
      const input = randomRows(rand, rows, 784);
      const outs = ['512', '256'].flatMap((vec) => {
        process.env[env] = vec;
        return [5, 1024].map((blockRows) => {
          const kernel = createNativeForward(addon, net, { variant: 'avx512', precision, blockRows });
          const out = new Float64Array(rows * 10);
          kernel.run(input, rows, out);
          kernel.dispose();
          return out;
        });
      });
      for (const out of outs.slice(1)) expect(firstDifference(out, outs[0])).toBe(-1);
    });
  });
} else {
  describe('AVX-512 tiles', () => {
    it('are not built or not supported here (no AVX-512): nothing to compare', () => {
      expect(load.ok && load.addon.variants().includes('avx512')).toBe(false);
    });
  });
}
