/**
 * Backpropagation on a batch of contiguous rows (the layout forwardBatch uses: rows × inputs, row-major).
 *
 * For a batch X (rows × n₀) and layers l = 1 … L with kernels W_l (n_{l−1} × n_l) and biases b_l:
 *   forward   Z_l = A_{l−1} W_l + b_l,   A_l = f_l(Z_l),   A_0 = X
 *   output    G_L = ∂loss/∂Z_L            (losses.ts: (p − y)/N for the paired cross-entropies)
 *   per layer ∂W_l = A_{l−1}ᵀ G_l,   ∂b_l = Σ_rows G_l,   G_{l−1} = f'_{l−1}(Z_{l−1}) ⊙ (G_l W_lᵀ)
 * Every buffer is allocated once in a workspace for the largest batch; a training step allocates nothing.
 * Forward sums run in the engine's order (acc = 0; acc += x_i·w_ij for i ascending; z = acc + b_j), so the
 * loss seen here is the loss forwardBatch's outputs give.
 */
import { backwardActivation } from './activations';
import { outputSize, type Network } from './model';
import { lossGradient, lossSum, type LossName } from './losses';
import { drawDropoutMasks, type BackpropWorkspace, type NativeArena } from './backward-workspace';
import { forwardKeep, rowsInArena, simdProduct, transpose } from './forward-keep';

export { createWorkspace, dropoutSeed, wasmAdam, type BackpropWorkspace, type TrainingKernels, type WorkspaceOptions } from './backward-workspace';
export { forwardKeep } from './forward-keep';

/**
 * Gradients of the batch-mean loss for `rows` rows: runs forwardKeep, then backpropagates into
 * ws.gradKernel / ws.gradBias. y holds the targets (rows × outputSize from yOff). Returns the loss SUM over the rows.
 * `queued` (host kernels only): leave the backward pass's last products queued in ws.native.ops, for the caller to
 * run with the optimizer's update (KernelOps.flushAdam) before anything reads the gradients.
 */
export function lossAndGradients(
  net: Network,
  ws: BackpropWorkspace,
  loss: LossName,
  x: Float64Array,
  xOff: number,
  y: ArrayLike<number>,
  yOff: number,
  rows: number,
  queued = false,
): number {
  const L = net.layers.length;
  if (L === 0) throw new RangeError('lossAndGradients: the network has no layers to train');
  const native = ws.native;
  if (native) {
    if (rows > ws.batch) throw new RangeError(`lossAndGradients: ${rows} rows exceed the workspace's ${ws.batch}`);
    x = rowsInArena(ws, native.memory, x, xOff, rows, net.inputSize);
    xOff = 0;
  }
  const training = ws.dropoutRandom !== undefined;
  if (training) drawDropoutMasks(net, ws, rows);
  forwardKeep(net, ws, x, xOff, rows, training);
  const last = net.layers[L - 1];
  const units = outputSize(net);
  const total = lossSum(loss, ws.z[L - 1], ws.a[L - 1], y, rows, units, 0, yOff);
  lossGradient(loss, last.activation, last.alpha, ws.z[L - 1], ws.a[L - 1], y, rows, units, rows, ws.dz[L - 1], yOff);
  if (native) {
    nativeBackward(net, ws, native, x, rows);
    if (!queued) native.ops.flush();
    return total;
  }
  for (let l = L - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const prev = l === 0 ? x : (ws.dropped[l - 1] ?? ws.a[l - 1]);
    const prevOff = l === 0 ? xOff : 0;
    // ∂W = Aᵀ G: A read transposed through its strides
    if (simdProduct(ws, prev, prevOff, 1, layer.inputs, ws.dz[l], ws.gradKernel[l], null, layer.inputs, rows, layer.units)) {
      biasGradient(ws.dz[l], rows, layer.units, ws.gradBias[l]);
    } else {
      layerGradients(prev, prevOff, ws.dz[l], rows, layer.inputs, layer.units, ws.gradKernel[l], ws.gradBias[l]);
    }
    if (l > 0) {
      // G Wᵀ: the SIMD kernel reads Wᵀ, transposed here (the JavaScript loop reads W itself)
      if (ws.simd) transpose(layer.kernel, layer.inputs, layer.units, ws.kernelT[l]);
      if (!simdProduct(ws, ws.dz[l], 0, layer.units, 1, ws.kernelT[l], ws.dz[l - 1], null, rows, layer.units, layer.inputs)) {
        backToInputs(ws.dz[l], layer.kernel, rows, layer.inputs, layer.units, ws.dz[l - 1]);
      }
      dropoutBackward(ws, l - 1, rows, layer.inputs);
      activationBackward(net, ws, l - 1, rows);
    }
  }
  return total;
}

/** Through layer l's dropout (d = a ⊙ keep): ∂/∂a = keep ⊙ ∂/∂d, in place on G_l (nothing without dropout). */
function dropoutBackward(ws: BackpropWorkspace, l: number, rows: number, units: number): void {
  const keep = ws.keep[l];
  if (!keep || !ws.dropoutRandom) return;
  const g = ws.dz[l];
  const n = rows * units;
  for (let k = 0; k < n; k++) g[k] *= keep[k];
}

/** G_l ← f'_l(Z_l) ⊙ G_l in place, for layer l below the one just backpropagated. */
function activationBackward(net: Network, ws: BackpropWorkspace, l: number, rows: number): void {
  const below = net.layers[l];
  if (below.activation === 'relu') {
    // relu's f'(z) = [z > 0], inlined: this is the hot path of most networks (pairs in WebAssembly when it is here)
    const zb = ws.z[l];
    const gb = ws.dz[l];
    const n = rows * below.units;
    let k = 0;
    if (ws.simd && n >= 2) {
      k = n - (n % 2);
      ws.simd.reluBackward(zb.byteOffset, gb.byteOffset, k * 8);
    }
    for (; k < n; k++) if (!(zb[k] > 0)) gb[k] = 0;
  } else {
    backwardActivation(below.activation, below.alpha, ws.z[l], ws.a[l], ws.dz[l], ws.dz[l], 0, rows, below.units);
  }
}

/**
 * The backward pass on the host's kernels, after forwardKeep and the loss gradient: x is ws.input. Each layer's
 * kernel copy (ws.kernel, made by the forward pass) is transposed only where G Wᵀ needs it (layers above the first).
 */
function nativeBackward(net: Network, ws: BackpropWorkspace, native: NativeArena, x: Float64Array, rows: number): void {
  const { ops } = native;
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const inputs = layer.inputs;
    const units = layer.units;
    const prev = l === 0 ? x : (ws.dropped[l - 1] ?? ws.a[l - 1]);
    const g = ws.dz[l];
    // ∂W = Aᵀ G: A read transposed through its strides
    ops.gemm(prev.byteOffset, 8, inputs * 8, g.byteOffset, ws.gradKernel[l].byteOffset, 0, inputs, rows, units, units * 8);
    // ∂b = 1ᵀ G: Σ_rows g in row order, as biasGradient sums
    ops.gemm(native.one.byteOffset, 0, 0, g.byteOffset, ws.gradBias[l].byteOffset, 0, 1, rows, units, units * 8);
    if (l > 0) {
      const wt = ws.kernelT[l];
      ops.transpose(ws.kernel[l].byteOffset, wt.byteOffset, inputs, units);
      // G_prev = G Wᵀ
      const below = net.layers[l - 1];
      const gb = ws.dz[l - 1];
      ops.gemm(g.byteOffset, units * 8, 8, wt.byteOffset, gb.byteOffset, 0, rows, units, inputs, inputs * 8);
      if (ws.keep[l - 1]) {
        ops.flush();
        dropoutBackward(ws, l - 1, rows, inputs);
      }
      if (below.activation === 'relu') ops.reluBackward(ws.z[l - 1].byteOffset, gb.byteOffset, rows * below.units);
      else {
        ops.flush();
        activationBackward(net, ws, l - 1, rows);
      }
    }
  }
  // (the caller flushes: lossAndGradients, or the training loop with the update)
}

/**
 * ∂W = Aᵀ G (inputs × units), ∂b = Σ_rows G, for n rows; A from a[aOff …].
 * Register-blocked 2 inputs × 4 units: eight sums over the rows, each in row order.
 */
function layerGradients(a: Float64Array, aOff: number, g: Float64Array, n: number, inputs: number, units: number, gw: Float64Array, gb: Float64Array): void {
  biasGradient(g, n, units, gb);
  let i = 0;
  for (; i + 2 <= inputs; i += 2) {
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let r = 0, ar = aOff + i, gr = j; r < n; r++, ar += inputs, gr += units) {
        const a0 = a[ar];
        const a1 = a[ar + 1];
        const g0 = g[gr];
        const g1 = g[gr + 1];
        const g2 = g[gr + 2];
        const g3 = g[gr + 3];
        s00 += a0 * g0;
        s01 += a0 * g1;
        s02 += a0 * g2;
        s03 += a0 * g3;
        s10 += a1 * g0;
        s11 += a1 * g1;
        s12 += a1 * g2;
        s13 += a1 * g3;
      }
      const o0 = i * units + j;
      const o1 = o0 + units;
      gw[o0] = s00;
      gw[o0 + 1] = s01;
      gw[o0 + 2] = s02;
      gw[o0 + 3] = s03;
      gw[o1] = s10;
      gw[o1 + 1] = s11;
      gw[o1 + 2] = s12;
      gw[o1 + 3] = s13;
    }
    for (; j < units; j++) {
      let s0 = 0, s1 = 0;
      for (let r = 0, ar = aOff + i, gr = j; r < n; r++, ar += inputs, gr += units) {
        s0 += a[ar] * g[gr];
        s1 += a[ar + 1] * g[gr];
      }
      gw[i * units + j] = s0;
      gw[(i + 1) * units + j] = s1;
    }
  }
  for (; i < inputs; i++) {
    for (let j = 0; j < units; j++) {
      let s = 0;
      for (let r = 0, ar = aOff + i, gr = j; r < n; r++, ar += inputs, gr += units) s += a[ar] * g[gr];
      gw[i * units + j] = s;
    }
  }
}

/** ∂b_j = Σ_r g[r·units + j], rows in order. */
function biasGradient(g: Float64Array, n: number, units: number, gb: Float64Array): void {
  for (let j = 0; j < units; j++) {
    let s = 0;
    for (let r = 0, gr = j; r < n; r++, gr += units) s += g[gr];
    gb[j] = s;
  }
}

/**
 * G_prev = G Wᵀ: gp[r·inputs + i] = Σ_j g[r·units + j] · w[i·units + j].
 * Register-blocked 4 rows × 2 inputs: eight dot products over contiguous j.
 */
function backToInputs(g: Float64Array, w: Float64Array, n: number, inputs: number, units: number, gp: Float64Array): void {
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const g0 = r * units;
    const g1 = g0 + units;
    const g2 = g1 + units;
    const g3 = g2 + units;
    const p0 = r * inputs;
    let i = 0;
    for (; i + 2 <= inputs; i += 2) {
      const w0 = i * units;
      const w1 = w0 + units;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let j = 0; j < units; j++) {
        const u0 = w[w0 + j];
        const u1 = w[w1 + j];
        const h0 = g[g0 + j];
        const h1 = g[g1 + j];
        const h2 = g[g2 + j];
        const h3 = g[g3 + j];
        s00 += h0 * u0;
        s01 += h0 * u1;
        s10 += h1 * u0;
        s11 += h1 * u1;
        s20 += h2 * u0;
        s21 += h2 * u1;
        s30 += h3 * u0;
        s31 += h3 * u1;
      }
      gp[p0 + i] = s00;
      gp[p0 + i + 1] = s01;
      gp[p0 + inputs + i] = s10;
      gp[p0 + inputs + i + 1] = s11;
      gp[p0 + 2 * inputs + i] = s20;
      gp[p0 + 2 * inputs + i + 1] = s21;
      gp[p0 + 3 * inputs + i] = s30;
      gp[p0 + 3 * inputs + i + 1] = s31;
    }
    for (; i < inputs; i++) {
      const wr = i * units;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < units; j++) {
        const u = w[wr + j];
        s0 += g[g0 + j] * u;
        s1 += g[g1 + j] * u;
        s2 += g[g2 + j] * u;
        s3 += g[g3 + j] * u;
      }
      gp[p0 + i] = s0;
      gp[p0 + inputs + i] = s1;
      gp[p0 + 2 * inputs + i] = s2;
      gp[p0 + 3 * inputs + i] = s3;
    }
  }
  for (; r < n; r++) {
    const gr = r * units;
    const pr = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const wr = i * units;
      let acc = 0;
      for (let j = 0; j < units; j++) acc += g[gr + j] * w[wr + j];
      gp[pr + i] = acc;
    }
  }
}
