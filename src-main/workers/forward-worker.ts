/**
 * A forward worker: runs the network over chunks of a shared dataset (see src-shared/jobs/forward.ts
 * for the protocol). It claims chunks with an atomic counter, encodes their rows, runs the network and
 * writes outputs and row status into shared memory. It checks the cancel flag between chunks, so a
 * cancel takes effect within one chunk's time. Imports only src-shared, node:worker_threads and
 * src-main/native (the optional native kernel: a Node addon, loaded by each worker thread that runs it).
 */
import { parentPort } from 'node:worker_threads';
import { CONTROL, ROW_STATUS, type ForwardRequest, type KernelChoice, type KernelUsed, type PoolToWorker, type WorkerToPool } from '../../src-shared/jobs/forward';
import { encodeRows } from '../../src-shared/data/encode';
import { forwardBatch } from '../../src-shared/nn/forward';
import { createForwardKernel, type ForwardPrecision } from '../../src-shared/nn/kernels/forward-kernel';
import { outputSize, type Network } from '../../src-shared/nn/model';
import { chunkHistogram, chunkUnitStats, HISTOGRAM_BINS, hiddenLayout } from '../../src-shared/jobs/activation-stats';
import { loadNativeAddon, type AheadArgs } from '../native/addon';
import { createNativeEncoder, createNativeForward, preferredNativeVariant } from '../native/native-forward';

const port = parentPort;
if (!port) throw new Error('forward-worker must run in a worker thread');

/** The native kernel, loaded once per worker thread (or why it is missing: the worker then uses WebAssembly). */
const native = loadNativeAddon();
/** Its variant for this CPU, if it beats WebAssembly here (AVX-512 or AVX2). */
const nativeVariant = native.ok ? preferredNativeVariant(native.addon) : undefined;

function post(message: WorkerToPool): void {
  port!.postMessage(message);
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

function injectFault(fault: NonNullable<ForwardRequest['testFault']>): void {
  if (fault === 'exit') process.exit(7);
  if (fault === 'throw') throw new Error('injected test fault: the worker threw');
  if (fault === 'oom') {
    // Keep allocating until the heap limit stops this thread.
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i + hoard.length));
  }
  // 'hang': busy forever without looking at the cancel flag; only the pool's watchdog can end this.
  for (;;) {
    /* spin */
  }
}

function runForward(job: ForwardRequest): void {
  const control = new Int32Array(job.control);
  const rows = job.data.rows;
  const matrix = {
    rows,
    cols: job.data.cols,
    values: new Float64Array(job.data.values.buffer, job.data.values.byteOffset, job.data.values.length),
    missing: new Uint8Array(job.data.missing.buffer, job.data.missing.byteOffset, job.data.missing.length),
  };
  const net: Network = { inputSize: job.inputSize, layers: job.layers };
  const outSize = outputSize(net);
  const output = new Float64Array(job.output);
  const status = new Uint8Array(job.status);
  const chunkRows = job.chunkRows;
  const chunks = Math.ceil(rows / chunkRows);
  const where = { start: () => chunkStart, chunk: () => chunkIndex };
  const runner = job.stats ? layerByLayer(net, job, chunkRows, status, where) : makeRunner(net, job.kernel, job.precision);
  // numeric inputs are encoded natively where the native kernel runs (the same values: see createNativeEncoder)
  const nativeEncode = runner.kind.startsWith('native-') && native.ok ? createNativeEncoder(native.addon, job.plan, nativeVariant) : undefined;
  // the native float32 mode reads its inputs as float32: encode them so (the same rounding, one pass less)
  const float32Input = nativeEncode !== undefined && runner.precision === 'float32' && !job.stats;
  // sized for the rows this worker can get (a job smaller than a chunk needs less)
  const inputRows = Math.min(chunkRows, rows);
  const input = float32Input ? new Float32Array(inputRows * job.plan.width) : new Float64Array(inputRows * job.plan.width);
  let chunkStart = 0;
  let chunkIndex = 0;
  let done = 0;
  let cancelled = false;
  // Each chunk is claimed one chunk ahead, so the kernel can prefetch its rows while it computes the current one
  // (its encoding then reads them from the cache). Which worker runs which chunk never changes the results.
  // (Only when the encoding reads most of each row: a few columns of many would prefetch lines it never reads.)
  let claimed = Atomics.add(control, CONTROL.nextChunk, 1);
  const prefetch = runner.kind.startsWith('native-') && matrix.cols <= 2 * job.plan.width;
  const rowsOf = (chunk: number): AheadArgs | undefined => {
    if (chunk >= chunks || !prefetch) return undefined;
    const first = chunk * chunkRows * matrix.cols;
    const cells = (Math.min(rows, (chunk + 1) * chunkRows) - chunk * chunkRows) * matrix.cols;
    return [matrix.values, first, cells, matrix.missing, first, cells];
  };
  try {
    for (;;) {
      if (Atomics.load(control, CONTROL.cancel) !== 0) {
        cancelled = true;
        break;
      }
      const chunk = claimed;
      if (chunk >= chunks) break;
      claimed = Atomics.add(control, CONTROL.nextChunk, 1);
      if (job.testFault) injectFault(job.testFault);
      const start = chunk * chunkRows;
      const end = Math.min(rows, start + chunkRows);
      const n = end - start;
      const okRows = nativeEncode ? nativeEncode(matrix, start, end, input, status) : encodeRows(job.plan, matrix, start, end, input as Float64Array, status);
      chunkStart = start;
      chunkIndex = chunk;
      const out = output.subarray(start * outSize, end * outSize);
      runner.run(input, n, out, rowsOf(claimed));
      if (okRows !== n) {
        for (let r = start; r < end; r++) if (status[r] !== ROW_STATUS.ok) out.fill(NaN, (r - start) * outSize, (r - start + 1) * outSize);
      }
      done += n;
      Atomics.add(control, CONTROL.rowsDone, n);
      Atomics.add(control, CONTROL.heartbeat + job.slot, 1);
    }
  } finally {
    runner.dispose();
  }
  post({ type: 'done', jobId: job.jobId, rows: done, cancelled, kernel: runner.kind, precision: runner.precision });
}

port.on('message', (message: PoolToWorker) => {
  if (message.type !== 'forward') return;
  if (message.testFault) {
    // Faults are injected outside the try below, so they reach the pool as a real crash.
    runForward(message);
    return;
  }
  try {
    runForward(message);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    post({ type: 'failed', jobId: message.jobId, error: { kind: 'job/worker-error', message: `A forward worker failed: ${text}` } });
  }
});

post({ type: 'ready' });
