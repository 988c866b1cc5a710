import { describe, expect, it } from 'vitest';
import { outputSize } from '../../../src-shared/nn/model';
import { loadNativeAddon, type AheadArgs } from '../../../src-main/native/addon';
import { createNativeForward } from '../../../src-main/native/native-forward';
import { firstDifference, nativeDisabled, randomNetwork, randomRows, seeded } from './helpers';

// dense() / dense32() prefetch the caller's next rows while they compute (AheadArgs): a hint to the cache only, so
// the results must be the same bits with it, without it, and whatever ranges it names.
const load = loadNativeAddon();

describe('the native addon here', () => {
  it(nativeDisabled ? 'is off (DENSE_LAB_NO_NATIVE=1): the WebAssembly path is what runs' : 'prefetches natively (npm ci built it)', () => {
    expect(load.ok).toBe(!nativeDisabled);
  });
});

if (load.ok) {
  const addon = load.addon;
  const variants = addon.variants();
  // K not a multiple of any vector, rows not a multiple of any tile, one and several panels
  const shapes = [[1, 1], [17, 65, 9, 5], [784, 128, 64, 10], [33, 63, 24, 1], [5, 200, 3]];
  const rowCounts = [1, 7, 37, 73];

  /** Look-ahead ranges over a dataset of `cells` values: none, empty, part of it, all of it, values only. */
  function aheads(rand: () => number, cells: number): (AheadArgs | undefined)[] {
    const values = Float64Array.from({ length: cells }, () => rand());
    const missing = new Uint8Array(cells);
    const part = Math.floor(cells / 3);
    return [undefined, [values, 0, 0, missing, 0, 0], [values, part, cells - part, missing, part, cells - part], [values, 0, cells, missing, 0, cells], [values, 1, cells - 1, missing, 0, 0]];
  }

  describe('the look-ahead of dense() and dense32()', () => {
    it.each(variants)('never changes a bit of the float32 or the float64 mode (variant %s)', (variant) => {
      const rand = seeded(61);
      let checked = 0;
      for (const sizes of shapes) {
        const net = randomNetwork(rand, sizes, 0);
        for (const precision of ['float32', 'float64'] as const) {
          const kernel = createNativeForward(addon, net, { variant, precision });
          for (const rows of rowCounts) {
            const input = randomRows(rand, rows, sizes[0]);
            const outs = aheads(rand, 97 * 784).map((ahead) => {
              const out = new Float64Array(rows * outputSize(net));
              kernel.run(input, rows, out, ahead);
              return out;
            });
            for (const out of outs.slice(1)) expect(firstDifference(out, outs[0]), `${sizes.join('-')} ${precision}, ${rows} rows`).toBe(-1);
            checked++;
          }
          kernel.dispose();
        }
      }
      expect(checked).toBe(shapes.length * 2 * rowCounts.length);
    });

    it('refuses ranges outside their arrays with a RangeError, and arrays of other types with a TypeError', () => {
      const layer = addon.pack(new Float64Array(6), new Float64Array(3), 2, 3);
      const layer32 = addon.pack32(new Float64Array(6), new Float64Array(3), 2, 3);
      const values = new Float64Array(10);
      const bytes = new Uint8Array(10);
      const x = new Float64Array(2);
      for (const bad of [[values, 5, 6, bytes, 0, 0], [values, 11, 0, bytes, 0, 0], [values, 0, 0, bytes, 9, 2]] as AheadArgs[]) {
        expect(() => addon.dense(layer, x, 0, 1, new Float64Array(3), 0, false, ...bad)).toThrow(RangeError);
        expect(() => addon.dense32(layer32, x, 0, 1, new Float64Array(3), 0, false, ...bad)).toThrow(RangeError);
      }
      const wrong = [bytes, 0, 1, values, 0, 1] as unknown as AheadArgs;
      expect(() => addon.dense(layer, x, 0, 1, new Float64Array(3), 0, false, ...wrong)).toThrow(TypeError);
      addon.release(layer);
      addon.release(layer32);
    });
  });
}
