/**
 * The native training kernels (native/src/train.cpp through src-main/native/addon.ts): gemm, transpose and Adam
 * give the bits of the engine's own loops (an independent scalar reference here, the WebAssembly kernel and
 * optimizers.ts's Adam loop) on every variant this CPU runs, and refuse bad arguments with JS errors.
 */
import { describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon, type NativeVariant } from '../../../src-main/native/addon';
import { preferredTrainingVariant } from '../../../src-main/native/native-train';
import { createWasmArena } from '../../../src-shared/nn/backward-wasm';
import { applyUpdate, createOptimizerState, optimizerSettings } from '../../../src-shared/nn/optimizers';
import { activateRows } from '../../../src-shared/nn/activations';
import { firstDifference, gemmLayout, nativeDisabled, referenceGemm, seeded } from './helpers';

const load = loadNativeAddon();

describe('the native training kernels in this environment', () => {
  it(nativeDisabled ? 'are refused with the addon when DENSE_LAB_NO_NATIVE=1' : 'load with the addon (npm install / npm ci built it)', () => {
    expect(load.ok).toBe(!nativeDisabled);
    if (load.ok) for (const name of ['gemm', 'transpose', 'adam', 'relu', 'reluBackward', 'gatherRows'] as const) expect(typeof load.addon[name]).toBe('function');
  });
});

describe('preferredTrainingVariant', () => {
  it('trains natively on AVX-512, AVX2 and SSE2, and leaves scalar-only CPUs to WebAssembly', () => {
    // Only variants() is consulted: a stand-in for addons built on other CPUs.
    const on = (variants: NativeVariant[]) => ({ variants: () => variants }) as unknown as NativeAddon;
    expect(preferredTrainingVariant(on(['avx512', 'avx2', 'sse2', 'scalar']))).toBe('avx512');
    expect(preferredTrainingVariant(on(['avx2', 'sse2', 'scalar']))).toBe('avx2');
    expect(preferredTrainingVariant(on(['sse2', 'scalar']))).toBe('sse2');
    expect(preferredTrainingVariant(on(['scalar']))).toBeUndefined();
  });
});


if (load.ok) {
  const addon: NativeAddon = load.addon;
  const variants: NativeVariant[] = addon.variants();
  const rand = seeded(77);
  // values of mixed magnitudes, so a fused or reordered sum would show in the last bits
  const fill = (f: Float64Array) => {
    for (let i = 0; i < f.length; i++) f[i] = (rand() * 2 - 1) * 10 ** Math.floor(rand() * 6 - 3);
  };

  describe.each(variants)('variant %s', (variant) => {
    // shapes of a training step (batch 32 and 7, layers 10-100-100-1) and odd ones
    const shapes: [string, number, number, number, boolean][] = [
      ['forward', 32, 10, 100, false],
      ['forward', 7, 100, 1, false],
      ['forward, one unit (rows in the lanes, A copied)', 32, 100, 1, false],
      ['forward, one unit, rows off the vector width', 37, 11, 1, false],
      ['kernel gradient, one unit (rows in the lanes)', 100, 32, 1, true],
      ['kernel gradient, one unit, 8 rows', 8, 7, 1, true],
      ['kernel gradient, one unit, 33 rows', 33, 1, 1, true],
      ['forward', 13, 9, 37, false],
      ['kernel gradient (A transposed)', 100, 32, 100, true],
      ['kernel gradient (A transposed)', 10, 7, 9, true],
      ['to inputs', 32, 1, 100, false],
      ['k = 0', 5, 0, 11, false],
    ];
    it.each(shapes)('gemm (%s, m %d, k %d, n %d) gives the reference sums bit for bit, with and without a bias', (_what, m, k, n, transposed) => {
      for (const withBias of [true, false]) {
        const { memory, f, a, sai, sak, b, bias, c } = gemmLayout(m, k, n, transposed, fill);
        const want = Float64Array.from(f);
        referenceGemm(want, a, sai, sak, b, c, withBias ? bias : -1, m, k, n, n);
        addon.gemm(memory, a * 8, sai * 8, sak * 8, b * 8, c * 8, withBias ? bias * 8 : 0, m, k, n, n * 8, variant);
        expect(firstDifference(f, want)).toBe(-1);
      }
    });

    it('gemm matches the WebAssembly SIMD kernel on the same memory layout', () => {
      const arena = createWasmArena(40000);
      if (!arena) return; // no WebAssembly SIMD on this host: the reference test above still runs
      const [m, k, n] = [32, 100, 100];
      const A = arena.alloc(m * k);
      const B = arena.alloc(k * n);
      const bias = arena.alloc(n);
      const C = arena.alloc(m * n);
      [A, B, bias].forEach(fill);
      arena.gemm(A.byteOffset, k * 8, 8, B.byteOffset, C.byteOffset, bias.byteOffset, m, k, n, n * 8);
      const fromWasm = Float64Array.from(C);
      C.fill(0);
      addon.gemm(arena.memory.buffer, A.byteOffset, k * 8, 8, B.byteOffset, C.byteOffset, bias.byteOffset, m, k, n, n * 8, variant);
      expect(firstDifference(C, fromWasm)).toBe(-1);
    });

    it('adam gives the bits of optimizers.ts for lengths on and off the vector width', () => {
      for (const length of [1, 7, 8, 100, 1001]) {
        const w = new Float64Array(length);
        const g = new Float64Array(length);
        fill(w);
        const ours = { w: Float64Array.from(w), state: createOptimizerState([w]) };
        const theirs = { w: Float64Array.from(w), state: createOptimizerState([w]) };
        const settings = optimizerSettings('adam');
        for (let step = 0; step < 5; step++) {
          fill(g);
          applyUpdate(settings, theirs.state, [theirs.w], [g]);
          applyUpdate(settings, ours.state, [ours.w], [g], (...args) => addon.adam(...args, variant));
        }
        expect(firstDifference(ours.w, theirs.w)).toBe(-1);
        expect(firstDifference(ours.state.m[0], theirs.state.m[0])).toBe(-1);
        expect(firstDifference(ours.state.v[0], theirs.state.v[0])).toBe(-1);
      }
    });
  });

  describe.each(variants)('relu on variant %s', (variant) => {
    // signs at random, and the values whose handling differs between ways of writing relu
    const special = [NaN, -NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324];
    const values = (n: number) => Float64Array.from({ length: n }, (_, i) => (i < special.length ? special[i] : rand() - 0.5));

    it('relu gives activations.ts relu bit for bit, into another array or in place, for lengths on and off the vector width', () => {
      for (const n of [1, 8, 9, 3200, 3203]) {
        const memory = new ArrayBuffer(8 * (2 * n + 1));
        const z = new Float64Array(memory, 8, n);
        z.set(values(n));
        const want = Float64Array.from(z);
        activateRows('relu', undefined, want, 0, 1, n);
        const a = new Float64Array(memory, 8 * (n + 1), n);
        addon.relu(memory, z.byteOffset, a.byteOffset, n, variant);
        expect(firstDifference(a, want)).toBe(-1);
        addon.relu(memory, z.byteOffset, z.byteOffset, n, variant);
        expect(firstDifference(z, want)).toBe(-1);
      }
    });

    it('reluBackward keeps g where z > 0 and writes +0 elsewhere (NaN z included), as lossAndGradients does', () => {
      for (const n of [1, 8, 9, 3200, 3203]) {
        const memory = new ArrayBuffer(8 * 2 * n);
        const z = new Float64Array(memory, 0, n);
        const g = new Float64Array(memory, 8 * n, n);
        z.set(values(n));
        g.set(values(n).reverse());
        const want = Float64Array.from(g);
        for (let k = 0; k < n; k++) if (!(z[k] > 0)) want[k] = 0;
        addon.reluBackward(memory, z.byteOffset, g.byteOffset, n, variant);
        expect(firstDifference(g, want)).toBe(-1);
      }
    });
  });

  describe.each(variants)('transpose on variant %s', (variant) => {
    it('writes dst[j·rows + i] = src[i·cols + j] for shapes on and off its 4 × 4 and 8 × 8 blocks', () => {
      for (const [rows, cols] of [[100, 100], [10, 100], [100, 1], [3, 17], [9, 6]]) {
        const memory = new ArrayBuffer(8 * (2 * rows * cols + 2));
        const f = new Float64Array(memory);
        fill(f);
        addon.transpose(memory, 8, 8 * (rows * cols + 2), rows, cols, variant);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(f[rows * cols + 2 + j * rows + i]).toBe(f[1 + i * cols + j]);
      }
    });
  });

  describe('ops and adamMany (several operations in one call)', () => {
    it('ops runs its records in order with the results of the separate calls', () => {
      const rand = seeded(61);
      const fill = () => {
        const memory = new ArrayBuffer(8 * 400);
        const f = new Float64Array(memory);
        for (let k = 0; k < 200; k++) f[k] = rand() * 2 - 1;
        return memory;
      };
      const one = fill();
      const two = one.slice(0);
      // C (at 1600) = A (5 × 7 at 0) · B (7 × 3 at 400) + bias (at 600); relu into 1800; transpose C into 2000; reluBackward
      addon.gemm(one, 0, 56, 8, 400, 1600, 600, 5, 7, 3, 24);
      addon.relu(one, 1600, 1800, 15);
      addon.transpose(one, 1600, 2000, 5, 3);
      addon.reluBackward(one, 1600, 2000, 15);
      addon.ops(two, Float64Array.of(0, 0, 56, 8, 400, 1600, 600, 5, 7, 3, 24, 2, 1600, 1800, 15, 1, 1600, 2000, 5, 3, 3, 1600, 2000, 15), 4);
      expect(firstDifference(new Float64Array(two), new Float64Array(one))).toBe(-1);
    });

    it('adamMany gives adam\'s bits for each quadruple', () => {
      const rand = seeded(62);
      const arrays = (n: number) => [0, 1, 2, 3].map(() => Float64Array.from({ length: n }, () => rand() - 0.5).map((x, k) => (k % 4 === 3 ? Math.abs(x) : x)));
      const a = [...arrays(13), ...arrays(8), ...arrays(1)];
      const b = a.map((x) => Float64Array.from(x));
      for (let q = 0; q < a.length; q += 4) addon.adam(a[q], a[q + 1], a[q + 2], a[q + 3], 1e-3, 0.1, 1e-3, 1e-7);
      addon.adamMany(b, 1e-3, 0.1, 1e-3, 1e-7);
      a.forEach((x, k) => expect(firstDifference(b[k], x)).toBe(-1));
    });
  });

  describe('gatherRows', () => {
    it('copies the rows order[start …] in that order, for any width, whatever it prefetches', () => {
      for (const width of [1, 10, 13]) {
        const rows = 50;
        const src = Float64Array.from({ length: rows * width }, (_, k) => k + 0.25);
        const order = Int32Array.from({ length: rows }, (_, k) => (k * 17 + 3) % rows);
        for (const [start, n, prefetch] of [[0, 7, 7], [45, 5, 32], [10, 0, 3], [20, 30, 0]]) {
          const dst = new Float64Array(n * width + 2).fill(-1);
          addon.gatherRows(src, width, order, start, n, dst, prefetch);
          const want = new Float64Array(n * width + 2).fill(-1);
          for (let r = 0; r < n; r++) want.set(src.subarray(order[start + r] * width, (order[start + r] + 1) * width), r * width);
          expect(firstDifference(dst, want)).toBe(-1);
        }
      }
    });
  });

  describe('the training kernels refuse bad arguments with a JS error, never a crash', () => {
    const memory = new ArrayBuffer(800);
    const v = new Float64Array(4);
    const cases: [string, () => void, RegExp][] = [
      ['gemm: memory not an ArrayBuffer', () => addon.gemm(new Float64Array(100) as unknown as ArrayBuffer, 0, 8, 8, 0, 400, 0, 1, 1, 1, 8), /memory must be an ArrayBuffer/],
      ['gemm: C past the end', () => addon.gemm(memory, 0, 8, 8, 80, 760, 0, 2, 1, 4, 32), /c reaches byte 824 of a 800-byte memory/],
      ['gemm: A past the end', () => addon.gemm(memory, 792, 8, 8, 0, 400, 0, 1, 2, 1, 8), /a reaches byte/],
      ['gemm: B past the end', () => addon.gemm(memory, 0, 8, 8, 760, 400, 0, 1, 2, 4, 32), /b reaches byte/],
      ['gemm: bias past the end', () => addon.gemm(memory, 0, 8, 8, 80, 400, 784, 1, 1, 4, 32), /bias reaches byte/],
      ['gemm: an address not a multiple of 8', () => addon.gemm(memory, 4, 8, 8, 80, 400, 0, 1, 1, 1, 8), /a must be a multiple of 8 bytes/],
      ['gemm: a negative stride', () => addon.gemm(memory, 0, -8, 8, 80, 400, 0, 1, 1, 1, 8), /sai must be a non-negative integer/],
      ['gemm: rows shorter than n', () => addon.gemm(memory, 0, 8, 8, 80, 400, 0, 1, 1, 4, 16), /shorter than a row of n = 4/],
      ['gemm: C overlapping A', () => addon.gemm(memory, 0, 8, 8, 400, 0, 0, 2, 2, 2, 16), /c overlaps a/],
      ['gemm: huge m', () => addon.gemm(memory, 0, 8, 8, 80, 400, 0, 2 ** 52, 1, 1, 8), /too large|reaches byte/],
      ['gemm: unknown variant', () => addon.gemm(memory, 0, 8, 8, 80, 400, 0, 1, 1, 1, 8, 'neon' as NativeVariant), /unknown variant 'neon'/],
      ['transpose: dst past the end', () => addon.transpose(memory, 0, 488, 5, 8), /dst reaches byte 808 of a 800-byte memory/],
      ['transpose: overlapping', () => addon.transpose(memory, 0, 8, 2, 2), /src and dst overlap/],
      ['relu: a shifted over z', () => addon.relu(memory, 0, 8, 4), /z and a overlap \(other than being the same\)/],
      ['relu: z past the end', () => addon.relu(memory, 792, 0, 2), /z reaches byte 808/],
      ['reluBackward: g is z', () => addon.reluBackward(memory, 0, 0, 4), /z and g overlap/],
      ['reluBackward: count not an integer', () => addon.reluBackward(memory, 0, 400, 1.5), /count must be a non-negative integer/],
      ['gatherRows: an index past src', () => addon.gatherRows(new Float64Array(20), 10, Int32Array.of(0, 2), 0, 2, new Float64Array(20), 0), /order\[1\] = 2 is not a row of src \(2 rows of 10\)/],
      ['gatherRows: a negative index to prefetch', () => addon.gatherRows(new Float64Array(20), 10, Int32Array.of(0, -1), 0, 1, new Float64Array(20), 1), /order\[1\] = -1 is not a row of src/],
      ['gatherRows: a range past order', () => addon.gatherRows(new Float64Array(20), 10, Int32Array.of(0, 1), 1, 2, new Float64Array(20), 0), /order has 2 entries; start 1 \+ n 2 pass its end/],
      ['gatherRows: dst too short', () => addon.gatherRows(new Float64Array(20), 10, Int32Array.of(0, 1), 0, 2, new Float64Array(19), 0), /dst has room for 19 values; 2 rows × 10 need 20/],
      ['gatherRows: order a Float64Array', () => addon.gatherRows(new Float64Array(20), 10, new Float64Array(2) as unknown as Int32Array, 0, 1, new Float64Array(20), 0), /order must be an Int32Array/],
      ['gatherRows: dst is src', () => addon.gatherRows(v, 2, Int32Array.of(0, 1), 0, 1, v, 0), /src and dst overlap/],
      ['adam: lengths differ', () => addon.adam(v, new Float64Array(3), new Float64Array(4), new Float64Array(4), 1e-3, 0.1, 1e-3, 1e-7), /same length/],
      ['adam: m is w', () => addon.adam(v, new Float64Array(4), v, new Float64Array(4), 1e-3, 0.1, 1e-3, 1e-7), /must not overlap/],
      ['adam: alpha not a number', () => addon.adam(v, new Float64Array(4), new Float64Array(4), new Float64Array(4), '1' as unknown as number, 0.1, 1e-3, 1e-7), /alpha must be a number/],
      ['ops: a gemm record with C past the end', () => addon.ops(memory, Float64Array.of(0, 0, 8, 8, 80, 760, 0, 2, 1, 4, 32), 1), /c reaches byte 824 of a 800-byte memory/],
      ['ops: an unknown operation code', () => addon.ops(memory, Float64Array.of(2, 0, 0, 4, 9), 2), /is not an operation code/],
      ['ops: a record cut short', () => addon.ops(memory, Float64Array.of(1, 0, 488), 1), /list ends inside operation 0/],
      ['ops: an address not a multiple of 8', () => addon.ops(memory, Float64Array.of(2, 4, 0, 1), 1), /\(z\) must be a multiple of 8 bytes/],
      ['adamMany: not quadruples', () => addon.adamMany([v, v, v], 1e-3, 0.1, 1e-3, 1e-7), /not quadruples/],
      ['adamMany: m is w', () => addon.adamMany([v, new Float64Array(4), v, new Float64Array(4)], 1e-3, 0.1, 1e-3, 1e-7), /must not overlap/],
      ['adam: g a Float32Array', () => addon.adam(v, new Float32Array(4) as unknown as Float64Array, new Float64Array(4), new Float64Array(4), 1e-3, 0.1, 1e-3, 1e-7), /grad must be a Float64Array/],
    ];
    it.each(cases)('%s', (_name, call, message) => {
      expect(call).toThrow(message);
    });
  });
}
