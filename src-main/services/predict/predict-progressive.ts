/**
 * Predictions that arrive in row order while they are being computed, so that writing them can start before the
 * forward pass ends (predict-file.ts: the export copies rows k… while the workers compute the rows after them).
 *
 * The dataset's rows go to the pool as consecutive segments, one forward job each, all queued at once (the pool
 * runs them back to back). As each job ends, its rows' prediction columns are made by the same predictionColumns
 * as predictDataset's and copied into the full-size columns, and `ready` moves past them. Each row is computed on
 * its own, so segments change no bit: the columns end equal to predictDataset's (tests/unit/services/predict/
 * predict-progressive.test.ts).
 */
import type { Dataset } from '../../../src-shared/data/dataset';
import { planEncoding } from '../../../src-shared/data/encode';
import { slowerKernel, type KernelUsed } from '../../../src-shared/jobs/forward';
import { emptyPredictionColumns, fillPredictionColumns, type PredictionColumn } from '../../../src-shared/jobs/prediction-columns';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ForwardPrecision } from '../../../src-shared/nn/kernels/forward-kernel';
import { outputSize } from '../../../src-shared/nn/model';
import { err, ok, type AppError, type Result } from '../../../src-shared/result';
import { predictionsOf, type PredictOptions, type Predictions } from './predict';

/** Below this many rows one job does it all (a segment's job costs a few milliseconds to start and end). */
export const PROGRESSIVE_MIN_ROWS = 50_000;
/** Segments a dataset is cut into: the export waits for the first, and the last is written after the workers end. */
const SEGMENTS = 8;

/** What the export reads while the predictions are computed (see the file comment). */
export interface ProgressivePredictions {
  /** The full-size columns, filled in row order: rows below ready() hold their predictions. */
  readonly rows: number;
  readonly columns: PredictionColumn[];
  /** Rows whose predictions are in `columns`. */
  ready(): number;
  /** Resolves once `rows` rows are ready, or with the error that ended the run. */
  wait(rows: number): Promise<Result<void>>;
  /** The whole run, as predictDataset reports it (without metrics, activation statistics or baseline). */
  readonly result: Promise<Result<Predictions>>;
  /** Stop the jobs not yet done (when the export fails): result then ends with a cancellation. */
  cancel(): void;
}

/** Segment boundaries: `segments` nearly equal parts of `rows` (default SEGMENTS, one part when there are few rows). */
export function segmentEnds(rows: number, segments = rows < PROGRESSIVE_MIN_ROWS ? 1 : SEGMENTS): number[] {
  const size = Math.max(1, Math.ceil(rows / Math.max(1, segments)));
  const ends: number[] = [];
  for (let end = size; end < rows; end += size) ends.push(end);
  ends.push(rows);
  return ends;
}

/**
 * Start predicting every row of `dataset` (see the file comment). Errors before any job (the dataset does not fit
 * the model) come back at once; a failed or cancelled job ends `result` and every wait() with its error.
 */
export function startPredictions(model: ModelFile, dataset: Dataset, options: Omit<PredictOptions, 'evaluate' | 'activationStats' | 'baseline'> & { /** Tests: how many segments (default: segmentEnds'). */ readonly segments?: number }): Result<ProgressivePredictions> {
  const started = performance.now();
  const plan = planEncoding(model.inputs, dataset.columns);
  if (!plan.ok) return plan;
  const net = modelToNetwork(model);
  const rows = dataset.rows;
  const outSize = outputSize(net);
  const made = emptyPredictionColumns(model.output, outSize, rows);
  if (!made.ok) return made;
  const columns = made.value;
  const status = new Uint8Array(rows);
  const ends = segmentEnds(rows, options.segments);
  // Stops the jobs still queued once one fails (or the caller gives up), as well as on the caller's signal.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) stop.abort();
  let ready = 0;
  let failure: AppError | null = null;
  const waiters: { rows: number; resolve: (r: Result<void>) => void }[] = [];
  const wake = () => {
    for (let k = waiters.length - 1; k >= 0; k--) {
      const w = waiters[k];
      if (failure === null && w.rows > ready) continue;
      waiters.splice(k, 1);
      w.resolve(failure === null ? ok(undefined) : err(failure));
    }
  };
  // Every segment's job is queued now: the pool runs them one after another without waiting for this thread.
  const jobs = ends.map((end, k) => {
    const first = k === 0 ? 0 : ends[k - 1];
    const { cols } = dataset;
    const matrix = { rows: end - first, cols, values: dataset.values.subarray(first * cols, end * cols), missing: dataset.missing.subarray(first * cols, end * cols) };
    return options.pool.runForward(
      {
        net,
        plan: plan.value,
        matrix,
        ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
        ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
        ...((options.arithmetic ?? model.arithmetic) === 'float32' ? { precision: 'float32' as const } : {}),
        ...(options.testFault !== undefined && k === 0 ? { testFault: options.testFault } : {}),
      },
      { signal: stop.signal, onProgress: (done) => options.onProgress?.(first + done, rows) },
    );
  });
  const fail = (e: AppError): Result<never> => {
    failure = e;
    stop.abort();
    wake();
    return err(e);
  };
  const run = async (): Promise<Result<Predictions>> => {
    let okRows = 0;
    let workers = 0;
    let kernel: KernelUsed | 'none' = 'none';
    let precision: ForwardPrecision = (options.arithmetic ?? model.arithmetic) === 'float32' ? 'float32' : 'float64';
    for (let k = 0; k < jobs.length; k++) {
      const job = await jobs[k];
      if (!job.ok) return fail(job.error);
      const out = job.value;
      const first = k === 0 ? 0 : ends[k - 1];
      fillPredictionColumns(model.output, out.output, outSize, out.status, columns, first);
      status.set(out.status, first);
      okRows += out.okRows;
      if (out.kernel !== 'none') {
        workers = Math.max(workers, out.workers);
        kernel = kernel === 'none' ? out.kernel : slowerKernel(kernel, out.kernel);
        if (out.precision === 'float64') precision = 'float64';
      }
      ready = ends[k];
      wake();
    }
    const seconds = (performance.now() - started) / 1000;
    return ok(predictionsOf(model, plan.value, dataset, { columns, status, okRows, workers, kernel, precision, seconds }));
  };
  const result = run().finally(() => options.signal?.removeEventListener('abort', onAbort));
  return ok({
    rows,
    columns,
    ready: () => ready,
    wait: (n) =>
      failure !== null ? Promise.resolve(err(failure)) : n <= ready ? Promise.resolve(ok(undefined)) : new Promise((resolve) => waiters.push({ rows: n, resolve })),
    result,
    cancel: () => stop.abort(),
  });
}
