/**
 * The WebAssembly relu kernels of the training workspace (src-shared/nn/backward-wasm.ts): relu and its derivative
 * without branches give the bits of activations.ts's relu and of lossAndGradients' JavaScript mask, special values
 * included, and a relu network's step with odd value counts (a JavaScript last value) matches the plain loops.
 */
import { describe, expect, it } from 'vitest';
import { activateRows } from '../../../../../src-shared/nn/activations';
import { createWasmArena } from '../../../../../src-shared/nn/backward-wasm';
import { createWorkspace, lossAndGradients } from '../../../../../src-shared/nn/backward';
import { net, wobble, wobbleLayer } from './helpers';

/** The values whose handling differs between ways of writing relu, then signs that alternate irregularly. */
function values(n: number): number[] {
  const special = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MIN_VALUE];
  return Array.from({ length: n }, (_, k) => (k < special.length ? special[k] : wobble(k) - 0.5));
}

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v)));

describe('the WebAssembly relu kernels', () => {
  const arena = createWasmArena(4096);

  it('are available here (Node has WebAssembly SIMD)', () => {
    expect(arena).toBeDefined();
  });

  it('relu gives activations.ts relu bit for bit, into another array and in place', () => {
    if (!arena) return;
    const n = 64;
    const z = arena.alloc(n);
    const a = arena.alloc(n);
    z.set(values(n));
    const want = Float64Array.from(z);
    activateRows('relu', undefined, want, 0, 1, n);
    arena.relu(z.byteOffset, a.byteOffset, n * 8);
    expect(bits(a)).toEqual(bits(want));
    arena.relu(z.byteOffset, z.byteOffset, n * 8);
    expect(bits(z)).toEqual(bits(want));
  });

  it('reluBackward keeps g where z > 0 and writes +0 elsewhere (NaN z included)', () => {
    if (!arena) return;
    const n = 64;
    const z = arena.alloc(n);
    const g = arena.alloc(n);
    z.set(values(n));
    g.set(values(n).reverse());
    const want = Float64Array.from(g);
    for (let k = 0; k < n; k++) if (!(z[k] > 0)) want[k] = 0;
    arena.reluBackward(z.byteOffset, g.byteOffset, n * 8);
    expect(bits(g)).toEqual(bits(want));
  });

  it('a relu network step with odd value counts (7 rows × 5 and 3 units) gives the plain loops bits', () => {
    const network = net([wobbleLayer(4, 5, 'relu', 11), wobbleLayer(5, 3, 'relu', 40), wobbleLayer(3, 1, 'linear', 70)]);
    const rows = 7;
    const y = Float64Array.from({ length: rows }, (_, k) => wobble(k + 3));
    const runs = [true, false].map((simd) => {
      const ws = createWorkspace(network, rows, { simd });
      for (let k = 0; k < rows * 4; k++) ws.input[k] = 3 * (wobble(k + 17) - 0.5);
      const loss = lossAndGradients(network, ws, 'mse', ws.input, 0, y, 0, rows);
      return { simd: ws.simd !== undefined, loss, a: ws.a.map(bits), dz: ws.dz.map(bits), gk: ws.gradKernel.map(bits) };
    });
    expect(runs[0].simd).toBe(true);
    expect(runs[0]).toEqual({ ...runs[1], simd: true });
  });
});
