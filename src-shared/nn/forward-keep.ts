/**
 * The training step's forward pass: Z_l = A_{l−1} W_l + b_l, A_l = f_l(Z_l), keeping every layer's z and a in the
 * workspace for backpropagation. Sums run in the engine's order (acc = 0; acc += x_i·w_ij for i ascending;
 * z = acc + b_j) on every path (JavaScript loops, WebAssembly SIMD, host kernels), so the loss seen in training is
 * the loss forwardBatch's outputs give.
 */
import { activateRows } from './activations';
import type { Network } from './model';
import type { GemmFunction } from './backward-wasm';
import { layerOutput, type BackpropWorkspace, type NativeArena } from './backward-workspace';

/**
 * C = A·B (+ bias) for an m × n block, in element units: A(i, kk) = a[aOff + i·sai + kk·sak], B row-major with
 * row length n (b[kk·n + j]), C row-major with row length n. Every C[i, j] is summed acc = 0; acc += A(i, kk)·B(kk, j)
 * for kk ascending; then + bias[j]: the same order as the JavaScript loops, so the SIMD kernel's blocks of 4 × 4
 * (the fringe as blocks overlapping the last 4 rows and columns) give the same bits as doing it all in JavaScript.
 * Returns false (nothing done) when the SIMD kernel cannot be used (m or n below 4, or arrays outside its memory):
 * then the caller runs its JavaScript loop.
 */
export function simdProduct(
  ws: BackpropWorkspace,
  a: Float64Array,
  aOff: number,
  sai: number,
  sak: number,
  b: Float64Array,
  c: Float64Array,
  bias: Float64Array | null,
  m: number,
  k: number,
  n: number,
): boolean {
  const simd = ws.simd;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  if (!simd || m4 === 0 || n4 === 0) return false;
  const mem = simd.memory.buffer;
  if (a.buffer !== mem || b.buffer !== mem || c.buffer !== mem || (bias && bias.buffer !== mem)) return false;
  // The 4-aligned block, then the fringe as blocks of the last 4 rows / columns: they overlap cells already
  // written, computing each again in the same order, so it gets the same bits again.
  const ab = a.byteOffset + aOff * 8;
  const biasAt = bias ? bias.byteOffset : 0;
  gemmBlock(simd.gemm, ab, sai, sak, b.byteOffset, c.byteOffset, biasAt, 0, 0, m4, n4, k, n);
  if (m4 < m) gemmBlock(simd.gemm, ab, sai, sak, b.byteOffset, c.byteOffset, biasAt, m - 4, 0, 4, n4, k, n);
  if (n4 < n) gemmBlock(simd.gemm, ab, sai, sak, b.byteOffset, c.byteOffset, biasAt, 0, n - 4, m4, 4, k, n);
  if (m4 < m && n4 < n) gemmBlock(simd.gemm, ab, sai, sak, b.byteOffset, c.byteOffset, biasAt, m - 4, n - 4, 4, 4, k, n);
  return true;
}

/** The rows × cols block of simdProduct's C at row i0, column j0 (byte addresses of A, B, C and bias; bias 0 = none). */
function gemmBlock(gemm: GemmFunction, a: number, sai: number, sak: number, b: number, c: number, bias: number, i0: number, j0: number, rows: number, cols: number, k: number, n: number): void {
  gemm(a + i0 * sai * 8, sai * 8, sak * 8, b + j0 * 8, c + (i0 * n + j0) * 8, bias === 0 ? 0 : bias + j0 * 8, rows, k, cols, n * 8);
}

/**
 * Z = X W + b for n rows, rows of X from x[xOff …], reading the kernel transposed (wt: units × inputs, so
 * each unit's weights are contiguous). Register-blocked 4 rows × 2 units (eight running sums, so each loaded
 * x and w serves several products); every z_rj is still summed in the engine's order
 * acc = 0; acc += x_ri·w_ij (i ascending); z = acc + b_j, so the result equals forwardBatch's bit for bit.
 */
function denseForward(x: Float64Array, xOff: number, n: number, inputs: number, units: number, wt: Float64Array, b: Float64Array, z: Float64Array): void {
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const x0 = xOff + r * inputs;
    const x1 = x0 + inputs;
    const x2 = x1 + inputs;
    const x3 = x2 + inputs;
    const z0 = r * units;
    let j = 0;
    for (; j + 2 <= units; j += 2) {
      const w0 = j * inputs;
      const w1 = w0 + inputs;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let i = 0; i < inputs; i++) {
        const u0 = wt[w0 + i];
        const u1 = wt[w1 + i];
        const a0 = x[x0 + i];
        const a1 = x[x1 + i];
        const a2 = x[x2 + i];
        const a3 = x[x3 + i];
        s00 += a0 * u0;
        s01 += a0 * u1;
        s10 += a1 * u0;
        s11 += a1 * u1;
        s20 += a2 * u0;
        s21 += a2 * u1;
        s30 += a3 * u0;
        s31 += a3 * u1;
      }
      const b0 = b[j];
      const b1 = b[j + 1];
      z[z0 + j] = s00 + b0;
      z[z0 + j + 1] = s01 + b1;
      z[z0 + units + j] = s10 + b0;
      z[z0 + units + j + 1] = s11 + b1;
      z[z0 + 2 * units + j] = s20 + b0;
      z[z0 + 2 * units + j + 1] = s21 + b1;
      z[z0 + 3 * units + j] = s30 + b0;
      z[z0 + 3 * units + j + 1] = s31 + b1;
    }
    for (; j < units; j++) {
      const wr = j * inputs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < inputs; i++) {
        const u = wt[wr + i];
        s0 += x[x0 + i] * u;
        s1 += x[x1 + i] * u;
        s2 += x[x2 + i] * u;
        s3 += x[x3 + i] * u;
      }
      z[z0 + j] = s0 + b[j];
      z[z0 + units + j] = s1 + b[j];
      z[z0 + 2 * units + j] = s2 + b[j];
      z[z0 + 3 * units + j] = s3 + b[j];
    }
  }
  for (; r < n; r++) {
    const xr = xOff + r * inputs;
    const zr = r * units;
    for (let j = 0; j < units; j++) {
      const wr = j * inputs;
      let acc = 0;
      for (let i = 0; i < inputs; i++) acc += x[xr + i] * wt[wr + i];
      z[zr + j] = acc + b[j];
    }
  }
}

/** wt = Wᵀ (units × inputs) from the row-major kernel W (inputs × units); four kernel rows at a time. */
export function transpose(w: Float64Array, inputs: number, units: number, wt: Float64Array): void {
  let i = 0;
  for (; i + 4 <= inputs; i += 4) {
    const r0 = i * units;
    const r1 = r0 + units;
    const r2 = r1 + units;
    const r3 = r2 + units;
    for (let j = 0, o = i; j < units; j++, o += inputs) {
      wt[o] = w[r0 + j];
      wt[o + 1] = w[r1 + j];
      wt[o + 2] = w[r2 + j];
      wt[o + 3] = w[r3 + j];
    }
  }
  for (; i < inputs; i++) {
    const wr = i * units;
    for (let j = 0; j < units; j++) wt[j * inputs + i] = w[wr + j];
  }
}

/**
 * Forward pass of `rows` rows (x[xOff …], rows × inputSize) keeping every layer's z and a in the workspace.
 * Returns the output activations (workspace memory: rows × outputSize, valid until the next call).
 * `training`: apply the current dropout masks (drawDropoutMasks) between layers; off, dropout is the identity.
 */
export function forwardKeep(net: Network, ws: BackpropWorkspace, x: Float64Array, xOff: number, rows: number, training = false): Float64Array {
  if (rows > ws.batch) throw new RangeError(`forwardKeep: ${rows} rows exceed the workspace's ${ws.batch}`);
  if (ws.native) return nativeForward(net, ws, ws.native, x, xOff, rows, training);
  let src = x;
  let srcOff = xOff;
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const z = ws.z[l];
    const a = ws.a[l];
    ws.kernel[l].set(layer.kernel);
    ws.bias[l].set(layer.bias);
    if (!simdProduct(ws, src, srcOff, layer.inputs, 1, ws.kernel[l], z, ws.bias[l], rows, layer.inputs, layer.units)) {
      // the JavaScript loop reads the kernel transposed (lossAndGradients transposes again where it needs Wᵀ)
      transpose(layer.kernel, layer.inputs, layer.units, ws.kernelT[l]);
      denseForward(src, srcOff, rows, layer.inputs, layer.units, ws.kernelT[l], layer.bias, z);
    }
    const count = rows * layer.units;
    const even = count - (count % 2);
    if (layer.activation === 'relu' && ws.simd && even > 0) {
      // the pairs in WebAssembly (branch-free), an odd last value here
      ws.simd.relu(z.byteOffset, a.byteOffset, even * 8);
      if (even < count) a[even] = z[even] < 0 ? 0 : z[even];
    } else {
      a.set(z.subarray(0, count));
      activateRows(layer.activation, layer.alpha, a, 0, rows, layer.units);
    }
    src = layerOutput(ws, l, rows, layer.units, training);
    srcOff = 0;
  }
  return net.layers.length === 0 ? x.subarray(xOff, xOff + rows * net.inputSize) : ws.a[net.layers.length - 1];
}

/** x's rows in the workspace's memory: x itself when it is ws.input, else copied into ws.input. */
export function rowsInArena(ws: BackpropWorkspace, memory: ArrayBuffer, x: Float64Array, xOff: number, rows: number, width: number): Float64Array {
  if (x.buffer === memory && x === ws.input && xOff === 0) return x;
  ws.input.set(x.subarray(xOff, xOff + rows * width));
  return ws.input;
}

/**
 * forwardKeep on the host's kernels: every product in the arena (x copied in unless it is ws.input), the
 * kernels and biases copied in (unless native.mirrored: the last update left them there), no transposes
 * (lossAndGradients makes the ones backpropagation needs).
 */
function nativeForward(net: Network, ws: BackpropWorkspace, native: NativeArena, x: Float64Array, xOff: number, rows: number, training: boolean): Float64Array {
  if (net.layers.length === 0) return x.subarray(xOff, xOff + rows * net.inputSize);
  const { memory, ops } = native;
  let src = rowsInArena(ws, memory, x, xOff, rows, net.inputSize);
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const z = ws.z[l];
    const a = ws.a[l];
    const kernel = ws.kernel[l];
    const bias = ws.bias[l];
    // (the products queued so far read other layers' copies: these writes cannot change them)
    if (!native.mirrored) {
      kernel.set(layer.kernel);
      bias.set(layer.bias);
    }
    ops.gemm(src.byteOffset, layer.inputs * 8, 8, kernel.byteOffset, z.byteOffset, bias.byteOffset, rows, layer.inputs, layer.units, layer.units * 8);
    const count = rows * layer.units;
    if (layer.activation === 'relu') {
      ops.relu(z.byteOffset, a.byteOffset, count);
    } else {
      ops.flush();
      a.set(z.subarray(0, count));
      activateRows(layer.activation, layer.alpha, a, 0, rows, layer.units);
    }
    if (training && ws.dropped[l]) ops.flush();
    src = layerOutput(ws, l, rows, layer.units, training);
  }
  ops.flush();
  return ws.a[net.layers.length - 1];
}
