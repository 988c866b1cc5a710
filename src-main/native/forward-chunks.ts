/**
 * The forward pass over a job's chunks of rows (see src-shared/jobs/forward.ts for the protocol), as a forward
 * worker runs it: claim a chunk with an atomic counter, encode its rows, run the network, write outputs and row
 * status into shared memory, and check the cancel flag between chunks. Which thread computes which chunk never
 * changes a bit: each row is computed on its own, by the same code. Imports only src-shared and src-main/native
 * (the optional native kernel: a Node addon, loaded by each thread that runs it).
 */
import { CONTROL, ROW_STATUS, type ForwardRequest, type KernelChoice, type KernelUsed } from '../../src-shared/jobs/forward';
import { encodeRows } from '../../src-shared/data/encode';
import { forwardBatch } from '../../src-shared/nn/forward';
import { createForwardKernel, type ForwardPrecision } from '../../src-shared/nn/kernels/forward-kernel';
import { outputSize, type Network } from '../../src-shared/nn/model';
import { chunkHistogram, chunkUnitStats, HISTOGRAM_BINS, hiddenLayout } from '../../src-shared/jobs/activation-stats';
import { loadNativeAddon, type AheadArgs, type NativeLoad } from './addon';
import { createNativeEncoder, createNativeForward, preferredNativeVariant } from './native-forward';

/** The native kernel, loaded once per thread on first use (or why it is missing: the thread then uses WebAssembly), and its variant for this CPU if it beats WebAssembly here (AVX-512 or AVX2). */
let loaded: { readonly native: NativeLoad; readonly nativeVariant: ReturnType<typeof preferredNativeVariant> | undefined } | undefined;
export function nativeKernel(): NonNullable<typeof loaded> {
  if (loaded === undefined) {
    const native = loadNativeAddon();
    loaded = { native, nativeVariant: native.ok ? preferredNativeVariant(native.addon) : undefined };
  }
  return loaded;
}

/** A function computing rows × outputs from rows × inputs, and how to release it. */
interface Runner {
  readonly kind: KernelUsed;
  readonly precision: ForwardPrecision;
  /**
   * A Float32Array input only for the native float32 mode (runForward encodes into one then). `ahead`: the next
   * chunk's dataset rows, which the native kernel prefetches while it computes (the other kernels ignore it).
   */
  run(input: Float64Array | Float32Array, rows: number, output: Float64Array, ahead?: AheadArgs): void;
  dispose(): void;
}

/**
 * When the fast kernel is asked for: the native kernel if it loaded and has a SIMD variant for this CPU, else
 * the WebAssembly one (both are bit-identical to forwardBatch); else (or if neither can be built) forwardBatch.
 */
function makeRunner(net: Network, choice: KernelChoice, precision: ForwardPrecision = 'float64'): Runner {
  const { native, nativeVariant } = nativeKernel();
  if (choice === 'fast' && native.ok && nativeVariant !== undefined) {
    try {
      const kernel = createNativeForward(native.addon, net, { variant: nativeVariant, precision });
      return { kind: kernel.kind, precision: kernel.precision, run: (input, rows, output, ahead) => kernel.run(input, rows, output, ahead), dispose: () => kernel.dispose() };
    } catch {
      // A network the native kernel refuses (no layers, out of memory) still runs, on the WebAssembly kernel.
    }
  }
  if (choice === 'fast') {
    try {
      const kernel = createForwardKernel(net, { precision });
      return { kind: kernel.kind, precision: kernel.precision, run: (input, rows, output) => kernel.run(input as Float64Array, rows, output), dispose: () => kernel.dispose() };
    } catch {
      // A network the fast kernel cannot pack still runs, on the engine's own forwardBatch.
    }
  }
  return { kind: 'forwardBatch', precision: 'float64', run: (input, rows, output) => forwardBatch(net, input as Float64Array, rows, output), dispose: () => {} };
}

/**
 * A runner that goes layer by layer (one single-layer kernel each: the same sums in the same order as the whole
 * network, so the outputs are bit for bit those of makeRunner) and computes the job's hidden-activation statistics
 * for the chunk `where` says it is on.
 */
function layerByLayer(net: Network, job: ForwardRequest, chunkRows: number, status: Uint8Array, where: { start(): number; chunk(): number }): Runner {
  const stats = job.stats!;
  const layout = hiddenLayout(net);
  // float32 runs whole networks only (its hidden layers stay float32 between layers): statistics jobs are float64
  const runners = net.layers.map((layer) => makeRunner({ inputSize: layer.inputs, layers: [layer] }, job.kernel));
  const buffers = net.layers.map((layer) => new Float64Array(chunkRows * layer.units));
  const out = new Float64Array(stats.out);
  return {
    kind: runners[0].kind,
    precision: 'float64',
    run(input, rows, output) {
      const start = where.start();
      const ok = (r: number) => status[start + r] === ROW_STATUS.ok;
      let current = input;
      for (let l = 0; l < net.layers.length; l++) {
        const last = l === net.layers.length - 1;
        const a = last ? output : buffers[l];
        runners[l].run(current, rows, a);
        if (!last) {
          const layer = net.layers[l];
          if (stats.pass === 'units') chunkUnitStats(a, rows, layer.units, ok, layer.activation, out, where.chunk() * layout.total + layout.offsets[l]);
          else chunkHistogram(a, rows, layer.units, ok, stats.bins[l], out, (job.slot * layout.layers + l) * HISTOGRAM_BINS);
        }
        current = a;
      }
    },
    dispose() {
      for (const r of runners) r.dispose();
    },
  };
}

/** What a thread computed of a job: rows, whether it stopped on the cancel flag, and the kernel it ran. */
export interface ChunksDone {
  readonly rows: number;
  readonly cancelled: boolean;
  readonly kernel: KernelUsed;
  readonly precision: ForwardPrecision;
}

/**
 * A job's chunks as one thread computes them: claim one after another (control[CONTROL.nextChunk]) and compute
 * each until none is left or the cancel flag is set. A forward worker runs a job's chunks in one call (runChunks);
 * the pool's own thread computes some while it would only wait (ForwardPool.help), a few at a time (`maxChunks`),
 * on one JobChunks per job (its kernel and buffers made once). `beforeChunk`: tests inject faults there.
 */
export class JobChunks {
  private readonly control: Int32Array;
  private readonly rows: number;
  private readonly matrix: { rows: number; cols: number; values: Float64Array; missing: Uint8Array };
  private readonly outSize: number;
  private readonly output: Float64Array;
  private readonly status: Uint8Array;
  private readonly chunkRows: number;
  private readonly chunks: number;
  private readonly runner: Runner;
  private readonly nativeEncode: ReturnType<typeof createNativeEncoder> | undefined;
  private readonly input: Float64Array | Float32Array;
  private readonly prefetch: boolean;
  private chunkStart = 0;
  private chunkIndex = 0;

  constructor(private readonly job: ForwardRequest) {
    this.control = new Int32Array(job.control);
    const rows = (this.rows = job.data.rows);
    this.matrix = {
      rows,
      cols: job.data.cols,
      values: new Float64Array(job.data.values.buffer, job.data.values.byteOffset, job.data.values.length),
      missing: new Uint8Array(job.data.missing.buffer, job.data.missing.byteOffset, job.data.missing.length),
    };
    const net: Network = { inputSize: job.inputSize, layers: job.layers };
    this.outSize = outputSize(net);
    this.output = new Float64Array(job.output);
    this.status = new Uint8Array(job.status);
    const chunkRows = (this.chunkRows = job.chunkRows);
    this.chunks = Math.ceil(rows / chunkRows);
    const where = { start: () => this.chunkStart, chunk: () => this.chunkIndex };
    const runner = (this.runner = job.stats ? layerByLayer(net, job, chunkRows, this.status, where) : makeRunner(net, job.kernel, job.precision));
    // numeric inputs are encoded natively where the native kernel runs (the same values: see createNativeEncoder)
    const { native, nativeVariant } = nativeKernel();
    this.nativeEncode = runner.kind.startsWith('native-') && native.ok ? createNativeEncoder(native.addon, job.plan, nativeVariant) : undefined;
    // the native float32 mode reads its inputs as float32: encode them so (the same rounding, one pass less)
    const float32Input = this.nativeEncode !== undefined && runner.precision === 'float32' && !job.stats;
    // sized for the rows this thread can get (a job smaller than a chunk needs less)
    const inputRows = Math.min(chunkRows, rows);
    this.input = float32Input ? new Float32Array(inputRows * job.plan.width) : new Float64Array(inputRows * job.plan.width);
    // (Only when the encoding reads most of each row: a few columns of many would prefetch lines it never reads.)
    this.prefetch = runner.kind.startsWith('native-') && this.matrix.cols <= 2 * job.plan.width;
  }

  private rowsOf(chunk: number): AheadArgs | undefined {
    if (chunk >= this.chunks || !this.prefetch) return undefined;
    const cols = this.matrix.cols;
    const first = chunk * this.chunkRows * cols;
    const cells = (Math.min(this.rows, (chunk + 1) * this.chunkRows) - chunk * this.chunkRows) * cols;
    return [this.matrix.values, first, cells, this.matrix.missing, first, cells];
  }

  /** Compute chunks until none is left, the job is cancelled, or `maxChunks` are done; what this call computed. */
  run(maxChunks = Infinity, beforeChunk?: () => void): ChunksDone {
    const { control, job, matrix, status, output, outSize, runner, input, nativeEncode, chunkRows, chunks, rows } = this;
    let done = 0;
    let cancelled = false;
    // Each chunk is claimed one chunk ahead, so the kernel can prefetch its rows while it computes the current one
    // (its encoding then reads them from the cache). Which thread runs which chunk never changes the results.
    let claimed = Atomics.add(control, CONTROL.nextChunk, 1);
    let taken = 1;
    for (;;) {
      if (Atomics.load(control, CONTROL.cancel) !== 0) {
        cancelled = true;
        break;
      }
      const chunk = claimed;
      if (chunk >= chunks) break;
      // the next chunk is claimed ahead, unless this is the last one this call may take (a claimed chunk is computed)
      claimed = ++taken <= maxChunks ? Atomics.add(control, CONTROL.nextChunk, 1) : chunks;
      beforeChunk?.();
      const start = chunk * chunkRows;
      const end = Math.min(rows, start + chunkRows);
      const n = end - start;
      const okRows = nativeEncode ? nativeEncode(matrix, start, end, input, status) : encodeRows(job.plan, matrix, start, end, input as Float64Array, status);
      this.chunkStart = start;
      this.chunkIndex = chunk;
      const out = output.subarray(start * outSize, end * outSize);
      runner.run(input, n, out, this.rowsOf(claimed));
      if (okRows !== n) {
        for (let r = start; r < end; r++) if (status[r] !== ROW_STATUS.ok) out.fill(NaN, (r - start) * outSize, (r - start + 1) * outSize);
      }
      done += n;
      Atomics.add(control, CONTROL.rowsDone, n);
      Atomics.add(control, CONTROL.heartbeat + job.slot, 1);
    }
    return { rows: done, cancelled, kernel: runner.kind, precision: runner.precision };
  }

  dispose(): void {
    this.runner.dispose();
  }
}

/** All of a job's chunks this thread can claim, in one call (what a forward worker runs for each job). */
export function runChunks(job: ForwardRequest, options: { readonly beforeChunk?: () => void } = {}): ChunksDone {
  const chunks = new JobChunks(job);
  try {
    return chunks.run(Infinity, options.beforeChunk);
  } finally {
    chunks.dispose();
  }
}
