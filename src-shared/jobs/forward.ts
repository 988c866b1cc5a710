/**
 * The messages between the worker pool (src-main/workers/pool.ts) and a forward worker
 * (src-main/workers/forward-worker.ts). Everything here is structured-cloneable; the big arrays are
 * SharedArrayBuffers, so posting a job shares the dataset and the output instead of copying them.
 *
 * How a forward job runs: the pool posts one `forward` message to each worker taking part. Rows are
 * cut into chunks of `chunkRows`; each worker claims the next chunk with Atomics.add on
 * control[CONTROL.nextChunk], encodes its rows, runs the network and writes outputs and row status
 * into the shared output. Every row is computed by the same code whichever worker claims it, so the
 * result is the same bit for bit for any number of workers. Between chunks a worker checks
 * control[CONTROL.cancel]; it adds the rows it finished to control[CONTROL.rowsDone] (the pool polls
 * that for progress) and stores a tick in its heartbeat slot (the pool's watchdog reads it).
 */
import type { ForwardPrecision } from '../nn/kernels/forward-kernel';
import type { AppError } from '../result';
import type { ActivationName } from '../nn/model';
import type { EncodePlan } from '../data/encode';
import type { LayerBins } from './activation-stats';

/** Slots of the shared Int32Array `control` of one job. */
export const CONTROL = {
  /** Set to 1 by the pool to cancel: workers stop before their next chunk. */
  cancel: 0,
  /** Index of the next unclaimed chunk (Atomics.add by workers). */
  nextChunk: 1,
  /** Rows finished so far, all workers together. */
  rowsDone: 2,
  /** First heartbeat slot: worker k ticks control[heartbeat + k] after each chunk. */
  heartbeat: 3,
} as const;

/** Int32 slots a job's control array needs for `workers` workers. */
export function controlLength(workers: number): number {
  return CONTROL.heartbeat + workers;
}

/** Per-row status: owned by the encoding (src-shared/data/encode.ts), re-exported for the job messages. */
export { ROW_STATUS } from '../data/encode';

/** One dense layer as posted to a worker (the kernel is inputs × units, row-major, as in Network). */
export interface LayerData {
  readonly inputs: number;
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha?: number;
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

/** Which forward implementation a job asks for. */
export type KernelChoice = 'fast' | 'reference';

/** The native kernel (src-main/native/, C++) by the instruction set it ran on. */
export type NativeKernelKind = 'native-avx512' | 'native-avx2' | 'native-sse2' | 'native-scalar';

/** Which implementation actually ran: the native kernel, the WASM SIMD kernel, its JS fallback, or the engine's forwardBatch. */
export type KernelUsed = NativeKernelKind | 'wasm-simd' | 'js' | 'forwardBatch';

/** How fast a kernel is, slowest first: a job run by several workers reports the slowest kernel any of them used. */
const KERNEL_RANK: Readonly<Record<KernelUsed, number>> = {
  forwardBatch: 0,
  js: 1,
  'native-scalar': 2,
  'native-sse2': 3,
  'wasm-simd': 4,
  'native-avx2': 5,
  'native-avx512': 6,
};

/** The kernel a job reports when its workers used `a` and `b` (the slower one, so a figure is never credited to a faster kernel than ran). */
export function slowerKernel(a: KernelUsed, b: KernelUsed): KernelUsed {
  return KERNEL_RANK[b] < KERNEL_RANK[a] ? b : a;
}

/** A way to make a worker fail on purpose, for the tests of the pool's failure handling. */
export type TestFault = 'throw' | 'exit' | 'hang' | 'oom';

/** A typed array's place in a SharedArrayBuffer. */
export interface SharedSlice {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  /** Elements (not bytes). */
  readonly length: number;
}

/**
 * Hidden-activation statistics a forward job computes besides its outputs (src-shared/jobs/activation-stats.ts).
 * The worker then runs the network layer by layer (one single-layer kernel per layer: the same arithmetic, so the
 * outputs are bit-identical to a job without statistics).
 *   units      chunk c writes hidden unit u's zero/saturated/min/max/sum at out[(c·hiddenUnits + u)·UNIT_SLOTS …]
 *   histogram  worker slot k adds counts at out[(k·hiddenLayers + l)·HISTOGRAM_BINS + bin], bins[l] per hidden layer
 */
export type StatsRequest =
  | { readonly pass: 'units'; readonly out: SharedArrayBuffer }
  | { readonly pass: 'histogram'; readonly bins: readonly LayerBins[]; readonly out: SharedArrayBuffer };

/** Pool → worker: compute a share of a forward job. */
export interface ForwardRequest {
  readonly type: 'forward';
  readonly jobId: number;
  /** This worker's slot among the job's workers (its heartbeat index). */
  readonly slot: number;
  readonly inputSize: number;
  readonly layers: readonly LayerData[];
  /** How dataset columns become network inputs. */
  readonly plan: EncodePlan;
  /**
   * The dataset matrix: rows × cols Float64 values and Uint8 missing flags, each a view at a byte offset
   * into a SharedArrayBuffer (the loader's buffers may be larger than the matrix).
   */
  readonly data: { readonly rows: number; readonly cols: number; readonly values: SharedSlice; readonly missing: SharedSlice };
  /** rows × outputSize Float64 (SharedArrayBuffer): written by the workers. */
  readonly output: SharedArrayBuffer;
  /** rows Uint8 ROW_STATUS (SharedArrayBuffer): written by the workers. */
  readonly status: SharedArrayBuffer;
  /** Int32 control slots (see CONTROL). */
  readonly control: SharedArrayBuffer;
  readonly chunkRows: number;
  /** 'fast': the native kernel if it loads, else createForwardKernel (WebAssembly SIMD where available); 'reference': forwardBatch. Same bits either way. */
  readonly kernel: KernelChoice;
  /** 'float32': the float32 mode (src-shared/nn/kernels/forward-kernel.ts) with the fast kernel; default float64. */
  readonly precision?: ForwardPrecision;
  /** Tests only: fail in the given way after claiming the first chunk. */
  readonly testFault?: TestFault;
  /** Also compute hidden-activation statistics (see StatsRequest). */
  readonly stats?: StatsRequest;
}

/** Pool → worker: messages a worker understands. */
export type PoolToWorker = ForwardRequest;

/** Worker → pool. */
export type WorkerToPool =
  | { readonly type: 'ready' }
  /** The worker found no more chunks (or saw the cancel flag) and has stopped writing. */
  | { readonly type: 'done'; readonly jobId: number; readonly rows: number; readonly cancelled: boolean; readonly kernel: KernelUsed; readonly precision: ForwardPrecision }
  /** The worker caught an error it could describe; it stays alive for the next job. */
  | { readonly type: 'failed'; readonly jobId: number; readonly error: AppError };
