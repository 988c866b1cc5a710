/**
 * The buffers of a training step, allocated once for the largest batch (so a step allocates nothing): per layer
 * z, a, ∂loss/∂z, kernel copies and gradients, in the WebAssembly module's memory or the host kernels' arena when
 * those run the products. Also the host kernels' interface and Adam's loop on the WebAssembly module.
 */
import type { Network } from './model';
import { createWasmArena, type GemmFunction, type WasmArena } from './backward-wasm';
import type { AdamKernel } from './optimizers';
import { KernelOps } from './kernel-ops';
import { createRandom, type Random } from './random';

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
  /** Optional: adam on each [w, g, m, v] quadruple of `arrays`, in order, in one call. */
  adamMany?(arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number): void;
  /**
   * Optional: several of gemm / transpose / relu / reluBackward in one call, from records in `list` (kernel-ops.ts
   * writes them), run in order with the same results as calling each. A host call costs far more than a small product.
   */
  ops?(memory: ArrayBuffer, list: Float64Array, count: number): void;
  /**
   * Optional: ops(memory, list, count) then adamMany(arrays, …), the same bits, in one call (the host may run Adam's
   * updates during the products: its divisions and square roots wait on other units than the products' sums), and
   * each new w also written to mirrors[q] (one per quadruple, or null) when given.
   */
  opsAdam?(memory: ArrayBuffer, list: Float64Array, count: number, arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, mirrors?: readonly (Float64Array | null)[]): void;
  /**
   * dst row r = src row order[start + r] (rows of `width` values) for r < n, a copy; then starts fetching the rows
   * of order[start + n, start + n + prefetch) into the CPU's caches, where the next batch's gather will find them.
   */
  gatherRows(src: Float64Array, width: number, order: Int32Array, start: number, n: number, dst: Float64Array, prefetch: number): void;
}

/** The host's kernels and the memory every workspace buffer lives in. */
export interface NativeArena {
  readonly kernels: TrainingKernels;
  readonly memory: ArrayBuffer;
  /** One value, 1: as gemm's A (both strides 0) it makes Σ_rows G a product, 1·g being g exactly. */
  readonly one: Float64Array;
  /** The kernels' products queued into one host call where the host can (kernel-ops.ts). */
  readonly ops: KernelOps;
  /**
   * True when the workspace's kernel and bias copies hold the network's current weights (the training loop's last
   * update wrote them there too), so the forward pass need not copy them in; whoever changes the weights otherwise
   * sets it false. Starts false.
   */
  mirrored: boolean;
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
  /**
   * Per layer with dropout (null for the others): `keep` holds each output's factor for the current batch (0, or
   * 1/(1 − rate)) and `dropped` = a ⊙ keep, what the next layer reads while training. Drawn by drawDropoutMasks.
   */
  readonly keep: (Float64Array | null)[];
  readonly dropped: (Float64Array | null)[];
  /** The dropout masks' own stream (from WorkspaceOptions.dropoutSeed), when a layer has dropout. */
  readonly dropoutRandom?: Random;
}

export interface WorkspaceOptions {
  /** Use the WebAssembly SIMD kernel when available (default true). Results are the same bits either way. */
  readonly simd?: boolean;
  /** The host's exact kernels (preferred over WebAssembly when given). Results are the same bits either way. */
  readonly kernels?: TrainingKernels;
  /** Seeds the dropout masks (a stream of its own: initial weights and shuffling do not change with dropout). */
  readonly dropoutSeed?: number;
}

/** The dropout masks' stream, derived from the run's seed. */
export function dropoutSeed(seed: number): number {
  return seed + 0xd209;
}

/** Buffers for forward/backward passes of up to `batch` rows through `net`. */
export function createWorkspace(net: Network, batch: number, options: WorkspaceOptions = {}): BackpropWorkspace {
  let doubles = batch * net.inputSize + 8;
  for (const l of net.layers) doubles += 3 * batch * l.units + 3 * l.inputs * l.units + 2 * l.units + 16 + (l.dropout ? 2 * batch * l.units + 8 : 0);
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
  const native = options.kernels && memory ? { kernels: options.kernels, memory, one: alloc(1).fill(1), ops: new KernelOps(options.kernels, memory), mirrored: false } : undefined;
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
    keep: [] as (Float64Array | null)[],
    dropped: [] as (Float64Array | null)[],
    ...(simd ? { simd } : {}),
    ...(native ? { native } : {}),
    ...(net.layers.some((l) => l.dropout) ? { dropoutRandom: createRandom(options.dropoutSeed ?? 0) } : {}),
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
    ws.keep.push(layer.dropout ? alloc(batch * layer.units) : null);
    ws.dropped.push(layer.dropout ? alloc(batch * layer.units) : null);
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
 * New dropout masks for a batch of `rows` rows, layer by layer, row-major: each output is kept with probability
 * 1 − rate (u ≥ rate for u uniform in [0, 1)) and then scaled by 1/(1 − rate), as Keras's Dropout does.
 */
export function drawDropoutMasks(net: Network, ws: BackpropWorkspace, rows: number): void {
  const random = ws.dropoutRandom;
  if (!random) return;
  net.layers.forEach((layer, l) => {
    const keep = ws.keep[l];
    const rate = layer.dropout;
    if (!keep || !rate) return;
    const scale = 1 / (1 - rate);
    const n = rows * layer.units;
    for (let k = 0; k < n; k++) keep[k] = random.nextFloat() < rate ? 0 : scale;
  });
}

/** What layer l hands to the next one: its activations, or while training with dropout, a ⊙ keep. */
export function layerOutput(ws: BackpropWorkspace, l: number, rows: number, units: number, training: boolean): Float64Array {
  const dropped = ws.dropped[l];
  const keep = ws.keep[l];
  if (!training || !dropped || !keep) return ws.a[l];
  const a = ws.a[l];
  const n = rows * units;
  for (let k = 0; k < n; k++) dropped[k] = a[k] * keep[k];
  return dropped;
}
