/**
 * Adam on the training workspace's WebAssembly module (wasmAdam in src-shared/nn/backward.ts) gives the bits of
 * optimizers.ts's JavaScript loop: weights and both slots, for parameter arrays of odd and even lengths, step after step.
 */
import { describe, expect, it } from 'vitest';
import { createWorkspace, wasmAdam } from '../../../../../src-shared/nn/backward';
import { applyUpdate, createOptimizerState, optimizerSettings } from '../../../../../src-shared/nn/optimizers';
import { net, wobble, wobbleLayer } from './helpers';

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('wasmAdam', () => {
  // kernels 3×5 (odd), biases 5 (odd) and 2 (even), kernel 5×2 (even)
  const network = net([wobbleLayer(3, 5, 'relu', 1), wobbleLayer(5, 2, 'linear', 2)]);
  const ws = createWorkspace(network, 4);

  it('is available here (Node has WebAssembly SIMD)', () => {
    expect(wasmAdam(ws, 15)).toBeDefined();
  });

  it('updates weights and slots exactly as the JavaScript loop, over several steps', () => {
    const wasm = wasmAdam(ws, 15);
    if (!wasm) return;
    const grads = [ws.gradKernel[0], ws.gradBias[0], ws.gradKernel[1], ws.gradBias[1]];
    const ours = network.layers.flatMap((l) => [Float64Array.from(l.kernel), Float64Array.from(l.bias)]);
    const theirs = ours.map((p) => Float64Array.from(p));
    const ourState = createOptimizerState(ours, wasm.alloc);
    const theirState = createOptimizerState(theirs);
    const settings = optimizerSettings('adam', { learningRate: 0.01 });
    for (let step = 0; step < 6; step++) {
      // gradients of mixed sizes and signs, some exactly zero
      grads.forEach((g, p) => g.forEach((_, k) => (g[k] = (k + step) % 4 === 0 ? 0 : (wobble(7 * step + 3 * p + k) - 0.5) * 10 ** ((k % 5) - 2))));
      applyUpdate(settings, theirState, theirs, grads);
      applyUpdate(settings, ourState, ours, grads, wasm.adam);
    }
    expect(ours.map(bits)).toEqual(theirs.map(bits));
    expect(ourState.m.map(bits)).toEqual(theirState.m.map(bits));
    expect(ourState.v.map(bits)).toEqual(theirState.v.map(bits));
  });

  it('refuses slots outside the workspace memory with a RangeError', () => {
    const wasm = wasmAdam(ws, 15);
    if (!wasm) return;
    const w = new Float64Array(4);
    expect(() => wasm.adam(w, ws.gradBias[1].subarray(0, 2), new Float64Array(2), new Float64Array(2), 1e-3, 0.1, 1e-3, 1e-7)).toThrow(RangeError);
  });
});
