/**
 * A training job from dataset to model file, as pure code a worker runs: choose rows and columns, split off
 * validation rows, fit preprocessing on the training rows only, encode, train, evaluate (network and
 * linear/logistic baseline), and write the model file. Plus the messages between the training service and
 * its worker (src-main/workers/train-worker.ts).
 *
 * Reproducible: the same data, settings and seed give byte-identical model text (no dates, no timings).
 */
import type { Dataset, DatasetMatrix } from '../data/dataset';
import { fitPreprocessing, prepareRows, type Preprocessing, type PreparedRows } from '../data/prepare';
import { MODEL_FORMAT, MODEL_VERSION, type InputSpec, type ModelFile, type OutputSpec, type Task } from '../model-file/types';
import { networkToLayers } from '../model-file/read';
import { writeModelFile } from '../model-file/write';
import { createNetwork, type LayerConfig } from '../nn/init';
import { createRandom } from '../nn/random';
import { forwardBatch } from '../nn/forward';
import { outputSize, type Network } from '../nn/model';
import { lossSum, type LossName } from '../nn/losses';
import type { TrainingKernels } from '../nn/backward';
import { optimizerSettings } from '../nn/optimizers';
import { fitLeastSquares, fitLogistic } from '../nn/baseline';
import { accuracy, confusionMatrix, meanAbsoluteError, meanSquaredError, predictedClasses, rocCurve, rSquared } from '../nn/metrics';
import { shuffleInPlace, trainNetwork, type BatchProgress, type EpochMetrics, type StopReason, type TrainingRows } from '../nn/train';
import { AppFailure, err, ok, type AppError, type Result } from '../result';
import type { TrainingSettings } from './train-settings';
import { classCodes, inferTask, type TaskChoice } from './infer-task';
import type { BaselineFit, BaselineFitOptions } from './predict-baseline';
import { weightSnapshot, type LayerHistogramSnapshot } from './activation-stats';

/** A dataset as the job needs it (the loader's Dataset: shared matrix, columns and how it was read). */
export type TrainingData = Dataset;

/** What is known once rows and columns are chosen, before the first epoch. */
export interface TrainingPlan {
  readonly task: Task;
  /** Whether the task was inferred from the target column (and why). */
  readonly taskReason: string;
  readonly inputs: readonly string[];
  readonly classes?: readonly string[];
  readonly trainRows: number;
  readonly validationRows: number;
  readonly testRows: number;
  /** Rows left out because the target or an input is empty (or an unknown class). */
  readonly droppedRows: number;
  readonly networkInputs: number;
  readonly parameters: number;
  readonly notes: readonly string[];
  /** What runs the matrix products, set by the worker that trains (e.g. 'native avx512', 'WebAssembly SIMD or JavaScript'). */
  readonly kernels?: string;
}

/** Quality of a model on a set of rows, in the target's own units. */
export interface EvaluationMetrics {
  readonly rows: number;
  /** The training loss (on the standardized target for standardized regression). */
  readonly loss: number;
  readonly mse?: number;
  readonly mae?: number;
  readonly r2?: number;
  readonly accuracy?: number;
  /** confusion[true][predicted]. */
  readonly confusion?: number[][];
  /** Binary tasks: area under the ROC curve. */
  readonly auc?: number;
}

export interface ModelEvaluation {
  readonly train: EvaluationMetrics;
  readonly validation?: EvaluationMetrics;
  readonly test?: EvaluationMetrics;
}

export interface TrainingOutcome {
  readonly plan: TrainingPlan;
  readonly history: EpochMetrics[];
  readonly stopReason: StopReason;
  readonly epochOfWeights: number;
  readonly bestEpoch: number;
  readonly network: ModelEvaluation;
  readonly baseline?: ModelEvaluation;
  readonly model: ModelFile;
  /** writeModelFile(model): what to save as *.dlmodel.json. */
  readonly modelText: string;
}

export interface TrainingJobHooks {
  readonly onPlan?: (plan: TrainingPlan) => void;
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** After each epoch's onEpoch: a histogram of each layer's kernel weights (cheap: one pass over the weights). */
  readonly onWeights?: (snapshot: LayerHistogramSnapshot) => void;
  readonly control?: () => 'continue' | 'stop';
}

export interface ExtraTrainingData {
  /** Validation rows when settings.validation.kind is 'file'. */
  readonly validation?: TrainingData;
  /** Held-out rows evaluated once at the end, never used for training or early stopping. */
  readonly test?: TrainingData;
}

/** How the job computes, never what: every choice here gives the same bits. */
export interface TrainingEngine {
  /** The host's exact training kernels (the train worker injects the native addon's when it loaded). */
  readonly kernels?: TrainingKernels;
}

export { MAX_INFERRED_CLASSES } from './infer-task';

const fail = (e: AppError): never => {
  throw new AppFailure(e);
};

function columnIndex(data: TrainingData, name: string, role: string, file: string): number {
  const k = data.columns.findIndex((c) => c.name === name);
  if (k < 0) {
    const names = data.columns.map((c) => c.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
    fail({ kind: 'train/unknown-column', message: `The ${file} has no column '${name}' for the ${role} (columns: ${shown}).`, column: name });
  }
  return k;
}

/** Task and class labels for the target column: given, or inferred by the shared rule (and the reason, said to the user). */
function chooseTask(data: TrainingData, col: number, given: Task | undefined): TaskChoice {
  const info = data.columns[col];
  const { values, missing, cols } = data;
  const codes = info.type === 'numeric' ? classCodes(data.rows, (r) => (missing[r * cols + col] === 1 ? null : values[r * cols + col])) : null;
  return unwrap(inferTask(info, codes, given));
}

interface Encoded extends TrainingRows {
  /** Targets in original units (regression) or class indices (classification). */
  readonly truth: Float64Array;
}

/** Network rows from prepared rows: y' = (y − mean)/std for a scaled regression target, one-hot for multiclass. */
function toTrainingRows(p: PreparedRows, units: number, scale: OutputSpec['scale']): Encoded {
  const y = new Float64Array(p.rows * units);
  for (let r = 0; r < p.rows; r++) {
    if (units > 1) y[r * units + p.y[r]] = 1;
    else y[r] = scale ? (p.y[r] - scale.mean) / scale.std : p.y[r];
  }
  return { x: p.x, y, truth: p.y, rows: p.rows };
}

/**
 * The input specs with each numeric input's impute value: the training mean before scaling, so encode.ts gives an
 * empty cell at prediction what prepare.ts gave it in training (x' = mean of the scaled training values; 0 when
 * standardized, so the value written is exactly scale.mean). Categorical inputs already carry theirs from prepare.ts
 * (the training rows' most frequent category).
 */
function withImpute(prep: Preprocessing): InputSpec[] {
  let offset = 0;
  return prep.inputs.map((spec) => {
    const at = offset;
    offset += spec.categories ? spec.categories.length : 1;
    if (spec.categories) return spec;
    const m = prep.inputMeans[at];
    // x = x'·std + mean
    const value = spec.scale ? (m === 0 ? spec.scale.mean : m * spec.scale.std + spec.scale.mean) : m;
    return Number.isFinite(value) ? { ...spec, impute: value } : spec;
  });
}

/** Mean and population standard deviation of values (std 0 becomes 1). */
function fitScale(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (let k = 0; k < values.length; k++) mean += values[k];
  mean /= values.length;
  let ss = 0;
  for (let k = 0; k < values.length; k++) ss += (values[k] - mean) ** 2;
  const std = Math.sqrt(ss / values.length);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

const unwrap = <T>(r: Result<T>, file?: string): T => (r.ok ? r.value : fail(file ? { ...r.error, message: `${file}: ${r.error.message}` } : r.error));

/** Dropped-row counts of prepared rows, as a note (or null when none were dropped). */
function droppedNote(p: PreparedRows, total: number, what: string): string | null {
  const parts: string[] = [];
  if (p.droppedMissingTarget > 0) parts.push(`${p.droppedMissingTarget} with an empty target`);
  if (p.droppedMissingInput > 0) parts.push(`${p.droppedMissingInput} with an empty input`);
  if (p.droppedUnknownCategory > 0) parts.push(`${p.droppedUnknownCategory} with a category the training rows never had`);
  if (p.imputedRows > 0) parts.push(`(${p.imputedRows} more with empty inputs imputed: numbers with training means, categories with the most frequent one)`);
  return parts.length > 0 ? `${what}: of ${total} rows, left out ${parts.join(', ')}` : null;
}

/** Metrics of a network on encoded rows, in the target's units. */
export function evaluateModel(network: Network, data: Encoded, loss: LossName, task: Task, scale: OutputSpec['scale'], classes: number): EvaluationMetrics {
  const units = outputSize(network);
  const out = new Float64Array(data.rows * units);
  forwardBatch(network, data.x, data.rows, out);
  let lossValue: number;
  if (loss === 'mse' || loss === 'mae') {
    lossValue = lossSum(loss, out, out, data.y, data.rows, units) / data.rows;
  } else {
    // cross-entropy from probabilities, clamped only here (reporting), never in training
    let s = 0;
    for (let r = 0; r < data.rows; r++) {
      const p = units === 1 ? (data.y[r] === 1 ? out[r] : 1 - out[r]) : out[r * units + data.truth[r]];
      s -= Math.log(Math.max(p, 1e-300));
    }
    lossValue = s / data.rows;
  }
  if (task === 'regression') {
    const pred = new Float64Array(data.rows);
    // y = y'·std + mean
    for (let r = 0; r < data.rows; r++) pred[r] = scale ? out[r] * scale.std + scale.mean : out[r];
    return { rows: data.rows, loss: lossValue, mse: meanSquaredError(pred, data.truth), mae: meanAbsoluteError(pred, data.truth), r2: rSquared(pred, data.truth) };
  }
  const predicted = predictedClasses(out, data.rows, units);
  const truth = Int32Array.from(data.truth);
  const m: EvaluationMetrics = { rows: data.rows, loss: lossValue, accuracy: accuracy(predicted, truth), confusion: confusionMatrix(predicted, truth, classes) };
  return task === 'binary' ? { ...m, auc: rocCurve(out, truth).auc } : m;
}

/** Split the dataset's rows into training and validation per the settings (random: seeded; last: Keras's validation_split). */
function splitRows(rows: Int32Array, settings: TrainingSettings): { train: Int32Array; validation: Int32Array } {
  const v = settings.validation;
  if (v.kind !== 'random' && v.kind !== 'last') return { train: rows, validation: new Int32Array(0) };
  const nTrain = Math.floor(rows.length * (1 - v.fraction));
  if (v.kind === 'last') return { train: rows.slice(0, nTrain), validation: rows.slice(nTrain) };
  const order = Int32Array.from(rows);
  // a stream of its own, so changing the split never changes the initial weights
  shuffleInPlace(order, createRandom(settings.seed + 0x5917).nextInt);
  const train = order.slice(0, nTrain).sort();
  const validation = order.slice(nTrain).sort();
  return { train, validation };
}

/** Run a whole training job. Errors (unknown columns, unusable target, too few rows…) come back as values. */
export function runTrainingJob(
  data: TrainingData,
  settings: TrainingSettings,
  hooks: TrainingJobHooks = {},
  extra: ExtraTrainingData = {},
  engine: TrainingEngine = {},
): Result<TrainingOutcome> {
  try {
    return ok(trainJob(data, settings, hooks, extra, engine));
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    if (e instanceof RangeError) return err({ kind: 'train/invalid-settings', message: e.message });
    throw e;
  }
}

function trainJob(data: TrainingData, settings: TrainingSettings, hooks: TrainingJobHooks, extra: ExtraTrainingData, engine: TrainingEngine): TrainingOutcome {
  const notes: string[] = [];
  const targetCol = columnIndex(data, settings.target, 'target', 'dataset');
  let inputNames: string[];
  if (settings.inputs) {
    inputNames = [...settings.inputs];
    for (const n of inputNames) {
      const c = data.columns[columnIndex(data, n, 'input', 'dataset')];
      if (c.type === 'date') fail({ kind: 'train/unusable-input', message: `Input '${n}' holds dates, which a network cannot take directly yet; leave it out.`, column: n });
      if (c.type === 'empty') fail({ kind: 'train/unusable-input', message: `Input '${n}' has no values; leave it out.`, column: n });
    }
  } else {
    inputNames = data.columns.filter((c, k) => k !== targetCol && (c.type === 'numeric' || c.type === 'categorical')).map((c) => c.name);
    const skipped = data.columns.filter((c, k) => k !== targetCol && c.type !== 'numeric' && c.type !== 'categorical').map((c) => `${c.name} (${c.type})`);
    if (skipped.length > 0) notes.push(`left out columns that are not numeric or categorical: ${skipped.join(', ')}`);
    if (inputNames.length === 0) fail({ kind: 'train/no-inputs', message: `No numeric or categorical columns besides the target '${settings.target}' to use as inputs.` });
  }
  const chosen = chooseTask(data, targetCol, settings.task);
  const reason = chosen.reason;
  const allRows = Int32Array.from({ length: data.rows }, (_, k) => k);
  const split = splitRows(allRows, settings);
  const prep: Preprocessing = unwrap(
    fitPreprocessing(data, {
      target: settings.target,
      inputs: inputNames,
      task: chosen.task === 'regression' ? 'regression' : 'classification',
      missing: settings.missing,
      standardize: settings.standardizeInputs,
    }, split.train),
  );
  const classes = prep.output.classes ? [...prep.output.classes] : undefined;
  // the class count decides between binary and multiclass (prepare.ts's output.task)
  const task: Task = prep.output.task;
  if (chosen.task === 'multiclass' && task === 'binary') notes.push(`'${settings.target}' has 2 classes: trained as binary (one sigmoid output)`);
  if (chosen.task === 'binary' && classes && classes.length !== 2) {
    fail({ kind: 'train/task-mismatch', message: `The target '${settings.target}' has ${classes.length} classes; use --task multiclass.`, column: settings.target });
  }
  const trainPrepared = prepareRows(data, prep, split.train);
  if (trainPrepared.rows < 2) fail({ kind: 'train/too-few-rows', message: `Only ${trainPrepared.rows} usable training rows; a network needs more data (check for empty cells).` });
  const outputScale = task === 'regression' && settings.standardizeTarget ? fitScale(trainPrepared.y) : undefined;
  const output: OutputSpec = { ...prep.output, ...(outputScale ? { scale: outputScale } : {}) };
  const specs: InputSpec[] = settings.missing === 'impute-mean' ? withImpute(prep) : prep.inputs;
  const units = task === 'multiclass' ? (classes as string[]).length : 1;
  const loss: LossName = task === 'regression' ? 'mse' : task === 'binary' ? 'binary_crossentropy' : 'categorical_crossentropy';
  const train = toTrainingRows(trainPrepared, units, outputScale);
  let dropped = data.rows - split.train.length - split.validation.length;
  const note = (p: PreparedRows, total: number, what: string) => {
    const n = droppedNote(p, total, what);
    if (n) notes.push(n);
  };
  note(trainPrepared, split.train.length, 'training rows');
  dropped += split.train.length - trainPrepared.rows;

  const other = (d: TrainingData, what: string): Encoded => {
    const t = columnIndex(d, settings.target, 'target', what);
    for (const n of inputNames) columnIndex(d, n, 'input', what);
    const p = prepareRows(d, { ...prep, targetColumn: t }, Int32Array.from({ length: d.rows }, (_, k) => k));
    note(p, d.rows, what);
    return toTrainingRows(p, units, outputScale);
  };
  let validation: Encoded | null = null;
  if (settings.validation.kind === 'file') {
    if (!extra.validation) fail({ kind: 'train/no-validation-file', message: 'Validation is set to a separate file, but no validation file was given.' });
    else validation = other(extra.validation, 'validation file');
  } else if (split.validation.length > 0) {
    const p = prepareRows(data, prep, split.validation);
    note(p, split.validation.length, 'validation rows');
    dropped += split.validation.length - p.rows;
    validation = toTrainingRows(p, units, outputScale);
  }
  const test = extra.test ? other(extra.test, 'test file') : null;

  const layers: LayerConfig[] = [...settings.hidden, { units, activation: task === 'regression' ? 'linear' : task === 'binary' ? 'sigmoid' : 'softmax' }];
  const width = prep.width;
  const network = createNetwork({ inputSize: width, layers, initializer: settings.initializer, seed: settings.seed });
  const parameters = network.layers.reduce((t, l) => t + l.kernel.length + l.bias.length, 0);
  const plan: TrainingPlan = {
    task,
    taskReason: reason,
    inputs: inputNames,
    ...(classes ? { classes } : {}),
    trainRows: train.rows,
    validationRows: validation ? validation.rows : 0,
    testRows: test ? test.rows : 0,
    droppedRows: dropped,
    networkInputs: width,
    parameters,
    notes,
  };
  hooks.onPlan?.(plan);

  const optimizer = optimizerSettings(settings.optimizer, {
    learningRate: settings.learningRate,
    momentum: settings.momentum,
    nesterov: settings.nesterov,
  });
  const onWeights = hooks.onWeights;
  const loopHooks: TrainingJobHooks = onWeights
    ? {
        ...hooks,
        onEpoch: (metrics) => {
          hooks.onEpoch?.(metrics);
          onWeights(weightSnapshot(network, metrics.epoch));
        },
      }
    : hooks;
  const result = trainNetwork(network, train, validation, {
    loss,
    metric: task === 'regression' ? 'regression' : 'classification',
    optimizer,
    weightDecay: settings.weightDecay,
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    seed: settings.seed,
    shuffle: settings.shuffle,
    earlyStopping: settings.earlyStopping,
    targetStd: outputScale ? outputScale.std : 1,
    reportEveryBatches: settings.reportEveryBatches,
    ...(engine.kernels ? { kernels: engine.kernels } : {}),
  }, loopHooks);
  if (result.history.length === 0) {
    fail({ kind: result.stopReason === 'diverged' ? 'train/diverged' : 'train/stopped', message: result.stopReason === 'diverged' ? 'Training diverged in the first epoch (the loss became infinite or NaN): lower the learning rate.' : 'Training was stopped before the first epoch finished; there is no model to keep.' });
  }
  if (result.stopReason === 'diverged') notes.push(`training diverged at epoch ${result.history.length + 1}; kept the weights of epoch ${result.epochOfWeights}`);

  const nClasses = classes ? classes.length : 0;
  const evaluateAll = (net: Network): ModelEvaluation => ({
    train: evaluateModel(net, train, loss, task, outputScale, nClasses),
    ...(validation ? { validation: evaluateModel(net, validation, loss, task, outputScale, nClasses) } : {}),
    ...(test ? { test: evaluateModel(net, test, loss, task, outputScale, nClasses) } : {}),
  });
  const networkMetrics = evaluateAll(network);
  let baseline: ModelEvaluation | undefined;
  if (settings.baseline) {
    const fit = task === 'regression' ? fitLeastSquares(train.x, train.rows, width, train.y, 1) : fitLogistic(train.x, train.rows, width, train.y, nClasses, { maxIterations: 300 });
    baseline = evaluateAll(fit.network);
  }

  const model: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    inputs: specs,
    output,
    layers: networkToLayers(network),
    training: {
      // what shapes the model (progress reporting does not, so it is left out: the file stays the same bytes)
      settings: recordedSettings(settings, task, inputNames),
      loss,
      rows: { train: plan.trainRows, validation: plan.validationRows, dropped: plan.droppedRows },
      epochs: result.history.length,
      epochOfWeights: result.epochOfWeights,
      bestEpoch: result.bestEpoch,
      stopReason: result.stopReason,
      metrics: stripConfusion(networkMetrics),
      ...(baseline ? { baseline: stripConfusion(baseline) } : {}),
    },
  };
  return {
    plan,
    history: result.history,
    stopReason: result.stopReason,
    epochOfWeights: result.epochOfWeights,
    bestEpoch: result.bestEpoch,
    network: networkMetrics,
    ...(baseline ? { baseline } : {}),
    model,
    modelText: writeModelFile(model),
  };
}

function recordedSettings(settings: TrainingSettings, task: Task, inputs: string[]): Record<string, unknown> {
  const { reportEveryBatches: _progressOnly, ...rest } = settings;
  return { ...rest, task, inputs };
}

/** Metrics for the model file's provenance: the numbers without the confusion matrices, NaN dropped (JSON has none). */
function stripConfusion(m: ModelEvaluation): Record<string, unknown> {
  const one = (e: EvaluationMetrics) => Object.fromEntries(Object.entries(e).filter(([k, v]) => k !== 'confusion' && typeof v === 'number' && Number.isFinite(v)));
  return { train: one(m.train), ...(m.validation ? { validation: one(m.validation) } : {}), ...(m.test ? { test: one(m.test) } : {}) };
}

// ── Messages between the training service and its worker ────────────────────────────────────────────

/** Int32 slot 0 of the job's shared control array: what the worker should do, checked between batches. */
export const TRAIN_CONTROL = { run: 0, pause: 1, stop: 2 } as const;

/** A dataset as posted to the worker: its typed arrays are over SharedArrayBuffers (shared, not copied). */
export type PostedData = Dataset;

/**
 * The fields of `d` a worker needs, as a plain object for postMessage (the loader's extra fields, such as a
 * LoadedDataset's file name and size, stay behind); values and missing keep their SharedArrayBuffers.
 */
export function postedData(d: Dataset): PostedData {
  return {
    rows: d.rows,
    cols: d.cols,
    values: d.values,
    missing: d.missing,
    columns: d.columns,
    delimiter: d.delimiter,
    encoding: d.encoding,
    header: d.header,
    decimal: d.decimal,
    warnings: d.warnings,
    firstDataLine: d.firstDataLine,
  };
}

export interface TrainStartMessage {
  readonly type: 'train';
  readonly data: PostedData;
  readonly validation?: PostedData;
  readonly test?: PostedData;
  readonly settings: TrainingSettings;
  /** Int32Array(1) over a SharedArrayBuffer: TRAIN_CONTROL values. */
  readonly control: SharedArrayBuffer;
  /** Post 'batch' messages at most once per this many milliseconds (default: every report). */
  readonly batchIntervalMs?: number;
  /** Post a 'weights' message after every epoch. */
  readonly weights?: boolean;
}

/** Service → train worker: fit a predict job's linear baseline (src-shared/jobs/predict-baseline.ts) and answer 'baseline-done'. */
export interface BaselineStartMessage {
  readonly type: 'baseline';
  readonly data: PostedData;
  readonly model: Pick<ModelFile, 'inputs' | 'output'>;
  readonly options: BaselineFitOptions;
}

/** Everything the train worker understands. */
export type TrainWorkerRequest = TrainStartMessage | BaselineStartMessage;

export type TrainWorkerMessage =
  | { readonly type: 'plan'; readonly plan: TrainingPlan }
  | { readonly type: 'epoch'; readonly metrics: EpochMetrics }
  | { readonly type: 'batch'; readonly progress: BatchProgress }
  | { readonly type: 'weights'; readonly snapshot: LayerHistogramSnapshot }
  | { readonly type: 'done'; readonly result: Result<TrainingOutcome> }
  | { readonly type: 'baseline-done'; readonly result: Result<BaselineFit> };
