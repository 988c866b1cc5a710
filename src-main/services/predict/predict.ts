/**
 * The prediction service: apply a model file to a loaded dataset on the forward worker pool.
 * Inputs are matched by column name (with the file's scaling and one-hot categories); rows with an
 * empty input or an unseen category get an empty prediction and are counted, per input column.
 */
import type { EmptyReason, PredictRowCounts } from '../../../src-shared/api/types';
import type { Dataset, DatasetMatrix } from '../../../src-shared/data/dataset';
import { planEncoding, type EncodePlan } from '../../../src-shared/data/encode';
import { evaluatePredictions, readTarget, type PredictedValues, type PredictionEvaluation } from '../../../src-shared/jobs/predict-evaluation';
import { evaluateSplits, type SplitEvaluation } from '../../../src-shared/jobs/row-split';
import { ROW_STATUS, type KernelChoice, type KernelUsed, type TestFault } from '../../../src-shared/jobs/forward';
import { modelToNetwork, readModelFile } from '../../../src-shared/model-file/read';
import type { ModelFile, OutputSpec, Task } from '../../../src-shared/model-file/types';
import { err, ok, type Result } from '../../../src-shared/result';
import type { ForwardOutput, ForwardPool } from '../../workers/pool';
import { binEdges, layerBins, mergeUnitStats, HISTOGRAM_BINS, hiddenLayout, type LayerActivationSummary } from '../../../src-shared/jobs/activation-stats';
import type { Network } from '../../../src-shared/nn/model';
import type { ForwardPrecision } from '../../../src-shared/nn/kernels/forward-kernel';
import type { BaselineFit, BaselineFitOptions } from '../../../src-shared/jobs/predict-baseline';
import { MAX_MODEL_BYTES, readWholeText } from '../files/read-whole-file';
import { fitBaselineInWorker } from './baseline';
import { predictionColumns, type PredictionColumn } from '../../../src-shared/jobs/prediction-columns';

export interface PredictOptions {
  readonly pool: ForwardPool;
  /** Rows done so far out of all rows (about every 50 ms). */
  readonly onProgress?: (rowsDone: number, rows: number) => void;
  readonly signal?: AbortSignal;
  /** Use at most this many of the pool's workers. */
  readonly maxWorkers?: number;
  /** 'fast' (default, WASM SIMD where available) or 'reference' (the engine's forwardBatch); same numbers. */
  readonly kernel?: KernelChoice;
  /** The arithmetic to run (default: the model file's `arithmetic`, else float64). */
  readonly arithmetic?: ForwardPrecision;
  /** Tests only: make a worker fail. */
  readonly testFault?: TestFault;
  /** Compute metrics against the target column (default true; the CLI, which only writes a CSV, skips them). */
  readonly evaluate?: boolean;
  /** Also summarise hidden activations per layer and unit over every predicted row (Predictions.hidden): one more pass for the histograms. */
  readonly activationStats?: boolean;
  /** Also fit the linear baseline in a worker and run it over every row (Predictions.baseline). Options: seed, maxRows. */
  readonly baseline?: boolean | BaselineFitOptions;
}

/** The baseline of a predict job: its fit, its prediction columns for every row, its metrics over the network's rows. */
export interface BaselinePredictions {
  readonly fit: BaselineFit;
  readonly columns: PredictionColumn[];
  readonly evaluation: PredictionEvaluation | null;
}

export type { EmptyReason, PredictRowCounts };

/** A dataset's predictions, column by column, with the count of rows left empty and why. */
export interface Predictions extends PredictRowCounts {
  readonly task: Task;
  readonly output: OutputSpec;
  /** In output order: prediction | predicted_class, probability | predicted_class, p_<class>… */
  readonly columns: PredictionColumn[];
  /** ROW_STATUS per row. */
  readonly status: Uint8Array;
  readonly seconds: number;
  readonly workers: number;
  readonly kernel: KernelUsed | 'none';
  /** The arithmetic the workers ran (float32 only where the float32 mode was asked for and available); absent: float64. */
  readonly precision?: ForwardPrecision;
  /** Metrics over every row with a prediction and a target (the dataset column named output.name); null when there is none. */
  readonly evaluation?: PredictionEvaluation | null;
  /** Why evaluation is null (no such column, wrong type, no row with both), else null. */
  readonly evaluationNote?: string | null;
  /** With options.baseline: the baseline, or null with baselineNote saying why it could not be fitted. */
  readonly baseline?: BaselinePredictions | null;
  readonly baselineNote?: string | null;
  /** With options.activationStats: one summary per hidden layer, in layer order. */
  readonly hidden?: LayerActivationSummary[];
}

/** Read and validate a model file from disk; errors name the file ('io/unreadable', 'model/…'). */
export async function readModel(path: string): Promise<Result<ModelFile>> {
  const text = await readWholeText(path, { maxBytes: MAX_MODEL_BYTES, what: 'model file' });
  if (!text.ok) return text;
  const model = readModelFile(text.value);
  if (!model.ok) return err({ ...model.error, message: `${path}: ${model.error.message}`, file: path });
  return model;
}

/** Per model input, rows left empty because that input was missing or held an unknown category (added up over batches). */
export interface EmptyCounts {
  readonly missing: number[];
  readonly unknown: number[];
}

/** Add to `counts` why the rows of `matrix` whose status is not ok are empty. */
export function countEmpty(plan: EncodePlan, matrix: DatasetMatrix, status: Uint8Array, counts: EmptyCounts): void {
  const { missing, unknown } = counts;
  const { values, cols } = matrix;
  for (let r = 0; r < status.length; r++) {
    if (status[r] === ROW_STATUS.ok) continue;
    plan.inputs.forEach((input, k) => {
      const cell = r * cols + input.column;
      const v = values[cell];
      if (matrix.missing[cell] === 1 || v !== v) {
        const imputed = input.kind === 'number' ? input.impute !== undefined : input.imputeSlot !== undefined;
        if (!imputed) missing[k]++;
      }
      else if (input.kind === 'one-hot' && !(Number.isInteger(v) && v >= 0 && v < input.slotOfCode.length && input.slotOfCode[v] >= 0)) unknown[k]++;
    });
  }
}

/** The inputs that left rows empty, with their counts. */
export function emptyReasons(plan: EncodePlan, counts: EmptyCounts): EmptyReason[] {
  return plan.inputs
    .map((input, k) => ({ input: input.name, missing: counts.missing[k], unknownCategory: counts.unknown[k] }))
    .filter((e) => e.missing > 0 || e.unknownCategory > 0);
}

/** Counts of nothing yet, for `plan`'s inputs. */
export function noEmptyCounts(plan: EncodePlan): EmptyCounts {
  return { missing: new Array<number>(plan.inputs.length).fill(0), unknown: new Array<number>(plan.inputs.length).fill(0) };
}

/** Why the rows of a whole dataset whose status is not ok are empty. */
function datasetEmptyReasons(plan: EncodePlan, dataset: Dataset, status: Uint8Array): EmptyReason[] {
  const counts = noEmptyCounts(plan);
  countEmpty(plan, dataset, status, counts);
  return emptyReasons(plan, counts);
}

/**
 * Apply `model` to every row of `dataset`. Errors: the dataset does not fit the model
 * ('predict/missing-column', 'predict/wrong-column-type', …) or the job failed ('job/…').
 */
export async function predictDataset(model: ModelFile, dataset: Dataset, options: PredictOptions): Promise<Result<Predictions>> {
  const started = performance.now();
  const plan = planEncoding(model.inputs, dataset.columns);
  if (!plan.ok) return plan;
  const net = modelToNetwork(model);
  const job = await options.pool.runForward(
    {
      net,
      plan: plan.value,
      matrix: dataset,
      ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
      ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
      ...((options.arithmetic ?? model.arithmetic) === 'float32' ? { precision: 'float32' as const } : {}),
      ...(options.testFault !== undefined ? { testFault: options.testFault } : {}),
      ...(options.activationStats ? { stats: { pass: 'units' as const } } : {}),
    },
    { onProgress: options.onProgress, signal: options.signal },
  );
  if (!job.ok) return job;
  let hidden: LayerActivationSummary[] | undefined;
  if (options.activationStats) {
    const h = await hiddenSummaries(net, plan.value, dataset, job.value, options);
    if (!h.ok) return h;
    hidden = h.value;
  }
  const { output, outputSize, status, okRows, workers, kernel, precision } = job.value;
  const columns = predictionColumns(model.output, output, outputSize, status);
  if (!columns.ok) return columns;
  let missingInputRows = 0;
  let unknownCategoryRows = 0;
  for (let r = 0; r < status.length; r++) {
    if (status[r] === ROW_STATUS.missingInput) missingInputRows++;
    else if (status[r] === ROW_STATUS.unknownCategory) unknownCategoryRows++;
  }
  const { evaluation, note } = options.evaluate === false ? { evaluation: null, note: 'Metrics were not asked for.' } : evaluate(model.output, columns.value, dataset);
  let baseline: BaselinePredictions | null = null;
  let baselineNote: string | null = null;
  if (options.baseline) {
    const b = await predictBaseline(model, dataset, options, options.baseline === true ? {} : options.baseline);
    if (!b.ok && b.error.kind === 'job/cancelled') return b;
    if (b.ok) baseline = b.value;
    else baselineNote = b.error.message;
  }
  return ok({
    evaluation,
    evaluationNote: note,
    ...(options.baseline ? { baseline, baselineNote } : {}),
    ...(hidden ? { hidden } : {}),
    rows: dataset.rows,
    task: model.output.task,
    output: model.output,
    columns: columns.value,
    status,
    predictedRows: okRows,
    emptyRows: dataset.rows - okRows,
    missingInputRows,
    unknownCategoryRows,
    emptyBy: okRows === dataset.rows ? [] : datasetEmptyReasons(plan.value, dataset, status),
    seconds: (performance.now() - started) / 1000,
    workers,
    kernel,
    precision,
  });
}

/** Just the row counts of `p` (a Predictions), in their usual order, for a summary or an API result. */
export function predictRowCounts(p: PredictRowCounts): PredictRowCounts {
  return {
    rows: p.rows,
    predictedRows: p.predictedRows,
    emptyRows: p.emptyRows,
    missingInputRows: p.missingInputRows,
    unknownCategoryRows: p.unknownCategoryRows,
    emptyBy: p.emptyBy,
  };
}

/** The prediction columns as the evaluation reads them. */
export function predictedValues(output: OutputSpec, columns: readonly PredictionColumn[]): PredictedValues {
  const byName = new Map(columns.map((c) => [c.name, c]));
  if (output.task === 'regression') {
    const c = byName.get('prediction');
    return { task: 'regression', values: c && c.kind === 'number' ? c.values : new Float64Array(0) };
  }
  const cls = byName.get('predicted_class');
  const codes = cls && cls.kind === 'class' ? cls.codes : new Int32Array(0);
  const num = (name: string) => {
    const c = byName.get(name);
    return c && c.kind === 'number' ? c.values : null;
  };
  const classes = output.classes ?? [];
  const probabilities = output.task === 'binary' ? [null, num('probability')] : classes.map((c) => num(`p_${c}`));
  return { task: output.task, codes, probabilities };
}

/** Metrics of the prediction columns against the dataset's target column, or the reason there are none. */
export function evaluate(output: OutputSpec, columns: readonly PredictionColumn[], dataset: Dataset): { evaluation: PredictionEvaluation | null; note: string | null } {
  const target = readTarget(dataset, output);
  if (!target.ok) return { evaluation: null, note: target.error.message };
  const evaluation = evaluatePredictions(output, predictedValues(output, columns), target.value);
  if (evaluation.rowsUsed === 0) return { evaluation: null, note: `No row has both a prediction and a value in '${output.name}', so there are no metrics.` };
  return { evaluation, note: null };
}

/** Metrics of the prediction columns on each side of a training run's split (`codes`: row-split.ts), or null without a usable target. */
export function evaluateSplitsOf(output: OutputSpec, columns: readonly PredictionColumn[], dataset: Dataset, codes: Int32Array): SplitEvaluation | null {
  const target = readTarget(dataset, output);
  return target.ok ? evaluateSplits(output, predictedValues(output, columns), target.value, codes) : null;
}

/** Fit the baseline off the main thread, then predict every row with it on the pool and evaluate it. */
async function predictBaseline(model: ModelFile, dataset: Dataset, options: PredictOptions, fitOptions: BaselineFitOptions): Promise<Result<BaselinePredictions>> {
  const fit = await fitBaselineInWorker(dataset, model, fitOptions, options.signal);
  if (!fit.ok) return fit;
  const run = await predictDataset(fit.value.model, dataset, {
    pool: options.pool,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
  });
  if (!run.ok) return run;
  return ok({ fit: fit.value, columns: run.value.columns, evaluation: run.value.evaluation ?? null });
}

/**
 * Merge pass 1's per-chunk unit statistics (in chunk order), then run pass 2 (the histograms, with each layer's
 * min and max) and add the workers' counts. Same numbers for any number of workers.
 */
async function hiddenSummaries(net: Network, plan: EncodePlan, dataset: Dataset, first: ForwardOutput, options: PredictOptions): Promise<Result<LayerActivationSummary[]>> {
  const layout = hiddenLayout(net);
  if (layout.layers === 0) return ok([]);
  const stats = first.stats;
  if (!stats || stats.pass !== 'units') return err({ kind: 'job/internal', message: 'The forward job returned no activation statistics.' });
  const units = mergeUnitStats(stats.values, stats.chunks, layout, first.okRows);
  const bins = Array.from({ length: layout.layers }, (_, l) => {
    let min = Infinity;
    let max = -Infinity;
    for (let u = layout.offsets[l]; u < layout.offsets[l + 1]; u++) {
      min = Math.min(min, units[u].min);
      max = Math.max(max, units[u].max);
    }
    return layerBins(min, max);
  });
  let counts: Float64Array | null = null;
  let workers = 0;
  if (first.okRows > 0 && bins.some((b) => b.n > 0)) {
    const second = await options.pool.runForward(
      {
        net,
        plan,
        matrix: dataset,
        ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
        ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
        stats: { pass: 'histogram', bins },
      },
      { signal: options.signal },
    );
    if (!second.ok) return second;
    counts = second.value.stats?.values ?? null;
    workers = second.value.workers;
  }
  return ok(
    bins.map((b, l) => {
      const histogram = new Array<number>(b.n).fill(0);
      for (let k = 0; counts && k < workers; k++) for (let i = 0; i < b.n; i++) histogram[i] += counts[(k * layout.layers + l) * HISTOGRAM_BINS + i];
      return {
        layer: l,
        activation: net.layers[l].activation,
        units: units.slice(layout.offsets[l], layout.offsets[l + 1]),
        histogram: { edges: binEdges(b), counts: histogram },
      };
    }),
  );
}
