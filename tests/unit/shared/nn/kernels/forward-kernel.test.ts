import { afterEach, describe, expect, it, vi } from 'vitest';
import { activate, softmaxInto, type ElementwiseActivationName } from '../../../../../src-shared/nn/activations';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import { ACTIVATIONS, outputSize, type ActivationName, type DenseLayer, type Network } from '../../../../../src-shared/nn/model';
import {
  compileForwardKernelModule,
  createForwardKernel,
  wasmSimdSupported,
  type ForwardKernelOptions,
} from '../../../../../src-shared/nn/kernels/forward-kernel';
import { DEFAULT_TILE, DEFAULT_TILE_F32, denseSimdModuleBytes } from '../../../../../src-shared/nn/kernels/dense-simd';
import { seeded } from '../../../workers/reference';


function layer(inputs: number, units: number, activation: ActivationName, rand: () => number, alpha?: number): DenseLayer {
  return {
    inputs,
    units,
    activation,
    ...(alpha === undefined ? {} : { alpha }),
    kernel: Float64Array.from({ length: inputs * units }, () => (rand() * 2 - 1) * (1 + 3 * rand())),
    bias: Float64Array.from({ length: units }, () => rand() - 0.5),
  };
}

/** Dense layers of the given sizes; leaky_relu and elu get a non-default alpha every other layer. */
function network(sizes: number[], activations: ActivationName[], rand: () => number): Network {
  const alpha = (a: ActivationName, l: number) => ((a === 'leaky_relu' || a === 'elu') && l % 2 === 1 ? 0.17 : undefined);
  return { inputSize: sizes[0], layers: activations.map((a, l) => layer(sizes[l], sizes[l + 1], a, rand, alpha(a, l))) };
}

/**
 * The reference: one row, one unit at a time, written as plainly as possible.
 * acc = 0; for i ascending: acc += x_i·w_ij; z = acc + b_j; a = f(z) (softmax via the engine's softmaxInto).
 */
function referenceForward(net: Network, input: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * outputSize(net));
  for (let r = 0; r < rows; r++) {
    let x: number[] = Array.from(input.subarray(r * net.inputSize, (r + 1) * net.inputSize));
    for (const l of net.layers) {
      const z: number[] = [];
      for (let j = 0; j < l.units; j++) {
        let acc = 0;
        for (let i = 0; i < l.inputs; i++) acc += x[i] * l.kernel[i * l.units + j];
        z.push(acc + l.bias[j]);
      }
      if (l.activation === 'softmax') {
        softmaxInto(z, z, 0, z.length);
        x = z;
      } else {
        x = z.map((v) => activate(l.activation as ElementwiseActivationName, v, l.alpha));
      }
    }
    out.set(x, r * x.length);
  }
  return out;
}

/**
 * The float32 reference: the same loop with every value rounded to float32 (Math.fround) after each
 * operation; hidden activations rounded to float32, the last one left in float64.
 */
function referenceForwardF32(net: Network, input: Float64Array, rows: number): Float64Array {
  const f = Math.fround;
  const out = new Float64Array(rows * outputSize(net));
  for (let r = 0; r < rows; r++) {
    let x: number[] = Array.from(input.subarray(r * net.inputSize, (r + 1) * net.inputSize), f);
    net.layers.forEach((l, index) => {
      const z: number[] = [];
      for (let j = 0; j < l.units; j++) {
        let acc = 0;
        for (let i = 0; i < l.inputs; i++) acc = f(acc + f(x[i] * f(l.kernel[i * l.units + j])));
        z.push(f(acc + f(l.bias[j])));
      }
      if (l.activation === 'softmax') softmaxInto(z, z, 0, z.length);
      const a = l.activation === 'softmax' ? z : z.map((v) => activate(l.activation as ElementwiseActivationName, v, l.alpha));
      x = index === net.layers.length - 1 ? a : a.map(f);
    });
    out.set(x, r * x.length);
  }
  return out;
}

/** Index of the first value that differs bit for bit (Object.is), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return k;
  return -1;
}

function randomInput(rows: number, width: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: rows * width }, () => (rand() * 2 - 1) * 3);
}

function runKernel(net: Network, input: Float64Array, rows: number, options: ForwardKernelOptions): Float64Array {
  const kernel = createForwardKernel(net, options);
  const out = new Float64Array(rows * outputSize(net));
  kernel.run(input, rows, out);
  kernel.dispose();
  return out;
}

const KINDS = [
  { name: 'wasm-simd', options: {} },
  // Tiny blocks exercise the row-block and sweep splitting on small networks.
  { name: 'wasm-simd, tiny blocks', options: { blocking: { blockRows: 5, sweepBytes: 64 } } },
  { name: 'js', options: { prefer: 'js' } },
] as const satisfies readonly { name: string; options: ForwardKernelOptions }[];

describe('createForwardKernel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('runs on WebAssembly SIMD in Node 20, with a module small enough for a synchronous compile anywhere', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(createForwardKernel(network([3, 2], ['relu'], seeded(1))).kind).toBe('wasm-simd');
    expect(denseSimdModuleBytes(DEFAULT_TILE).length).toBeLessThan(4096);
    expect(denseSimdModuleBytes(DEFAULT_TILE_F32).length).toBeLessThan(4096);
  });

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it('matches the plain reference bit for bit with every activation, as hidden and as last layer', () => {
        const rand = seeded(11);
        for (const act of ACTIVATIONS) {
          for (const [sizes, rows] of [
            [[5, 7, 3], 9],
            [[13, 9, 6, 2], 258],
            [[1, 1], 3],
          ] as const) {
            // act as the first (hidden) layer and as the last, another activation between.
            const between = new Array<ActivationName>(Math.max(0, sizes.length - 3)).fill(act === 'softmax' ? 'tanh' : 'softmax');
            const acts: ActivationName[] = sizes.length > 2 ? [act, ...between, act] : [act];
            const net = network([...sizes], acts, rand);
            const input = randomInput(rows, sizes[0], rand);
            const want = referenceForward(net, input, rows);
            const got = runKernel(net, input, rows, kind.options);
            expect(firstDifference(got, want), `${act} ${sizes.join('-')} × ${rows}`).toBe(-1);
          }
        }
      });

      it('matches the reference on awkward sizes: units and inputs off the tile, 0, 1 and 2 rows, rows past a block', () => {
        const rand = seeded(23);
        const shapes = [[1, 1], [2, 3], [3, 5, 1], [17, 33, 9, 1], [6, 4, 8], [31, 2, 7]];
        for (const sizes of shapes) {
          for (const rows of [0, 1, 2, 3, 4, 5, 7, 257, 517]) {
            const acts = sizes.slice(1).map(() => ACTIVATIONS[Math.floor(rand() * ACTIVATIONS.length)]);
            const net = network(sizes, acts, rand);
            const input = randomInput(rows, sizes[0], rand);
            const got = runKernel(net, input, rows, kind.options);
            expect(firstDifference(got, referenceForward(net, input, rows)), `${sizes.join('-')} × ${rows}`).toBe(-1);
          }
        }
      });

      it('agrees with the engine forwardBatch bit for bit on the benchmark shapes', () => {
        const rand = seeded(37);
        for (const [sizes, acts, rows] of [
          [[10, 100, 100, 1], ['relu', 'relu', 'linear'], 300],
          [[784, 128, 64, 10], ['relu', 'relu', 'softmax'], 21],
        ] as const) {
          const net = network([...sizes], [...acts], rand);
          const input = randomInput(rows, sizes[0], rand);
          const want = new Float64Array(rows * outputSize(net));
          forwardBatch(net, input, rows, want);
          expect(firstDifference(runKernel(net, input, rows, kind.options), want)).toBe(-1);
        }
      });

      it('keeps the left-to-right sum: (2^53 + 1) − 2^53 is 0, where any other order gives 1', () => {
        const net: Network = {
          inputSize: 3,
          layers: [{ inputs: 3, units: 1, activation: 'linear', kernel: new Float64Array([1, 1, 1]), bias: new Float64Array([0]) }],
        };
        expect(runKernel(net, new Float64Array([2 ** 53, 1, -(2 ** 53)]), 1, kind.options)[0]).toBe(0);
      });

      it('starts each sum at +0, so (0·−1) + −0 bias gives +0, and keeps NaN, ±Infinity and −0 through relu', () => {
        const net: Network = {
          inputSize: 1,
          layers: [{ inputs: 1, units: 2, activation: 'relu', kernel: new Float64Array([-1, 1]), bias: new Float64Array([-0, -0]) }],
        };
        const input = new Float64Array([0, NaN, Infinity, -Infinity, -0, 1e308]);
        const got = runKernel(net, input, 6, kind.options);
        expect(Object.is(got[0], 0)).toBe(true);
        expect(firstDifference(got, referenceForward(net, input, 6))).toBe(-1);
        expect(Number.isNaN(got[2])).toBe(true);
        const empty: Network = { inputSize: 0, layers: [{ inputs: 0, units: 3, activation: 'linear', kernel: new Float64Array(0), bias: new Float64Array([1, -0, 2]) }] };
        expect(Array.from(runKernel(empty, new Float64Array(0), 2, kind.options))).toEqual([1, 0, 2, 1, 0, 2]);
      });

      it('writes only rows × outputs values, leaving the rest of a longer output untouched', () => {
        const rand = seeded(5);
        const net = network([4, 6, 3], ['tanh', 'softmax'], rand);
        const input = randomInput(7, 4, rand);
        const out = new Float64Array(7 * 3 + 5).fill(-7);
        createForwardKernel(net, kind.options).run(input, 7, out);
        expect(Array.from(out.subarray(21))).toEqual([-7, -7, -7, -7, -7]);
        expect(firstDifference(out.subarray(0, 21), referenceForward(net, input, 7))).toBe(-1);
      });
    });
  }

  it('gives the same numbers however the rows are split across calls (as workers split them)', () => {
    const rand = seeded(9);
    const net = network([12, 40, 40, 3], ['elu', 'relu', 'sigmoid'], rand);
    const rows = 1001;
    const input = randomInput(rows, 12, rand);
    const whole = runKernel(net, input, rows, {});
    const kernel = createForwardKernel(net);
    const parts = new Float64Array(rows * 3);
    for (const [from, to] of [[0, 1], [1, 390], [390, 391], [391, 1001]]) {
      kernel.run(input.subarray(from * 12, to * 12), to - from, parts.subarray(from * 3, to * 3));
    }
    expect(firstDifference(parts, whole)).toBe(-1);
  });

  describe('float32 mode', () => {
    it('equals a Math.fround reference bit for bit with every activation and awkward sizes', () => {
      const rand = seeded(41);
      for (const act of ACTIVATIONS) {
        for (const [sizes, rows] of [
          [[5, 7, 3], 9],
          [[13, 9, 6, 2], 261],
          [[1, 1], 3],
          [[6, 3, 5], 1],
          [[4, 2], 0],
        ] as const) {
          const other: ActivationName = act === 'softmax' ? 'tanh' : 'softmax';
          const acts: ActivationName[] = sizes.slice(1).map((_s, l) => (l % 2 === 0 ? act : other));
          const net = network([...sizes], acts, rand);
          const input = randomInput(rows, sizes[0], rand);
          const got = runKernel(net, input, rows, { precision: 'float32' });
          expect(firstDifference(got, referenceForwardF32(net, input, rows)), `${act} ${sizes.join('-')} × ${rows}`).toBe(-1);
        }
      }
    });

    it('says which precision ran: float32 on WebAssembly SIMD, float64 on the JavaScript fallback', () => {
      const net = network([3, 4, 2], ['relu', 'linear'], seeded(8));
      expect(createForwardKernel(net, { precision: 'float32' }).precision).toBe('float32');
      expect(createForwardKernel(net).precision).toBe('float64');
      const fallback = createForwardKernel(net, { precision: 'float32', prefer: 'js' });
      expect([fallback.kind, fallback.precision]).toEqual(['js', 'float64']);
    });

    it('differs from the float64 engine by no more than float32 rounding on the benchmark shape', () => {
      const rand = seeded(43);
      const net = network([10, 100, 100, 1], ['relu', 'relu', 'linear'], rand);
      const input = randomInput(500, 10, rand);
      const exact = runKernel(net, input, 500, {});
      const fast = runKernel(net, input, 500, { precision: 'float32' });
      let worst = 0;
      let scale = 0;
      for (let k = 0; k < exact.length; k++) {
        worst = Math.max(worst, Math.abs(fast[k] - exact[k]));
        scale = Math.max(scale, Math.abs(exact[k]));
      }
      expect(worst).toBeGreaterThan(0);
      expect(worst / scale).toBeLessThan(1e-4);
    });
  });

  it('passes the network straight through when it has no layers', () => {
    const input = new Float64Array([1, 2, 3, 4]);
    const out = new Float64Array(4);
    createForwardKernel({ inputSize: 2, layers: [] }).run(input, 2, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it('falls back to the JavaScript kernel, with the same numbers, where WebAssembly is missing', () => {
    const rand = seeded(3);
    const net = network([9, 10, 2], ['relu', 'softmax'], rand);
    const input = randomInput(6, 9, rand);
    const want = referenceForward(net, input, 6);
    vi.stubGlobal('WebAssembly', undefined);
    expect(wasmSimdSupported()).toBe(false);
    const kernel = createForwardKernel(net);
    expect(kernel.kind).toBe('js');
    const out = new Float64Array(12);
    kernel.run(input, 6, out);
    expect(firstDifference(out, want)).toBe(-1);
  });

  it('runs on the JavaScript kernel when WebAssembly cannot allocate the memory a huge network needs', () => {
    const real = WebAssembly;
    class NoMemory {
      constructor() {
        throw new RangeError('WebAssembly.Memory(): could not allocate memory');
      }
    }
    vi.stubGlobal('WebAssembly', { validate: real.validate, compile: real.compile, Module: real.Module, Instance: real.Instance, Memory: NoMemory });
    const rand = seeded(6);
    const net = network([5, 6, 3], ['tanh', 'linear'], rand);
    const input = randomInput(4, 5, rand);
    const kernel = createForwardKernel(net);
    expect(kernel.kind).toBe('js');
    const out = new Float64Array(12);
    kernel.run(input, 4, out);
    expect(firstDifference(out, referenceForward(net, input, 4))).toBe(-1);
  });

  it('runs on the JavaScript kernel where compiling WebAssembly is refused (a page CSP without wasm-unsafe-eval)', async () => {
    const real = WebAssembly;
    class Refused {
      constructor() {
        throw new real.CompileError('WebAssembly.Module(): Compiling or instantiating WebAssembly module violates the Content Security policy');
      }
    }
    const refuse = () => Promise.reject(new real.CompileError('refused'));
    vi.stubGlobal('WebAssembly', { validate: real.validate, compile: refuse, Module: Refused, Instance: real.Instance, Memory: real.Memory });
    expect(await compileForwardKernelModule()).toBeUndefined();
    const rand = seeded(12);
    const net = network([4, 3], ['sigmoid'], rand);
    const input = randomInput(3, 4, rand);
    const kernel = createForwardKernel(net);
    expect(kernel.kind).toBe('js');
    const out = new Float64Array(9);
    kernel.run(input, 3, out);
    expect(firstDifference(out, referenceForward(net, input, 3))).toBe(-1);
  });

  it('accepts a module compiled asynchronously beforehand', async () => {
    const compiled = await compileForwardKernelModule();
    expect(compiled?.tile.precision).toBe('f64');
    const rand = seeded(4);
    const net = network([3, 5, 2], ['relu', 'linear'], rand);
    const input = randomInput(5, 3, rand);
    const kernel = createForwardKernel(net, { module: compiled });
    expect(kernel.kind).toBe('wasm-simd');
    const out = new Float64Array(10);
    kernel.run(input, 5, out);
    expect(firstDifference(out, referenceForward(net, input, 5))).toBe(-1);
  });

  it('rejects bad calls with a RangeError that says what is wrong', () => {
    const net = network([3, 2], ['relu'], seeded(2));
    const kernel = createForwardKernel(net);
    expect(() => kernel.run(new Float64Array(6), 2.5, new Float64Array(4))).toThrow(/rows must be a non-negative integer/);
    expect(() => kernel.run(new Float64Array(5), 2, new Float64Array(4))).toThrow(/input has 5 values; 2 rows × 3 inputs need 6/);
    expect(() => kernel.run(new Float64Array(6), 2, new Float64Array(3))).toThrow(/output has room for 3 values/);
    kernel.dispose();
    expect(() => kernel.run(new Float64Array(6), 2, new Float64Array(4))).toThrow(/disposed/);
    const broken: Network = { inputSize: 3, layers: [{ ...net.layers[0], inputs: 4 }] };
    expect(() => createForwardKernel(broken)).toThrow(/layers\[0\] takes 4 inputs but receives 3/);
  });
});
