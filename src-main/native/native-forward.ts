/**
 * forwardBatch on the native kernel (see addon.ts): the same results bit for bit, on AVX-512/AVX2 where the
 * CPU has them. The addon computes each layer's z = x·W + b (relu and linear applied natively: they are exact
 * anywhere); every other activation is applied here with the engine's own activateRows, so tanh, sigmoid,
 * softmax … are V8's functions on the same z, as in forwardBatch.
 *
 * Rows go through in blocks: each layer writes its block of outputs row-major into one of two scratch
 * buffers and the next layer reads it from there (the addon blocks rows again for its caches).
 */
import { activateRows } from '../../src-shared/nn/activations';
import { outputSize, type Network } from '../../src-shared/nn/model';
import type { NativeKernelKind } from '../../src-shared/jobs/forward';
import type { DatasetMatrix } from '../../src-shared/data/dataset';
import type { EncodePlan } from '../../src-shared/data/encode';
import type { ForwardPrecision } from '../../src-shared/nn/kernels/forward-kernel';
import type { AheadArgs, NativeAddon, NativeLayer, NativeLayer32, NativeVariant } from './addon';

/**
 * Rows per block: a scratch block of the widest layer holds about 128 K values (1 MB), within 64 … 1024 rows.
 * Measured on one Zen 5 core (GFLOP/s by block rows): 10-100-100-1 ≈ 100 for 256–1024 rows but 80 for 5,000
 * (the blocks fall out of L2); 784-128-64-10 ≈ 110 for 128–1024; 10-1024-1024-1 ≈ 120 for 64–256.
 */
const BLOCK_VALUES = 128 * 1024;
const MIN_BLOCK_ROWS = 64;
const MAX_BLOCK_ROWS = 1024;

/**
 * The variants worth using instead of WebAssembly SIMD. Measured on Zen 5, one core, GFLOP/s on 10-100-100-1 /
 * 784-128-64-10 / 10-1024-1024-1: avx512 42–100 / 69–110 / 110–120, avx2 29 / 43 / 52, sse2 9 / 13 / 21,
 * scalar 7–11; wasm-simd 16–24 / 18 / 28. sse2 and scalar are slower than WebAssembly (which is 128-bit too,
 * and tuned): they exist for the tests and for hosts without WebAssembly SIMD.
 */
const FASTER_THAN_WASM: readonly NativeVariant[] = ['avx512', 'avx2'];

/** The variant a forward worker should run natively on this CPU, or undefined when WebAssembly SIMD is as fast. */
export function preferredNativeVariant(addon: NativeAddon): NativeVariant | undefined {
  const best = addon.variants()[0];
  return best !== undefined && FASTER_THAN_WASM.includes(best) ? best : undefined;
}

/** A network packed for the native kernel; one per worker (it owns scratch memory). */
export interface NativeForward {
  readonly kind: NativeKernelKind;
  /** float64: forwardBatch's bits; float32: the WebAssembly float32 kernel's bits (see createNativeForward). */
  readonly precision: ForwardPrecision;
  /**
   * Same contract as forwardBatch; throws RangeError on a bad row count or arrays too short, or after dispose().
   * The float32 mode also takes its inputs already rounded to float32 (a Float32Array, from createNativeEncoder).
   * `ahead`: memory the caller reads next (see AheadArgs), prefetched during the first layer; never changes results.
   */
  run(input: Float64Array | Float32Array, rows: number, output: Float64Array, ahead?: AheadArgs): void;
  /** Frees the packed weights; run() afterwards throws. */
  dispose(): void;
}

export interface NativeForwardOptions {
  /** An instruction-set variant (tests, benchmarks); default: the fastest this CPU runs. */
  readonly variant?: NativeVariant;
  /** Rows per block (tuning and tests; results never depend on it). */
  readonly blockRows?: number;
  /**
   * 'float32': the float32 mode of src-shared/nn/kernels/forward-kernel.ts, bit for bit (inputs, weights and every
   * sum in float32, no FMA; hidden activations other than relu computed in float64 on the float32 z and rounded
   * back; the last layer's activation in float64 on its float32 z). Default 'float64' (forwardBatch's bits).
   */
  readonly precision?: ForwardPrecision;
}

/**
 * Pack `net` for the native kernel. Throws RangeError when the network is inconsistent (a layer's inputs
 * not the previous layer's units, kernel/bias sizes wrong) or has no layers, or the addon refuses it.
 */
export function createNativeForward(addon: NativeAddon, net: Network, options: NativeForwardOptions = {}): NativeForward {
  if (net.layers.length === 0) throw new RangeError('createNativeForward: the network has no layers');
  let width = net.inputSize;
  let widest = 1;
  net.layers.forEach((layer, l) => {
    if (layer.inputs !== width) throw new RangeError(`createNativeForward: layers[${l}] takes ${layer.inputs} inputs but receives ${width}`);
    width = layer.units;
    widest = Math.max(widest, layer.units);
  });
  const float32 = options.precision === 'float32';
  const packed: (NativeLayer | NativeLayer32)[] = [];
  try {
    for (const layer of net.layers) {
      packed.push(float32 ? addon.pack32(layer.kernel, layer.bias, layer.inputs, layer.units, options.variant) : addon.pack(layer.kernel, layer.bias, layer.inputs, layer.units, options.variant));
    }
  } catch (e) {
    for (const p of packed) addon.release(p);
    throw e instanceof RangeError || e instanceof TypeError ? new RangeError(`createNativeForward: ${e.message}`) : e;
  }
  const kind = `native-${packed[0].variant}` as NativeKernelKind;
  const blockRows = Math.max(1, Math.floor(options.blockRows ?? Math.min(MAX_BLOCK_ROWS, Math.max(MIN_BLOCK_ROWS, BLOCK_VALUES / widest))));
  const inputSize = net.inputSize;
  const outSize = outputSize(net);
  const last = net.layers.length - 1;
  // Scratch blocks are made at the first run, for the rows it brings (up to blockRows), and grown when a later run
  // brings more: a worker's chunks are often far smaller than a block, and a job then allocates (zeroes) no more.
  // The float32 mode needs float64 scratch only for hidden activations other than relu and linear.
  const wideHidden = net.layers.some((layer, l) => l < last && layer.activation !== 'relu' && layer.activation !== 'linear');
  let scratchRows = 0;
  let scratch: Float64Array[] = [];
  let scratch32: Float32Array[] = [];
  const ensureScratch = (rows: number): void => {
    const need = Math.min(blockRows, rows);
    if (need <= scratchRows || last === 0) return;
    scratchRows = need;
    const size = [need * widest, last > 1 ? need * widest : 0];
    scratch = !float32 || wideHidden ? [new Float64Array(size[0]), new Float64Array(float32 ? 0 : size[1])] : [];
    scratch32 = float32 ? [new Float32Array(size[0]), new Float32Array(size[1])] : [];
  };
  let alive = true;
  /** One block of rows in the float32 mode: hidden layers in float32 scratch, the last layer's float32 z into output. */
  const runBlock32 = (input: Float64Array | Float32Array, r0: number, n: number, output: Float64Array, ahead: AheadArgs | []): void => {
    let src: Float64Array | Float32Array = input;
    let srcOff = r0 * inputSize;
    for (let l = 0; l <= last; l++) {
      const layer = net.layers[l];
      const dst = l === last ? output : scratch32[l & 1];
      const dstOff = l === last ? r0 * layer.units : 0;
      const fused = layer.activation === 'relu' || layer.activation === 'linear';
      addon.dense32(packed[l] as NativeLayer32, src, srcOff, n, dst, dstOff, layer.activation === 'relu', ...(l === 0 ? ahead : []));
      if (!fused) {
        if (l === last) activateRows(layer.activation, layer.alpha, output, dstOff, n, layer.units);
        else {
          // activations other than relu: in float64 on the float32 z, rounded back (as the WebAssembly float32 kernel)
          const wide = scratch[0];
          const count = n * layer.units;
          for (let k = 0; k < count; k++) wide[k] = dst[k];
          activateRows(layer.activation, layer.alpha, wide, 0, n, layer.units);
          (dst as Float32Array).set(wide.subarray(0, count));
        }
      }
      src = dst;
      srcOff = dstOff;
    }
  };
  return {
    kind,
    precision: float32 ? 'float32' : 'float64',
    run(input, rows, output, ahead) {
      if (!alive) throw new RangeError('NativeForward.run: the kernel was disposed');
      if (!float32 && !(input instanceof Float64Array)) throw new RangeError('NativeForward.run: the float64 mode takes a Float64Array');
      if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`NativeForward.run: rows must be a non-negative integer, got ${rows}`);
      if (input.length < rows * inputSize) {
        throw new RangeError(`NativeForward.run: input has ${input.length} values; ${rows} rows × ${inputSize} inputs need ${rows * inputSize}`);
      }
      if (output.length < rows * outSize) {
        throw new RangeError(`NativeForward.run: output has room for ${output.length} values; ${rows} rows × ${outSize} outputs need ${rows * outSize}`);
      }
      ensureScratch(rows);
      for (let r0 = 0; r0 < rows; r0 += blockRows) {
        const n = Math.min(blockRows, rows - r0);
        // the first block's first layer prefetches what the caller reads next
        const blockAhead: AheadArgs | [] = r0 === 0 && ahead ? ahead : [];
        if (float32) {
          runBlock32(input, r0, n, output, blockAhead);
          continue;
        }
        let src = input as Float64Array;
        let srcOff = r0 * inputSize;
        for (let l = 0; l <= last; l++) {
          const layer = net.layers[l];
          const dst = l === last ? output : scratch[l & 1];
          const dstOff = l === last ? r0 * layer.units : 0;
          const fused = layer.activation === 'relu' || layer.activation === 'linear';
          addon.dense(packed[l] as NativeLayer, src, srcOff, n, dst, dstOff, layer.activation === 'relu', ...(l === 0 ? blockAhead : []));
          if (!fused) activateRows(layer.activation, layer.alpha, dst, dstOff, n, layer.units);
          src = dst;
          srcOff = dstOff;
        }
      }
    },
    dispose() {
      if (!alive) return;
      alive = false;
      for (const p of packed) addon.release(p);
    },
  };
}

/** encodeRows's signature: rows [start, end) of the matrix into out, status per row; returns the ok rows. */
export type RowEncoder = (matrix: DatasetMatrix, start: number, end: number, out: Float64Array | Float32Array, status: Uint8Array) => number;

/**
 * encodeRows (src-shared/data/encode.ts) on the native addon, for a plan whose inputs are all numbers (each at
 * its own position): the same values and statuses, bit for bit — (v − mean) / std is one IEEE subtraction and
 * one division anywhere — and about five times faster (60,000 rows × 784 columns on one Zen 5 core, in the
 * same run: encodeRows 341–369 ms, this 68–69 ms; encoding had been half of the 784-128-64-10 forward job).
 * undefined for a plan with categories or date parts (the caller keeps encodeRows).
 */
export function createNativeEncoder(addon: NativeAddon, plan: EncodePlan, variant?: NativeVariant): RowEncoder | undefined {
  const n = plan.inputs.length;
  if (n === 0 || plan.width !== n) return undefined;
  const columns = new Int32Array(n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n).fill(1);
  const hasImpute = new Uint8Array(n);
  const impute = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const input = plan.inputs[k];
    // a date part is computed from its cell first (encodeRows does that; the addon reads numbers only)
    if (input.kind !== 'number' || input.offset !== k || input.datePart !== undefined) return undefined;
    columns[k] = input.column;
    if (input.scale) {
      mean[k] = input.scale.mean;
      std[k] = input.scale.std;
    }
    if (input.impute !== undefined) {
      hasImpute[k] = 1;
      impute[k] = input.impute;
    }
  }
  return (matrix, start, end, out, status) =>
    variant === undefined
      ? addon.encodeNumbers(matrix.values, matrix.missing, matrix.cols, start, end, columns, mean, std, hasImpute, impute, out, status)
      : addon.encodeNumbers(matrix.values, matrix.missing, matrix.cols, start, end, columns, mean, std, hasImpute, impute, out, status, variant);
}
