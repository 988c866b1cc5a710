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
import { backwardActivation, activateRows } from './activations';
import { outputSize, type Network } from './model';
import { lossGradient, lossSum, type LossName } from './losses';
import { createWasmArena, type GemmFunction, type WasmArena } from './backward-wasm';
import type { AdamKernel } from './optimizers';

/**
 * Exact, faster implementations of a training step's kernels, given by the host (src-main injects the native
 * addon's; this folder never imports Node). Each computes the same bits as the code here, so a run with them
 * and a run without give byte-identical models.
 */
export interface TrainingKernels {
  /** For reports, e.g. 'native-avx512'. */
  readonly name: string;
  /** GemmFunction's sums (backward-wasm.ts) on byte addresses of `memory`, for any m and n (no fringe left over). */
  gemm(memory: ArrayBuffer, ...args: Parameters<GemmFunction>): void;
  /** dst (cols × rows) = srcᵀ for a rows × cols row-major float64 matrix, at byte addresses of `memory`. */
  transpose(memory: ArrayBuffer, src: number, dst: number, rows: number, cols: number): void;
  /**
   * a = z < 0 ? 0 : z (activations.ts's relu) for `count` float64s at byte addresses of `memory`, a may be z.
   * Without branches: in JavaScript the coin-toss signs of z cost a mispredicted branch every other value.
   */
  relu(memory: ArrayBuffer, z: number, a: number, count: number): void;
  /** g = z > 0 ? g : 0 (relu's derivative applied, as lossAndGradients does) for `count` float64s of `memory`. */
  reluBackward(memory: ArrayBuffer, z: number, g: number, count: number): void;
  /** Adam's per-parameter loop (optimizers.ts's AdamKernel). */
  readonly adam: AdamKernel;
  /**
   * dst row r = src row order[start + r] (rows of `width` values) for r < n, a copy; then starts fetching the rows
   * of order[start + n, start + n + prefetch) into the CPU's caches, where the next batch's gather will find them.
   */
  gatherRows(src: Float64Array, width: number, order: Int32Array, start: number, n: number, dst: Float64Array, prefetch: number): void;
}

/** The host's kernels and the memory every workspace buffer lives in. */
interface NativeArena {
  readonly kernels: TrainingKernels;
  readonly memory: ArrayBuffer;
  /** One value, 1: as gemm's A (both strides 0) it makes Σ_rows G a product, 1·g being g exactly. */
  readonly one: Float64Array;
}

/** Per-layer buffers for a forward and backward pass of up to `batch` rows. */
export interface BackpropWorkspace {
  readonly batch: number;
  /** A batch of input rows (batch × inputSize) inside the workspace's memory: fill it to use the SIMD kernel on layer 1 too. */
  readonly input: Float64Array;
  /** Pre-activations per layer, batch × units. */
  readonly z: Float64Array[];
  /** Activations per layer, batch × units. */
  readonly a: Float64Array[];
  /** ∂loss/∂z per layer, batch × units. */
  readonly dz: Float64Array[];
  /** Each kernel copied (inputs × units, by every forward pass) and transposed (units × inputs, where a product reads Wᵀ). */
  readonly kernel: Float64Array[];
  readonly kernelT: Float64Array[];
  /** Each bias, copied by every forward pass. */
  readonly bias: Float64Array[];
  /** ∂loss/∂kernel per layer (inputs × units), written by lossAndGradients. */
  readonly gradKernel: Float64Array[];
  /** ∂loss/∂bias per layer (units), written by lossAndGradients. */
  readonly gradBias: Float64Array[];
  /** The WebAssembly SIMD kernel and its memory (every buffer above lives there), when the host has it. */
  readonly simd?: WasmArena;
  /** The host's kernels and their memory (every buffer above lives there), when given: used instead of simd. */
  readonly native?: NativeArena;
}

export interface WorkspaceOptions {
  /** Use the WebAssembly SIMD kernel when available (default true). Results are the same bits either way. */
  readonly simd?: boolean;
  /** The host's exact kernels (preferred over WebAssembly when given). Results are the same bits either way. */
  readonly kernels?: TrainingKernels;
}

/** Buffers for forward/backward passes of up to `batch` rows through `net`. */
export function createWorkspace(net: Network, batch: number, options: WorkspaceOptions = {}): BackpropWorkspace {
  let doubles = batch * net.inputSize + 8;
  for (const l of net.layers) doubles += 3 * batch * l.units + 3 * l.inputs * l.units + 2 * l.units + 16;
  // room for wasmAdam: the optimizer's two slots per parameter array and a copy of the largest
  for (const l of net.layers) doubles += 3 * (l.inputs * l.units + l.units) + 8;
  const memory = options.kernels ? new ArrayBuffer(doubles * 8 + 64) : undefined;
  const simd = memory || options.simd === false ? undefined : createWasmArena(doubles);
  let next = 0;
  const alloc = (n: number): Float64Array => {
    if (simd) return simd.alloc(n);
    if (!memory) return new Float64Array(n);
    const at = next;
    next += Math.ceil((n * 8) / 16) * 16;
    return new Float64Array(memory, at, n);
  };
  const native = options.kernels && memory ? { kernels: options.kernels, memory, one: alloc(1).fill(1) } : undefined;
  const ws = {
    batch,
    input: alloc(batch * net.inputSize),
    z: [] as Float64Array[],
    a: [] as Float64Array[],
    dz: [] as Float64Array[],
    kernel: [] as Float64Array[],
    kernelT: [] as Float64Array[],
    bias: [] as Float64Array[],
    gradKernel: [] as Float64Array[],
    gradBias: [] as Float64Array[],
    ...(simd ? { simd } : {}),
    ...(native ? { native } : {}),
  };
  for (const layer of net.layers) {
    ws.z.push(alloc(batch * layer.units));
    ws.a.push(alloc(batch * layer.units));
    ws.dz.push(alloc(batch * layer.units));
    ws.kernel.push(alloc(layer.inputs * layer.units));
    ws.kernelT.push(alloc(layer.inputs * layer.units));
    ws.bias.push(alloc(layer.units));
    ws.gradKernel.push(alloc(layer.inputs * layer.units));
    ws.gradBias.push(alloc(layer.units));
  }
  return ws;
}

/**
 * Adam's loop (optimizers.ts) on the workspace's WebAssembly module, when it has one: `alloc` makes the
 * optimizer's slots in its memory (createOptimizerState(params, alloc)), and `adam` then updates pairs there in
 * f64x2 (the same operations, each correctly rounded), an odd last value here, w copied in and out of the memory.
 * `largest`: the longest parameter array. adam throws RangeError for a gradient or slot outside the memory.
 */
export function wasmAdam(ws: BackpropWorkspace, largest: number): { readonly alloc: (length: number) => Float64Array; readonly adam: AdamKernel } | undefined {
  const simd = ws.simd;
  if (!simd) return undefined;
  const scratch = simd.alloc(largest);
  const memory = simd.memory.buffer;
  return {
    alloc: (length) => simd.alloc(length),
    adam: (w, g, m, v, alpha, c1, c2, eps) => {
      const n = w.length;
      if (g.buffer !== memory || m.buffer !== memory || v.buffer !== memory || n > scratch.length) {
        throw new RangeError('wasmAdam: the gradient and optimizer slots must live in the workspace memory');
      }
      scratch.set(w);
      const even = n - (n % 2);
      if (even > 0) simd.adam(scratch.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, even * 8, alpha, c1, c2, eps);
      for (let i = even; i < n; i++) {
        const gi = g[i];
        m[i] += (gi - m[i]) * c1;
        v[i] += (gi * gi - v[i]) * c2;
        scratch[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + eps);
      }
      w.set(scratch.subarray(0, n));
    },
  };
}

/**
 * C = A·B (+ bias) for an m × n block, in element units: A(i, kk) = a[aOff + i·sai + kk·sak], B row-major with
 * row length n (b[kk·n + j]), C row-major with row length n. Every C[i, j] is summed acc = 0; acc += A(i, kk)·B(kk, j)
 * for kk ascending; then + bias[j]: the same order as the JavaScript loops, so the SIMD kernel's blocks of 4 × 4
 * (the fringe as blocks overlapping the last 4 rows and columns) give the same bits as doing it all in JavaScript.
 * Returns false (nothing done) when the SIMD kernel cannot be used (m or n below 4, or arrays outside its memory):
 * then the caller runs its JavaScript loop.
 */
function simdProduct(
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
function transpose(w: Float64Array, inputs: number, units: number, wt: Float64Array): void {
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
 */
export function forwardKeep(net: Network, ws: BackpropWorkspace, x: Float64Array, xOff: number, rows: number): Float64Array {
  if (rows > ws.batch) throw new RangeError(`forwardKeep: ${rows} rows exceed the workspace's ${ws.batch}`);
  if (ws.native) return nativeForward(net, ws, ws.native, x, xOff, rows);
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
    src = a;
    srcOff = 0;
  }
  return net.layers.length === 0 ? x.subarray(xOff, xOff + rows * net.inputSize) : ws.a[net.layers.length - 1];
}

/** x's rows in the workspace's memory: x itself when it is ws.input, else copied into ws.input. */
function rowsInArena(ws: BackpropWorkspace, memory: ArrayBuffer, x: Float64Array, xOff: number, rows: number, width: number): Float64Array {
  if (x.buffer === memory && x === ws.input && xOff === 0) return x;
  ws.input.set(x.subarray(xOff, xOff + rows * width));
  return ws.input;
}

/**
 * forwardKeep on the host's kernels: every product in the arena (x copied in unless it is ws.input), the
 * kernels and biases copied in, no transposes (lossAndGradients makes the ones backpropagation needs).
 */
function nativeForward(net: Network, ws: BackpropWorkspace, native: NativeArena, x: Float64Array, xOff: number, rows: number): Float64Array {
  if (net.layers.length === 0) return x.subarray(xOff, xOff + rows * net.inputSize);
  const { kernels, memory } = native;
  let src = rowsInArena(ws, memory, x, xOff, rows, net.inputSize);
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const z = ws.z[l];
    const a = ws.a[l];
    const kernel = ws.kernel[l];
    const bias = ws.bias[l];
    kernel.set(layer.kernel);
    bias.set(layer.bias);
    kernels.gemm(memory, src.byteOffset, layer.inputs * 8, 8, kernel.byteOffset, z.byteOffset, bias.byteOffset, rows, layer.inputs, layer.units, layer.units * 8);
    const count = rows * layer.units;
    if (layer.activation === 'relu') {
      kernels.relu(memory, z.byteOffset, a.byteOffset, count);
    } else {
      a.set(z.subarray(0, count));
      activateRows(layer.activation, layer.alpha, a, 0, rows, layer.units);
    }
    src = a;
  }
  return ws.a[net.layers.length - 1];
}

/**
 * Gradients of the batch-mean loss for `rows` rows: runs forwardKeep, then backpropagates into
 * ws.gradKernel / ws.gradBias. y holds the targets (rows × outputSize from yOff). Returns the loss SUM over the rows.
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
): number {
  const L = net.layers.length;
  if (L === 0) throw new RangeError('lossAndGradients: the network has no layers to train');
  const native = ws.native;
  if (native) {
    if (rows > ws.batch) throw new RangeError(`lossAndGradients: ${rows} rows exceed the workspace's ${ws.batch}`);
    x = rowsInArena(ws, native.memory, x, xOff, rows, net.inputSize);
    xOff = 0;
  }
  forwardKeep(net, ws, x, xOff, rows);
  const last = net.layers[L - 1];
  const units = outputSize(net);
  const total = lossSum(loss, ws.z[L - 1], ws.a[L - 1], y, rows, units, 0, yOff);
  lossGradient(loss, last.activation, last.alpha, ws.z[L - 1], ws.a[L - 1], y, rows, units, rows, ws.dz[L - 1], yOff);
  if (native) {
    nativeBackward(net, ws, native, x, rows);
    return total;
  }
  for (let l = L - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const prev = l === 0 ? x : ws.a[l - 1];
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
      activationBackward(net, ws, l - 1, rows);
    }
  }
  return total;
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
  const { kernels, memory } = native;
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const inputs = layer.inputs;
    const units = layer.units;
    const prev = l === 0 ? x : ws.a[l - 1];
    const g = ws.dz[l];
    // ∂W = Aᵀ G: A read transposed through its strides
    kernels.gemm(memory, prev.byteOffset, 8, inputs * 8, g.byteOffset, ws.gradKernel[l].byteOffset, 0, inputs, rows, units, units * 8);
    // ∂b = 1ᵀ G: Σ_rows g in row order, as biasGradient sums
    kernels.gemm(memory, native.one.byteOffset, 0, 0, g.byteOffset, ws.gradBias[l].byteOffset, 0, 1, rows, units, units * 8);
    if (l > 0) {
      const wt = ws.kernelT[l];
      kernels.transpose(memory, ws.kernel[l].byteOffset, wt.byteOffset, inputs, units);
      // G_prev = G Wᵀ
      const below = net.layers[l - 1];
      const gb = ws.dz[l - 1];
      kernels.gemm(memory, g.byteOffset, units * 8, 8, wt.byteOffset, gb.byteOffset, 0, rows, units, inputs, inputs * 8);
      if (below.activation === 'relu') kernels.reluBackward(memory, ws.z[l - 1].byteOffset, gb.byteOffset, rows * below.units);
      else activationBackward(net, ws, l - 1, rows);
    }
  }
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
