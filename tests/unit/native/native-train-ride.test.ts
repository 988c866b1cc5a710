/**
 * opsAdam (native/src/train-binding.cpp): an ops() list and Adam's update in one call, each quadruple's updates riding
 * along the list's products once nothing later in the list touches its arrays. The same bits as ops() then adamMany()
 * on every variant this CPU runs, whatever the lengths, the order in which quadruples become ready and the shapes of
 * the products they ride on; quadruples sharing an array keep their order; a bad record runs nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon, type NativeVariant } from '../../../src-main/native/addon';
import { firstDifference, seeded } from './helpers';

const load = loadNativeAddon();

if (load.ok && load.addon.opsAdam) {
  const addon: NativeAddon = load.addon;
  const opsAdam = addon.opsAdam!.bind(addon);
  const rand = seeded(5);

  /** A memory of `doubles` values of mixed magnitudes (the products' inputs and outputs live there). */
  const memoryOf = (doubles: number) => {
    const memory = new ArrayBuffer(8 * doubles);
    const f = new Float64Array(memory);
    for (let i = 0; i < f.length; i++) f[i] = (rand() * 2 - 1) * 10 ** Math.floor(rand() * 4 - 2);
    return memory;
  };
  /** [w, g, m, v] of length n; g inside `memory` at element `gAt` when given (a product of the list writes it). */
  const quad = (n: number, memory?: ArrayBuffer, gAt = 0): Float64Array[] => {
    const g = memory ? new Float64Array(memory, gAt * 8, n) : Float64Array.from({ length: n }, () => rand() - 0.5);
    return [Float64Array.from({ length: n }, () => rand() - 0.5), g, Float64Array.from({ length: n }, () => (rand() - 0.5) * 0.1), Float64Array.from({ length: n }, () => rand() * 0.01)];
  };
  /** A deep copy of memory and arrays (arrays inside the memory are re-viewed on the copy). */
  const copy = (memory: ArrayBuffer, arrays: Float64Array[]): [ArrayBuffer, Float64Array[]] => {
    const m = memory.slice(0);
    return [m, arrays.map((a) => (a.buffer === memory ? new Float64Array(m, a.byteOffset, a.length) : Float64Array.from(a)))];
  };
  const same = (x: [ArrayBuffer, Float64Array[]], y: [ArrayBuffer, Float64Array[]]) => {
    expect(firstDifference(new Float64Array(x[0]), new Float64Array(y[0]))).toBe(-1);
    x[1].forEach((a, k) => expect(firstDifference(a, y[1][k]), `array ${k}`).toBe(-1));
  };
  const gemm = (a: number, sai: number, sak: number, b: number, c: number, bias: number, m: number, k: number, n: number) => [0, a * 8, sai * 8, sak * 8, b * 8, c * 8, bias * 8, m, k, n, n * 8];

  describe.each(addon.variants())('opsAdam on variant %s', (variant: NativeVariant) => {
    it('gives the bits of ops() then adamMany() for a backward pass: quadruples ready early ride along later products', () => {
      // memory: A (32 × 100) at 0, B (100 × 100) at 3200, C1 (32 × 100) at 13200, dW (100 × 101 wide: 100 × 100 written
      // by a product at 16400), C2 at 30000, a second product (7 × 150 × 53) at 40000 …
      const memory = memoryOf(80000);
      const list = [
        ...gemm(0, 1, 32, 13200, 16400, 0, 100, 32, 100), // dW = Aᵀ C1 (written: quadruple 0's gradient)
        ...gemm(0, 100, 1, 3200, 30000, 0, 32, 100, 100), // C2 = A B: quadruple 0 rides here
        2, 30000 * 8, 33200 * 8, 3200, // relu
        ...gemm(40000, 150, 1, 41050, 50000, 60000, 7, 150, 53), // written: quadruple 1's gradient (inside C of this product)
        1, 3200 * 8, 61000 * 8, 100, 100, // transpose B: reads quadruple 2's gradient
        ...gemm(0, 1, 32, 13200, 72000, 0, 100, 32, 1), // one column (rows in the lanes: Adam waits for the next product)
        ...gemm(0, 100, 1, 3200, 71000, 0, 32, 100, 8), // the last product (n = 8: one vector)
      ];
      const arrays = [
        ...quad(10000, memory, 16400), // written by operation 0
        ...quad(13, memory, 50003), // written by operation 3
        ...quad(1003, memory, 4000), // read by operation 4
        ...quad(7), // never touched: rides from the start
        ...quad(1),
        ...quad(2049),
      ];
      const listed = Float64Array.from(list);
      const one = copy(memory, arrays);
      const two = copy(memory, arrays);
      const threaded = copy(memory, arrays);
      for (let step = 1; step <= 3; step++) {
        addon.ops(one[0], listed, 7, variant);
        addon.adamMany(one[1], 1e-3 * step, 0.1, 1e-3, 1e-7, variant);
        opsAdam(two[0], listed, 7, two[1], 1e-3 * step, 0.1, 1e-3, 1e-7, variant);
        same(two, one);
        // on two threads: the products carrying little of Adam split
        opsAdam(threaded[0], listed, 7, threaded[1], 1e-3 * step, 0.1, 1e-3, 1e-7, variant, undefined, 2);
        same(threaded, one);
      }
    });

    it('writes each new w into its mirror too, a mirror the list reads waiting for the read (the weights\' copy a backward pass transposes)', () => {
      // memory: A (32 × 100) at 0, the weights' copy W (100 × 100) at 3200 (a quadruple's mirror), G at 13200, ∂W at 16400
      const memory = memoryOf(50000);
      const list = [
        ...gemm(0, 1, 32, 13200, 16400, 0, 100, 32, 100), // ∂W = Aᵀ G: the quadruple's gradient
        1, 3200 * 8, 30000 * 8, 100, 100, // Wᵀ from the copy (must read the old weights)
        ...gemm(13200, 100, 1, 3200, 26400, 0, 32, 100, 100), // G W from the copy (must read the old weights too)
        ...gemm(13200, 100, 1, 30000, 40000, 0, 32, 100, 100), // G Wᵀ: the update rides here
      ];
      const arrays = [...quad(10000, memory, 16400), ...quad(100), ...quad(5)];
      const listed = Float64Array.from(list);
      const one = copy(memory, arrays);
      const two = copy(memory, arrays);
      for (let step = 1; step <= 2; step++) {
        addon.ops(one[0], listed, 4, variant);
        addon.adamMany(one[1], 1e-3 * step, 0.1, 1e-3, 1e-7, variant);
        new Float64Array(one[0], 3200 * 8, 10000).set(one[1][0]);
        const mirrors = [new Float64Array(two[0], 3200 * 8, 10000), new Float64Array(100), null];
        opsAdam(two[0], listed, 4, two[1], 1e-3 * step, 0.1, 1e-3, 1e-7, variant, mirrors);
        same(two, one);
        expect(firstDifference(mirrors[1]!, two[1][4])).toBe(-1);
      }
    });

    it('keeps the order of quadruples that share an array', () => {
      const memory = memoryOf(30000);
      const listed = Float64Array.from(gemm(0, 100, 1, 3200, 13200, 0, 32, 100, 100));
      const shared = quad(5000);
      const other = quad(5000);
      other[0] = shared[0];
      const arrays = [...shared, ...other];
      const one = copy(memory, arrays);
      one[1][4] = one[1][0];
      const two = copy(memory, arrays);
      two[1][4] = two[1][0];
      addon.ops(one[0], listed, 1, variant);
      addon.adamMany(one[1], 1e-3, 0.1, 1e-3, 1e-7, variant);
      opsAdam(two[0], listed, 1, two[1], 1e-3, 0.1, 1e-3, 1e-7, variant);
      same(two, one);
    });

    it('runs an empty list and Adam alone, or a list and no Adam', () => {
      const memory = memoryOf(30000);
      const listed = Float64Array.from(gemm(0, 100, 1, 3200, 13200, 0, 32, 100, 100));
      const arrays = [...quad(100), ...quad(9)];
      const one = copy(memory, arrays);
      const two = copy(memory, arrays);
      addon.adamMany(one[1], 1e-3, 0.1, 1e-3, 1e-7, variant);
      opsAdam(two[0], listed, 0, two[1], 1e-3, 0.1, 1e-3, 1e-7, variant);
      addon.ops(one[0], listed, 1, variant);
      opsAdam(two[0], listed, 1, [], 1e-3, 0.1, 1e-3, 1e-7, variant);
      same(two, one);
    });
  });

  describe('opsAdam refuses bad arguments before it runs anything', () => {
    const memory = new ArrayBuffer(800);
    const v = () => Float64Array.of(0.5, 0.25, -1, 2);
    const cases: [string, (m: ArrayBuffer, a: Float64Array[]) => void, RegExp][] = [
      ['a gemm record with C past the end (after a good relu)', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4, 0, 0, 8, 8, 80, 760, 0, 2, 1, 4, 32), 2, a, 1e-3, 0.1, 1e-3, 1e-7), /c reaches byte 824 of a 800-byte memory/],
      ['an unknown operation code', (m, a) => opsAdam(m, Float64Array.of(7, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7), /is not an operation code/],
      ['arrays not quadruples', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a.slice(0, 3), 1e-3, 0.1, 1e-3, 1e-7), /not quadruples/],
      ['m is w', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, [a[0], a[1], a[0], a[3]], 1e-3, 0.1, 1e-3, 1e-7), /must not overlap/],
      ['eps not a number', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 'x' as unknown as number), /eps must be a number/],
      ['an unknown variant', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7, 'neon' as NativeVariant), /unknown variant 'neon'/],
      ['mirrors not one per quadruple', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7, undefined, []), /one Float64Array \(or null\) per quadruple/],
      ['a mirror of another length', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7, undefined, [new Float64Array(3)]), /mirrors\[0\] must have w's length \(4\)/],
      ['threads 3', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7, undefined, undefined, 3 as 2), /threads must be 1 or 2, got 3/],
      ['a mirror that is w', (m, a) => opsAdam(m, Float64Array.of(2, 0, 0, 4), 1, a, 1e-3, 0.1, 1e-3, 1e-7, undefined, [a[0]]), /\(and its mirror\) must not overlap/],
    ];
    it.each(cases)('%s', (_name, call, message) => {
      const f = new Float64Array(memory);
      f.set([-1, 2, -3, 4]);
      const arrays = [v(), v(), v(), v()];
      const before = arrays.map((a) => Float64Array.from(a));
      expect(() => call(memory, arrays)).toThrow(message);
      expect(Array.from(f.subarray(0, 4))).toEqual([-1, 2, -3, 4]);
      arrays.forEach((a, k) => expect(firstDifference(a, before[k])).toBe(-1));
    });
  });
}
