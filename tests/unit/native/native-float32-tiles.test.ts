import { afterEach, describe, expect, it } from 'vitest';
import { createForwardKernel } from '../../../src-shared/nn/kernels/forward-kernel';
import { outputSize, type Network } from '../../../src-shared/nn/model';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { createNativeForward } from '../../../src-main/native/native-forward';
import { firstDifference, randomNetwork, randomRows, seeded } from './helpers';

// The float32 mode's AVX-512 variant packs a layer for one of two tile sets (native/src/dense.cpp, prefer256): 512-bit
// vecs (6 rows × 4 zmm, panels of 64 units), or on Zen 4 256-bit vecs (6 rows × 4 ymm, panels of 32, the inputs
// broadcast first). DENSE_LAB_F32_VEC=512 / 256 picks one when the layer is packed (the addon reads it then; vitest
// runs this file in a forked process, so setting process.env reaches it). Both must give the WebAssembly float32
// kernel's bits, hence each other's, on shapes around their tiles: rows not a multiple of 6, K odd, units not a
// multiple of 8, 16 or 32, one panel and several.
const load = loadNativeAddon();
const saved = process.env.DENSE_LAB_F32_VEC;

function float32Reference(net: Network, input: Float64Array, rows: number): Float64Array {
  const kernel = createForwardKernel(net, { precision: 'float32' });
  const out = new Float64Array(rows * outputSize(net));
  kernel.run(input, rows, out);
  return out;
}

afterEach(() => {
  if (saved === undefined) delete process.env.DENSE_LAB_F32_VEC;
  else process.env.DENSE_LAB_F32_VEC = saved;
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

  describe('float32 AVX-512 tiles, 512-bit and 256-bit', () => {
    it.each(['512', '256'])('DENSE_LAB_F32_VEC=%s gives the WebAssembly float32 kernel’s bits', (vec) => {
      process.env.DENSE_LAB_F32_VEC = vec;
      const rand = seeded(3201);
      let checked = 0;
      shapes.forEach((sizes, s) => {
        const net = randomNetwork(rand, sizes, s);
        const kernel = createNativeForward(addon, net, { variant: 'avx512', precision: 'float32' });
        for (const rows of rowCounts) {
          const input = randomRows(rand, rows, sizes[0]);
          const got = new Float64Array(rows * outputSize(net));
          kernel.run(input, rows, got);
          expect(firstDifference(got, float32Reference(net, input, rows)), `${sizes.join('-')}, ${rows} rows`).toBe(-1);
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
        process.env.DENSE_LAB_F32_VEC = vec;
        return [5, 1024].map((blockRows) => {
          const kernel = createNativeForward(addon, net, { variant: 'avx512', precision: 'float32', blockRows });
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
  describe('float32 AVX-512 tiles', () => {
    it('are not built or not supported here (no AVX-512): nothing to compare', () => {
      expect(load.ok && load.addon.variants().includes('avx512')).toBe(false);
    });
  });
}
