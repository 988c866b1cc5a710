/**
 * Finds and loads the native kernels (native/: forward layers and the training step's kernels, C++ over Node-API, built by scripts/build-native.mjs
 * at `npm install`). It is optional: loadNativeAddon never throws, it answers the addon or the reason there
 * is none, and callers then use the WebAssembly kernel.
 *
 * Where the addon is looked for, in order (`here` is the folder of the running module):
 *   <here>/dense_lab_native.node                    the built app: `npm run build` copies it beside out/main/*.js
 *   <here>/../../native/build/Release/…             running from source (src-main/native/) or from out/main in the repo
 * A path inside an Electron app.asar is read from app.asar.unpacked (the packaging config unpacks *.node files,
 * since a shared library cannot be loaded from inside an archive).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockStatsKernel, CsvKernels, HistogramKernel, NumericRowScanner } from '../../src-shared/data/csv/csv-kernels';

/** The instruction-set variants of the native kernel, fastest first. */
export type NativeVariant = 'avx512' | 'avx2' | 'sse2' | 'scalar';

/** A layer packed by the addon: an opaque handle (its memory is freed by release() or by the GC). */
export interface NativeLayer {
  readonly variant: NativeVariant;
}

declare const float32Layer: unique symbol;
/** A float32 layer packed by the addon (pack32); dense() refuses it, dense32() takes only these. */
export interface NativeLayer32 {
  readonly variant: NativeVariant;
  readonly [float32Layer]?: true;
}

/** The addon's API (native/src/addon.cpp). Every function throws a TypeError/RangeError on bad arguments. */
/**
 * Optional trailing arguments of dense() and dense32(): memory the caller reads next (the next chunk's dataset rows:
 * values[valuesStart, valuesStart + valuesCount), then bytes[…]), which the call prefetches into the cache while it
 * computes. Never read for the results: they are the same with or without it. A build without it ignores them.
 */
export type AheadArgs = [values: Float64Array, valuesStart: number, valuesCount: number, bytes: Uint8Array, bytesStart: number, bytesCount: number];

export interface NativeAddon {
  /** The API's shape; loadNativeAddon refuses a build of another version (a stale native/build). */
  readonly version: number;
  /** The variants this CPU runs, fastest first. */
  variants(): NativeVariant[];
  /** Copy and pack one layer's kernel (inputs × units, row-major) and bias; `variant` defaults to the fastest. */
  pack(kernel: Float64Array, bias: Float64Array, inputs: number, units: number, variant?: NativeVariant): NativeLayer;
  /**
   * out[outOffset + r·units + j] = Σ_i x[xOffset + r·inputs + i]·w_ij + b_j (summed in i order, no FMA),
   * then `relu ? (z < 0 ? 0 : z) : z`, for r < rows. x and out must not overlap.
   */
  dense(layer: NativeLayer, x: Float64Array, xOffset: number, rows: number, out: Float64Array, outOffset: number, relu: boolean, ...ahead: AheadArgs | []): void;
  /**
   * encodeRows (src-shared/data/encode.ts) for a plan of numeric inputs only, input k at position k: rows
   * [start, end) of the dataset (values/missing, `cols` cells a row) into out (rows × columns.length), status[row]
   * 1 or 2; returns the ok rows. An unscaled input passes mean 0, std 1; hasImpute[k] 1 when impute[k] applies.
   * A Float32Array out receives each value rounded to float32 (the float32 mode's inputs, as Math.fround rounds).
   */
  encodeNumbers(
    values: Float64Array, missing: Uint8Array, cols: number, start: number, end: number, columns: Int32Array,
    mean: Float64Array, std: Float64Array, hasImpute: Uint8Array, impute: Float64Array, out: Float64Array | Float32Array, status: Uint8Array, variant?: NativeVariant,
  ): number;
  /** pack() for the float32 mode: each weight and bias rounded to float32. */
  pack32(kernel: Float64Array, bias: Float64Array, inputs: number, units: number, variant?: NativeVariant): NativeLayer32;
  /**
   * The float32 mode's layer: acc = 0; acc = fround(acc + fround(x_i·w_ij)) for i ascending, z = fround(acc + b_j)
   * (relu: z < 0 ? 0 : z), x read as float32 (a Float64Array x is rounded), out a Float32Array, or a Float64Array
   * receiving the float32 z exactly. x and out must not overlap.
   */
  dense32(layer: NativeLayer32, x: Float64Array | Float32Array, xOffset: number, rows: number, out: Float32Array | Float64Array, outOffset: number, relu: boolean, ...ahead: AheadArgs | []): void;
  /** Free the layer's memory now; dense() / dense32() on it then throws. */
  release(layer: NativeLayer | NativeLayer32): void;
  /**
   * The training step's product on one ArrayBuffer, with byte addresses and strides (multiples of 8; bias 0 = none):
   * C[i, j] (at c + i·ld + 8j) = Σ_kk A(i, kk)·B(kk, j), summed acc = 0; acc += … for kk ascending, then + bias[j];
   * A(i, kk) at a + i·sai + kk·sak, B(kk, j) at b + kk·ld + 8j. GemmFunction's sums (src-shared/nn/backward-wasm.ts)
   * for any m and n. Throws RangeError when a span leaves the buffer or C overlaps what it reads.
   */
  gemm(memory: ArrayBuffer, a: number, sai: number, sak: number, b: number, c: number, bias: number, m: number, k: number, n: number, ld: number, variant?: NativeVariant): void;
  /**
   * Several of gemm / transpose / relu / reluBackward from records of `list` (src-shared/nn/kernel-ops.ts), in order,
   * in one call; each checked as its own function checks it. `threads` 2 (default 1): large products split over this
   * thread and a helper thread of the addon's (one per JS thread, spinning briefly between calls, then asleep), the same bits.
   */
  ops(memory: ArrayBuffer, list: Float64Array, count: number, variant?: NativeVariant, threads?: 1 | 2): void;
  /**
   * ops(memory, list, count) then adamMany(arrays, alpha, c1, c2, eps), the same bits, Adam's updates riding along the
   * list's products once nothing later in the list touches them (their divisions then cost almost nothing); each new w
   * also copied into mirrors[q] (one per quadruple, or null) when given. Checks everything before running anything.
   * `threads` 2: products with little of Adam to carry (under 2,048 parameters ready) split as ops() splits them.
   * Optional: an addon built before it lacks it.
   */
  opsAdam?(memory: ArrayBuffer, list: Float64Array, count: number, arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, variant?: NativeVariant, mirrors?: readonly (Float64Array | null)[], threads?: 1 | 2): void;
  /** adam() on each [w, grad, m, v] quadruple of `arrays`, in order (`threads` as ops(): the same bits either way). */
  adamMany(arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, variant?: NativeVariant, threads?: 1 | 2): void;
  /** dst (cols × rows) = srcᵀ of a rows × cols row-major float64 matrix, byte addresses in memory (not overlapping). */
  transpose(memory: ArrayBuffer, src: number, dst: number, rows: number, cols: number, variant?: NativeVariant): void;
  /**
   * dst row r = src row order[start + r] (rows of `width` values) for r < n, then prefetches the rows of
   * order[start + n, start + n + prefetch) into the CPU's caches (clamped to order's end). Throws RangeError for an
   * index outside src, a range outside order, dst too short, or src and dst overlapping.
   */
  gatherRows(src: Float64Array, width: number, order: Int32Array, start: number, n: number, dst: Float64Array, prefetch: number): void;
  /** a = z < 0 ? 0 : z for `count` float64s at byte addresses of memory (a may be z), without branches. */
  relu(memory: ArrayBuffer, z: number, a: number, count: number, variant?: NativeVariant): void;
  /** g = z > 0 ? g : 0 (relu's derivative applied in place) for `count` float64s at byte addresses of memory. */
  reluBackward(memory: ArrayBuffer, z: number, g: number, count: number, variant?: NativeVariant): void;
  /**
   * Adam's update in place over equal-length, non-overlapping arrays: per i, m ← m + (g − m)·c1;
   * v ← v + (g·g − v)·c2; w ← w − (m·alpha)/(√v + eps) (src-shared/nn/optimizers.ts's loop, same bits).
   */
  adam(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, alpha: number, c1: number, c2: number, eps: number, variant?: NativeVariant): void;
  /** The CSV loader's kernels (src-shared/data/csv/csv-kernels.ts); absent in older builds. */
  readonly csvNumericRows?: NumericRowScanner;
  readonly csvBlockStats?: BlockStatsKernel;
  readonly csvHistogram?: HistogramKernel;
  /** A plain numeric file's rows and block statistics on several threads (native/src/csv-parallel.cpp); absent in older builds. */
  readonly csvLoadNumeric?: NativeNumericLoad;
  /** Histogram counts of rows [0, rows) on several threads (csv-parallel.cpp). */
  readonly csvHistogramAsync?: NativeHistogram;
}

/** What csvLoadNumeric answers: code 0 read (then rows and partials), else why not (native/src/csv-parallel.cpp). */
export interface NativeNumericLoadResult {
  readonly code: number;
  readonly rows: number;
  readonly partials: Float64Array;
}

/** csvLoadNumeric (native/src/csv-parallel.cpp); vals, kinds and status must be views of SharedArrayBuffers. */
export type NativeNumericLoad = (
  fd: number,
  start: number,
  end: number,
  delimiter: number,
  point: number,
  cols: number,
  vals: Float64Array,
  kinds: Uint8Array,
  rowStart: number,
  threads: number,
  blockRows: number,
  status: Int32Array,
) => Promise<NativeNumericLoadResult>;

/** csvHistogramAsync: the counts of every column's bins in one array (HistogramKernel's layout). */
export type NativeHistogram = (
  values: Float64Array,
  missing: Uint8Array,
  rows: number,
  cols: number,
  bins: Int32Array,
  lo: Float64Array,
  scale: Float64Array,
  threads: number,
) => Promise<Float64Array>;

/** The API version this code speaks (kApiVersion in native/src/addon.cpp). */
export const NATIVE_API_VERSION = 3;

/** The file node-gyp builds (target_name in native/binding.gyp). */
export const NATIVE_ADDON_FILE = 'dense_lab_native.node';

/** The addon and where it came from, or why there is none. */
export type NativeLoad =
  | { readonly ok: true; readonly addon: NativeAddon; readonly file: string }
  | { readonly ok: false; readonly reason: string };

/** The folder of this module (out/main when bundled, src-main/native from source). */
function moduleFolder(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** Paths where the addon may be, in the order they are tried (see the top of this file). */
export function nativeAddonCandidates(here: string = moduleFolder()): string[] {
  const paths = [join(here, NATIVE_ADDON_FILE), join(here, '..', '..', 'native', 'build', 'Release', NATIVE_ADDON_FILE)];
  const asar = `${sep}app.asar${sep}`;
  return paths.map((p) => (p.includes(asar) ? p.replace(asar, `${sep}app.asar.unpacked${sep}`) : p));
}

function looksLikeAddon(value: unknown): value is NativeAddon {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['variants', 'pack', 'dense', 'pack32', 'dense32', 'release', 'encodeNumbers', 'gemm', 'ops', 'transpose', 'adam', 'adamMany', 'relu', 'reluBackward', 'gatherRows'].every((name) => typeof v[name] === 'function');
}

export interface NativeLoadOptions {
  /** The folder to search from (tests); default: this module's folder. */
  readonly here?: string;
  /** The environment to read DENSE_LAB_NO_NATIVE from; default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The native addon, or the reason it is not available: DENSE_LAB_NO_NATIVE=1, not built, failed to load
 * (wrong platform, missing library), or a build of another API version. Never throws.
 */
export function loadNativeAddon(options: NativeLoadOptions = {}): NativeLoad {
  const env = options.env ?? process.env;
  if (env.DENSE_LAB_NO_NATIVE === '1') return { ok: false, reason: 'disabled by DENSE_LAB_NO_NATIVE=1' };
  const candidates = nativeAddonCandidates(options.here);
  const file = candidates.find((p) => existsSync(p));
  if (file === undefined) return { ok: false, reason: `not built (looked for ${candidates.join(', ')}; run \`node scripts/build-native.mjs\`)` };
  let loaded: unknown;
  try {
    loaded = createRequire(import.meta.url)(file);
  } catch (e) {
    return { ok: false, reason: `${file} failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!looksLikeAddon(loaded)) return { ok: false, reason: `${file} is not the Dense Lab native kernel` };
  if (loaded.version !== NATIVE_API_VERSION) {
    return { ok: false, reason: `${file} speaks API version ${String(loaded.version)}, this build expects ${NATIVE_API_VERSION} (rebuild it: node scripts/build-native.mjs)` };
  }
  return { ok: true, addon: loaded, file };
}

let csvKernels: CsvKernels | undefined;

/**
 * The CSV loader's native kernels (csv-kernels.ts), those the addon has; none when it is not available
 * (DENSE_LAB_NO_NATIVE=1 included): the loader then does everything in JavaScript, with the same result.
 * Loaded once per thread.
 */
export function nativeCsvKernels(): CsvKernels {
  if (csvKernels === undefined) {
    const load = loadNativeAddon();
    const a = load.ok ? load.addon : {};
    const pick = <K extends 'csvNumericRows' | 'csvBlockStats' | 'csvHistogram'>(k: K): NativeAddon[K] | undefined =>
      typeof (a as Partial<NativeAddon>)[k] === 'function' ? (a as NativeAddon)[k] : undefined;
    const numericRows = pick('csvNumericRows');
    const blockStats = pick('csvBlockStats');
    const histogram = pick('csvHistogram');
    csvKernels = { ...(numericRows ? { numericRows } : {}), ...(blockStats ? { blockStats } : {}), ...(histogram ? { histogram } : {}) };
  }
  return csvKernels;
}

/** The native loader of plain numeric files (csvLoadNumeric with csvHistogramAsync), when the addon has it. */
export interface NativeCsvLoader {
  readonly loadNumeric: NativeNumericLoad;
  readonly histogram: NativeHistogram;
}

let csvLoader: NativeCsvLoader | null | undefined;

/** The native loader of plain numeric files, or null (no addon, an older build, DENSE_LAB_NO_NATIVE=1). Loaded once. */
export function nativeCsvLoader(): NativeCsvLoader | null {
  if (csvLoader === undefined) {
    const load = loadNativeAddon();
    const a: Partial<NativeAddon> = load.ok ? load.addon : {};
    csvLoader = typeof a.csvLoadNumeric === 'function' && typeof a.csvHistogramAsync === 'function' ? { loadNumeric: a.csvLoadNumeric, histogram: a.csvHistogramAsync } : null;
  }
  return csvLoader;
}
