/**
 * The forward worker pool: long-lived worker threads that run a network over a whole dataset.
 *
 * The dataset's SharedArrayBuffers and a shared output are posted to the workers (shared, never copied);
 * workers claim chunks of rows with an atomic counter (src-shared/jobs/forward.ts), so the result is the
 * same bit for bit for any number of workers. Jobs run one at a time, in the order they were asked for.
 * Progress and the watchdog read shared counters, because a busy worker cannot answer messages.
 *
 * A job ends in exactly one Result: the outputs, or a typed error ('job/cancelled', 'job/worker-crashed', 'job/worker-out-of-memory',
 * 'job/worker-exited', 'job/worker-error', 'job/timeout', 'job/worker-start', 'job/pool-closed').
 * A worker that crashes, exits or hangs is replaced; the pool stays usable.
 */
import { availableParallelism } from 'node:os';
import { CONTROL, ROW_STATUS, controlLength, slowerKernel, type ForwardRequest, type KernelChoice, type KernelUsed, type TestFault, type WorkerToPool } from '../../src-shared/jobs/forward';
import type { EncodePlan } from '../../src-shared/data/encode';
import type { ForwardPrecision } from '../../src-shared/nn/kernels/forward-kernel';
import type { DatasetMatrix } from '../../src-shared/data/dataset';
import { outputSize, type Network } from '../../src-shared/nn/model';
import { err, errorDetail, ok, type AppError, type Result } from '../../src-shared/result';
import { defaultWorkerHeapMb, workerFailureMessage } from './worker-files';
import { seconds, sharedLayers, sharedSlice, WorkerSlot } from './forward-slot';
import { JobChunks } from '../native/forward-chunks';
import { HISTOGRAM_BINS, hiddenLayout, UNIT_SLOTS, type LayerBins } from '../../src-shared/jobs/activation-stats';
import { plural } from '../../src-shared/text/numbers';

export interface ForwardPoolOptions {
  /** Number of worker threads (default: os.availableParallelism()). */
  readonly size?: number;
  /** A job whose workers show no progress for this long fails with 'job/timeout' (default 30 s). */
  readonly silenceTimeoutMs?: number;
  /** How long a new worker may take to load before its job fails with 'job/worker-start' (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Each worker's heap limit in MB (default defaultWorkerHeapMb(); tests make it small). */
  readonly workerHeapMb?: number;
}

/** A forward job: a network, how to encode the dataset's rows for it, and the dataset. */
export interface ForwardJob {
  readonly net: Network;
  readonly plan: EncodePlan;
  /** values and missing should sit on SharedArrayBuffers (they are copied once into one otherwise). */
  readonly matrix: DatasetMatrix;
  /** Use at most this many of the pool's workers. */
  readonly maxWorkers?: number;
  /** Rows per chunk (default: about 16 MFLOP of work per chunk, so a cancel lands within milliseconds). */
  readonly chunkRows?: number;
  /** 'fast' (default): the WASM SIMD kernel where available; 'reference': the engine's forwardBatch. */
  readonly kernel?: KernelChoice;
  /**
   * 'float32': the float32 mode (faster, not the engine's bits: see src-shared/nn/kernels/forward-kernel.ts), on
   * the native kernel or WebAssembly SIMD; a host with neither computes float64 and says so in `precision`.
   */
  readonly precision?: ForwardPrecision;
  /** Tests only: make the first worker fail this way. */
  readonly testFault?: TestFault;
  /**
   * Also compute hidden-activation statistics (src-shared/jobs/activation-stats.ts): pass 'units' (per chunk and
   * hidden unit) or pass 'histogram' with each hidden layer's bins. The outputs are the same bits either way.
   */
  readonly stats?: { readonly pass: 'units' } | { readonly pass: 'histogram'; readonly bins: readonly LayerBins[] };
}

/** Statistics of a forward job (ForwardJob.stats), raw: merge them with activation-stats.ts. */
export interface ForwardStats {
  readonly pass: 'units' | 'histogram';
  /** units: chunks × hidden units × UNIT_SLOTS; histogram: workers × hidden layers × HISTOGRAM_BINS. */
  readonly values: Float64Array;
  readonly chunks: number;
}

/** The outputs of a forward job, in shared memory. */
export interface ForwardOutput {
  readonly rows: number;
  readonly outputSize: number;
  /** rows × outputSize, row-major; NaN for rows whose status is not ok. */
  readonly output: Float64Array;
  /** rows: ROW_STATUS per row (ok, missingInput, unknownCategory). */
  readonly status: Uint8Array;
  /** Rows with status ok. */
  readonly okRows: number;
  /** Workers that took part. */
  readonly workers: number;
  /** Which implementation the workers ran (the first worker's; all run the same code). */
  readonly kernel: KernelUsed | 'none';
  /** The arithmetic the workers ran: float32 only when every worker ran the float32 mode. */
  readonly precision: ForwardPrecision;
  /** When the job asked for statistics. */
  readonly stats?: ForwardStats;
}

export interface JobRunOptions {
  /** Called with rows done so far (at most every ~50 ms, and once at the end). */
  readonly onProgress?: (rowsDone: number, rows: number) => void;
  /** Abort to cancel: the job ends with 'job/cancelled' within about one chunk's time. */
  readonly signal?: AbortSignal;
}

/** Floating-point operations of one row through the network (2 · inputs · units per layer). */
export function flopsPerRow(net: Network): number {
  let flops = 0;
  for (const layer of net.layers) flops += 2 * layer.inputs * layer.units;
  return flops;
}

const CHUNK_FLOPS = 16e6;
/** Most chunk × hidden-unit entries a statistics job keeps (its chunks grow on large data to stay within). */
const MAX_STATS_ENTRIES = 1_000_000;

const POLL_MS = 25;

function defaultChunkRows(net: Network): number {
  return Math.max(16, Math.min(16384, Math.round(CHUNK_FLOPS / Math.max(1, flopsPerRow(net)))));
}

/** A pool of forward workers. Create one per app (or CLI run) and close it at the end. */
export class ForwardPool {
  readonly size: number;
  private readonly silenceTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly workerHeapMb: number;
  private readonly slots: (WorkerSlot | null)[];
  /** The last job asked for (close() waits for it: the jobs end in order). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Jobs waiting for the one running to end, in order; `running` while a job runs. */
  private readonly waiting: (() => void)[] = [];
  private running = false;
  private closed = false;
  private nextJobId = 1;
  /** Cancels the running job (used by close()). */
  private cancelRunning: (() => void) | null = null;
  /** Computes the running job's chunks on this thread (see help()), when it can. */
  private helper: ((maxChunks: number) => number) | null = null;

  constructor(options: ForwardPoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`ForwardPool: size must be a positive integer, got ${size}`);
    this.size = size;
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? 30_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.workerHeapMb = options.workerHeapMb ?? defaultWorkerHeapMb();
    this.slots = new Array<WorkerSlot | null>(size).fill(null);
  }

  /** Start the first `count` workers now (every worker by default; otherwise they start with the first job). */
  async warmUp(count = this.size): Promise<Result<void>> {
    if (this.closed) return err({ kind: 'job/pool-closed', message: 'The forward worker pool has been shut down.' });
    try {
      return await this.ensureWorkers(Math.max(1, Math.min(this.size, count)));
    } catch (e) {
      // never rejects (callers start it without waiting): the job that needs the workers meets the same failure
      return err({ kind: 'job/worker-start', message: 'A forward worker could not start. Try again; if it happens again, see Details.', detail: errorDetail(e) });
    }
  }

  /**
   * Run `job`'s network over every row of its matrix. Resolves (never rejects) with the outputs or a
   * typed error. Jobs queue: one runs at a time, using up to min(size, job.maxWorkers) workers.
   */
  runForward(job: ForwardJob, options: JobRunOptions = {}): Promise<Result<ForwardOutput>> {
    const run = new Promise<Result<ForwardOutput>>((resolve) => {
      this.waiting.push(() => {
        let handedOn = false;
        const handOn = () => {
          if (handedOn) return;
          handedOn = true;
          this.startNext();
        };
        this.execute(job, options, handOn).then(
          (result) => {
            handOn();
            resolve(result);
          },
          (e: unknown) => {
            handOn();
            resolve(err({ kind: 'job/internal', message: 'The forward job failed unexpectedly (a bug in Dense Lab; see Details).', detail: errorDetail(e) }));
          },
        );
      });
      if (!this.running) this.startNext();
    });
    this.queue = run;
    return run;
  }

  /**
   * Start the next waiting job, if any. A job that ends calls this before its own caller hears of it, in the same
   * turn of the event loop, so the next job reaches ready workers at once: chained on promises, it waited for the
   * caller's next piece of work (measured in predict --stream, 2 cores: 6–11 ms per batch with the worker idle).
   */
  private startNext(): void {
    const start = this.waiting.shift();
    this.running = start !== undefined;
    start?.();
  }

  /**
   * Compute chunks of the running job on this thread until none is left (or the job is cancelled or failed, or
   * `maxChunks` are done: each is a few milliseconds), and return the rows computed here: for a caller that would only wait for the job (predict --stream, whose thread
   * waits for a batch between reading and writing: measured on 2 cores, about a quarter of its time). The same
   * code as the workers' (native/forward-chunks.ts): the same bits. Only float64 jobs without statistics are helped (their
   * kernels are bit for bit the engine's whichever is picked); 0 for others, or when no job runs.
   */
  help(maxChunks = Infinity): number {
    return this.helper?.(maxChunks) ?? 0;
  }

  /** Cancel a running job, stop every worker and wait until they have exited. The pool cannot be used after. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelRunning?.();
    await this.queue;
    await Promise.all(
      this.slots.map(async (slot, k) => {
        this.slots[k] = null;
        if (slot && slot.alive) await slot.worker.terminate();
      }),
    );
  }

  private async ensureWorkers(n: number): Promise<Result<void>> {
    for (let k = 0; k < n; k++) {
      const slot = this.slots[k];
      if (!slot || !slot.alive) this.slots[k] = new WorkerSlot(this.startTimeoutMs, this.workerHeapMb);
    }
    const started = await Promise.all(this.slots.slice(0, n).map((slot) => slot!.ready));
    for (let k = 0; k < n; k++) {
      const r = started[k];
      if (!r.ok) {
        await this.retire(k);
        return r;
      }
    }
    return ok(undefined);
  }

  /** Stop worker k (if it still runs) and forget it: the next job starts a fresh one in its place. */
  private async retire(k: number): Promise<void> {
    const slot = this.slots[k];
    this.slots[k] = null;
    if (slot) {
      slot.listener = null;
      if (slot.alive) await slot.worker.terminate();
    }
  }

  /** Whether workers 0 … n − 1 are running and ready (a job can then be posted without waiting). */
  private workersReady(n: number): boolean {
    for (let k = 0; k < n; k++) {
      const slot = this.slots[k];
      if (!slot || !slot.alive || !slot.started) return false;
    }
    return true;
  }

  /** Run one job (runForward's queue runs one at a time); `handOn` starts the next job once this one's workers are free. */
  private async execute(job: ForwardJob, options: JobRunOptions, handOn: () => void): Promise<Result<ForwardOutput>> {
    if (this.closed) return err({ kind: 'job/pool-closed', message: 'The forward worker pool has been shut down.' });
    const { net, plan, matrix } = job;
    if (plan.width !== net.inputSize) {
      return err({ kind: 'job/invalid', message: `The encoding gives ${plural(plan.width, 'input')} but the network takes ${net.inputSize}.` });
    }
    const rows = matrix.rows;
    if (matrix.values.length < rows * matrix.cols || matrix.missing.length < rows * matrix.cols) {
      return err({ kind: 'job/invalid', message: `The dataset matrix is smaller than ${rows} rows × ${matrix.cols} columns.` });
    }
    const outSize = outputSize(net);
    const outputBuffer = new SharedArrayBuffer(rows * outSize * 8);
    const statusBuffer = new SharedArrayBuffer(rows);
    const output = new Float64Array(outputBuffer);
    const status = new Uint8Array(statusBuffer);
    if (options.signal?.aborted) return err({ kind: 'job/cancelled', message: 'The forward job was cancelled.' });
    const layout = hiddenLayout(net);
    let chunkRows = job.chunkRows ?? defaultChunkRows(net);
    // the per-chunk statistics stay under MAX_STATS_ENTRIES (depends on rows and the network only, never on workers)
    if (job.stats?.pass === 'units') chunkRows = Math.max(chunkRows, Math.ceil((rows * layout.total) / MAX_STATS_ENTRIES));
    const chunks = Math.ceil(rows / chunkRows);
    const workers = Math.max(1, Math.min(this.size, job.maxWorkers ?? this.size, chunks));
    const statsBuffer = !job.stats
      ? null
      : new SharedArrayBuffer(Math.max(1, job.stats.pass === 'units' ? chunks * layout.total * UNIT_SLOTS : workers * layout.layers * HISTOGRAM_BINS) * 8);
    const stats = (): ForwardStats | undefined => (statsBuffer && job.stats ? { pass: job.stats.pass, values: new Float64Array(statsBuffer), chunks } : undefined);
    if (rows === 0) {
      options.onProgress?.(0, 0);
      return ok({ rows, outputSize: outSize, output, status, okRows: 0, workers: 0, kernel: 'none', precision: job.precision ?? 'float64', ...(job.stats ? { stats: stats() } : {}) });
    }
    // Ready workers get the job in this turn (see startNext); others are started (or replaced) first.
    const started = this.workersReady(workers) ? ok(undefined) : await this.ensureWorkers(workers);
    if (!started.ok) return started;

    const control = new Int32Array(new SharedArrayBuffer(controlLength(workers + 1) * 4));
    const layers = sharedLayers(net);
    const data = { rows, cols: matrix.cols, values: sharedSlice(matrix.values), missing: sharedSlice(matrix.missing) };
    const jobId = this.nextJobId++;

    return new Promise<Result<ForwardOutput>>((resolve) => {
      let failure: AppError | null = null;
      /** This thread's kernel and buffers for the job, made on the first help() (see below). */
      let helping: JobChunks | undefined;
      let pending = workers;
      let rowsReported = -1;
      let kernelUsed: KernelUsed | 'none' = 'none';
      let precisionUsed: ForwardPrecision = job.precision ?? 'float64';
      let lastBeat = -1;
      let lastBeatAt = Date.now();
      const broken = new Set<number>();

      const cancelAll = () => Atomics.store(control, CONTROL.cancel, 1);
      const fail = (error: AppError) => {
        if (!failure) failure = error;
        cancelAll();
      };
      const onAbort = () => fail({ kind: 'job/cancelled', message: 'The forward job was cancelled.' });
      options.signal?.addEventListener('abort', onAbort);
      this.cancelRunning = () => fail({ kind: 'job/cancelled', message: 'The forward job was cancelled: the pool is shutting down.' });

      const report = () => {
        const done = Atomics.load(control, CONTROL.rowsDone);
        if (done !== rowsReported) {
          rowsReported = done;
          options.onProgress?.(done, rows);
        }
      };

      const finish = async () => {
        clearInterval(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.cancelRunning = null;
        this.helper = null;
        helping?.dispose();
        for (let k = 0; k < workers; k++) if (this.slots[k]) this.slots[k]!.listener = null;
        for (const k of broken) await this.retire(k);
        handOn();
        if (failure) {
          resolve(err(failure));
          return;
        }
        report();
        let okRows = 0;
        for (let r = 0; r < rows; r++) if (status[r] === ROW_STATUS.ok) okRows++;
        resolve(ok({ rows, outputSize: outSize, output, status, okRows, workers, kernel: kernelUsed, precision: precisionUsed, ...(job.stats ? { stats: stats() } : {}) }));
      };

      const settle = () => {
        pending--;
        if (pending === 0) void finish();
      };

      const timer = setInterval(() => {
        report();
        let beat = Atomics.load(control, CONTROL.rowsDone);
        for (let k = 0; k < workers; k++) beat += Atomics.load(control, CONTROL.heartbeat + k);
        const now = Date.now();
        if (beat !== lastBeat) {
          lastBeat = beat;
          lastBeatAt = now;
          return;
        }
        if (now - lastBeatAt > this.silenceTimeoutMs) {
          // Silent workers may be stuck in a loop that never looks at the cancel flag: stop them.
          fail({ kind: 'job/timeout', message: `The forward workers made no progress for ${seconds(this.silenceTimeoutMs)}; the job was stopped.` });
          for (let k = 0; k < workers; k++) {
            if (settledSlots.has(k)) continue;
            settledSlots.add(k);
            broken.add(k);
            settle();
          }
        }
      }, POLL_MS);

      const requestFor = (k: number): ForwardRequest => ({
        type: 'forward',
        jobId,
        slot: k,
        inputSize: net.inputSize,
        layers,
        plan,
        data,
        output: outputBuffer,
        status: statusBuffer,
        control: control.buffer as SharedArrayBuffer,
        chunkRows,
        kernel: job.kernel ?? 'fast',
        ...(job.precision === 'float32' ? { precision: 'float32' as const } : {}),
        ...(job.testFault && k === 0 ? { testFault: job.testFault } : {}),
        ...(job.stats && statsBuffer
          ? { stats: job.stats.pass === 'units' ? { pass: 'units' as const, out: statsBuffer } : { pass: 'histogram' as const, bins: job.stats.bins, out: statsBuffer } }
          : {}),
      });
      const settledSlots = new Set<number>();
      for (let k = 0; k < workers; k++) {
        const slot = this.slots[k]!;
        slot.listener = (event) => {
          if (settledSlots.has(k)) return;
          if (event.type === 'message') {
            const m = event.message;
            if (m.type === 'ready' || m.jobId !== jobId) return;
            if (m.type === 'failed') fail(m.error);
            else {
              kernelUsed = kernelUsed === 'none' ? m.kernel : slowerKernel(kernelUsed, m.kernel);
              if (m.precision === 'float64') precisionUsed = 'float64';
            }
          } else if (event.type === 'error') {
            broken.add(k);
            const oom = (event.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
            fail({ kind: oom ? 'job/worker-out-of-memory' : 'job/worker-crashed', message: workerFailureMessage('forward worker', event.error, slot.heapMb), detail: errorDetail(event.error) });
          } else {
            broken.add(k);
            fail({ kind: 'job/worker-exited', message: `A forward worker stopped unexpectedly (exit code ${event.code}).` });
          }
          settledSlots.add(k);
          settle();
        };
        slot.worker.postMessage(requestFor(k));
      }
      // This thread's share, when help() is called: its own heartbeat slot (after the workers'), the same chunks.
      if (job.precision !== 'float32' && !job.stats && !job.testFault) {
        const request = requestFor(workers);
        this.helper = (maxChunks) => {
          if (failure) return 0;
          try {
            helping ??= new JobChunks(request);
            const r = helping.run(maxChunks);
            if (r.rows > 0) kernelUsed = kernelUsed === 'none' ? r.kernel : slowerKernel(kernelUsed, r.kernel);
            return r.rows;
          } catch (e) {
            // a chunk it claimed is not computed: the job must not end as if it were
            fail({ kind: 'job/internal', message: 'The forward pass failed on the main thread (a bug in Dense Lab; see Details).', detail: errorDetail(e) });
            return 0;
          }
        };
      }
    });
  }
}
