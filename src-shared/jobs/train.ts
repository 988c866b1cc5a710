/**
 * A training job from dataset to model file, as pure code a worker runs: choose rows and columns, split off
 * validation rows, fit preprocessing on the training rows only, encode, train, evaluate (network and
 * linear/logistic baseline), and write the model file. Plus the messages between the training service and
 * its worker (src-main/workers/train-worker.ts).
 *
 * Reproducible: the same data, settings and seed give byte-identical model text (no dates, no timings).
 */
import type { Dataset } from '../data/dataset';
import { defaultInputs } from '../data/column-suggestions';
import { fitPreprocessing, prepareRows, type Preprocessing, type PreparedRows } from '../data/prepare';
import { MODEL_FORMAT, MODEL_VERSION, type InputSpec, type ModelFile, type OutputSpec, type Task } from '../model-file/types';
import { networkToLayers } from '../model-file/read';
import { writeModelFile } from '../model-file/write';
import { createNetwork, type LayerConfig } from '../nn/init';
import type { Network } from '../nn/model';
import type { LossName } from '../nn/losses';
import type { TrainingKernels } from '../nn/backward';
import { optimizerSettings } from '../nn/optimizers';
import { fitLeastSquares, fitLogistic } from '../nn/baseline';
import { trainNetwork, type TrainingControl, type BatchProgress, type EpochMetrics, type StopReason } from '../nn/train';
import { AppFailure, err, ok, type Result } from '../result';
import type { TrainingSettings } from './train-settings';
import { weightSnapshot, type LayerHistogramSnapshot } from './activation-stats';
import type { SnapshotWeights } from './weight-snapshots';
import { evaluateModel, stripConfusion, type Encoded, type ModelEvaluation } from './train-evaluation';
import { foldSplits, summarizeFolds, type CrossValidation, type FoldResult } from './cross-validation';
import { chooseTask, columnIndex, droppedNote, fail, fitScale, splitRows, toTrainingRows, unwrap, withImpute } from './train-rows';
import { plural } from '../text/numbers';

export type { EvaluationMetrics, ModelEvaluation } from './train-evaluation';
export type { TrainingControl } from '../nn/train';

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
  /** settings.cv's k-fold cross-validation (absent without it). */
  readonly cv?: CrossValidation;
}

export interface TrainingJobHooks {
  readonly onPlan?: (plan: TrainingPlan) => void;
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** After each epoch's onEpoch: a histogram of each layer's kernel weights (cheap: one pass over the weights). */
  readonly onWeights?: (snapshot: LayerHistogramSnapshot) => void;
  /** After each epoch's onEpoch: the epoch and a function copying every layer's weights (weight-snapshots.ts), called only when wanted. */
  readonly onEpochWeights?: (epoch: number, copy: () => SnapshotWeights) => void;
  readonly control?: () => TrainingControl;
  /** Cross-validation: after each fold (1-based `fold` of `folds`). */
  readonly onFold?: (result: FoldResult, folds: number) => void;
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

/** Run a whole training job. Errors (unknown columns, unusable target, too few rows…) come back as values. */
export function runTrainingJob(
  data: TrainingData,
  settings: TrainingSettings,
  hooks: TrainingJobHooks = {},
  extra: ExtraTrainingData = {},
  engine: TrainingEngine = {},
): Result<TrainingOutcome> {
  try {
    const outcome = trainJob(data, settings, hooks, extra, engine);
    return ok(settings.cv ? { ...outcome, cv: crossValidate(data, settings, settings.cv, hooks, extra, engine) } : outcome);
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    if (e instanceof RangeError) return err({ kind: 'train/invalid-settings', message: e.message });
    throw e;
  }
}

/**
 * settings.cv folds of the dataset's rows, each validating a run on the other folds with the same settings and
 * seed (early stopping, when on, watches the fold). A user stop between folds ends with the folds done so far.
 */
function crossValidate(data: TrainingData, settings: TrainingSettings, k: number, hooks: TrainingJobHooks, extra: ExtraTrainingData, engine: TrainingEngine): CrossValidation {
  const splits = foldSplits(Int32Array.from({ length: data.rows }, (_, r) => r), k, settings.seed);
  const folds: FoldResult[] = [];
  for (const [f, split] of splits.entries()) {
    if (hooks.control && hooks.control() !== 'continue') break;
    const o = trainJob(data, settings, hooks.control ? { control: hooks.control } : {}, { ...(extra.test ? { test: extra.test } : {}) }, engine, split);
    const validation = o.network.validation ?? fail({ kind: 'train/too-few-rows', message: `Cross-validation fold ${f + 1} has no usable validation rows; use fewer folds.` });
    const baseline = o.baseline?.validation;
    const result: FoldResult = { fold: f + 1, trainRows: o.plan.trainRows, validationRows: validation.rows, network: validation, ...(baseline ? { baseline } : {}), epochs: o.history.length };
    folds.push(result);
    hooks.onFold?.(result, k);
  }
  return summarizeFolds(folds);
}

function trainJob(
  data: TrainingData,
  settings: TrainingSettings,
  hooks: TrainingJobHooks,
  extra: ExtraTrainingData,
  engine: TrainingEngine,
  rows?: { readonly train: Int32Array; readonly validation: Int32Array },
): TrainingOutcome {
  const notes: string[] = [];
  const targetCol = columnIndex(data, settings.target, 'target', 'dataset');
  let inputNames: string[];
  if (settings.inputs) {
    inputNames = [...settings.inputs];
    for (const n of inputNames) {
      const c = data.columns[columnIndex(data, n, 'input', 'dataset')];
      if (c.type === 'empty') fail({ kind: 'train/unusable-input', message: `Input '${n}' has no values; leave it out.`, column: n });
    }
  } else {
    // the app's rule (data/column-suggestions.ts): dates, row IDs and free text are not inputs unless named
    const defaults = defaultInputs(data.columns, data.rows, data.columns[targetCol].name);
    inputNames = defaults.inputs;
    if (defaults.excluded.length > 0) notes.push(`left out ${defaults.excluded.map((e) => `${e.name} (${e.reason})`).join('; ')}${defaults.excluded.some((e) => data.columns.find((c) => c.name === e.name)?.type === 'date') ? '; a date column named in --inputs becomes its year, month, day of week and day of year' : ''}`);
    if (inputNames.length === 0) fail({ kind: 'train/no-inputs', message: `No columns besides the target '${settings.target}' can be inputs as they are (numbers or categories that are not row IDs); name them with --inputs.` });
  }
  const chosen = chooseTask(data, targetCol, settings.task);
  const reason = chosen.reason;
  const allRows = Int32Array.from({ length: data.rows }, (_, k) => k);
  const split = rows ?? splitRows(allRows, settings);
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
  if (trainPrepared.rows < 2) fail({ kind: 'train/too-few-rows', message: `${trainPrepared.rows === 0 ? 'No usable training rows' : `Only ${plural(trainPrepared.rows, 'usable training row')}`}; a network needs more data (check for empty cells).` });
  const outputScale = task === 'regression' && settings.standardizeTarget ? fitScale(trainPrepared.y) : undefined;
  const output: OutputSpec = { ...prep.output, ...(outputScale ? { scale: outputScale } : {}) };
  const specs: InputSpec[] = settings.missing === 'impute-mean' ? withImpute(prep) : prep.inputs;
  const units = task === 'multiclass' ? (classes as string[]).length : 1;
  if (settings.loss && task !== 'regression') {
    fail({ kind: 'train/invalid-settings', message: `The loss ${settings.loss} is for regression; '${settings.target}' is a ${task} target, trained on cross-entropy.`, path: 'loss' });
  }
  const loss: LossName = task === 'regression' ? (settings.loss ?? 'mse') : task === 'binary' ? 'binary_crossentropy' : 'categorical_crossentropy';
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
  if (settings.validation.kind === 'file' && !rows) {
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
  const { onWeights, onEpochWeights } = hooks;
  const loopHooks: TrainingJobHooks = onWeights || onEpochWeights
    ? {
        ...hooks,
        onEpoch: (metrics) => {
          hooks.onEpoch?.(metrics);
          if (onWeights) onWeights(weightSnapshot(network, metrics.epoch));
          if (onEpochWeights) onEpochWeights(metrics.epoch, () => ({ layers: networkToLayers(network), inputs: specs, output }));
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
  // Weights that overflow give infinite or NaN outputs (and loss): such a model is refused, never saved as a
  // success (as scikit-learn refuses "non-finite parameter weights").
  if (!Number.isFinite(networkMetrics.train.loss) || !finiteWeights(network)) {
    fail({
      kind: 'train/non-finite',
      message:
        `Training diverged: the weights it kept (epoch ${result.epochOfWeights}) give infinite or NaN outputs on the training rows, so no model was saved. ` +
        `Lower the learning rate (it was ${settings.learningRate ?? 'the default'}).`,
    });
  }
  let baseline: ModelEvaluation | undefined;
  let baselineNetwork: Network | undefined;
  if (settings.baseline) {
    const fit = task === 'regression' ? fitLeastSquares(train.x, train.rows, width, train.y, 1) : fitLogistic(train.x, train.rows, width, train.y, nClasses, { maxIterations: 300 });
    baseline = evaluateAll(fit.network);
    baselineNetwork = fit.network;
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
      // the baseline's own weights (same inputs and output scale as the network), for `dependence … --baseline`
      ...(baselineNetwork ? { baselineLayers: networkToLayers(baselineNetwork) } : {}),
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

/** Every weight and bias of `net` is a finite number. */
function finiteWeights(net: Network): boolean {
  for (const layer of net.layers) {
    for (const w of layer.kernel) if (!Number.isFinite(w)) return false;
    for (const b of layer.bias) if (!Number.isFinite(b)) return false;
  }
  return true;
}

function recordedSettings(settings: TrainingSettings, task: Task, inputs: string[]): Record<string, unknown> {
  const { reportEveryBatches: _progressOnly, ...rest } = settings;
  return { ...rest, task, inputs };
}
